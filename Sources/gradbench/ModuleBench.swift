// The lecture's models written as nn.Modules in the language and trained with the
// lecture's loops, against the built-in fused models and against PyTorch running the
// very same program text.
//
//   nplm-module  class BengioNPLM(nn.Module): Embedding, Linear H (bias d), tanh, Linear U,
//                Parameter b, direct Linear W; CrossEntropyLoss, Adam 1e-3; m 64, h 128,
//                context 3, batch 128; training tokens/s at V = 10000
//   lstm-module  the word-language-model loop: Embedding 200 → dropout → nn.LSTM(200, 200, 2,
//                dropout=0.2) → dropout → Linear → log_softmax, NLLLoss, bptt 35, batch 20,
//                hidden state detached between batches, clip_grad_norm_(0.25), SGD lr 20 as
//                p.data.add_(p.grad, alpha=-lr); training tokens/s at V = 10000
//
// One go runs three sides in turn, `--rounds` times: the built-in model (GradModels'
// fused kernels, no interpreter), the program in a fresh standard session, and (with
// --reference) the same program in CPython with PyTorch, one thread each. Keys:
// `<tag>_builtin_…`, `<tag>_module_…`, `torch_<tag>_module_…`, and the ratios
// `<tag>_module_vs_builtin`, `<tag>_module_vs_torch` (medians over the rounds; > 1: the
// module program is faster).

import Foundation
import GradBindings
import GradLanguage
import GradModels
import GradTensor

enum ModuleBench {
  /// The NPLM program; `VOCABULARY` and `SECONDS` are filled in.
  static let nplmProgram = """
    import time
    import torch
    import torch.nn as nn

    torch.set_num_threads(1)
    torch.manual_seed(0)
    V, m, h, n_ctx, B = VOCABULARY, 64, 128, 3, 128


    class BengioNPLM(nn.Module):
        # y = b + W x + U tanh(d + H x), x the context's embeddings side by side
        def __init__(self, V, m, h, n_ctx, direct=True):
            super().__init__()
            self.C = nn.Embedding(V, m)
            self.H = nn.Linear(n_ctx * m, h)  # its bias is d
            self.U = nn.Linear(h, V)
            self.b = nn.Parameter(torch.zeros(V))
            self.W = nn.Linear(n_ctx * m, V) if direct else None

        def forward(self, ctx):  # ctx (B, n_ctx) int64
            x = self.C(ctx).flatten(1)  # (B, n_ctx*m)
            y = self.b + self.U(torch.tanh(self.H(x)))
            if self.W is not None:
                y = y + self.W(x)
            return y  # (B, V) logits


    model = BengioNPLM(V, m, h, n_ctx)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    lossf = nn.CrossEntropyLoss()
    X = torch.randint(0, V, (16, B, n_ctx))
    Y = torch.randint(0, V, (16, B))


    def step(i):
        opt.zero_grad(set_to_none=True)
        loss = lossf(model(X[i % 16]), Y[i % 16])
        loss.backward()
        opt.step()
        return loss.item()


    first = step(0)
    last = first
    for i in range(1, 3):
        step(i)
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        last = step(steps)
        steps += 1
    wall = time.perf_counter() - start
    print(f"INFO params={sum(p.numel() for p in model.parameters())} loss_first={first:.4f} loss_last={last:.4f}")
    print(f"RESULT tok_per_s={steps * B / wall:.1f} tok/s")
    """

