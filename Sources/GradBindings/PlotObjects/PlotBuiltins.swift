// plot(): draw number series — a loss curve, gradient norms — in the panel
// at a terminal, as a text drawing elsewhere.

import GradCore
import GradLanguage
import GradPlot

enum PlotBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "plot",
      signature: "plot(y, ..., x=None, log=False, title='', labels=None)",
      doc: "Plots one or more series of numbers (lists of numbers or Values, or a dict "
        + "name → list) against their index or x. log=True uses a log₁₀ y axis. At a "
        + "terminal it opens a panel (l toggles log/linear, q returns); elsewhere it prints "
        + "a text drawing."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("plot", positional: 1, 16, keywords: ["x", "log", "title", "labels"])
      var named: [(String, [Double])] = []
      for (i, argument) in args.positional.enumerated() {
        if case .dict(let dict) = argument {
          for key in try interpreter.collect(argument) {
            guard let values = try dict.get(key) else { continue }
            named.append((label(key, interpreter), try numbers(values, interpreter)))
          }
        } else {
          let name = args.positional.count == 1 ? "y" : "y\(i + 1)"
          named.append((name, try numbers(argument, interpreter)))
        }
      }
      if let labels = args.keyword("labels"), !isNone(labels) {
        let given = try interpreter.collect(labels).map { label($0, interpreter) }
        for i in named.indices where i < given.count { named[i].0 = given[i] }
      }
      let x = try args.keyword("x").flatMap { (v) throws(ReplError) -> [Double]? in
        isNone(v) ? nil : try numbers(v, interpreter)
      }
      for (name, values) in named {
        guard !values.isEmpty else { throw .value("plot: series '\(name)' is empty") }
        if let x, x.count != values.count {
          throw .value(
            "plot: x has \(x.count) values but '\(name)' has \(values.count); they must match")
        }
      }
      let logScale = args.keyword("log")?.isTruthy ?? false
      var title = ""
      if let t = args.keyword("title"), case .str(let s) = t { title = s }
      let plot = SeriesPlot(series: named, x: x, title: title, logScale: logScale)
      PlotDisplay.show(plot, on: InterpreterOutput(interpreter))
      return .none
    }
  }

  private static func label(_ value: RValue, _ interpreter: Interpreter) -> String {
    if case .str(let s) = value { return s }
    return interpreter.repr(value)
  }

  private static func isNone(_ value: RValue) -> Bool {
    if case .none = value { return true }
    return false
  }

  /// The numbers of a list, tuple or range of numbers or Values.
  private static func numbers(_ value: RValue, _ interpreter: Interpreter) throws(ReplError)
    -> [Double]
  {
    var out: [Double] = []
    for item in try interpreter.collect(value) {
      switch item {
      case .int(let n): out.append(Double(n))
      case .float(let x): out.append(x)
      case .bool(let b): out.append(b ? 1 : 0)
      case .value(let v): out.append(v.data)
      default:
        throw .type("plot: expected numbers or Values, got \(item.typeName)")
      }
    }
    return out
  }
}

/// Series against an index (or x), with a log/linear toggle.
final class SeriesPlot: InteractivePlot {
  let series: [(String, [Double])]
  let x: [Double]?
  let title: String
  var logScale: Bool

  init(series: [(String, [Double])], x: [Double]?, title: String, logScale: Bool) {
    self.series = series
    self.x = x
    self.title = title
    self.logScale = logScale
  }

  func figure() -> Figure {
    let lines = series.enumerated().map { i, s in
      let xs = x ?? s.1.indices.map(Double.init)
      return PlotSeries(name: s.0, xValues: xs, yValues: s.1, colorIndex: i)
    }
    let panel = PlotPanel(
      title: title, series: lines, xTitle: x == nil ? "index" : "x", yTitle: "",
      yScale: logScale ? .log10 : .linear, showsLegend: series.count > 1)
    return Figure(panels: [panel])
  }

  var keyLine: String { "l: \(logScale ? "linear" : "log") scale   q: back to the REPL" }

  func handle(_ key: PlotKey) -> Bool {
    guard key == .character("l") || key == .character("L") else { return false }
    logScale.toggle()
    return true
  }
}

/// The interpreter's output stream as a `Terminal` (no colour).
final class InterpreterOutput: Terminal {
  private let interpreter: Interpreter
  init(_ interpreter: Interpreter) { self.interpreter = interpreter }
  func write(_ text: String) { interpreter.write(text) }
  var supportsColor: Bool { false }
}
