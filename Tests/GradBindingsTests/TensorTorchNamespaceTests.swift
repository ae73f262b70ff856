import Foundation
import GradLanguage
import Testing

@testable import GradBindings

/// The `torch`, `nn`, `F` and `torch.optim` names at the prompt. Expected values were printed
/// by PyTorch 2 from the same code (weights set explicitly, so no random numbers are involved).
@Suite struct TorchNamespaceTests {
  /// The echoed values of `lines` typed into one fresh session, one string per line that
  /// printed something.
  private func echoes(_ lines: [String]) -> [String] {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    var out: [String] = []
    for line in lines {
      _ = session.execute(line)
      let text = terminal.take()
      if !text.isEmpty { out.append(String(text.dropLast())) }
    }
    return out
  }

  private let fixedModel = [
    "model = nn.Linear(3, 2)",
    "model.weight.data = torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]])",
    "model.bias.data = torch.tensor([0.01, -0.02])",
    "X = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [0.0, 1.0, -1.0], [2.0, -1.0, 0.5]])",
    "y = torch.tensor([0, 1, 1, 0])",
  ]

  @Test func sgdWithMomentumAndWeightDecayMatchesPyTorch() {
    let out = echoes(
      fixedModel + [
        "opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)",
        "def step():\n    opt.zero_grad()\n    loss = F.cross_entropy(model(X), y)\n"
          + "    loss.backward()\n    opt.step()\n    return loss",
        "step()", "step()", "step()", "model.weight", "model.bias",
      ])
    #expect(
      out == [
        "tensor(0.7187, grad_fn=<NllLossBackward0>)",
        "tensor(0.6693, grad_fn=<NllLossBackward0>)",
        "tensor(0.5858, grad_fn=<NllLossBackward0>)",
        "Parameter containing:\ntensor([[ 0.3464, -0.2508,  0.2261],\n        [ 0.1508,  0.5491, -0.5244]], "
          + "requires_grad=True)",
        "Parameter containing:\ntensor([-0.0467,  0.0368], requires_grad=True)",
      ])
  }

  @Test func adamAndGradientClippingMatchPyTorch() {
    let out = echoes(
      fixedModel + [
        "adam = torch.optim.Adam(model.parameters(), lr=0.01)",
        "for i in range(3):\n    adam.zero_grad()\n    F.cross_entropy(model(X), y).backward()\n"
          + "    adam.step()\n",
        "model.weight",
        "adam.zero_grad()",
        "F.cross_entropy(model(X), y).backward()",
        "nn.utils.clip_grad_norm_(model.parameters(), 0.1)",
        "model.weight.grad",
        "adam.lr = 0.5",
        "adam.lr",
      ])
    #expect(
      out == [
        "Parameter containing:\ntensor([[ 0.1300, -0.2298,  0.2703],\n        [ 0.3700,  0.5298, -0.5703]], "
          + "requires_grad=True)",
        "tensor(0.6705)",
        "tensor([[-0.0679,  0.0098,  0.0124],\n        [ 0.0679, -0.0098, -0.0124]])",
        "0.5",
      ])
  }

  @Test func functionalMatchesPyTorch() {
    let out = echoes([
      "logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.0, 1.0, 1.0]], "
        + "requires_grad=True)",
      "l = F.cross_entropy(logits, torch.tensor([0, -100, 2]), ignore_index=-100)",
      "l", "l.backward()", "logits.grad",
      "F.cross_entropy(logits, torch.tensor([0, 1, 2]), reduction='none')",
      "F.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)",
      "torch.tensor([[1.0, 2.0], [3.0, 5.0]]).log_softmax(dim=1)",
      "F.embedding(torch.tensor([[0, 2], [1, 1]]), torch.tensor([[1.0, 2.0], [3.0, 4.0], "
        + "[5.0, 6.0]]))",
      "F.one_hot(torch.tensor([0, 2]), 3)",
      "emb = nn.Embedding(5, 2)",
      "emb, emb(torch.tensor([1, 3])).shape, len(list(emb.parameters()))",
    ])
    #expect(
      out == [
        "tensor(0.7578, grad_fn=<NllLossBackward0>)",
        "tensor([[-0.1705,  0.1212,  0.0493],\n        [ 0.0000,  0.0000,  0.0000],\n"
          + "        [ 0.1667,  0.1667, -0.3333]])",
        "tensor([0.4170, 0.2200, 1.0986], grad_fn=<NllLossBackward0>)",
        "tensor([0.0900, 0.2447, 0.6652])",
        "tensor([[-1.3133, -0.3133],\n        [-2.1269, -0.1269]])",
        "tensor([[[1., 2.],\n         [5., 6.]],\n\n        [[3., 4.],\n         [3., 4.]]])",
        "tensor([[1, 0, 0],\n        [0, 0, 1]])",
        "(Embedding(5, 2), torch.Size([2, 2]), 1)",
      ])
  }

  @Test func creationJoinsAndFunctionsMatchPyTorch() {
    let out = echoes([
      "torch.where(torch.tensor([1.0, -2.0, 3.0]) > 0, torch.tensor([1.0, -2.0, 3.0]), 0.0)",
      "torch.cat([torch.ones(2, 1), torch.zeros(2, 2)], dim=1)",
      "torch.stack([torch.arange(2), torch.arange(2) * 10])",
      "torch.arange(10).split([3, 7])",
      "torch.arange(5).chunk(2)",
      "torch.tensor([[1.0, 2.0], [3.0, 4.0]]).norm()",
      "torch.tensor([[1.0, 2.0], [3.0, 4.0]]).max(dim=0)",
      "torch.tensor([3.0, 4.0]).pow(2).sum().sqrt()",
      "torch.tensor([-1.5, 0.5]).abs().clamp(max=1.0)",
      "torch.tensor([[1.0, 2.0], [3.0, 4.0]]).mean(dim=1, keepdim=True)",
      "torch.exp(torch.tensor([0.0, 1.0])), torch.tanh(torch.tensor([0.5]))",
      "torch.sigmoid(torch.tensor([0.0])), torch.relu(torch.tensor([-1.0, 2.0]))",
      "torch.matmul(torch.ones(2, 3), torch.ones(3))",
      "torch.eye(2), torch.full((2,), 7), torch.arange(1, 10, 3), torch.zeros(2, dtype=torch.int64)",
      "torch.randn(2, 3).shape, torch.rand(4).dtype, torch.randint(0, 10, (3,)).dtype",
    ])
    #expect(
      out == [
        "tensor([1., 0., 3.])",
        "tensor([[1., 0., 0.],\n        [1., 0., 0.]])",
        "tensor([[ 0,  1],\n        [ 0, 10]])",
        "(tensor([0, 1, 2]), tensor([3, 4, 5, 6, 7, 8, 9]))",
        "(tensor([0, 1, 2]), tensor([3, 4]))",
        "tensor(5.4772)",
        "torch.return_types.max(\nvalues=tensor([3., 4.]),\nindices=tensor([1, 1]))",
        "tensor(5.)",
        "tensor([1.0000, 0.5000])",
        "tensor([[1.5000],\n        [3.5000]])",
        "(tensor([1.0000, 2.7183]), tensor([0.4621]))",
        "(tensor([0.5000]), tensor([0., 2.]))",
        "tensor([3., 3.])",
        "(tensor([[1., 0.],\n        [0., 1.]]), tensor([7, 7]), tensor([1, 4, 7]), "
          + "tensor([0, 0]))",
        "(torch.Size([2, 3]), torch.float32, torch.int64)",
      ])
  }

  @Test func gradientsOfOperatorsWithNumbersOnEitherSideMatchPyTorch() {
    let out = echoes([
      "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)",
      "(x ** 3).sum().backward()", "x.grad",
      "x = torch.tensor([2.0], requires_grad=True)", "(2 ** x).sum().backward()", "x.grad",
      "x = torch.tensor([1.0, 2.0], requires_grad=True)", "(1 / x).sum().backward()", "x.grad",
      "x.grad = None", "(3 - x * x).sum().backward()", "x.grad",
    ])
    #expect(
      out == [
        "tensor([ 3., 12., 27.])", "tensor([2.7726])", "tensor([-1.0000, -0.2500])",
        "tensor([-2., -4.])",
      ])
  }

  @Test func manualSeedTakesAnyInteger() {
    // The generator is shared by the whole program, so draws are not compared here (other
    // tests draw concurrently); seeding must accept negative and huge seeds without trapping.
    let shown = echoes(["torch.manual_seed(-5)", "torch.manual_seed(9223372036854775807)"])
    #expect(shown.count == 2)
    #expect(shown.allSatisfy { $0.hasPrefix("<torch._C.Generator object at 0x") })
  }

  @Test func gradcheckAtThePrompt() {
    let out = echoes([
      "x = torch.randn(3, dtype=torch.float64, requires_grad=True)",
      "torch.autograd.gradcheck(lambda t: (t * t.tanh()).sum(), (x,))",
      "torch.autograd.gradcheck(lambda a, b: (a @ b).sum(), "
        + "(torch.randn(2, 3).double(), torch.randn(3, 2).double()))",
      "torch.autograd.gradcheck(lambda t: t.sum(), torch.randn(3))",
    ])
    #expect(out.count == 3)
    #expect(out.first == "True")
    #expect(out.dropFirst().first == "True")
    #expect(out.last?.hasPrefix("RuntimeError: gradcheck: input 0 is torch.float32") == true)
  }

  @Test func saveAndLoadTensorsAndDicts() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("tensor-save-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let npy = directory.appendingPathComponent("x.npy").path
    let npz = directory.appendingPathComponent("m.npz").path
    let out = echoes([
      "x = torch.tensor([[1.5, -2.0], [3.0, 4.25]])",
      "torch.save(x, '\(npy)')",
      "torch.load('\(npy)')",
      "torch.save({'w': x, 'n': torch.arange(3)}, '\(npz)')",
      "d = torch.load('\(npz)')",
      "sorted(d.keys()), d['n'], (d['w'] - x).abs().max().item()",
    ])
    #expect(
      out == [
        "tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.2500]])",
        "(['n', 'w'], tensor([0, 1, 2]), 0.0)",
      ])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers.sorted() == ["m.npz", "x.npy"])
  }
}