  /// The word-language-model program; `VOCABULARY` and `SECONDS` are filled in.
  static let lstmProgram = """
    import time
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(1)
    torch.manual_seed(1111)
    V, emsize, nhid, nlayers, dropout = VOCABULARY, 200, 200, 2, 0.2
    bsz, bptt, lr, clip = 20, 35, 20.0, 0.25


    class RNNModel(nn.Module):
        def __init__(self, ntoken, ninp, nhid, nlayers, dropout):
            super().__init__()
            self.ntoken = ntoken
            self.drop = nn.Dropout(dropout)
            self.encoder = nn.Embedding(ntoken, ninp)
            self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
            self.decoder = nn.Linear(nhid, ntoken)
            self.nhid, self.nlayers = nhid, nlayers
            nn.init.uniform_(self.encoder.weight, -0.1, 0.1)
            nn.init.zeros_(self.decoder.bias)
            nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

        def forward(self, input, hidden):
            emb = self.drop(self.encoder(input))  # (T, B, ninp)
            output, hidden = self.rnn(emb, hidden)  # (T, B, nhid)
            output = self.drop(output)
            decoded = self.decoder(output).view(-1, self.ntoken)  # (T*B, V)
            return F.log_softmax(decoded, dim=1), hidden

        def init_hidden(self, bsz):
            w = next(self.parameters())
            return (w.new_zeros(self.nlayers, bsz, self.nhid),
                    w.new_zeros(self.nlayers, bsz, self.nhid))


    def repackage_hidden(h):
        # cut the graph at the batch boundary: truncated BPTT
        if isinstance(h, torch.Tensor):
            return h.detach()
        return tuple(repackage_hidden(v) for v in h)


    stream = torch.randint(0, V, (bsz * (bptt * 20 + 1),))
    data = stream.view(bsz, -1).t().contiguous()  # (steps, bsz), one column per stream
    model = RNNModel(V, emsize, nhid, nlayers, dropout)
    criterion = nn.NLLLoss()
    model.train()
    hidden = model.init_hidden(bsz)
    position = 0


    def step():
        global hidden, position
        if position + bptt + 1 > data.size(0):
            position = 0
        x = data[position:position + bptt]
        y = data[position + 1:position + 1 + bptt].reshape(-1)
        position += bptt
        model.zero_grad()
        hidden = repackage_hidden(hidden)
        output, hidden = model(x, hidden)
        loss = criterion(output, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        return loss.item()


    first = step()
    last = first
    for i in range(2):
        step()
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        last = step()
        steps += 1
    wall = time.perf_counter() - start
    print(f"INFO params={sum(p.numel() for p in model.parameters())} loss_first={first:.4f} loss_last={last:.4f}")
    print(f"RESULT tok_per_s={steps * bsz * bptt / wall:.1f} tok/s")
    """

  struct Options {
    var seconds = 10.0
    var reference = false
    var vocabulary = 10000
    var rounds = 2
  }

  static func parse(_ args: [String]) throws -> Options {
    var options = Options()
    var i = 0
    func value() throws -> String {
      i += 1
      guard i < args.count else { throw ModelError.invalidArgument("\(args[i - 1]) needs a value") }
      return args[i]
    }
    while i < args.count {
      switch args[i] {
      case "--reference": options.reference = true
      case "--seconds":
        guard let s = Double(try value()), s > 0, s < 3600 else {
          throw ModelError.invalidArgument("--seconds needs a positive number")
        }
        options.seconds = s
      case "--vocab":
        guard let v = Int(try value()), v >= 2, v <= 1_000_000 else {
          throw ModelError.invalidArgument("--vocab needs a size like 10000")
        }
        options.vocabulary = v
      case "--rounds":
        guard let r = Int(try value()), r >= 1, r <= 20 else {
          throw ModelError.invalidArgument("--rounds needs a count from 1 to 20")
        }
        options.rounds = r
      default:
        throw ModelError.invalidArgument(
          "unknown option \(args[i]) (use --reference, --seconds S, --vocab V, --rounds N)")
      }
      i += 1
    }
    return options
  }

  static func nplm(_ args: [String]) throws {
    let options = try parse(args)
    try compareSides(
      tag: "nplm_V\(options.vocabulary)_t1", program: nplmProgram, options: options
    ) { seconds in try builtinNPLM(vocabulary: options.vocabulary, seconds: seconds) }
  }

  static func lstm(_ args: [String]) throws {
    let options = try parse(args)
    try compareSides(
      tag: "lstm_V\(options.vocabulary)_t1", program: lstmProgram, options: options
    ) { seconds in try builtinLSTM(vocabulary: options.vocabulary, seconds: seconds) }
  }

