import Testing

@testable import GradBindings

/// `x[mask]`, `x[mask] = v`, `%`, `//`, `round`, `floor`, `linspace` and `arange` with floats,
/// echoed as PyTorch echoes them.
@Suite struct MaskIndexingTests {
  static let setup = ["x = torch.tensor([[1.5, -2.0, 0.0], [3.0, -0.25, 4.5]])"]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "x[x > 0]", "x[torch.tensor([True, False])]", "x[x > 10]", "x % 2", "x % -1.5",
        "torch.tensor([7, -7, 5]) % 3", "torch.tensor([7, -7, 5]) // 2", "x // 2", "x.round()",
        "torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, 1.2345]), decimals=2)", "x.floor()",
        "torch.remainder(x, 2)", "torch.linspace(0, 1, 5)", "torch.linspace(-1, 1, 7)",
        "torch.linspace(0, 10, steps=4)", "torch.arange(0, 1, 0.3)", "torch.arange(1, 2.5)",
        "torch.arange(0, 5, 1.5)", "torch.arange(0.5, 3)", "torch.eye(2, 3)",
        "x.new_zeros(2)", "torch.manual_seed(0).initial_seed()",
      ], setup: Self.setup)
  }

  @Test func maskAssignmentWritesInPlace() {
    let out = run(
      Self.setup[0], "y = x.view(6)", "x[x < 0] = 0", "print(y.tolist())",
      "x[x > 2] = torch.tensor([10., 20.])", "print(x.tolist())",
      "x[torch.tensor([False, True])] = -1", "print(x.tolist())")
    #expect(
      out == "[1.5, 0.0, 0.0, 3.0, 0.0, 4.5]\n[[1.5, 0.0, 0.0], [10.0, 0.0, 20.0]]\n"
        + "[[1.5, 0.0, 0.0], [-1.0, -1.0, -1.0]]\n")
  }

  @Test func aMaskOfTheWrongShapeIsAnIndexError() {
    #expect(run(Self.setup[0], "x[torch.tensor([True, False, True])]").hasPrefix("IndexError"))
  }

  @Test func manualSeedReturnsAGenerator() {
    #expect(run("print(torch.manual_seed(3))").hasPrefix("<torch._C.Generator object at 0x"))
  }

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func gradientsOfMasksAndRemaindersMatchPyTorch() throws {
    let program = """
      a = torch.tensor([[1.5, -2.0, 0.7], [3.0, -0.25, 4.5]], dtype=torch.float64, requires_grad=True)
      b = torch.tensor([2.0, -1.5, 0.4], dtype=torch.float64, requires_grad=True)
      w = torch.arange(6.0, dtype=torch.float64).reshape(2, 3) + 1
      ((a % b) * w).sum().backward()
      print(a.grad.tolist(), b.grad.tolist())
      a.grad = None
      (a[a > 0] * torch.arange(4.0, dtype=torch.float64)).sum().backward()
      print(a.grad.tolist())
      a.grad = None
      (a.round() + a.floor() * 2 + a).sum().backward()
      print(a.grad.tolist())
      """
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(program))
    expectSameNumbers(ours, theirs, relative: 1e-10)
  }
}
