import Foundation
import GradBindings
import GradLanguage
import GradTestSupport
import Testing

/// Why the comparisons with PyTorch are skipped when the reference environment is absent.
let pytorchAbsent = ReferencePython.absentReason

/// Whether PyTorch is there to compare with.
let pytorchPresent = ReferencePython.executable != nil

/// The echo of each expression in PyTorch (`repr(eval(line))`), or nil without PyTorch.
/// `setup` runs first (as statements).
func pytorchEchoes(_ expressions: [String], setup: [String] = []) throws -> [String]? {
  let program = """
    import json, sys
    import torch
    import torch.nn.functional as F
    lines = json.load(sys.stdin)
    for line in lines["setup"]:
        exec(line)
    for line in lines["expressions"]:
        try:
            print(repr(eval(line)))
        except Exception as e:
            print(type(e).__name__)
        print("\\u0000")
    """
  guard
    let run = try ReferencePython.run(
      program,
      input: try JSONSerialization.data(
        withJSONObject: ["setup": setup, "expressions": expressions]), deadline: 120),
    run.status == 0
  else { return nil }
  return run.standardOutput.components(separatedBy: "\u{0}\n").dropLast().map {
    String($0.dropLast())
  }
}

/// Echoes each expression in one session and expects exactly what PyTorch echoes.
func expectEchoesMatchPyTorch(_ expressions: [String], setup: [String] = []) throws {
  let reference = try #require(
    try pytorchEchoes(expressions, setup: setup),
    "the reference Python failed")
  try #require(reference.count == expressions.count)
  let terminal = MemoryTerminal()
  let session = Session.standard(terminal: terminal)
  for line in setup { _ = session.execute(line) }
  _ = terminal.take()
  for (expression, expected) in zip(expressions, reference) {
    _ = session.execute(expression)
    let echoed = String(terminal.take().dropLast())
    #expect(echoed == expected, "\(expression)")
  }
}

/// What a program prints here and in PyTorch (nil without PyTorch). The program is the same
/// text on both sides; Python gets `import torch` and `F` first.
func printedHereAndInPyTorch(_ program: String) throws -> (ours: String, theirs: String)? {
  guard
    let run = try ReferencePython.run(
      "import torch\nimport torch.nn.functional as F\n" + program, deadline: 120)
  else { return nil }
  let terminal = MemoryTerminal()
  let session = Session.standard(terminal: terminal)
  _ = session.execute(program)
  return (terminal.output, run.standardOutput + run.standardError)
}

/// Every number in a text, in order.
func numbers(in text: String) -> [Double] {
  var out: [Double] = []
  let pattern = #/-?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf|nan)/#
  for match in text.matches(of: pattern) { out.append(Double(String(match.output)) ?? .nan) }
  return out
}

/// Expects the two texts to hold the same numbers, each within `relative` of the other
/// (or `absolute` near zero).
func expectSameNumbers(
  _ ours: String, _ theirs: String, relative: Double, absolute: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let a = numbers(in: ours)
  let b = numbers(in: theirs)
  #expect(a.count == b.count, "\(ours)\nvs PyTorch\n\(theirs)", sourceLocation: sourceLocation)
  guard a.count == b.count, !a.isEmpty else { return }
  for (x, y) in zip(a, b) {
    let close = (x - y).magnitude <= max(absolute, relative * max(x.magnitude, y.magnitude))
    #expect(close, "\(x) vs PyTorch \(y) in\n\(ours)", sourceLocation: sourceLocation)
  }
}
