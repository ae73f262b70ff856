import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// `nn.Module` and its layers at the prompt: registration, traversal, text, state, modes,
/// conversion and errors.
@Suite struct NNModuleTests {
  /// What a script prints when run as a file (no echo of expression statements), errors
  /// included.
  func script(_ text: String) -> String {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.runScript(text + "\n", fileName: "test.py")
    return terminal.output
  }

  /// A script whose every printed line must be PyTorch's: reprs, names, counts, messages.
  static let sameAsPyTorch = """
    import torch
    import torch.nn as nn
    \(LectureListings.bengioNPLM)
    model = BengioNPLM(100, 8, 16, 3)
    print(model)
    print(sum(p.numel() for p in model.parameters()))
    print([(n, list(p.shape)) for n, p in model.named_parameters()])
    print([n for n, _ in model.named_modules()], [n for n, _ in model.named_children()])
    print(BengioNPLM(100, 8, 16, 3, direct=False))
    print(type(model).__name__, isinstance(model, nn.Module), isinstance(model.C, nn.Embedding))
    print(isinstance(model.b, torch.Tensor), isinstance(model.b, nn.Parameter))
    print(nn.Parameter(torch.zeros(2)))
    print(nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Dropout(0.25), nn.Linear(3, 2)))
    print(nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()]))
    print(nn.Sequential(nn.Sequential(nn.Linear(1, 1), nn.Sigmoid()), nn.Identity()))
    print(nn.LayerNorm(10), nn.LayerNorm([2, 3], eps=1e-3, elementwise_affine=False))
    print(nn.LSTM(10, 20, num_layers=2), nn.GRU(3, 5, bidirectional=True, batch_first=True))
    print(nn.RNN(3, 5, nonlinearity='relu', bias=False), nn.RNN(4, 4, dropout=0.5))
    print(nn.Embedding(10, 3, padding_idx=0), nn.Embedding(10, 3, padding_idx=-1))
    print(nn.Softmax(dim=1), nn.LogSoftmax(1), nn.Flatten(), nn.Identity(), nn.ReLU())
    print(nn.CrossEntropyLoss(), nn.MSELoss(reduction='sum'), nn.NLLLoss(), nn.Dropout())
    print([(n, list(p.shape)) for n, p in nn.LSTM(3, 4, num_layers=2, bidirectional=True).named_parameters()])
    print([(n, list(p.shape)) for n, p in nn.GRU(3, 4).named_parameters()])
    print([(n, list(p.shape)) for n, p in nn.RNN(3, 4, bias=False).named_parameters()])
    lin = nn.Linear(3, 2)
    try:
        lin.weight = torch.zeros(2, 3)
    except TypeError as e:
        print(e)
    lin.bias = None
    print(lin, [n for n, _ in lin.named_parameters()], list(lin.state_dict()))
    class NoForward(nn.Module):
        pass
    try:
        NoForward()(1)
    except NotImplementedError as e:
        print(e)
    seq = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2))
    print(list(seq.state_dict()), len(seq), seq[0], seq[-1], seq[1:])
    try:
        seq.load_state_dict({'0.weight': torch.zeros(3, 4), 'extra': torch.zeros(1)})
    except RuntimeError as e:
        print(e)
    try:
        seq.load_state_dict({k: torch.zeros(1) for k in seq.state_dict()})
    except RuntimeError as e:
        print(e)
    print(seq.load_state_dict(seq.state_dict()))
    print(seq.load_state_dict({'0.weight': torch.zeros(3, 4)}, strict=False))
    print(seq.training, seq.eval().training, seq[0].training, seq.train().training, seq[2].training)
    shared = nn.Linear(2, 2)
    twice = nn.Sequential(shared, shared)
    print(len(list(twice.parameters())), [n for n, _ in twice.named_parameters()])
    with torch.no_grad():
        lin = nn.Linear(3, 2)
        lin.weight.copy_(torch.arange(6.0).view(2, 3) / 10)
        lin.bias.fill_(0.5)
    lin(torch.ones(4, 3)).pow(2).sum().backward()
    print(lin.weight.grad, lin.bias.grad)
    total = nn.utils.clip_grad_norm_(lin.parameters(), 1.0)
    print(round(total.item(), 4), lin.weight.grad, lin.bias.grad)
    lin.zero_grad()
    print(lin.weight.grad)
    """

