import Testing

@testable import GradBindings

/// `F.*` with PyTorch's arguments: nll_loss (ignore_index, reduction), cross_entropy's
/// weight=None, and clear refusals for what is not implemented.
@Suite struct TorchFunctionalTests {
  static let setup = ["x = torch.tensor([[1.5, -2.0, 0.0], [3.0, -0.25, 4.5]])"]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([0, 2]))",
        "F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([0, -100]), reduction='sum')",
        "F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([1, 2]), reduction='none')",
        "F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([1, 2]), ignore_index=2)",
        "F.nll_loss(x[0], torch.tensor(1))",
        "F.cross_entropy(x, torch.tensor([0, 2]), weight=None)",
        "F.softmax(x, dim=0)", "F.log_softmax(x, -1)", "F.tanh(x)", "F.relu(x)", "F.sigmoid(x)",
        "F.mse_loss(x, torch.zeros(2, 3), reduction='sum')",
        "F.dropout(x, p=0.5, training=False)", "F.one_hot(torch.tensor([0, 2]), num_classes=4)",
        "F.embedding(torch.tensor([1, 0]), x)",
      ], setup: Self.setup)
  }

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func nllLossGradientsMatchPyTorch() throws {
    let program = """
      z = torch.tensor([[1.5, -2.0, 0.7], [3.0, -0.25, 4.5], [0.1, 0.2, 0.3]], dtype=torch.float64, requires_grad=True)
      t = torch.tensor([2, 0, 1])
      F.nll_loss(F.log_softmax(z, dim=1), t).backward()
      print(z.grad.tolist())
      z.grad = None
      F.nll_loss(F.log_softmax(z, dim=1), t, ignore_index=0, reduction='sum').backward()
      print(z.grad.tolist())
      """
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(program))
    expectSameNumbers(ours, theirs, relative: 1e-10)
  }

  @Test func classWeightsAreRefusedClearly() {
    let out = run(Self.setup[0], "F.nll_loss(x, torch.tensor([0, 1]), weight=torch.ones(3))")
    #expect(out.hasPrefix("NotImplementedError: nll_loss(): class weights"))
  }
}
