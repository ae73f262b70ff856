// vf-lstm: the recurrent kernel behind nn.LSTM (`torch._VF.lstm`), forward and backward, at
// word_language_model's shape, against PyTorch's `torch._VF.lstm` on the same shape; one
// thread on both sides.
//
// Shape key: T 35 time steps, B 20 batch, I 200 input features, H 200 hidden units, L 2
// layers, dropout 0.2 between them (training), float32. One call: forward from zero states,
// then backward from a fixed random ∂L/∂output (h_n and c_n unused, as in the LM loop), the
// gradients of the input and the 8 weights set to None before each call.
//
// Keys: vf_lstm_fwd_bwd_ms and vf_lstm_forward_ms (no grad); with --reference the PyTorch
// figures as torch_vf_lstm_… and vf_lstm_fwd_bwd_vs_torch = PyTorch ms / ours (> 1: faster).
import Foundation
import GradModels
import GradTensor

enum VFRecurrentBench {
  static let (steps, batch, inputSize, hidden, layers, dropout) = (35, 20, 200, 200, 2, 0.2)

  /// The same workload in PyTorch; prints the torch_ keys.
  static let referenceScript = """
    import sys, time, torch
    torch.set_num_threads(1)
    torch.manual_seed(0)
    seconds = float(sys.argv[1])
    T, B, I, H, L, p = 35, 20, 200, 200, 2, 0.2
    k = H ** -0.5
    x = torch.randn(T, B, I, requires_grad=True)
    h0, c0 = torch.zeros(L, B, H), torch.zeros(L, B, H)
    ws = []
    for l in range(L):
        for s in [(4 * H, I if l == 0 else H), (4 * H, H), (4 * H,), (4 * H,)]:
            ws.append(torch.empty(s).uniform_(-k, k).requires_grad_())
    g = torch.randn(T, B, H)
    def train():
        for t in [x] + ws:
            t.grad = None
        out, hn, cn = torch._VF.lstm(x, (h0, c0), ws, True, L, p, True, False, False)
        out.backward(g)
    def forward():
        with torch.no_grad():
            torch._VF.lstm(x, (h0, c0), ws, True, L, p, False, False, False)
    def rate(body, seconds):
        for _ in range(3):
            body()
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            body()
            n += 1
        return 1000 * (time.perf_counter() - start) / n
    print(f"INFO torch={torch.__version__} threads={torch.get_num_threads()}")
    print(f"RESULT torch_vf_lstm_fwd_bwd_ms={rate(train, seconds):.3f} ms")
    print(f"RESULT torch_vf_lstm_forward_ms={rate(forward, seconds / 2):.3f} ms")
    """

  static func run(_ args: [String]) throws {
    var seconds = 5.0
    var reference = false
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--reference": reference = true
      case "--seconds":
        i += 1
        guard i < args.count, let s = Double(args[i]), s > 0 else {
          throw ModelError.invalidArgument("--seconds needs a positive number")
        }
        seconds = s
      default:
        throw ModelError.invalidArgument("unknown option \(args[i]) (use --reference, --seconds S)")
      }
      i += 1
    }
    BLAS.threadCount = 1
    print("INFO blas=\(BLAS.kernelDescription)")
    let (T, B, I, H, L) = (steps, batch, inputSize, hidden, layers)
    manualSeed(0)
    let x = try Tensor.randn([T, B, I], requiresGrad: true)
    let h0 = try Tensor.zeros([L, B, H])
    let c0 = try Tensor.zeros([L, B, H])
    let bound = 1 / Double(H).squareRoot()
    var weights: [Tensor] = []
    for l in 0..<L {
      for shape in [[4 * H, l == 0 ? I : H], [4 * H, H], [4 * H], [4 * H]] {
        let w = try Tensor.rand(shape) * (2 * bound) - bound
        weights.append(try w.detach().requiresGrad_())
      }
    }
    let g = try Tensor.randn([T, B, H])
    func call(training: Bool) throws -> StackedRecurrentResult {
      try stackedRecurrent(
        .lstm, input: x, hidden: h0, cell: c0, weights: weights, hasBiases: true,
        layerCount: L, dropout: dropout, training: training, bidirectional: false,
        batchFirst: false)
    }
    let train = try ModelBench.rate(seconds: seconds) {
      for t in [x] + weights { t.grad = nil }
      try call(training: true).output.backward(gradient: g)
    }
    let forward = try ModelBench.rate(seconds: seconds / 2) {
      _ = try noGrad { try call(training: false) }
    }
    let ours = ["vf_lstm_fwd_bwd_ms": 1000 / train, "vf_lstm_forward_ms": 1000 / forward]
    for key in ours.keys.sorted() {
      print("RESULT \(key)=\(String(format: "%.3f", ours[key] ?? 0)) ms")
    }
    guard reference else { return }
    let run = try Reference.run(["-c", referenceScript, String(seconds)])
    for line in run.lines { print(line) }
    for key in ours.keys.sorted() {
      guard let mine = ours[key], let theirs = run.results["torch_" + key], mine > 0 else {
        continue
      }
      let name = key.replacingOccurrences(of: "_ms", with: "")
      print("RESULT \(name)_vs_torch=\(String(format: "%.2f", theirs / mine)) x")
    }
  }
}
