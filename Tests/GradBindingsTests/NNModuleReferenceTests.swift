import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// Every layer and loss of `nn`, run here and by PyTorch from the same weights and inputs:
/// the outputs and the gradients of every parameter and input must agree within 1e-10 in
/// float64 and 1e-5 (relative) in float32. The weights made here are copied into PyTorch's
/// module through `load_state_dict`. Skipped when the reference Python environment is absent.
@Suite struct NNModuleReferenceTests {
  /// One comparison: the text that makes the module (valid in both languages), its input,
  /// an optional target, and whether its parameters are redrawn from N(0, 1) first (so that
  /// LayerNorm's ones and zeros do not hide a wrong gradient).
  struct Case: CustomStringConvertible {
    let make: String
    let input: String
    var target: String? = nil
    var redraw = false
    /// The tensor compared, from the module's result `o` (recurrent layers return tuples).
    var output = "o"
    var description: String { make }
  }

  /// Code both sides run first: the lecture's model, as a class of the user's.
  static let preamble = """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    \(LectureListings.bengioNPLM)

    """

  static let f64 = "dtype=torch.float64, requires_grad=True"
  static let float64Cases: [Case] = [
    Case(make: "nn.Linear(4, 3).double()", input: "torch.randn(5, 4, \(f64))"),
    Case(make: "nn.Linear(4, 3, bias=False).double()", input: "torch.randn(5, 4, \(f64))"),
    Case(make: "nn.Linear(4, 2).double()", input: "torch.randn(2, 3, 4, \(f64))"),
    Case(make: "nn.Embedding(7, 3).double()", input: "torch.tensor([[1, 2, 0], [6, 1, 1]])"),
    Case(
      make: "nn.Embedding(7, 3, padding_idx=1).double()",
      input: "torch.tensor([[1, 2, 0], [6, 1, 1]])"),
    Case(make: "nn.Tanh()", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.ReLU()", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.Sigmoid()", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.Softmax(dim=1)", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.LogSoftmax(dim=0)", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.Identity()", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.Flatten()", input: "torch.randn(2, 3, 4, \(f64))"),
    Case(make: "nn.Dropout(0.5).eval()", input: "torch.randn(3, 4, \(f64))"),
    Case(make: "nn.LayerNorm(4).double()", input: "torch.randn(3, 4, \(f64))", redraw: true),
    Case(
      make: "nn.LayerNorm([2, 4]).double()", input: "torch.randn(3, 2, 4, \(f64))",
      redraw: true),
    Case(
      make: "nn.LayerNorm(4, elementwise_affine=False)", input: "torch.randn(3, 4, \(f64))"),
    Case(
      make: "nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2)).double()",
      input: "torch.randn(5, 4, \(f64))"),
    Case(
      make: "nn.CrossEntropyLoss()", input: "torch.randn(5, 4, \(f64))",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(
      make: "nn.CrossEntropyLoss(reduction='sum', ignore_index=3)",
      input: "torch.randn(5, 4, \(f64))", target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(
      make: "nn.CrossEntropyLoss(reduction='none')", input: "torch.randn(5, 4, \(f64))",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(
      make: "nn.NLLLoss()", input: "torch.randn(5, 4, \(f64))",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(
      make: "nn.NLLLoss(ignore_index=3)", input: "torch.randn(5, 4, \(f64))",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(
      make: "nn.NLLLoss(reduction='none')", input: "torch.randn(5, 4, \(f64))",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
    Case(make: "nn.NLLLoss()", input: "torch.randn(4, \(f64))", target: "torch.tensor(2)"),
    Case(
      make: "nn.MSELoss()", input: "torch.randn(5, 4, \(f64))",
      target: "torch.randn(5, 4, dtype=torch.float64)"),
    Case(
      make: "nn.MSELoss(reduction='sum')", input: "torch.randn(5, 4, \(f64))",
      target: "torch.randn(5, 4, dtype=torch.float64)"),
    Case(
      make: "BengioNPLM(11, 3, 5, 2).double()",
      input: "torch.tensor([[1, 2], [10, 0], [4, 4]])"),
    Case(
      make: "BengioNPLM(11, 3, 5, 2, direct=False).double()",
      input: "torch.tensor([[1, 2], [10, 0], [4, 4]])"),
  ]

  static let float32Cases: [Case] = [
    Case(make: "nn.Linear(4, 3)", input: "torch.randn(5, 4, requires_grad=True)"),
    Case(make: "nn.LayerNorm(4)", input: "torch.randn(3, 4, requires_grad=True)", redraw: true),
    Case(make: "BengioNPLM(11, 3, 5, 2)", input: "torch.tensor([[1, 2], [10, 0], [4, 4]])"),
    Case(
      make: "nn.CrossEntropyLoss()", input: "torch.randn(5, 4, requires_grad=True)",
      target: "torch.tensor([1, 0, 3, 3, 2])"),
  ]

  /// What gradrepl runs for a case: it prints one Python literal with the state, the input,
  /// the output and every gradient of s = Σ w ⊙ output, w fixed and not all equal.
  static func program(_ c: Case) -> String {
    var lines = [
      "torch.manual_seed(0)",
      "layer = \(c.make)",
    ]
    if c.redraw {
      lines.append("for p in layer.parameters(): nn.init.normal_(p)")
    }
    lines += [
      "x = \(c.input)",
      c.target.map { "target = \($0)" } ?? "target = None",
      "o = layer(x) if target is None else layer(x, target)",
      "out = \(c.output)",
      "w = (torch.arange(out.numel()).to(out.dtype) / 7 + 1).reshape(list(out.shape))",
      "(out * w).sum().backward()",
      "print(repr({'state': {k: v.tolist() for k, v in layer.state_dict().items()},"
        + " 'x': x.tolist(), 'target': None if target is None else target.tolist(),"
        + " 'out': out.tolist(),"
        + " 'grads': {n: p.grad.tolist() for n, p in layer.named_parameters() if p.grad is not None},"
        + " 'xgrad': None if x.grad is None else x.grad.tolist()}))",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// What PyTorch runs: reads the cases and gradrepl's results, recomputes, prints one line
  /// per case: the largest disagreement found and where.
  static let checker = """
    import ast, json, sys
    import torch
    cases = json.load(sys.stdin)
    namespace = {}
    exec(cases[0]['preamble'], namespace)
    nn = namespace['nn']
    def flat(v):
        return torch.tensor(v, dtype=torch.float64).flatten()
    for case in cases:
        r = ast.literal_eval(case['result'])
        dtype = torch.float64 if case['float64'] else torch.float32
        torch.manual_seed(0)
        layer = eval(case['make'], namespace)
        layer.load_state_dict({k: torch.tensor(v, dtype=dtype) for k, v in r['state'].items()})
        integer = 'tensor([[' in case['input'] or case['input'].startswith('torch.tensor(')
        x = torch.tensor(r['x']) if integer else torch.tensor(r['x'], dtype=dtype, requires_grad=True)
        target = None
        if r['target'] is not None:
            target = torch.tensor(r['target'], dtype=torch.int64 if 'tensor(' in case['target'] else dtype)
        o = layer(x) if target is None else layer(x, target)
        out = eval(case['output'], namespace, {'o': o, 'torch': torch})
        w = (torch.arange(out.numel()).to(out.dtype) / 7 + 1).reshape(list(out.shape))
        (out * w).sum().backward()
        pairs = [('out', out.detach(), r['out'])]
        for n, p in layer.named_parameters():
            if p.grad is not None:
                pairs.append(('grad ' + n, p.grad, r['grads'].get(n)))
        if x.grad is not None:
            pairs.append(('grad x', x.grad, r['xgrad']))
        worst, where = 0.0, ''
        for name, theirs, ours in pairs:
            if ours is None:
                worst, where = float('inf'), name + ' missing'
                break
            a, b = flat(theirs.tolist()), flat(ours)
            if a.shape != b.shape:
                worst, where = float('inf'), name + ' shape'
                break
            d = (a - b).abs()
            if not case['float64']:
                d = d / a.abs().clamp(min=1.0)
            if d.numel() and d.max().item() > worst:
                worst, where = d.max().item(), name
        print(json.dumps({'make': case['make'], 'worst': worst, 'where': where}))
    """

  static func compare(_ cases: [Case], float64: Bool, tolerance: Double) throws {
    var payload: [[String: Any]] = []
    for c in cases {
      let terminal = MemoryTerminal()
      let session = Session.standard(terminal: terminal)
      _ = session.runScript(preamble + program(c), fileName: "case.py")
      let printed = terminal.take()
      try #require(printed.hasPrefix("{'state'"), "\(c): \(printed)")
      payload.append([
        "make": c.make, "input": c.input, "output": c.output, "target": c.target ?? "",
        "result": printed,
        "float64": float64, "preamble": preamble,
      ])
    }
    let run = try #require(
      try ReferencePython.run(
        checker, input: try JSONSerialization.data(withJSONObject: payload), deadline: 240),
      "the reference Python did not finish in 240 s")
    try #require(run.status == 0, "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n")
    try #require(lines.count == cases.count, "\(run.standardOutput)")
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      let worst = object?["worst"] as? Double ?? .infinity
      #expect(
        worst <= tolerance,
        "\(object?["make"] ?? "?"): differs from PyTorch by \(worst) in \(object?["where"] ?? "?")")
    }
  }

  @Test(.enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"))
  func float64OutputsAndGradientsMatchPyTorch() throws {
    try Self.compare(Self.float64Cases, float64: true, tolerance: 1e-10)
  }

  @Test(.enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"))
  func float32OutputsAndGradientsMatchPyTorch() throws {
    try Self.compare(Self.float32Cases, float64: false, tolerance: 1e-5)
  }
}
