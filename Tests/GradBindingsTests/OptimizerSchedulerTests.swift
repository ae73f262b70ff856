import Testing

@testable import GradBindings

/// torch.optim over any iterable and over parameter groups, with zero_grad(set_to_none=),
/// param_groups and the lr schedulers, against PyTorch's own run of the same program.
@Suite struct OptimizerSchedulerTests {
  static let program = """
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor([0.5], requires_grad=True)
    opt = torch.optim.SGD([{'params': [w], 'lr': 0.1}, {'params': iter([b])}], lr=0.01, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    for epoch in range(5):
        opt.zero_grad()
        loss = (w ** 2).sum() + (b * 3).sum()
        loss.backward()
        opt.step()
        sched.step()
        print(epoch, sched.get_last_lr(), opt.param_groups[0]['lr'], w.tolist(), b.tolist())
    opt.param_groups[1]['lr'] = 0.2
    opt.zero_grad(set_to_none=False)
    print(w.grad, b.grad)
    opt.zero_grad()
    print(w.grad)
    a = torch.optim.Adam((p for p in [w, b]), lr=0.1)
    e = torch.optim.lr_scheduler.ExponentialLR(a, gamma=0.9)
    for i in range(3):
        a.zero_grad()
        ((w * b).sum() ** 2).backward()
        a.step()
        e.step()
    print(e.get_last_lr(), w.tolist(), b.tolist())
    print(opt.state_dict()['param_groups'][1]['params'], len(opt.param_groups))
    p = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (p * p).sum().backward()
    _ = p.data.add_(p.grad, alpha=-0.1)
    _ = p.data.sub_(p.grad, alpha=0.5)
    _ = p.data.mul_(2)
    _ = p.data.div_(4)
    print(p.tolist(), p.requires_grad, p.data.requires_grad)
    """

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func trainingWithGroupsAndSchedulesMatchesPyTorch() throws {
    let (ours, theirs) = try #require(try printedHereAndInPyTorch(Self.program))
    expectSameNumbers(ours, theirs, relative: 1e-5, absolute: 1e-6)
    #expect(ours.contains("tensor([0., 0.]) tensor([0.])\nNone\n"))
  }

  @Test func settingTheGroupLearningRateChangesTheNextStep() {
    let out = run(
      "w = torch.tensor([1.0], requires_grad=True)",
      "opt = torch.optim.SGD(iter([w]), lr=0.5)",
      "opt.param_groups[0]['lr'] = 0.25",
      "(w * 2).sum().backward()",
      "opt.step()",
      "print(w.tolist(), opt.lr)")
    #expect(out == "[0.5] 0.25\n")
  }

  @Test func mulAndDivTakeNoAlpha() {
    let out = run("x = torch.ones(2)", "x.mul_(2, alpha=3)")
    #expect(out.contains("TypeError"))
  }
}
