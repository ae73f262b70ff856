import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// RNN, LSTM and GRU forward and backward against PyTorch from the same weights (copied
/// through `load_state_dict`): outputs, final states and every gradient within 1e-10 in
/// float64 and 1e-5 relative in float32. They need the fused kernels behind `torch._VF`;
/// until those are present they are skipped.
@Suite struct NNRecurrentModuleTests {
  /// Whether `torch._VF` (the native recurrent kernels) exists in the standard session.
  static let kernelsPresent: Bool = {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.execute("print(hasattr(torch, '_VF'))")
    return terminal.take() == "True\n"
  }()

  typealias Case = NNModuleReferenceTests.Case

  /// The output sequence, then every final state, as one vector.
  static let plain = "torch.cat([o[0].flatten(), o[1].flatten()])"
  static let lstm = "torch.cat([o[0].flatten(), o[1][0].flatten(), o[1][1].flatten()])"
  static let f64 = "dtype=torch.float64, requires_grad=True"

  static let float64Cases: [Case] = [
    Case(make: "nn.RNN(3, 4).double()", input: "torch.randn(5, 2, 3, \(f64))", output: plain),
    Case(
      make: "nn.RNN(3, 4, nonlinearity='relu', num_layers=2).double()",
      input: "torch.randn(5, 2, 3, \(f64))", output: plain),
    Case(
      make: "nn.RNN(3, 4, bias=False, batch_first=True).double()",
      input: "torch.randn(2, 5, 3, \(f64))", output: plain),
    Case(make: "nn.RNN(3, 4).double()", input: "torch.randn(5, 3, \(f64))", output: plain),
    Case(make: "nn.LSTM(3, 4).double()", input: "torch.randn(5, 2, 3, \(f64))", output: lstm),
    Case(
      make: "nn.LSTM(3, 4, num_layers=2, batch_first=True).double()",
      input: "torch.randn(2, 5, 3, \(f64))", output: lstm),
    Case(make: "nn.LSTM(3, 4).double()", input: "torch.randn(5, 3, \(f64))", output: lstm),
    Case(make: "nn.GRU(3, 4).double()", input: "torch.randn(5, 2, 3, \(f64))", output: plain),
    Case(
      make: "nn.GRU(3, 4, num_layers=2, bias=False).double()",
      input: "torch.randn(5, 2, 3, \(f64))", output: plain),
    Case(make: "nn.GRU(3, 4).double()", input: "torch.randn(5, 3, \(f64))", output: plain),
  ]

  static let float32Cases: [Case] = [
    Case(make: "nn.RNN(3, 4)", input: "torch.randn(5, 2, 3, requires_grad=True)", output: plain),
    Case(make: "nn.LSTM(3, 4)", input: "torch.randn(5, 2, 3, requires_grad=True)", output: lstm),
    Case(make: "nn.GRU(3, 4)", input: "torch.randn(5, 2, 3, requires_grad=True)", output: plain),
  ]

  @Test(
    .enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"),
    .enabled(if: kernelsPresent, "torch._VF (the fused recurrent kernels) is not in this build"))
  func float64OutputsStatesAndGradientsMatchPyTorch() throws {
    try NNModuleReferenceTests.compare(Self.float64Cases, float64: true, tolerance: 1e-10)
  }

  @Test(
    .enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"),
    .enabled(if: kernelsPresent, "torch._VF (the fused recurrent kernels) is not in this build"))
  func float32OutputsStatesAndGradientsMatchPyTorch() throws {
    try NNModuleReferenceTests.compare(Self.float32Cases, float64: false, tolerance: 1e-5)
  }

  /// The word-language-model loop: Embedding → LSTM → Linear → log_softmax, NLLLoss,
  /// clip_grad_norm_ and a hand-written SGD step, as the lecture types it.
  @Test(
    .enabled(if: kernelsPresent, "torch._VF (the fused recurrent kernels) is not in this build"))
  func theWordLanguageModelLoopTrains() {
    let out = run(
      """
      class RNNModel(nn.Module):
          def __init__(self, ntoken, ninp, nhid, nlayers):
              super().__init__()
              self.encoder = nn.Embedding(ntoken, ninp)
              self.rnn = nn.LSTM(ninp, nhid, nlayers)
              self.decoder = nn.Linear(nhid, ntoken)
          def forward(self, input, hidden):
              emb = self.encoder(input)
              output, hidden = self.rnn(emb, hidden)
              decoded = self.decoder(output).view(-1, self.decoder.out_features)
              return F.log_softmax(decoded, dim=1), hidden
      _ = torch.manual_seed(1)
      model = RNNModel(20, 8, 16, 2)
      criterion = nn.NLLLoss()
      data = torch.randint(0, 20, (6, 4))
      targets = torch.randint(0, 20, (24,))
      losses = []
      for step in range(20):
          model.zero_grad()
          output, hidden = model(data, None)
          loss = criterion(output, targets)
          loss.backward()
          _ = nn.utils.clip_grad_norm_(model.parameters(), 0.25)
          for p in model.parameters():
              _ = p.data.add_(p.grad, alpha=-1.0)
          losses.append(loss.item())
      print(losses[-1] < losses[0], list(hidden[0].shape), list(hidden[1].shape))
      """)
    #expect(out == "True [2, 4, 16] [2, 4, 16]\n")
  }
}