/// Anomaly mode switches a process-wide check, so its test runs alone.
@Suite(.serialized) struct TorchAnomalyTests {
  @Test func anomalyModeNamesTheOperationAndTheInputLine() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    defer { _ = session.execute("torch.autograd.set_detect_anomaly(False)") }
    _ = session.execute("a = torch.tensor([-1.0, 1.0], requires_grad=True)")
    _ = session.execute("torch.autograd.set_detect_anomaly(True)")
    _ = terminal.take()
    #expect(session.execute("b = a * 2\nc = b.log()") == .failed)
    #expect(
      terminal.take() == """
            c = b.log()
                     ^
        RuntimeError: anomaly detected: log produced nan in its output

        """)
    _ = session.execute("z = torch.zeros(1, requires_grad=True)\ns = z.sqrt().sum()")
    #expect(session.execute("s.backward()") == .failed)
    #expect(
      terminal.take().hasSuffix(
        "RuntimeError: anomaly detected: SqrtBackward0 produced inf in its gradient\n"))
    _ = session.execute("torch.autograd.set_detect_anomaly(False)")
    _ = session.execute("c = b.log()")
    #expect(terminal.take() == "")
    _ = session.execute("torch.autograd.is_anomaly_enabled()")
    #expect(terminal.take() == "False\n")
  }
}
