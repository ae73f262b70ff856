// Language-model training throughput against PyTorch, one thread on both sides.
//
//   nplm  Bengio NPLM, m 64, h 128, context 3, batch 128, direct connection, Adam 1e-3;
//         training and inference tokens/s at V = 50257 and 10000
//         (reference: ../shared/bench/torch_nplm.py --threads 1)
//   lstm  word_language_model LSTM: embeddings 200, 2 × 200, dropout 0.2, bptt 35, batch 20,
//         SGD lr 20, clip 0.25; training tokens/s at V = 33278 and 10000
//         (reference: ../shared/bench/torch_lstm_lm.py --threads 1)
//
// Data: uniform random token ids from a fixed seed (throughput does not depend on the values).
// Keys are the reference scripts' (`nplm_V50257_t1_train_tok_per_s`); with --reference the
// PyTorch figures are printed as `torch_<key>` and the ratios as `<key>_vs_torch` (> 1: this
// engine is faster).
import Foundation
import GradBase
import GradModels
import GradTensor

enum ModelBench {
  struct Options {
    var seconds = 10.0
    var reference = false
    var vocabularies: [Int]
  }

  static func parse(_ args: [String], defaultVocabularies: [Int]) throws -> Options {
    var options = Options(vocabularies: defaultVocabularies)
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--reference": options.reference = true
      case "--seconds":
        i += 1
        guard i < args.count, let s = Double(args[i]), s > 0 else {
          throw ModelError.invalidArgument("--seconds needs a positive number")
        }
        options.seconds = s
      case "--vocabs", "--configs":
        i += 1
        let list = i < args.count ? args[i].split(separator: ",").compactMap { Int($0) } : []
        guard !list.isEmpty, list.allSatisfy({ $0 >= 2 && $0 <= 1_000_000 }) else {
          throw ModelError.invalidArgument("--vocabs needs sizes like 33278,10000")
        }
        options.vocabularies = list
      default:
        throw ModelError.invalidArgument(
          "unknown option \(args[i]) (use --reference, --seconds S, --vocabs V1,V2)")
      }
      i += 1
    }
    return options
  }

  /// Runs `body` repeatedly for about `seconds` after two warm-up calls; returns calls/second.
  static func rate(seconds: Double, _ body: () throws -> Void) throws -> Double {
    for _ in 0..<2 { try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    var calls = 0
    var elapsed = 0.0
    repeat {
      try body()
      calls += 1
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    return Double(calls) / elapsed
  }

  static func randomTokens(_ count: Int, below vocabulary: Int, seed: UInt64) -> [TokenID] {
    var generator = SplitMix64(seed: seed)
    // Reduced modulo the vocabulary: a slight lean toward low ids, harmless for timing.
    return (0..<count).map { _ in TokenID(generator.next() % UInt64(vocabulary)) }
  }

  // MARK: - NPLM

  static func nplm(_ args: [String]) throws {
    let options = try parse(args, defaultVocabularies: [50257, 10000])
    BLAS.threadCount = 1
    print("INFO blas=\(BLAS.kernelDescription)")
    var ours: [String: Double] = [:]
    for V in options.vocabularies {
      let model = try NPLM(.nplm(vocabularySize: V))
      let trainer = try Trainer(model: model, configuration: .nplm)
      let B = 128
      var pool: [([TokenID], [TokenID])] = []
      for k in 0..<64 {
        let seed = UInt64(2 * k + 1)
        pool.append(
          (randomTokens(B * 3, below: V, seed: seed), randomTokens(B, below: V, seed: seed + 1)))
      }
      var k = 0
      var firstLoss = 0.0
      var lastLoss = 0.0
      let steps = try rate(seconds: options.seconds) {
        let (contexts, targets) = pool[k % pool.count]
        lastLoss = try trainer.step(contexts: contexts, targets: targets).loss
        if k == 0 { firstLoss = lastLoss }
        k += 1
      }
      let inference = try rate(seconds: options.seconds / 2) {
        _ = try noGrad { try model.logits(contexts: pool[k % pool.count].0) }
        k += 1
      }
      let tag = "nplm_V\(V)_t1"
      print(
        "INFO \(tag) params=\(model.parameterCount) B=\(B) loss_first=\(fmt(firstLoss)) "
          + "loss_last=\(fmt(lastLoss)) (ln V=\(fmt(Foundation.log(Double(V)))))")
      ours["\(tag)_train_tok_per_s"] = steps * Double(B)
      ours["\(tag)_infer_tok_per_s"] = inference * Double(B)
      result("\(tag)_train_tok_per_s", steps * Double(B), "tok/s")
      result("\(tag)_train_step_ms", 1000 / steps, "ms")
      result("\(tag)_infer_tok_per_s", inference * Double(B), "tok/s")
    }
    if options.reference {
      try compare(
        ours, script: "torch_nplm.py",
        arguments: [
          "--configs", options.vocabularies.map(String.init).joined(separator: ","), "--threads",
          "1",
          "--seconds", String(options.seconds), "--infer-seconds", String(options.seconds / 2),
        ])
    }
  }

  // MARK: - LSTM

  static func lstm(_ args: [String]) throws {
    let options = try parse(args, defaultVocabularies: [33278, 10000])
    BLAS.threadCount = 1
    print("INFO blas=\(BLAS.kernelDescription)")
    var ours: [String: Double] = [:]
    for V in options.vocabularies {
      let model = try RecurrentLanguageModel(.lstm(vocabularySize: V))
      let config = TrainingConfiguration.recurrent
      let trainer = try Trainer(model: model, configuration: config)
      let stream = try BPTTBatches(
        tokens: randomTokens(config.batchSize * (config.bptt * 200 + 1), below: V, seed: 1111),
        batchSize: config.batchSize)
      let chunks = stream.chunkCount(bptt: config.bptt)
      var k = 0
      var firstLoss = 0.0
      var lastLoss = 0.0
      let steps = try rate(seconds: options.seconds) {
        guard let chunk = stream.chunk(index: k % max(chunks - 1, 1), bptt: config.bptt) else {
          return
        }
        lastLoss = try trainer.step(chunk: chunk).loss
        if k == 0 { firstLoss = lastLoss }
        k += 1
      }
      let tokens = Double(config.batchSize * config.bptt)
      let tag = "lstm_V\(V)_t1"
      print(
        "INFO \(tag) params=\(model.parameterCount) loss_first=\(fmt(firstLoss)) "
          + "loss_last=\(fmt(lastLoss)) (ln V=\(fmt(Foundation.log(Double(V)))))")
      ours["\(tag)_train_tok_per_s"] = steps * tokens
      result("\(tag)_train_tok_per_s", steps * tokens, "tok/s")
      result("\(tag)_train_step_ms", 1000 / steps, "ms")
    }
    if options.reference {
      try compare(
        ours, script: "torch_lstm_lm.py",
        arguments: [
          "--vocabs", options.vocabularies.map(String.init).joined(separator: ","), "--threads",
          "1",
          "--seconds", String(options.seconds),
        ])
    }
  }

  // MARK: - Reference

  static func fmt(_ x: Double) -> String { String(format: "%.4f", x) }

  static func result(_ key: String, _ value: Double, _ unit: String) {
    print("RESULT \(key)=\(String(format: "%.1f", value)) \(unit)")
  }

  /// Runs a PyTorch reference script after our own figures and prints the ratios.
  static func compare(_ ours: [String: Double], script name: String, arguments: [String]) throws {
    let run = try Reference.run([Reference.sharedScript(name)] + arguments)
    for line in run.lines {
      print(line.hasPrefix("RESULT ") ? "RESULT torch_" + line.dropFirst(7) : line)
    }
    let torch = run.results
    for key in ours.keys.sorted() {
      guard let mine = ours[key], let theirs = torch[key], theirs > 0 else { continue }
      print("RESULT \(key)_vs_torch=\(String(format: "%.2f", mine / theirs)) x")
    }
  }
}
