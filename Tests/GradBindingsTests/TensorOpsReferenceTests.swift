import Testing

@testable import GradBindings

/// Integer-array indexing, all/any, ~, masked_fill, ceil, new_full, diag, bmm, prod, cumsum,
/// var/std and as_tensor against PyTorch: what the prompt echoes (values, dtypes, node names,
/// errors), and float64 gradients within 1e-10.
@Suite struct TensorOpsReferenceTests {
  static let setup = [
    "x = torch.arange(12.0).view(3, 4)",
    "m = torch.tensor([[True, False, True, False], [False, False, False, True], [True] * 4])",
    "k = torch.tensor([[1, 0], [3, -2]])",
    "w = torch.tensor([[1.0, 0.0, 2.0], [3.0, 4.0, 5.0]], requires_grad=True)",
  ]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "x[[2, 0]]", "x[torch.tensor([1, -1])]", "x[:, [1, 3]]", "x[[0, 1, 2], [3, 2, 1]]",
        "x[range(3), torch.tensor([0, 0, 3])]", "x[1:, [0, 2]]",
        "x[torch.tensor([[0, 1], [2, 2]])]",
        "w[[0, 0], [2, 1]]", "x[m]", "w[w > 1]",
        "x.all()", "x.any()", "x.all(dim=1)", "m.any(0, keepdim=True)", "torch.all(m, dim=1)",
        "torch.any(m)", "~m", "~k",
        "x.masked_fill(m, -1.0)", "x.masked_fill(m[0], 0.5)", "w.masked_fill(w > 2, 0)",
        "torch.tensor([1.5, -1.5, 2.0]).ceil()", "w.ceil()",
        "x.new_full((2, 2), 7)", "k.new_full([3], 4)",
        "torch.diag(x)", "torch.diag(x, 1)", "torch.diag(x, -2)", "torch.diag(w[0])",
        "torch.diag(torch.tensor([1, 2]), -1)",
        "torch.bmm(x.view(1, 3, 4), x.view(1, 4, 3))",
        "w.unsqueeze(0).bmm(w.T.unsqueeze(0))",
        "x.prod()", "w.prod(dim=1)", "k.prod()", "m.prod(1)", "w.prod(0, keepdim=True)",
        "x.cumsum(dim=0)", "torch.cumsum(k, dim=1)", "m.cumsum(1)", "w.cumsum(-1)",
        "x.var()", "x.std()", "x.var(dim=0)", "x.std(1, keepdim=True)", "x.std(unbiased=False)",
        "x.var(correction=0)", "w.std()", "w.var(1)", "torch.std(x, dim=(0, 1))",
        "torch.as_tensor([1, 2])", "torch.as_tensor([[1.5], [2.0]])", "torch.as_tensor(x) is x",
        "torch.as_tensor(k, dtype=torch.float64)",
      ], setup: Self.setup)
  }

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func gradientsMatchPyTorch() throws {
    let program = """
      a = torch.tensor([[1.5, 0.0, -2.0], [0.5, 3.0, 1.25]], dtype=torch.float64, requires_grad=True)
      b = torch.tensor([[0.5, -1.0], [2.0, 0.25], [1.0, 3.0]], dtype=torch.float64, requires_grad=True)
      r = torch.tensor([0.3, -0.7, 1.1, 2.0, -0.2, 0.9], dtype=torch.float64).view(2, 3)
      def check(y):
          a.grad = None
          b.grad = None
          s = (y * torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(y.shape)).sum()
          s.backward()
          print(y.tolist(), a.grad.tolist(), None if b.grad is None else b.grad.tolist())
      check(a[[0, 0, 1], [2, 2, 0]])
      check(a[:, [2, 0, 2]])
      check(a[torch.tensor([1, 1])])
      check(a.masked_fill(a > 1, 0.5))
      check(a.prod())
      check(a.prod(dim=1))
      check(a.prod(0, keepdim=True))
      check((a + r).prod(1))
      check(a.cumsum(0) + a.cumsum(dim=1))
      check(a.var() + a.std())
      check(a.var(1, keepdim=True) + a.std(0, keepdim=True))
      check(a.std(unbiased=False) * a.var(correction=0))
      check(torch.diag(a) + torch.diag(a, 1))
      check(torch.diag(a[0], -1))
      check(torch.bmm(a.unsqueeze(0), b.unsqueeze(0)))
      check(a.ceil() + a)
      """
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(program))
    expectSameNumbers(ours, theirs, relative: 1e-10)
  }

  @Test func errorsAreWordedAsInPyTorch() {
    let cases = [
      ("x[[0, 3]]", "IndexError: index 3 is out of bounds for dimension 0 with size 3"),
      (
        "~x",
        "TypeError: ~ (operator.invert) is only implemented on integer and Boolean-type tensors"
      ),
      (
        "x.masked_fill(k, 0)",
        "RuntimeError: masked_fill_ only supports boolean masks, but got mask with dtype long int"
      ),
      (
        "torch.diag(torch.ones(2, 2, 2))", "RuntimeError: diag(): Supports 1D or 2D tensors. Got 3D"
      ),
      ("torch.bmm(x, x)", "RuntimeError: batch1 must be a 3D tensor"),
      (
        "torch.bmm(x.view(1, 3, 4), x.view(1, 3, 4))",
        "RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [1, 4] but "
          + "got: [1, 3]."
      ),
      ("k.std()", "RuntimeError: std and var only support floating point and complex dtypes"),
    ]
    for (expression, expected) in cases {
      let out = run(Self.setup[0], Self.setup[2], expression)
      #expect(out.contains(expected), "\(expression): \(out)")
    }
  }

  @Test func assignmentThroughIntegerIndices() {
    let out = run(
      "z = torch.zeros(3, 4)", "z[[0, 2]] = 1.0", "z[:, [1]] = torch.tensor([[5.0], [6.0], [7.0]])",
      "z[[1, 1], [0, 3]] = torch.tensor([8.0, 9.0])", "z")
    #expect(
      out
        == """
        tensor([[1., 5., 1., 1.],
                [8., 6., 0., 9.],
                [1., 7., 1., 1.]])

        """)
  }
}
