import Foundation
import GradTensor
import GradTestSupport
import Testing

@testable import GradModels

/// The first 50 training losses of NPLM, RNN, LSTM and GRU against PyTorch, from the same
/// initial weights and batches (Tests/Reference/torch_lm_losses.py, dropout off): float64 runs
/// within 10⁻⁹ relative, float32 runs within 10⁻⁵ (seen: below 10⁻⁶). Skipped when the Python reference
/// environment is absent.
@Suite(
  .enabled(
    if: ReferencePython.executable != nil,
    "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
struct TorchReferenceTests {
  static let outputs: Result<URL, Error> = Result {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Reference/torch_lm_losses.py").path
    let directory = try makeTemporaryDirectory()
    let runner =
      "import runpy, sys; p = sys.argv[1]; sys.argv = sys.argv[1:]; "
      + "runpy.run_path(p, run_name='__main__')"
    guard
      try ReferencePython.run(runner, arguments: [script, directory.path], deadline: 120)?.status
        == 0
    else {
      throw ModelError.invalidArgument("torch_lm_losses.py failed or timed out")
    }
    return directory
  }

  /// The arrays a model's file holds, by name.
  func load(_ model: String) throws -> [String: Tensor] {
    let directory = try Self.outputs.get()
    let entries = try NPZ.load(from: directory.appendingPathComponent("\(model).npz").path)
    var out: [String: Tensor] = [:]
    for (name, tensor) in entries { out[name] = tensor }
    return out
  }

  func configuration(_ kind: ModelKind, _ dtype: DType) -> ModelConfiguration {
    ModelConfiguration(
      kind: kind, vocabularySize: 40, embeddingSize: 8, hiddenSize: 12,
      layerCount: kind == .nplm ? 1 : 2, contextSize: 3, dtype: dtype)
  }

  /// File suffix and loss tolerance (relative) for each precision.
  func precision(_ dtype: DType) -> (suffix: String, tolerance: Double) {
    dtype == .float64 ? ("", 1e-9) : ("_float32", 1e-5)
  }

  /// A model of `kind` holding PyTorch's initial weights.
  func model(_ kind: ModelKind, _ dtype: DType, _ arrays: [String: Tensor]) throws
    -> any LanguageModel
  {
    let model = try makeLanguageModel(configuration(kind, dtype))
    var weights: [String: Tensor] = [:]
    for (name, t) in arrays where name.hasPrefix("weight/") {
      weights["model/" + name.dropFirst("weight/".count)] = t
    }
    try copyWeights(from: weights, prefix: "model/", into: model, source: "torch_lm_losses.py")
    return model
  }

  func training(_ arrays: [String: Tensor]) throws -> TrainingConfiguration {
    let settings = try #require(arrays["optimizer"]).toDoubleArray()
    var c = TrainingConfiguration(batchSize: 4, bptt: 10)
    c.optimizer = settings[0] == 1 ? .adam : .sgd
    c.optimizer.learningRate = settings[1]
    c.gradientClip = settings[2] > 0 ? settings[2] : nil
    return c
  }

  func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double) {
    #expect(actual.count == 50)
    #expect(expected.count == 50)
    for (k, (a, e)) in zip(actual, expected).enumerated() {
      #expect(Swift.abs(a - e) <= tolerance * Swift.abs(e), "step \(k): \(a) vs PyTorch \(e)")
    }
  }

  @Test(arguments: [DType.float64, .float32])
  func nplmLossesMatchPyTorch(dtype: DType) throws {
    let (suffix, tolerance) = precision(dtype)
    let arrays = try load("nplm" + suffix)
    let trainer = try Trainer(
      model: try model(.nplm, dtype, arrays), configuration: try training(arrays))
    let contexts = try #require(arrays["contexts"]).toInt64Array().map { TokenID($0) }
    let targets = try #require(arrays["targets"]).toInt64Array().map { TokenID($0) }
    let B = targets.count / 50
    var losses: [Double] = []
    for k in 0..<50 {
      let loss = try trainer.step(
        contexts: Array(contexts[(k * B * 3)..<((k + 1) * B * 3)]),
        targets: Array(targets[(k * B)..<((k + 1) * B)])
      ).loss
      losses.append(loss)
    }
    expectClose(losses, try #require(arrays["losses"]).toDoubleArray(), tolerance: tolerance)
  }

  @Test(arguments: [ModelKind.rnn, .lstm, .gru], [DType.float64, .float32])
  func recurrentLossesMatchPyTorch(kind: ModelKind, dtype: DType) throws {
    let (suffix, tolerance) = precision(dtype)
    let arrays = try load(kind.rawValue + suffix)
    let trainer = try Trainer(
      model: try model(kind, dtype, arrays), configuration: try training(arrays))
    let stream = try #require(arrays["stream"]).toInt64Array().map { TokenID($0) }
    let batches = try BPTTBatches(tokens: stream, batchSize: 4)
    var losses: [Double] = []
    var norms: [Double] = []
    for k in 0..<50 {
      let chunk = try #require(batches.chunk(index: k, bptt: 10))
      let step = try trainer.step(chunk: chunk)
      losses.append(step.loss)
      norms.append(step.gradientNorm ?? .nan)
    }
    expectClose(losses, try #require(arrays["losses"]).toDoubleArray(), tolerance: tolerance)
    expectClose(norms, try #require(arrays["norms"]).toDoubleArray(), tolerance: tolerance * 100)
  }
}
