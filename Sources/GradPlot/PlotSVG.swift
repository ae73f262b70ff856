import Foundation

// A figure as a standalone SVG document, for slides.
//
// Same model, same axes and ticks as the terminal drawing, at vector
// resolution: each panel is a plot rectangle with grid lines at the major
// ticks, tick labels, axis titles (the y title turned 90°), polylines (one per
// unbroken run of points, clipped to the plot rectangle), reference lines
// dashed, event positions as small triangles on the x axis, and the legend
// to the right of the plot. Colours follow the terminal palette order: blue,
// red, green, orange, purple, cyan.

/// Sizes of an SVG export, in SVG user units (pixels at 100 %).
public struct SVGOptions: Sendable, Equatable {
  public var width: Double
  /// Height of each panel; the figure title and notes add their own rows.
  public var panelHeight: Double
  public var logLabels: LogLabelStyle

  public init(width: Double = 800, panelHeight: Double = 320, logLabels: LogLabelStyle = .exponent)
  {
    self.width = width
    self.panelHeight = panelHeight
    self.logLabels = logLabels
  }
}

/// SVG export of a figure.
public enum PlotSVG {
  /// The colours palette indices map to (index modulo 6).
  public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf"]

  static func color(_ index: Int) -> String {
    palette[((index % palette.count) + palette.count) % palette.count]
  }