  @Test(.enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"))
  func printsWhatPyTorchPrints() throws {
    let reference = try #require(
      try ReferencePython.run(Self.sameAsPyTorch, deadline: 120),
      "the reference Python did not finish in 120 s")
    try #require(reference.status == 0, "\(reference.standardError)")
    let ours = script(Self.sameAsPyTorch)
    let expected = reference.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
    let printed = ours.split(separator: "\n", omittingEmptySubsequences: false)
    for (k, line) in expected.enumerated() {
      #expect(k < printed.count && printed[k] == line, "line \(k + 1)")
    }
    #expect(printed.count == expected.count, "\(ours)")
  }

  @Test func aStateDictRoundTripGivesTheSameOutputs() {
    let out = script(
      """
      a = nn.Sequential(nn.Embedding(5, 3), nn.Flatten(), nn.Linear(6, 2))
      b = nn.Sequential(nn.Embedding(5, 3), nn.Flatten(), nn.Linear(6, 2))
      x = torch.tensor([[0, 4], [2, 2]])
      print(a(x).tolist() == b(x).tolist())
      b.load_state_dict(a.state_dict())
      print(a(x).tolist() == b(x).tolist())
      """)
    #expect(out == "False\nTrue\n")
  }

  @Test func dropoutFollowsTrainAndEval() {
    let out = script(
      """
      d = nn.Dropout(0.5)
      x = torch.ones(1000)
      y = d(x)
      kept = (y != 0).sum().item()
      print(300 < kept < 700, set(y.tolist()) == {0.0, 2.0})
      d.eval()
      print(d(x).tolist() == x.tolist(), d.training)
      """)
    #expect(out == "True True\nTrue False\n")
  }

