import GradLanguage
import Testing

@testable import GradBindings

/// Bad tensor input at the prompt: one error line each, named as PyTorch names it, and the
/// session goes on with its variables.
@Suite struct TensorErrorTests {
  /// Runs `line` after `setup` in a fresh session; returns what the line printed and whether
  /// the session still answers afterwards.
  private func error(_ line: String, after setup: [String] = []) -> (text: String, alive: Bool) {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    for s in setup { _ = session.execute(s) }
    _ = terminal.take()
    let status = session.execute(line)
    let text = terminal.take()
    _ = session.execute("1 + 1")
    let alive = terminal.take() == "2\n" && status == .failed
    return (text, alive)
  }

  @Test func shapeMismatchNamesBothShapes() {
    let (text, alive) = error("torch.ones(2, 3) + torch.ones(2)")
    #expect(text.hasPrefix("RuntimeError: add: shapes (2, 3) and (2,) cannot be broadcast"))
    #expect(text.split(separator: "\n").count == 1)
    #expect(alive)
    let (matmul, _) = error("torch.ones(2, 3) @ torch.ones(4, 5)")
    #expect(
      matmul
        == "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)\n")
    let (view, _) = error("torch.ones(2).view(3)")
    #expect(view == "RuntimeError: shape '[3]' is invalid for input of size 2\n")
  }

  @Test func dtypeErrors() {
    let (grad, alive) = error("torch.tensor([1, 2]).requires_grad_()")
    #expect(
      grad.hasPrefix(
        "RuntimeError: only tensors of floating point dtype can require gradients (this one "
          + "is torch.int64)"))
    #expect(alive)
    let (created, _) = error("torch.ones(2, dtype=torch.int64, requires_grad=True)")
    #expect(created.hasPrefix("RuntimeError: only tensors of floating point dtype"))
    let (target, _) = error("F.cross_entropy(torch.ones(2, 3), torch.tensor([0.0, 1.0]))")
    #expect(
      target
        == "RuntimeError: cross_entropy: target must hold class indices as int64, got "
        + "torch.float32\n")
    let (index, _) = error("torch.ones(3)[torch.tensor([0.5])]")
    #expect(
      index == "IndexError: tensors used as indices must be long, int, byte or bool tensors\n")
  }

  @Test func indexOutOfRange() {
    let (text, alive) = error("x[5]", after: ["x = torch.ones(2)"])
    #expect(text == "IndexError: index 5 is out of bounds for dimension 0 with size 2\n")
    #expect(alive)
    let (dim, _) = error("torch.ones(2).sum(dim=9)")
    #expect(dim.hasPrefix("IndexError: sum: dimension 9 out of range"))
    let (many, _) = error("torch.ones(2, 3)[0, 0, 0]")
    #expect(many == "IndexError: too many indices for tensor of dimension 2 (got 3)\n")
    let (step, _) = error("torch.ones(3)[::-1]")
    #expect(step == "ValueError: step must be greater than zero\n")
  }

  @Test func backwardOnANonScalar() {
    let (text, alive) = error("torch.ones(2, 2, requires_grad=True).sum(dim=0).backward()")
    #expect(text.hasPrefix("RuntimeError: grad can be implicitly created only for scalar outputs"))
    #expect(alive)
    let (twice, _) = error(
      "y.sum().backward()",
      after: ["y = torch.ones(2, requires_grad=True) * 2", "y.sum().backward()"]
    )
    #expect(twice.hasPrefix("RuntimeError: Trying to backward through the graph a second time"))
    #expect(twice.contains("Specify retain_graph=True"))
  }

  @Test func inPlaceOnALeafThatRequiresGrad() {
    let (text, alive) = error("x.add_(1)", after: ["x = torch.ones(2, requires_grad=True)"])
    #expect(text.hasPrefix("RuntimeError: add_: a leaf tensor that requires grad"))
    #expect(text.contains("torch.no_grad(fn)"))
    #expect(alive)
  }

  @Test func memoryCap() {
    let (text, alive) = error("torch.zeros(1000000, 1000000)")
    #expect(text.hasPrefix("RuntimeError: tensor of 1000000000000 elements"))
    #expect(text.contains("exceeds the memory cap"))
    #expect(!text.contains("MemoryLimit"))
    #expect(alive)
  }

  @Test func valuesAndTensorsDoNotMix() {
    for line in [
      "Value(2.0) + torch.ones(2)", "torch.ones(2) * Value(3.0)", "torch.tensor([Value(1.0)])",
    ] {
      let (text, alive) = error(line)
      #expect(text.hasPrefix("TypeError: "), "\(line)")
      #expect(text.contains("micrograd Values and tensors do not mix"), "\(line)")
      #expect(alive)
    }
  }

  @Test func wrongTypesAndArguments() {
    let cases: [(String, String)] = [
      ("torch.ones(2) + 'a'", "TypeError: unsupported operand type(s) for +: 'Tensor' and 'str'\n"),
      ("torch.ones(2) @ 3", "TypeError: matmul(): argument 'other' must be Tensor, not int\n"),
      (
        "torch.ones(2) << 2",
        "TypeError: unsupported operand type(s) for <<: 'Tensor' and 'int' "
          + "(tensors take + - * / // % ** @ here, and & | ^ between bool masks)\n"
      ),
      (
        "torch.ones(2).foo",
        "AttributeError: 'Tensor' object has no attribute 'foo'. Did you "
          + "mean 'floor'?\n"
      ),
      (
        "torch.ones(2).sum(dimm=0)",
        "TypeError: sum() got an unexpected keyword argument "
          + "'dimm'. Did you mean 'dim'?\n"
      ),
      (
        "torch.ones(2).item()",
        "RuntimeError: item(): a tensor with 2 elements cannot be "
          + "converted to a scalar\n"
      ),
      (
        "torch.tensor([[1, 2], [3]])",
        "RuntimeError: tensor(): the nested list is ragged "
          + "(expected a sequence of length 2 at depth 1, got 1)\n"
      ),
      (
        "torch.tensor('a')",
        "TypeError: tensor(): could not make a tensor from 'str' (expected "
          + "numbers or nested lists)\n"
      ),
      ("len(torch.tensor(3))", "TypeError: object of type 'Tensor' has no len()\n"),
      (
        "torch.ones(2).shape = 4",
        "AttributeError: attribute 'shape' of 'Tensor' objects is "
          + "not writable\n"
      ),
      (
        "torch.ones(2).requires_grad = 3",
        "TypeError: requires_grad must be True or False, not "
          + "'int'\n"
      ),
      ("torch.zeros(-1)", "RuntimeError: shape (-1,) has a negative dimension\n"),
      ("torch.optim.SGD([])", "ValueError: SGD(): optimizer got an empty parameter list\n"),
      ("torch.no_grad(5)", "TypeError: 'int' object is not callable\n"),
      (
        "torch.tensor([1.0]).to('cuda')",
        "RuntimeError: this build of gradrepl computes on the CPU only, so tensors cannot move "
          + "to 'cuda'; leave out .to('cuda') / .cuda() (torch.cuda.is_available() is False)\n"
      ),
      (
        "torch.load('/nonexistent/file.npy')",
        "FileNotFoundError: No such file or directory: "
          + "'/nonexistent/file.npy'\n"
      ),
      (
        "F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1, 2]))",
        "ValueError: "
          + "cross_entropy: expected logits (N, C) with target (N), or logits (C) with a 0-d "
          + "target; got (2, 3) and (3,)\n"
      ),
    ]
    for (line, expected) in cases {
      let (text, alive) = error(line)
      #expect(text == expected, "\(line)")
      #expect(alive, "\(line)")
    }
  }

  @Test func integerExtremesDoNotTrap() {
    #expect(eval("torch.tensor(9223372036854775807).item()") == "9223372036854775807")
    #expect(eval("torch.tensor(2) ** 62") == "tensor(4611686018427387904)")
    let (negative, alive) = error("torch.tensor(2) ** -1")
    #expect(
      negative == "RuntimeError: Integers to negative integer powers are not allowed.\n")
    #expect(alive)
    let (huge, _) = error("nn.Linear(10**6, 10**6)")
    #expect(huge.contains("RuntimeError: tensor of 1000000000000 elements"))
    #expect(huge.contains("exceeds the memory cap"))
    let (negativeSize, negativeAlive) = error("nn.Linear(-1, 2)")
    #expect(negativeSize.hasSuffix("RuntimeError: shape (2, -1) has a negative dimension\n"))
    #expect(negativeAlive)
    #expect(eval("torch.tensor([5]) + 9007199254740993") == "tensor([9007199254740998])")
    let (list, listAlive) = error("torch.zeros(20000000, dtype=torch.bool).tolist()")
    #expect(list.hasPrefix("MemoryError: tolist() would make 20000000 items"))
    #expect(listAlive)
    let (loop, _) = error("for r in torch.zeros(20000000, dtype=torch.bool): pass")
    #expect(loop.hasPrefix("MemoryError: iterating over a tensor would make 20000000 items"))
    let (range, _) = error("torch.arange(0, 1e30)")
    #expect(range == "RuntimeError: arange(): step must be non-zero and the range finite\n")
  }

  @Test func extremeIntegersGiveErrorsNotTraps() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.execute("m = -9223372036854775807 - 1")
    _ = session.execute("M = 9223372036854775807")
    let lines = [
      "torch.ones(3)[m]", "torch.ones(3)[M]", "torch.ones(3)[m:M:M]", "torch.ones(3).select(0, m)",
      "torch.ones(3).transpose(m, 0)", "torch.ones(2).size(m)", "torch.ones(2).stride(M)",
      "torch.ones(2).unsqueeze(M)", "torch.ones(2).flatten(m, M)", "torch.ones(2, 2).max(dim=m)",
      "torch.ones(2, 2).narrow(0, M, M)", "torch.cat([torch.ones(2)], dim=m)",
      "torch.ones(2).split(M)", "torch.ones(2).chunk(M)", "torch.ones(2).chunk(m)",
      "torch.ones(4).view(m, 2)", "torch.ones(3).expand(M)", "torch.eye(M)", "torch.full((M,), 1)",
      "torch.ones(2**40, 2**40)", "torch.zeros(0, M)", "torch.tensor([m]) - 1",
      "-torch.tensor([m])", "torch.tensor([2]) ** M", "F.one_hot(torch.tensor([M]))",
      "F.one_hot(torch.tensor([1]), M)", "nn.Embedding(3, 2)(torch.tensor([M]))",
      "F.cross_entropy(torch.ones(1, 3), torch.tensor([1]), ignore_index=m)",
      "torch.randint(m, M, (2,))", "torch.manual_seed(m)", "torch.Size([M, M]).numel()",
      "torch.optim.Adam([torch.ones(1, requires_grad=True)], betas=(2, 3))",
    ]
    for line in lines {
      _ = session.execute(line)
      let text = terminal.take()
      // An error raised inside nn's own code comes with its traceback: the error is the
      // last line.
      let lines = text.split(separator: "\n")
      let firstLine =
        (lines.first == "Traceback (most recent call last):" ? lines.last : lines.first)
        .map(String.init) ?? ""
      let known = ["IndexError", "RuntimeError", "ValueError", "OverflowError", "MemoryError"]
      let isError = known.contains { firstLine.hasPrefix($0 + ": ") }
      #expect(
        isError || firstLine.hasPrefix("tensor(") || firstLine.hasPrefix("(tensor(")
          || firstLine.hasPrefix("torch.return_types.")
          || firstLine.hasPrefix("<torch._C.Generator object at 0x") || text.isEmpty,
        "\(line): \(text)")
    }
    _ = session.execute("torch.optim.Adam([torch.ones(1, requires_grad=True)], lr=-1)")
    #expect(terminal.take().contains("need lr ≥ 0, eps ≥ 0, weight_decay ≥ 0"))
    _ = session.execute("'alive'")
    #expect(terminal.take() == "'alive'\n")
  }
}
