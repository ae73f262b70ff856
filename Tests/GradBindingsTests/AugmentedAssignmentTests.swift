import Testing

@testable import GradBindings

/// `t op= x` on tensors and arrays is in place, as in PyTorch and NumPy: every name bound to
/// the object, every view of its storage and every array sharing it sees the change.
@Suite struct AugmentedAssignmentTests {
  @Test func aTensorIsUpdatedInPlaceSoEveryNameAndViewSeesIt() {
    let out = run(
      "a = torch.ones(3)\nb = a\nv = a[:2]",
      "a += 1\na *= 3\na -= 1\na /= 5",
      "print(b, v, a is b)")
    #expect(out == "tensor([1., 1., 1.]) tensor([1., 1.]) True\n")
  }

  @Test func powerModuloAndFloorDivisionAreInPlaceToo() {
    let out = run(
      "a = torch.tensor([2.0, 3.0, 4.0])\nv = a[1:]",
      "a **= 2\na %= 5\na //= 2",
      "print(v)")
    #expect(out == "tensor([2., 0.])\n")
  }

  @Test func matrixProductRebindsAsInPyTorch() {
    let out = run(
      "a = torch.ones(2, 2)\nb = a", "a @= torch.eye(2) * 2", "print(b.sum().item(), a is b)")
    #expect(out == "4.0 False\n")
  }

  @Test func anIntegerTensorKeepsItsDtype() {
    let out = run("i = torch.arange(3)", "i += 0.5")
    #expect(
      out.contains("RuntimeError: result type Float can't be cast to the desired output type Long"))
    #expect(run("i = torch.arange(3)\ni *= 2\nprint(i)") == "tensor([0, 2, 4])\n")
  }

  @Test func aLeafThatRequiresGradRefusesOutsideNoGrad() {
    let out = run("w = torch.ones(2, requires_grad=True)", "w -= 0.1", "print(w)")
    #expect(
      out.contains("a leaf Variable that requires grad is being used in an in-place operation."))
    #expect(out.hasSuffix("tensor([1., 1.], requires_grad=True)\n"))
  }

  @Test func anOptimizerStepUnderNoGradUpdatesTheParameterItself() {
    let out = run(
      "layer = nn.Linear(2, 1, bias=False)\n_ = nn.init.constant_(layer.weight, 1.0)",
      "layer(torch.tensor([[2.0, -1.0]])).sum().backward()",
      "with torch.no_grad():\n    layer.weight -= 0.5 * layer.weight.grad",
      "print(layer.weight.data, type(layer.weight).__name__ if False else layer.weight.is_leaf)")
    #expect(out == "tensor([[0.0000, 1.5000]]) True\n")
  }

  @Test func aRecordedSumAccumulatesLossesOverTimeSteps() {
    // loss = 0; loss += step_loss: the second += is on a recorded tensor, and the graph keeps
    // every step.
    let out = run(
      "x = torch.ones(3, requires_grad=True)\nloss = 0",
      "for k in range(3):\n    loss += (x * k).sum()",
      "loss.backward()\nprint(x.grad, loss)")
    #expect(out == "tensor([3., 3., 3.]) tensor(9., grad_fn=<AddBackward0>)\n")
  }

  @Test func aNumpyArrayIsUpdatedInPlaceAndTheTensorSharingItSeesIt() {
    let out = run(
      "import numpy as np\nt = torch.zeros(3)\ns = t.numpy()\nalias = s",
      "s += 1\ns *= 4",
      "print(t, alias is s)")
    #expect(out == "tensor([4., 4., 4.]) True\n")
  }

  @Test func aNumpyIntegerArrayRefusesAFloatResult() {
    let out = run(
      "import numpy as np\nn = np.arange(3)",
      "try:\n    n += 0.5\nexcept TypeError as e:\n    print(type(e).__name__ if False else e)")
    #expect(
      out
        == "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting "
        + "rule 'same_kind'\n")
  }
}
