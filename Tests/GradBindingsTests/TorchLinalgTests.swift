import Testing

@testable import GradBindings

/// torch.linalg: vector and matrix norms and singular values, with gradients, against
/// PyTorch; eigvals is refused with the reason.
@Suite struct TorchLinalgTests {
  static let setup = [
    "A = torch.tensor([[3.0, 1.0, -2.0], [0.5, 4.0, 1.5]])",
    "v = torch.tensor([3.0, -4.0, 0.0, 1.0])",
  ]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "torch.linalg.norm(v)", "torch.linalg.norm(A)", "torch.linalg.norm(A, dim=1)",
        "torch.linalg.norm(v, ord=1)", "torch.linalg.norm(v, ord=float('inf'))",
        "torch.linalg.vector_norm(A, ord=3, dim=0)", "torch.linalg.vector_norm(v, ord=0)",
        "torch.linalg.matrix_norm(A)", "torch.linalg.matrix_norm(A, ord=2)",
        "torch.linalg.matrix_norm(A, ord='nuc')", "torch.linalg.matrix_norm(A, ord=-2)",
        "torch.linalg.norm(A, ord=1)", "torch.linalg.norm(A, ord=float('inf'))",
        "torch.linalg.svdvals(A)", "torch.linalg.svdvals(A.T)",
        "torch.linalg.svdvals(torch.eye(3))",
      ], setup: Self.setup)
  }

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func gradientsMatchPyTorch() throws {
    let program = """
      A = torch.tensor([[3.0, 1.0, -2.0], [0.5, 4.0, 1.0], [1.0, 0.0, 2.0]], dtype=torch.float64, requires_grad=True)
      w = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
      (torch.linalg.svdvals(A) * w).sum().backward()
      print(torch.linalg.svdvals(A).tolist(), A.grad.tolist())
      A.grad = None
      torch.linalg.matrix_norm(A, ord=2).backward()
      print(A.grad.tolist())
      A.grad = None
      (torch.linalg.norm(A, dim=0) * w).sum().backward()
      print(A.grad.tolist())
      A.grad = None
      torch.linalg.vector_norm(A, ord=3).backward()
      print(A.grad.tolist())
      """
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(program))
    expectSameNumbers(ours, theirs, relative: 1e-10)
  }

  @Test func eigvalsGivesTheSpectralRadius() {
    // A scaled rotation: eigenvalues 0.9 ± 0.5i, spectral radius √(0.81 + 0.25).
    let out = run(
      Self.setup[0], "W = torch.tensor([[0.9, -0.5], [0.5, 0.9]], dtype=torch.float64)",
      "print(torch.linalg.eigvals(W))", "print(torch.linalg.eigvals(W).abs().max().item())",
      "torch.linalg.eigvals(A)")
    #expect(
      out == "tensor([0.9000+0.5000j, 0.9000-0.5000j], dtype=torch.complex128)\n"
        + "1.0295630140987002\n"  // PyTorch prints the same hypot(0.9, 0.5)
        + "RuntimeError: linalg.eigvals: A must be batches of square matrices, but they are 2 "
        + "by 3 matrices\n")
  }
}
