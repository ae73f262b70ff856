import GradLanguage
import Testing

@testable import GradBindings

/// Tensor sessions as a student types them, and exactly the screen they see. The expected
/// tensor text was produced by PyTorch 2 from the same lines.
@Suite struct TensorTranscriptTests {
  @Test func lectureAutogradExample() {
    let screen = transcript([
      "x = torch.ones(2, 2, requires_grad=True)",
      "y = x + 2",
      "z = y * y * 3",
      "out = z.mean()",
      "out.backward()",
      "x.grad",
      "y",
      "z",
      "out",
      "x.shape",
      "y.grad_fn.name()",
    ])
    #expect(
      screen == """
        >>> x = torch.ones(2, 2, requires_grad=True)
        >>> y = x + 2
        >>> z = y * y * 3
        >>> out = z.mean()
        >>> out.backward()
        >>> x.grad
        tensor([[4.5000, 4.5000],
                [4.5000, 4.5000]])
        >>> y
        tensor([[3., 3.],
                [3., 3.]], grad_fn=<AddBackward0>)
        >>> z
        tensor([[27., 27.],
                [27., 27.]], grad_fn=<MulBackward0>)
        >>> out
        tensor(27., grad_fn=<MeanBackward0>)
        >>> x.shape
        torch.Size([2, 2])
        >>> y.grad_fn.name()
        'AddBackward0'

        """)
  }

  @Test func gradientsAccumulateOverBackwardCallsUntilZeroed() {
    let screen = transcript([
      "a = torch.ones(2, requires_grad=True)",
      "(a * 3).sum().backward()",
      "a.grad",
      "(a * 3).sum().backward()",
      "a.grad",
      "a.grad.zero_()",
      "(a * a).sum().backward()",
      "a.grad",
    ])
    #expect(
      screen == """
        >>> a = torch.ones(2, requires_grad=True)
        >>> (a * 3).sum().backward()
        >>> a.grad
        tensor([3., 3.])
        >>> (a * 3).sum().backward()
        >>> a.grad
        tensor([6., 6.])
        >>> a.grad.zero_()
        tensor([0., 0.])
        >>> (a * a).sum().backward()
        >>> a.grad
        tensor([2., 2.])

        """)
  }

  @Test func viewsShareStorageAndClonesDoNot() {
    let screen = transcript([
      "c = torch.zeros(4)",
      "v = c[1:3]",
      "v.add_(5)",
      "c",
      "c.data_ptr() == v.data_ptr(), v.storage_offset(), c.storage_offset()",
      "c.data_ptr() == c.view(2, 2).data_ptr()",
      "d = c.clone()",
      "d[0] = 9",
      "c, d",
      "c.data_ptr() == d.data_ptr()",
      "t = c.view(2, 2).T",
      "t.is_contiguous(), t.contiguous().is_contiguous()",
      "t.stride()",
    ])
    #expect(
      screen == """
        >>> c = torch.zeros(4)
        >>> v = c[1:3]
        >>> v.add_(5)
        tensor([5., 5.])
        >>> c
        tensor([0., 5., 5., 0.])
        >>> c.data_ptr() == v.data_ptr(), v.storage_offset(), c.storage_offset()
        (False, 1, 0)
        >>> c.data_ptr() == c.view(2, 2).data_ptr()
        True
        >>> d = c.clone()
        >>> d[0] = 9
        >>> c, d
        (tensor([0., 5., 5., 0.]), tensor([9., 5., 5., 0.]))
        >>> c.data_ptr() == d.data_ptr()
        False
        >>> t = c.view(2, 2).T
        >>> t.is_contiguous(), t.contiguous().is_contiguous()
        (False, True)
        >>> t.stride()
        (1, 2)

        """)
  }

  @Test func trainingLoopWithLinearAndSGDLowersTheLoss() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    let screen = transcript(
      [
        "X = torch.randn(64, 3)",
        "Y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3",
        "model = nn.Linear(3, 1)",
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)",
        "losses = []",
        "for step in range(50):",
        "    opt.zero_grad()",
        "    loss = ((model(X) - Y) ** 2).mean()",
        "    loss.backward()",
        "    opt.step()",
        "    losses.append(loss.item())",
        "",
        "all([losses[k + 1] < losses[k] for k in range(49)])",
        "losses[-1] < losses[0] / 100",
        "len(list(model.parameters())), model.weight.shape, model.bias.shape",
      ], session: session)
    #expect(
      screen.hasSuffix(
        """
        >>> all([losses[k + 1] < losses[k] for k in range(49)])
        True
        >>> losses[-1] < losses[0] / 100
        True
        >>> len(list(model.parameters())), model.weight.shape, model.bias.shape
        (2, torch.Size([1, 3]), torch.Size([1]))

        """))
  }

  @Test func printingIntFloat64AndBoolTensors() {
    let screen = transcript([
      "torch.tensor([[1, 2, 3], [4, 5, 6]])",
      "torch.tensor([1.5, -2.25, 3.0], dtype=torch.float64)",
      "torch.tensor([True, False])",
      "torch.full((2, 2), 7)",
      "torch.tensor([1, 2, 3]) ** 2",
      "[torch.tensor([1, 2]), torch.tensor(3.5)]",
      "print(torch.tensor([0.5, 1]))",
    ])
    #expect(
      screen == """
        >>> torch.tensor([[1, 2, 3], [4, 5, 6]])
        tensor([[1, 2, 3],
                [4, 5, 6]])
        >>> torch.tensor([1.5, -2.25, 3.0], dtype=torch.float64)
        tensor([ 1.5000, -2.2500,  3.0000], dtype=torch.float64)
        >>> torch.tensor([True, False])
        tensor([ True, False])
        >>> torch.full((2, 2), 7)
        tensor([[7, 7],
                [7, 7]])
        >>> torch.tensor([1, 2, 3]) ** 2
        tensor([1, 4, 9])
        >>> [torch.tensor([1, 2]), torch.tensor(3.5)]
        [tensor([1, 2]), tensor(3.5000)]
        >>> print(torch.tensor([0.5, 1]))
        tensor([0.5000, 1.0000])

        """)
  }

  @Test func bigTensorsPrintSummarised() {
    let screen = transcript([
      "torch.arange(2000).reshape(40, 50)",
      "torch.arange(1500.0) / 7",
    ])
    #expect(
      screen == """
        >>> torch.arange(2000).reshape(40, 50)
        tensor([[   0,    1,    2,  ...,   47,   48,   49],
                [  50,   51,   52,  ...,   97,   98,   99],
                [ 100,  101,  102,  ...,  147,  148,  149],
                ...,
                [1850, 1851, 1852,  ..., 1897, 1898, 1899],
                [1900, 1901, 1902,  ..., 1947, 1948, 1949],
                [1950, 1951, 1952,  ..., 1997, 1998, 1999]])
        >>> torch.arange(1500.0) / 7
        tensor([0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 2.1386e+02, 2.1400e+02,
                2.1414e+02])

        """)
  }

  @Test func hooksRetainGradAndNoGrad() {
    let screen = transcript([
      "x = torch.tensor([1.0, 2.0], requires_grad=True)",
      "y = x * x",
      "y.retain_grad()",
      "y.register_hook(lambda g: g * 10)",
      "y.sum().backward()",
      "y.grad, x.grad",
      "def doubled():",
      "    return x * 2",
      "",
      "r = torch.no_grad(doubled)",
      "r.requires_grad, (x * 2).requires_grad",
      "x.is_leaf, y.is_leaf, y.grad_fn, x.grad_fn",
    ])
    #expect(
      screen.hasSuffix(
        """
        >>> y.sum().backward()
        >>> y.grad, x.grad
        (tensor([10., 10.]), tensor([20., 40.]))
        >>> def doubled():
        ...     return x * 2
        ... 
        >>> r = torch.no_grad(doubled)
        >>> r.requires_grad, (x * 2).requires_grad
        (False, True)
        >>> x.is_leaf, y.is_leaf, y.grad_fn, x.grad_fn
        (True, False, <MulBackward0 object>, None)

        """))
  }

  @Test func indexingSlicingAndAssignment() {
    let screen = transcript([
      "a = torch.arange(12).view(3, 4)",
      "a[0], a[-1, -1], a[:, 1], a[1:3, ::2]",
      "a[0] = 100",
      "a[:, 3] = torch.tensor([7, 8, 9])",
      "a",
      "a[[0, 2]]",
      "a[None].shape, len(a), [r.sum().item() for r in a]",
    ])
    #expect(
      screen == """
        >>> a = torch.arange(12).view(3, 4)
        >>> a[0], a[-1, -1], a[:, 1], a[1:3, ::2]
        (tensor([0, 1, 2, 3]), tensor(11), tensor([1, 5, 9]), tensor([[ 4,  6],
                [ 8, 10]]))
        >>> a[0] = 100
        >>> a[:, 3] = torch.tensor([7, 8, 9])
        >>> a
        tensor([[100, 100, 100,   7],
                [  4,   5,   6,   8],
                [  8,   9,  10,   9]])
        >>> a[[0, 2]]
        tensor([[100, 100, 100,   7],
                [  8,   9,  10,   9]])
        >>> a[None].shape, len(a), [r.sum().item() for r in a]
        (torch.Size([1, 3, 4]), 3, [307, 23, 36])

        """)
  }

  @Test func manualUpdatesUnderNoGradAndThroughData() {
    let screen = transcript([
      "w = torch.tensor([1.0, 2.0], requires_grad=True)",
      "(w * w).sum().backward()",
      "def update():",
      "    w.sub_(0.25 * w.grad)",
      "",
      "torch.no_grad(update)",
      "w",
      "w.data -= w.grad",
      "w, w.requires_grad, w.is_leaf",
      "torch.no_grad(lambda: w * 2).requires_grad",
      "torch.is_grad_enabled(), torch.no_grad(torch.is_grad_enabled)",
    ])
    #expect(
      screen.hasSuffix(
        """
        >>> torch.no_grad(update)
        >>> w
        tensor([0.5000, 1.0000], requires_grad=True)
        >>> w.data -= w.grad
        >>> w, w.requires_grad, w.is_leaf
        (tensor([-1.5000, -3.0000], requires_grad=True), True, True)
        >>> torch.no_grad(lambda: w * 2).requires_grad
        False
        >>> torch.is_grad_enabled(), torch.no_grad(torch.is_grad_enabled)
        (True, False)

        """))
  }

  @Test func backwardWithRetainGraphAndAnExplicitGradient() {
    let screen = transcript([
      "x = torch.tensor([1.0, 2.0], requires_grad=True)",
      "y = (x * x).sum()",
      "y.backward(retain_graph=True)",
      "y.backward()",
      "x.grad",
      "z = x * 3",
      "z.backward(gradient=torch.tensor([1.0, 0.5]))",
      "x.grad",
    ])
    #expect(
      screen.hasSuffix(
        """
        >>> y.backward(retain_graph=True)
        >>> y.backward()
        >>> x.grad
        tensor([4., 8.])
        >>> z = x * 3
        >>> z.backward(gradient=torch.tensor([1.0, 0.5]))
        >>> x.grad
        tensor([7.0000, 9.5000])

        """))
  }
}
