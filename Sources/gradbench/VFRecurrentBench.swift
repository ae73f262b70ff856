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
//
// Then the whole word_language_model step typed in the language (`lmScript`, valid Python
// too): Embedding(10000, 200), dropout 0.2, torch._VF.lstm 2 × 200 with dropout 0.2,
// dropout, Linear(200, 10000), cross-entropy, clip_grad_norm_(0.25), SGD lr 20, the state
// detached between chunks of bptt 35 × batch 20. Its key vf_lstm_lm_V10000_t1_train_tok_per_s
// counts the steps after two warm-up steps (the wall of STEPS = 2 + n minus that of
// STEPS = 2, so the setup is not counted); with --reference the same text run by CPython and
// PyTorch gives torch_vf_lstm_lm_… and the ratio vf_lstm_lm_V10000_t1_train_vs_torch.
// The decoder reads the output as [T·B, H] rows: the engine's Linear on a 3-D input has a far
// slower backward pass (about 2 s a step here), which would measure that instead.
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

  /// word_language_model's training step at the prompt; `STEPS` is replaced by the count.
  static let lmScript = """
    import torch
    from torch import nn
    from torch.nn import functional as F
    torch.manual_seed(1111)
    V, E, H, L, B, T, p = 10000, 200, 200, 2, 20, 35, 0.2
    stream = torch.randint(0, V, (B * (T * 200 + 1),))
    data = stream.view(B, -1).t().contiguous()
    encoder = nn.Embedding(V, E)
    decoder = nn.Linear(H, V)
    with torch.no_grad():
        encoder.weight.copy_(torch.rand(V, E) * 0.2 - 0.1)
        decoder.weight.copy_(torch.rand(V, H) * 0.2 - 0.1)
        decoder.bias.zero_()
    k = H ** -0.5
    weights = []
    for l in range(L):
        for shape in [(4 * H, E if l == 0 else H), (4 * H, H), (4 * H,), (4 * H,)]:
            weights.append((torch.rand(shape) * (2 * k) - k).requires_grad_())
    params = list(encoder.parameters()) + weights + list(decoder.parameters())
    opt = torch.optim.SGD(params, lr=20.0)
    h = torch.zeros(L, B, H)
    c = torch.zeros(L, B, H)
    i = 0
    for step in range(STEPS):
        if i + T + 1 > data.size(0):
            i = 0
        x = data[i:i + T]
        y = data[i + 1:i + 1 + T].reshape(-1)
        i = i + T
        opt.zero_grad()
        h = h.detach()
        c = c.detach()
        emb = F.dropout(encoder(x), p, True)
        out, h, c = torch._VF.lstm(emb, (h, c), weights, True, L, p, True, False, False)
        logits = decoder(F.dropout(out, p, True).view(-1, H))
        loss = F.cross_entropy(logits, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 0.25)
        opt.step()
    print("final", loss.item())
    """

  /// Runs `lmScript` with CPython and PyTorch (one thread) for 2 and 2 + `steps` steps and
  /// prints the wall of the difference.
  static let lmReferenceDriver = """
    import sys, time, torch
    torch.set_num_threads(1)
    source = open(sys.argv[1]).read()
    steps = int(sys.argv[2])
    walls = []
    for n in (2, 2 + steps):
        start = time.perf_counter()
        exec(source.replace("STEPS", str(n)), {})
        walls.append(time.perf_counter() - start)
    print(f"RESULT torch_lm_wall={walls[1] - walls[0]:.4f} s")
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
    if reference {
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
    try languageModelLoop(seconds: seconds, reference: reference)
  }

  /// The word_language_model loop typed in the language, and (with `reference`) in PyTorch.
  static func languageModelLoop(seconds: Double, reference: Bool) throws {
    // About `seconds` of timed steps at ~0.2 s a step.
    let steps = max(5, Int(seconds * 5))
    let tokens = Double(steps * batch * Self.steps)
    var walls: [Double] = []
    for n in [2, 2 + steps] {
      let script = lmScript.replacingOccurrences(of: "STEPS", with: String(n))
      guard let (wall, output) = timeScript(script, fileName: "vf_lm.py", repeats: 1) else {
        throw ModelError.invalidArgument("the language-model loop failed at the prompt")
      }
      walls += wall
      if n > 2 {
        print("INFO vf_lstm_lm steps=\(steps) \(output.split(separator: "\n").last ?? "")")
      }
    }
    let key = "vf_lstm_lm_V10000_t1_train_tok_per_s"
    let ours = tokens / max(walls[1] - walls[0], 1e-9)
    print("RESULT \(key)=\(String(format: "%.1f", ours)) tok/s")
    guard reference else { return }
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradbench-vf-lm-\(ProcessInfo.processInfo.processIdentifier).py")
    try lmScript.write(to: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: path) }
    let run = try Reference.run(["-c", lmReferenceDriver, path.path, String(steps)])
    guard let wall = run.results["torch_lm_wall"], wall > 0 else {
      throw ModelError.invalidArgument("the PyTorch language-model loop printed no wall time")
    }
    let theirs = tokens / wall
    print("RESULT torch_\(key)=\(String(format: "%.1f", theirs)) tok/s")
    print(
      "RESULT vf_lstm_lm_V10000_t1_train_vs_torch=\(String(format: "%.2f", ours / theirs)) x")
  }
}
