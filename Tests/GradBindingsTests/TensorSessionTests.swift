import Testing

@testable import GradBindings
@testable import GradLanguage

/// Tensors in the session's tools: `:vars`, completion after a dot, `help(x)` and `?x`.
@Suite struct TensorSessionTests {
  private func session(_ lines: [String]) -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    for line in lines { _ = session.execute(line) }
    _ = terminal.take()
    return (session, terminal)
  }

  @Test func varsShowsShapeDtypeAndGradState() {
    let (s, terminal) = session([
      "x = torch.ones(2, 2, requires_grad=True)",
      "y = (x * 2).sum()",
      "n = torch.arange(3)",
      "d = torch.zeros(4, dtype=torch.float64)",
      "model = nn.Linear(2, 1)",
      "opt = torch.optim.SGD(model.parameters(), lr=0.1)",
    ])
    _ = s.runCommand(":vars")
    #expect(
      terminal.take() == """
        name   type    value
        x      Tensor  (2, 2) float32 requires_grad
        y      Tensor  () float32 grad_fn=SumBackward0
        n      Tensor  (3,) int64
        d      Tensor  (4,) float64
        model  Linear  Linear(in_features=2, out_features=1, bias=True)
        opt    SGD     lr=0.1, 2 parameter tensors

        """)
    _ = s.execute("y.backward()")
    _ = s.runCommand(":vars")
    #expect(terminal.take().contains("x      Tensor  (2, 2) float32 requires_grad has grad\n"))
  }

  @Test func completionAfterADotOffersTensorMembers() {
    let (s, _) = session(["x = torch.ones(2)", "m = nn.Linear(2, 1)"])
    #expect(s.completions(forLine: "x.gr") == ["x.grad", "x.grad_fn"])
    #expect(s.completions(forLine: "x.requires") == ["x.requires_grad", "x.requires_grad_"])
    #expect(s.completions(forLine: "x.shape.num") == ["x.shape.numel"])
    #expect(s.completions(forLine: "y = torch.ze") == ["torch.zeros", "torch.zeros_like"])
    #expect(s.completions(forLine: "F.cross") == ["F.cross_entropy"])
    #expect(s.completions(forLine: "torch.nn.Li") == ["torch.nn.Linear"])
    #expect(
      s.completions(forLine: "torch.optim.") == [
        "torch.optim.Adam", "torch.optim.SGD", "torch.optim.lr_scheduler",
      ])
    #expect(s.completions(forLine: "m.para") == ["m.parameters"])
    #expect(
      s.completions(forLine: "tor") == [
        "torch", "torch.autograd", "torch.nn", "torch.nn.functional", "torch.nn.utils",
        "torch.optim",
      ])
  }

  @Test func helpExplainsShapeDtypeAndGrad() {
    let (s, terminal) = session([
      "x = torch.ones(2, 2, requires_grad=True)", "y = (x * 2).sum()", "n = torch.arange(3)",
    ])
    _ = s.runCommand("?x")
    let leaf = terminal.take()
    #expect(
      leaf.hasPrefix(
        """
        Tensor of shape (2, 2) (4 elements), dtype torch.float32, requires_grad=True
        a leaf (made directly, not computed from tensors that require grad)
        grad: None until backward() runs through a result computed from it
        Attributes: shape dtype grad requires_grad data is_leaf grad_fn T mT ndim device
          is_cuda
        Methods: abs add add_
        """))
    #expect(leaf.split(separator: "\n").allSatisfy { $0.count <= 80 })
    _ = s.execute("help(y)")
    let result = terminal.take()
    #expect(result.contains("made by SumBackward0"))
    #expect(result.contains("grad: not kept (an intermediate result; call retain_grad()"))
    _ = s.execute("y.backward()")
    _ = terminal.take()
    _ = s.runCommand("?x")
    #expect(terminal.take().contains("grad: a (2, 2) tensor, accumulated by every backward()"))
    _ = s.runCommand("?n")
    #expect(terminal.take().contains("grad: None (requires_grad is False"))
  }

  @Test func importAndPreboundNames() {
    #expect(eval("import torch\ntorch.ones(1)") == "tensor([1.])")
    #expect(eval("import torch as t\nt.float64") == "torch.float64")
    #expect(eval("torch.nn.functional is F, torch.nn is nn") == "(True, True)")
    #expect(eval("torch") == "<module 'torch'>")
    #expect(
      eval("isinstance(torch.ones(1), torch.Tensor), isinstance(3, torch.Tensor)")
        == "(True, False)")
    #expect(eval("torch.zeros(torch.Size([2, 1])).shape == torch.Size([2, 1])") == "True")
    #expect(eval("from torch import nn, optim\nnn.Linear, optim.SGD") != "")
    #expect(
      eval("from torch.nn import functional as G\nG is F") == "True")
    #expect(
      eval("from torch.nn import Linear\nLinear(2, 3)")
        == "Linear(in_features=2, out_features=3, bias=True)")
    #expect(eval("from torch.optim import Adam\nAdam is torch.optim.Adam") == "True")
  }

  @Test func tensorErrorsAreCaughtByTheirPythonKinds() {
    let out = run(
      """
      try:
          torch.ones(2, 3) + torch.ones(2)
      except RuntimeError as e:
          print('caught', type(e) is RuntimeError)
      """,
      """
      try:
          torch.load('/nonexistent/x.npy')
      except OSError:
          print('missing file')
      """,
      """
      try:
          torch.ones(2)[7]
      except LookupError:
          print('index')
      """)
    #expect(out == "caught True\nmissing file\nindex\n")
  }

  @Test func everyListedMethodIsHandled() throws {
    let session = Session.standard(terminal: MemoryTerminal())
    _ = session.execute("x = torch.ones(2, 2, requires_grad=True) * 1")
    guard case .object(let o)? = session.interpreter.lookup("x"), let tensor = o as? TensorObject
    else {
      Issue.record("x is not a tensor")
      return
    }
    for name in TensorObject.members.names(of: [.method]) {
      // Called without arguments a method either runs or complains about its arguments; it
      // never answers "no such method" (nil).
      var answered = true
      do {
        answered = try tensor.callMethod(name, Arguments([]), in: session.interpreter) != nil
      } catch {
        #expect(!error.message.contains("has no attribute"), "\(name): \(error)")
      }
      #expect(answered, "\(name)")
    }
    for name in TensorObject.members.names(of: [.attribute, .property]) {
      #expect(try tensor.attribute(name, in: session.interpreter) != nil, "\(name)")
    }
  }

  @Test func everyRowOfTheMemberTableHasItsOwnName() {
    let names = TensorObject.members.rows.map(\.name)
    #expect(Set(names).count == names.count)
    #expect(TensorObject.members.names == names.sorted())
  }

  @Test func aNameNotInTheTableIsAnAttributeErrorWithASuggestion() {
    let out = run(
      "x = torch.ones(2)", "x.sofmax(0)", "x.shap", "x.shape = (1,)", "x.exp = 1", "print(x.neg())")
    #expect(
      out
        == "AttributeError: 'Tensor' object has no attribute 'sofmax'. Did you mean 'softmax'?\n"
        + "AttributeError: 'Tensor' object has no attribute 'shap'. Did you mean 'shape'?\n"
        + "AttributeError: attribute 'shape' of 'Tensor' objects is not writable\n"
        + "AttributeError: 'Tensor' object attribute 'exp' is read-only\n"
        + "tensor([-1., -1.])\n")
  }

  @Test func layersListEveryMemberTheyHandle() {
    // forward() was handled but not listed, so `layer.forward` without a call failed.
    let out = run(
      "layer = nn.Linear(2, 3)", "f = layer.forward", "print(f(torch.ones(1, 2)).shape)",
      "print(layer.in_features, layer.out_features)",
      "layer.num_embeddings", "e = nn.Embedding(4, 2)", "print(e.weight.shape, e.embedding_dim)",
      "e.wieght")
    #expect(
      out
        == "torch.Size([1, 3])\n2 3\n"
        + "AttributeError: 'Linear' object has no attribute 'num_embeddings'\n"
        + "torch.Size([4, 2]) 2\n"
        + "AttributeError: 'Embedding' object has no attribute 'wieght'. Did you mean 'weight'?\n")
  }

  @Test func eachElementwiseOpIsAMethodATorchFunctionAndMaybeAFunctional() {
    let session = Session.standard(terminal: MemoryTerminal())
    for op in UnaryElementwiseOp.all {
      #expect(TensorObject.members.member(named: op.name)?.kind == .method, "\(op.name)")
      #expect(session.evaluateForTest("torch.\(op.name)") != nil, "torch.\(op.name)")
      let functional = session.evaluateForTest("F.\(op.name)")
      #expect((functional != nil) == op.isFunctional, "F.\(op.name)")
    }
  }
}

extension Session {
  /// The value of an expression, or nil when it fails.
  fileprivate func evaluateForTest(_ expression: String) -> RValue? {
    try? evaluate(expression)
  }
}
