import GradTestSupport
import Testing

@testable import GradBindings

/// `x.max(dim)`, `sort`, `topk`, `median`: PyTorch's named pairs (values, indices), printed,
/// unpacked and differentiated as PyTorch does.
@Suite struct NamedReductionTests {
  static let setup = [
    "x = torch.tensor([[1., 5, 2], [3, 0, 4]], requires_grad=True)",
    "n = torch.tensor([[4, 1, 3], [2, 2, 9]])",
  ]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "x.max(1)", "x.min(dim=0)", "torch.max(x, dim=1, keepdim=True)", "x.max()",
        "torch.max(x, torch.tensor([2., 2, 2]))", "x.max(1)[0]", "x.max(1)[-1]", "len(x.max(1))",
        "x.max(1).values", "x.min(1).indices", "x.topk(2)",
        "torch.topk(x, 1, dim=0, largest=False)",
        "x.sort(descending=True)", "torch.sort(x, 0)", "x.argsort()", "x.median(1)", "x.median()",
        "n.max(1)", "n.sort()", "n.topk(2, dim=0)", "torch.maximum(x, torch.tensor(2.))",
        "torch.minimum(n, torch.tensor([3, 3, 3]))",
      ], setup: Self.setup)
  }

  @Test func unpacksIntoValuesAndIndices() {
    let out = run(
      Self.setup[0], "v, i = x.max(1)", "print(v.tolist(), i.tolist())",
      "print(type(x.max(1)).__name__)")
    #expect(out == "[5.0, 4.0] [1, 2]\nmax\n")
  }

  @Test func topkOutOfRangeIsAnError() {
    #expect(run(Self.setup[0], "x.topk(4)").contains("RuntimeError"))
  }

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func gradientsReachTheSelectedElementsAsInPyTorch() throws {
    let program = """
      x = torch.tensor([[1., 5, 2, 7], [3, 0, 4, 4], [6, 1, 1, 2]], dtype=torch.float64, requires_grad=True)
      w = torch.arange(12.0, dtype=torch.float64).reshape(3, 4) / 7
      (x.max(1).values * w[:, 0]).sum().backward()
      print(x.grad.tolist())
      x.grad = None
      (x.sort(1, descending=True).values * w).sum().backward()
      print(x.grad.tolist())
      x.grad = None
      (x.topk(2, dim=0).values * w[:2]).sum().backward()
      print(x.grad.tolist())
      x.grad = None
      (x.median(1).values * w[:, 1]).sum().backward()
      print(x.grad.tolist())
      x.grad = None
      (x.median() * 3).backward()
      print(x.grad.tolist())
      a = torch.tensor([1., 2, 3], dtype=torch.float64, requires_grad=True)
      b = torch.tensor([3., 2, 1], dtype=torch.float64, requires_grad=True)
      (torch.maximum(a, b) * torch.tensor([1., 2, 3], dtype=torch.float64)).sum().backward()
      print(a.grad.tolist(), b.grad.tolist())
      """
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(program))
    expectSameNumbers(ours, theirs, relative: 1e-10)
  }

  @Test func sortGradientMatchesFiniteDifferences() {
    // Σ wⱼ·sort(x)ⱼ is piecewise linear in x; away from ties its slope at xᵢ is the weight of
    // the place xᵢ sorts to, which central differences find exactly.
    let out = run(
      "x = torch.tensor([0.3, -1.2, 2.5, 0.9], dtype=torch.float64, requires_grad=True)",
      "w = torch.tensor([1., 10, 100, 1000], dtype=torch.float64)",
      "f = lambda t: (t.sort().values * w).sum()",
      "f(x).backward()",
      """
      h = 1e-6
      fd = []
      for i in range(4):
          e = torch.zeros(4, dtype=torch.float64)
          e[i] = h
          fd.append(((f(x.detach() + e) - f(x.detach() - e)) / (2 * h)).item())
      """,
      "print(max(abs(a - b) for a, b in zip(x.grad.tolist(), fd)) < 1e-6, x.grad.tolist())")
    #expect(out == "True [10.0, 1.0, 1000.0, 100.0]\n")
  }
}