  /// The figure as an SVG document with a `viewBox`, no external references.
  public static func svg(_ figure: Figure, options: SVGOptions = SVGOptions()) -> String {
    let width = options.width.isFinite ? Swift.max(200, Swift.min(options.width, 20_000)) : 800
    let panelHeight =
      options.panelHeight.isFinite ? Swift.max(120, Swift.min(options.panelHeight, 20_000)) : 320
    let cleaned = figure.panels.map { panel in
      panel.series.map { CleanedSeries($0, yScale: panel.yScale) }
    }
    let notes = cleaned.flatMap { $0.compactMap(\.note) }
    let titleHeight = figure.title.isEmpty ? 0.0 : 30.0
    let notesHeight = Double(notes.count) * 16 + (notes.isEmpty ? 0 : 8)
    let height = titleHeight + Double(figure.panels.count) * panelHeight + notesHeight

    var out = SVGWriter()
    out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
    out.line(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 \(n(width)) "
        + "\(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" "
        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
    out.line("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
    if !figure.title.isEmpty {
      out.text(
        figure.title, x: width / 2, y: 20, anchor: "middle",
        extra: "font-size=\"16\" font-weight=\"bold\"")
    }
    for (i, panel) in figure.panels.enumerated() {
      let top = titleHeight + Double(i) * panelHeight
      drawPanel(
        panel, series: cleaned[i], index: i, top: top, width: width, height: panelHeight,
        logLabels: options.logLabels, into: &out)
    }
    for (i, note) in notes.enumerated() {
      let y = titleHeight + Double(figure.panels.count) * panelHeight + 16 * Double(i + 1)
      out.text(note, x: 10, y: y, anchor: "start", extra: "fill=\"#666666\" font-size=\"11\"")
    }
    out.line("</svg>")
    return out.text
  }

  static func drawPanel(
    _ panel: PlotPanel, series: [CleanedSeries], index: Int, top: Double, width: Double,
    height: Double, logLabels: LogLabelStyle, into out: inout SVGWriter
  ) {
    // Plot rectangle: room for y labels left, legend right, labels below.
    let left = 80.0
    let right = width - 170
    let plotTop = top + 30
    let bottom = top + height - 50
    let w = right - left
    let h = bottom - plotTop
    let ranges = PanelRanges(panel: panel, series: series)
    let xAxis = ranges.xAxis(maxLabels: Swift.max(2, Int(w / 70)))
    let yAxis = ranges.yAxis(maxLabels: Swift.max(2, Int(h / 30)), logLabels: logLabels)
    func px(_ x: Double) -> Double { xAxis.fraction(of: x) * w }
    func py(_ y: Double) -> Double { (1 - yAxis.fraction(of: y)) * h }

    out.line("<g id=\"panel\(index)\">")
    out.line(
      "<clipPath id=\"plot\(index)\"><rect x=\"\(n(left))\" y=\"\(n(plotTop))\" "
        + "width=\"\(n(w))\" height=\"\(n(h))\"/></clipPath>")
    if !panel.title.isEmpty {
      out.text(
        panel.title, x: left + w / 2, y: top + 18, anchor: "middle",
        extra: "font-size=\"14\" font-weight=\"bold\"")
    }

    // Grid lines and ticks.
    // Hundreds of unlabelled decades (1e-300 … 1e+300) would grey out the
    // plot: draw minor lines only when there are few ticks.
    let drawsMinor = yAxis.ticks.count <= 60
    for tick in yAxis.ticks where tick.isMajor || drawsMinor {
      let y = py(tick.value)
      guard y.isFinite, y >= -0.01, y <= h + 0.01 else { continue }
      let gy = plotTop + y
      let stroke = tick.isMajor ? "#dddddd" : "#f0f0f0"
      out.line(
        "<line x1=\"\(n(left))\" y1=\"\(n(gy))\" x2=\"\(n(right))\" y2=\"\(n(gy))\" "
          + "stroke=\"\(stroke)\" stroke-width=\"1\"/>")
      out.line(
        "<line x1=\"\(n(left - (tick.isMajor ? 5 : 3)))\" y1=\"\(n(gy))\" x2=\"\(n(left))\" "
          + "y2=\"\(n(gy))\" stroke=\"#000000\" stroke-width=\"1\"/>")
      if !tick.label.isEmpty {
        out.text(tick.label, x: left - 8, y: gy + 4, anchor: "end", extra: "")
      }
    }
    for tick in xAxis.ticks {
      let x = px(tick.value)
      guard x.isFinite, x >= -0.01, x <= w + 0.01 else { continue }
      let gx = left + x
      out.line(
        "<line x1=\"\(n(gx))\" y1=\"\(n(plotTop))\" x2=\"\(n(gx))\" y2=\"\(n(bottom))\" "
          + "stroke=\"#dddddd\" stroke-width=\"1\"/>")
      out.line(
        "<line x1=\"\(n(gx))\" y1=\"\(n(bottom))\" x2=\"\(n(gx))\" y2=\"\(n(bottom + 5))\" "
          + "stroke=\"#000000\" stroke-width=\"1\"/>")
      if !tick.label.isEmpty {
        out.text(tick.label, x: gx, y: bottom + 18, anchor: "middle", extra: "")
      }
    }
    // Axes.
    out.line(
      "<polyline fill=\"none\" stroke=\"#000000\" stroke-width=\"1\" points=\"\(n(left)),"
        + "\(n(plotTop)) \(n(left)),\(n(bottom)) \(n(right)),\(n(bottom))\"/>")
    if !panel.xTitle.isEmpty {
      out.text(panel.xTitle, x: left + w / 2, y: bottom + 38, anchor: "middle", extra: "")
    }
    if !panel.yTitle.isEmpty {
      let cx = 18.0
      let cy = plotTop + h / 2
      out.text(
        panel.yTitle, x: cx, y: cy, anchor: "middle",
        extra: "transform=\"rotate(-90 \(n(cx)) \(n(cy)))\"")
    }

    // Data, clipped to the plot rectangle.
    out.line("<g clip-path=\"url(#plot\(index))\">")
    for line in panel.referenceLines {
      let y = py(line.yValue)
      guard y.isFinite, y >= 0, y <= h else { continue }
      out.line(
        "<line class=\"reference\" x1=\"\(n(left))\" y1=\"\(n(plotTop + y))\" x2=\"\(n(right))\" "
          + "y2=\"\(n(plotTop + y))\" stroke=\"\(color(line.colorIndex))\" stroke-width=\"1.5\" "
          + "stroke-dasharray=\"6 4\"/>")
    }
    if let events = panel.events {
      // A small triangle standing on the x axis per event, like ▲ in the
      // terminal: full-height lines would bury the data when clipping is
      // frequent.
      for x in events.xValues {
        let ex = px(x)
        guard ex.isFinite, ex >= 0, ex <= w else { continue }
        let cx = left + ex
        out.line(
          "<path class=\"event\" d=\"M\(n(cx)) \(n(bottom - 8)) L\(n(cx - 4)) \(n(bottom)) "
            + "L\(n(cx + 4)) \(n(bottom)) Z\" fill=\"\(color(events.colorIndex))\" "
            + "fill-opacity=\"0.8\"/>")
      }
    }
    for (i, s) in series.enumerated() {
      let source = panel.series[i]
      let stroke = color(source.colorIndex)
      switch source.mark {
      case .line:
        for run in clippedRuns(s, px: px, py: py, width: w, height: h) {
          // A point with skipped neighbours on both sides has no line to be
          // part of: draw it as a dot so it is not lost.
          if run.count == 1, let p = run.first {
            out.line(
              "<circle class=\"isolated\" cx=\"\(n(left + p.x))\" cy=\"\(n(plotTop + p.y))\" "
                + "r=\"2\" fill=\"\(stroke)\"/>")
            continue
          }
          let points = run.map { "\(n(left + $0.x)),\(n(plotTop + $0.y))" }
          out.line(
            "<polyline class=\"series\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1.5\" "
              + "stroke-linejoin=\"round\" points=\"\(points.joined(separator: " "))\"/>")
        }
      case .points, .markers:
        let radius = source.mark == .points ? 1.5 : 3.5
        for j in s.xValues.indices {
          let x = px(s.xValues[j])
          let y = py(s.yValues[j])
          guard x.isFinite, y.isFinite, x >= 0, x <= w, y >= 0, y <= h else { continue }
          out.line(
            "<circle cx=\"\(n(left + x))\" cy=\"\(n(plotTop + y))\" r=\"\(n(radius))\" "
              + "fill=\"\(stroke)\"/>")
        }
      }
    }
    out.line("</g>")

    // Legend, right of the plot.
    var ly = plotTop + 10
    let lx = right + 15
    // About 6.5 units per character at font size 12.
    let legendCharacters = Swift.max(4, Int((width - lx - 30) / 6.5))
    func legendRow(_ label: String, colorIndex: Int, dashed: Bool) {
      let label = truncated(label, width: legendCharacters, ellipsis: "…")
      let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
      out.line(
        "<line x1=\"\(n(lx))\" y1=\"\(n(ly))\" x2=\"\(n(lx + 24))\" y2=\"\(n(ly))\" "
          + "stroke=\"\(color(colorIndex))\" stroke-width=\"2\"\(dash)/>")
      out.text(label, x: lx + 30, y: ly + 4, anchor: "start", extra: "")
      ly += 18
    }
    if panel.showsLegend {
      for s in panel.series where !s.name.isEmpty {
        legendRow(s.name, colorIndex: s.colorIndex, dashed: false)
      }
      for line in panel.referenceLines where !line.label.isEmpty {
        legendRow(line.label, colorIndex: line.colorIndex, dashed: true)
      }
      if let events = panel.events, !events.label.isEmpty {
        legendRow(
          "\(events.label) (\(events.xValues.count))", colorIndex: events.colorIndex,
          dashed: false)
      }
    }
    out.line("</g>")
  }

  /// The unbroken runs of a series in plot coordinates, each segment clipped
  /// to the 0…width × 0…height rectangle; a run ends at a skipped value or
  /// where the line leaves the rectangle.
  static func clippedRuns(
    _ s: CleanedSeries, px: (Double) -> Double, py: (Double) -> Double, width: Double,
    height: Double
  ) -> [[(x: Double, y: Double)]] {
    var runs: [[(x: Double, y: Double)]] = []
    var current: [(x: Double, y: Double)] = []
    var previous: (x: Double, y: Double)?
    func flush() {
      if !current.isEmpty { runs.append(current) }
      current = []
    }
    for i in s.xValues.indices {
      let p = (x: px(s.xValues[i]), y: py(s.yValues[i]))
      defer { previous = p }
      guard let q = previous, !s.startsRun[i] else {
        flush()
        if p.x >= 0, p.x <= width, p.y >= 0, p.y <= height { current = [p] }
        continue
      }
      guard let (a, b) = DotClipping.clip(q, p, xMax: width, yMax: height) else {
        flush()
        continue
      }
      if let last = current.last, last.x == a.x, last.y == a.y {
        current.append(b)
      } else {
        flush()
        current = [a, b]
      }
      if b.x != p.x || b.y != p.y { flush() }
    }
    flush()
    return runs
  }

  /// A coordinate with at most two decimals and no trailing zeros.
  static func n(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let scaled = (value * 100).rounded()
    guard Swift.abs(scaled) < 1e15 else { return String(format: "%.0f", value) }
    let hundredths = Int64(scaled)
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    let digits =
      fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    return "\(sign)\(whole).\(digits)"
  }

  /// Text made safe for XML character data and attribute values: markup
  /// characters escaped, characters XML 1.0 forbids (most C0 controls)
  /// replaced by U+FFFD.
  public static func escapeXML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        let v = scalar.value
        let allowed = v >= 0x20 && !(0xFFFE...0xFFFF).contains(v)
        out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
      }
    }
    return out
  }
}

/// Accumulates SVG text line by line.
struct SVGWriter {
  var text = ""

  mutating func line(_ s: String) {
    text += s
    text += "\n"
  }

  mutating func text(_ content: String, x: Double, y: Double, anchor: String, extra: String) {
    let attributes = extra.isEmpty ? "" : " " + extra
    line(
      "<text x=\"\(PlotSVG.n(x))\" y=\"\(PlotSVG.n(y))\" text-anchor=\"\(anchor)\"\(attributes)>"
        + PlotSVG.escapeXML(content) + "</text>")
  }
}