  /// Runs the built-in model, the program in the language and (with --reference) the program
  /// in PyTorch, in turn, `rounds` times; prints each figure and the median ratios.
  static func compareSides(
    tag: String, program template: String, options: Options,
    builtin: (Double) throws -> Double
  ) throws {
    BLAS.threadCount = 1
    print("INFO blas=\(BLAS.kernelDescription) seconds=\(options.seconds) rounds=\(options.rounds)")
    let program = template.replacingOccurrences(of: "VOCABULARY", with: String(options.vocabulary))
      .replacingOccurrences(of: "SECONDS", with: String(options.seconds))
    var builtinRates: [Double] = []
    var moduleRates: [Double] = []
    var torchRates: [Double] = []
    for round in 1...options.rounds {
      let builtinRate = try builtin(options.seconds)
      builtinRates.append(builtinRate)
      ModelBench.result("\(tag)_builtin_train_tok_per_s", builtinRate, "tok/s")

      let (moduleRate, info) = try runInLanguage(program, name: tag)
      moduleRates.append(moduleRate)
      print("INFO round \(round) gradrepl \(info)")
      ModelBench.result("\(tag)_module_train_tok_per_s", moduleRate, "tok/s")

      if options.reference {
        let run = try Reference.run(["-c", program])
        guard let rate = run.results["tok_per_s"] else {
          throw ReferenceError(description: "PyTorch's run printed no tok_per_s")
        }
        for line in run.lines where line.hasPrefix("INFO") {
          print("INFO round \(round) torch \(line.dropFirst(5))")
        }
        torchRates.append(rate)
        ModelBench.result("torch_\(tag)_module_train_tok_per_s", rate, "tok/s")
      }
    }
    let ratio = { (a: [Double], b: [Double]) in median(zip(a, b).map { $0 / $1 }) }
    print(
      "RESULT \(tag)_module_vs_builtin=\(String(format: "%.2f", ratio(moduleRates, builtinRates))) x"
    )
    if !torchRates.isEmpty {
      print(
        "RESULT \(tag)_module_vs_torch=\(String(format: "%.2f", ratio(moduleRates, torchRates))) x")
    }
  }

  /// Runs the program in a fresh standard session: its tokens/s and its INFO line.
  static func runInLanguage(_ program: String, name: String) throws -> (Double, String) {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    let ok = session.runScript(program, fileName: "\(name).py")
    let output = terminal.output
    let lines = output.split(separator: "\n")
    guard ok, let line = lines.first(where: { $0.hasPrefix("RESULT tok_per_s=") }),
      let rate = Double(line.dropFirst("RESULT tok_per_s=".count).split(separator: " ")[0])
    else {
      throw ModelError.invalidArgument(
        "the program failed in gradrepl:\n" + lines.suffix(12).joined(separator: "\n"))
    }
    let info = lines.first { $0.hasPrefix("INFO ") }.map { String($0.dropFirst(5)) } ?? ""
    return (rate, info)
  }

  /// The built-in NPLM (fused kernels) at the program's sizes: training tokens/s.
  static func builtinNPLM(vocabulary V: Int, seconds: Double) throws -> Double {
    let model = try NPLM(.nplm(vocabularySize: V))
    let trainer = try Trainer(model: model, configuration: .nplm)
    let B = 128
    var pool: [([TokenID], [TokenID])] = []
    for k in 0..<16 {
      let seed = UInt64(2 * k + 1)
      pool.append(
        (
          ModelBench.randomTokens(B * 3, below: V, seed: seed),
          ModelBench.randomTokens(B, below: V, seed: seed + 1)
        ))
    }
    var k = 0
    let steps = try ModelBench.rate(seconds: seconds) {
      let (contexts, targets) = pool[k % pool.count]
      _ = try trainer.step(contexts: contexts, targets: targets)
      k += 1
    }
    return steps * Double(B)
  }

  /// The built-in two-layer LSTM language model at the program's sizes: training tokens/s.
  static func builtinLSTM(vocabulary V: Int, seconds: Double) throws -> Double {
    let model = try RecurrentLanguageModel(.lstm(vocabularySize: V))
    let config = TrainingConfiguration.recurrent
    let trainer = try Trainer(model: model, configuration: config)
    let stream = try BPTTBatches(
      tokens: ModelBench.randomTokens(
        config.batchSize * (config.bptt * 20 + 1), below: V, seed: 1111),
      batchSize: config.batchSize)
    let chunks = stream.chunkCount(bptt: config.bptt)
    var k = 0
    let steps = try ModelBench.rate(seconds: seconds) {
      guard let chunk = stream.chunk(index: k % max(chunks - 1, 1), bptt: config.bptt) else {
        return
      }
      _ = try trainer.step(chunk: chunk)
      k += 1
    }
    return steps * Double(config.batchSize * config.bptt)
  }
}
