import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// Expressions typed at the prompt against the same text run by PyTorch: the echoed text must
/// be identical. Skipped when the reference Python environment ($BENCH_VENV, default
/// ~/.venvs/gradrepl-bench) is absent.
@Suite struct TensorReferenceTests {
  /// Deterministic expressions that are valid in both languages (no random numbers).
  static let expressions = [
    "torch.tensor([[1.0, -2.5], [3.25, 4.0]])",
    "torch.tensor([1, -20, 300])",
    "torch.tensor([0.001, 1000.0])",
    "torch.tensor([1e-5, 1.0])",
    "torch.tensor([1e10, 1.0])",
    "torch.tensor([True, False, True])",
    "torch.tensor(3.5, dtype=torch.float64)",
    "torch.tensor([[1, 2], [3, 4]], dtype=torch.float64)",
    "torch.arange(24).view(2, 3, 4)",
    "torch.arange(24).view(2, 3, 4).permute(2, 0, 1)",
    "torch.arange(6.0).view(2, 3).T",
    "torch.arange(12.0).view(3, 4)[1:, ::2]",
    "torch.arange(10)[-3:]",
    "torch.arange(5.0) / 3",
    "torch.arange(5.0) - 2.5",
    "-torch.arange(3)",
    "torch.arange(3) * 2.5",
    "torch.arange(4) / 2",
    "torch.arange(4) > 1",
    "torch.arange(4.0) == 2",
    "2 - torch.arange(3.0)",
    "torch.ones(2, 3) @ torch.arange(3.0)",
    "torch.eye(3)[1]",
    "torch.arange(6.0).view(2, 3).sum(dim=1)",
    "torch.arange(6.0).view(2, 3).mean(dim=0, keepdim=True)",
    "torch.arange(6.0).view(2, 3).max()",
    "torch.arange(6.0).view(2, 3).argmax(dim=1)",
    "torch.arange(6.0).view(2, 3).softmax(dim=1)",
    "torch.arange(6.0).view(2, 3).log_softmax(dim=0)",
    "torch.arange(4.0).exp()",
    "torch.arange(1.0, 5.0).log()",
    "torch.arange(-2.0, 3.0).tanh()",
    "torch.arange(-2.0, 3.0).sigmoid()",
    "torch.arange(-2.0, 3.0).relu()",
    "torch.arange(4.0).sqrt()",
    "torch.arange(-2.0, 3.0).abs().clamp(min=0.5, max=1.5)",
    "torch.arange(4.0).pow(3)",
    "torch.zeros(2, 0)",
    "torch.ones(3, 1).expand(3, 4)",
    "torch.arange(6).view(2, 3).unsqueeze(1).shape",
    "torch.cat([torch.arange(3), torch.arange(2)])",
    "torch.stack([torch.arange(3.0), torch.ones(3)], dim=1)",
    "torch.arange(7).chunk(3)",
    "torch.arange(1000.0)",
    "torch.arange(1001.0)",
    "torch.arange(3000).view(30, 100)",
    "torch.arange(120.0).view(2, 3, 20) / 7",
    "F.one_hot(torch.tensor([2, 0, 1]))",
    "F.cross_entropy(torch.tensor([[1.0, 2.0, 0.5]]), torch.tensor([1]))",
    "torch.tensor([1.0, 2.0], requires_grad=True) * 2",
    "(torch.tensor([1.0, 2.0], requires_grad=True) ** 2).sum()",
    "torch.tensor([[1.0, 2.0]], requires_grad=True).T",
    "torch.where(torch.arange(4) > 1, torch.arange(4.0), -1.0)",
    "torch.arange(6.0).view(2, 3).tolist()",
    "torch.arange(6).view(2, 3).size(), torch.arange(6).numel()",
    "(torch.arange(5) > 1) & (torch.arange(5) < 4)",
    "(torch.arange(5) < 1) | (torch.arange(5) > 3)",
    "(torch.arange(4) > 1) ^ (torch.arange(4) < 3)",
    "(torch.arange(4) > 1).logical_not()",
    "3 in torch.arange(5), 7 in torch.arange(5), 2.5 in torch.arange(5.0)",
  ]

  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func echoesMatchPyTorch() throws {
    let program = """
      import json, sys
      import torch
      import torch.nn.functional as F
      for line in json.load(sys.stdin):
          print(repr(eval(line)))
          print("\\u0000")
      """
    let run = try #require(
      try ReferencePython.run(
        program, input: try JSONSerialization.data(withJSONObject: Self.expressions),
        deadline: 120),
      "the reference Python did not finish in 120 s")
    try #require(run.status == 0, "\(run.standardError)")
    let reference = run.standardOutput
      .components(separatedBy: "\u{0}\n").dropLast().map { String($0.dropLast()) }
    try #require(reference.count == Self.expressions.count)

    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    for (expression, expected) in zip(Self.expressions, reference) {
      _ = session.execute(expression)
      let echoed = String(terminal.take().dropLast())
      #expect(echoed == expected, "\(expression)")
    }
  }
}