  @Test func conversionKeepsEachParameterTheSameObject() {
    let out = script(
      """
      m = nn.Linear(2, 3)
      w = m.weight
      m.double()
      print(w is m.weight, w.dtype, m.bias.dtype, m(torch.ones(1, 2, dtype=torch.float64)).dtype)
      m.to(torch.float32)
      print(w is m.weight, w.dtype, m.to('cpu') is m, m.cpu() is m)
      p = nn.Parameter(torch.ones(2))
      p.data = p.data.double()
      print(p.dtype, isinstance(p, nn.Parameter), p.requires_grad)
      """)
    #expect(
      out
        == "True torch.float64 torch.float64 torch.float64\nTrue torch.float32 True True\n"
        + "torch.float64 True True\n")
  }

  @Test func theGpuIsRefusedWithAClearMessage() {
    for call in ["nn.Linear(2, 2).cuda()", "nn.Linear(2, 2).to('cuda')"] {
      let out = script(call)
      #expect(out.contains("RuntimeError"), "\(call)")
      #expect(out.contains("computes on the CPU only"), "\(call)")
    }
  }

  @Test func aShapeErrorInForwardIsTheEnginesWithTheModulesFrames() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.execute("nn.Linear(3, 2)(torch.ones(2, 4))")
    let error = session.lastError
    #expect(error?.kind == "RuntimeError")
    #expect(error?.message == "mat1 and mat2 shapes cannot be multiplied (2x4 and 3x2)")
    #expect(
      error?.traceback.contains { $0.fileName == "<torch.nn>" && $0.function == "forward" }
        ?? false)
  }

  @Test func assigningBeforeInitIsRefusedAsPyTorchDoes() {
    let out = script(
      """
      class Early(nn.Module):
          def __init__(self):
              self.w = nn.Parameter(torch.zeros(1))
      Early()
      """)
    #expect(out.contains("AttributeError: cannot assign parameters before Module.__init__() call"))
  }

  @Test func theUsersGlobalsDoNotReachTheModulesCode() {
    let out = script(
      """
      F = None
      math = None
      Module = 'mine'
      print(nn.Linear(2, 1)(torch.ones(1, 2)).shape, Module)
      """)
    #expect(out == "torch.Size([1, 1]) mine\n")
  }

  @Test func initialisersDrawFromTheirDistributions() {
    let out = script(
      """
      w = torch.zeros(200, 300)
      nn.init.uniform_(w, -0.5, 0.5)
      print(w.min().item() >= -0.5, w.max().item() < 0.5, abs(w.mean().item()) < 0.01)
      nn.init.normal_(w, 2.0, 0.5)
      print(abs(w.mean().item() - 2) < 0.01, abs(((w - w.mean()) ** 2).mean().sqrt().item() - 0.5) < 0.01)
      nn.init.xavier_uniform_(w)
      bound = (6 / 500) ** 0.5
      print(w.abs().max().item() <= bound, w.abs().max().item() > 0.99 * bound)
      nn.init.kaiming_uniform_(w, a=5 ** 0.5)
      print(w.abs().max().item() <= 1 / 300 ** 0.5)
      nn.init.constant_(w, 3.0)
      print(w.min().item(), nn.init.zeros_(w).max().item(), nn.init.ones_(w).min().item())
      """)
    #expect(out == "True True True\nTrue True\nTrue True\nTrue\n3.0 0.0 1.0\n")
  }

  @Test func layersAreInitialisedAsPyTorchsAre() {
    let out = script(
      """
      l = nn.Linear(400, 300)
      b = 1 / 400 ** 0.5
      print(l.weight.abs().max().item() <= b * (1 + 1e-6), l.weight.abs().max().item() > 0.99 * b)
      e = nn.Embedding(300, 400)
      print(abs(e.weight.mean().item()) < 0.03, abs(((e.weight - e.weight.mean()) ** 2).mean().sqrt().item() - 1) < 0.03)
      r = nn.LSTM(10, 100)
      # float32 elements: ±0.1 itself rounds to 0.10000000149
      print(max(p.abs().max().item() for p in r.parameters()) <= 0.1 * (1 + 1e-6))
      """)
    #expect(out == "True True\nTrue True\nTrue\n")
  }

  @Test func clipGradValueLimitsEveryElement() {
    let out = script(
      """
      p = nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
      (p * torch.tensor([1.0, -5.0, 0.2])).sum().backward()
      nn.utils.clip_grad_value_([p], 0.5)
      print(p.grad.tolist())
      """)
    #expect(out == "[0.5, -0.5, 0.20000000298023224]\n")
  }

  @Test func badRecurrentArgumentsAreRefused() {
    #expect(script("nn.LSTM(3, 0)").contains("ValueError: hidden_size must be greater than zero"))
    #expect(script("nn.RNN(3, 4, nonlinearity='sigmoid')").contains("Unknown nonlinearity"))
    #expect(script("nn.GRU(3, 4, dropout=2)").contains("ValueError: dropout should be"))
  }

  /// The word-language-model loop without its recurrent layer: log_softmax, NLLLoss,
  /// clip_grad_norm_ and the hand-written update `p.data.add_(p.grad, alpha=-lr)`.
  @Test func aHandWrittenTrainingLoopLowersTheLoss() {
    let out = script(
      """
      torch.manual_seed(3)
      model = nn.Sequential(nn.Embedding(20, 8), nn.Tanh(), nn.Linear(8, 20), nn.LogSoftmax(dim=1))
      criterion = nn.NLLLoss()
      data = torch.randint(0, 20, (32,))
      targets = torch.randint(0, 20, (32,))
      first = None
      for step in range(30):
          model.zero_grad()
          loss = criterion(model(data), targets)
          loss.backward()
          norm = nn.utils.clip_grad_norm_(model.parameters(), 0.5)
          for p in model.parameters():
              p.data.add_(p.grad, alpha=-1.0)
          first = loss.item() if first is None else first
      print(loss.item() < first, norm.item() > 0)
      """)
    #expect(out == "True True\n")
  }
}
