import Foundation
import GradTensor
import GradTestSupport
import Testing

@testable import GradModels

/// ‖∂L/∂h_k‖ along a sequence: against PyTorch's torch_rnn_gradnorm.py and against the chain
/// rule at the last step.
@Suite struct GradientNormTests {
  /// Runs ../shared/bench/torch_rnn_gradnorm.py into a temporary directory; nil when the script
  /// or the Python environment is missing.
  static func reference() -> (json: [String: Any], csv: [String: [Double]])? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("shared/bench/torch_rnn_gradnorm.py").path
    let shared = ProcessInfo.processInfo.environment["GRADREPL_SHARED"].map {
      $0 + "/bench/torch_rnn_gradnorm.py"
    }
    let path = [shared, script].compactMap { $0 }.first {
      FileManager.default.fileExists(atPath: $0)
    }
    guard let path, let directory = try? makeTemporaryDirectory() else { return nil }
    let runner =
      "import os, runpy, sys; os.environ['BENCH_OUT'] = sys.argv[2]; "
      + "sys.argv = sys.argv[1:2]; runpy.run_path(sys.argv[0], run_name='__main__')"
    guard
      (try? ReferencePython.run(runner, arguments: [path, directory.path], deadline: 120))??
        .status == 0,
      let jsonData = try? Data(
        contentsOf: directory.appendingPathComponent("gradnorm_weights.json")),
      let json = (try? JSONSerialization.jsonObject(with: jsonData)) as? [String: Any],
      let csvText = try? String(
        contentsOf: directory.appendingPathComponent("gradnorm.csv"), encoding: .utf8)
    else { return nil }
    let rows = csvText.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",").map(String.init)
    }
    guard let header = rows.first else { return nil }
    var columns: [String: [Double]] = [:]
    for (c, name) in header.enumerated() {
      columns[name] = rows.dropFirst().compactMap { c < $0.count ? Double($0[c]) : nil }
    }
    return (json, columns)
  }

  func matrix(_ value: Any?) throws -> Tensor {
    let rows = try #require(value as? [[Double]])
    return try Tensor(
      rows.flatMap { $0 }, shape: [rows.count, rows.first?.count ?? 0], dtype: .float64)
  }

  func vector(_ value: Any?) throws -> Tensor {
    let v = try #require(value as? [Double])
    return try Tensor(v, shape: [v.count], dtype: .float64)
  }

  func expectClose(_ ours: [Double], _ theirs: [Double]?, _ name: String) throws {
    let theirs = try #require(theirs, "column \(name)")
    #expect(ours.count == theirs.count, "\(name)")
    for (k, (a, b)) in zip(ours, theirs).enumerated() {
      #expect(Swift.abs(a - b) <= 1e-6 * Swift.abs(b) + 1e-300, "\(name) k=\(k): \(a) vs \(b)")
    }
  }

  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func matchesPyTorchForRNNAndLSTM() throws {
    let (json, csv) = try #require(Self.reference(), "torch_rnn_gradnorm.py did not run")
    let A = try matrix(json["A"])
    let radius = try #require(json["spectral_radius_A"] as? Double)
    let wxh = try matrix(json["W_xh"])
    let b = try vector(json["b"])
    let xs = try matrix(json["xs"])
    let v = try vector(json["v"])
    let rhos = try #require(json["rhos"] as? [Double])
    for rho in rhos {
      let w = try A * (rho / radius)
      let norms = try hiddenStateGradientNorms(
        kind: .rnn, inputWeight: wxh, hiddenWeight: w, inputBias: b, inputs: xs, lossWeights: v)
      try expectClose(norms.hidden, csv["rnn_rho\(rho)"], "rnn_rho\(rho)")
    }
    let lstm = try #require(json["lstm"] as? [String: Any])
    let wih = try matrix(lstm["W_ih"])
    let whh = try matrix(lstm["W_hh_default"])
    let bih = try vector(lstm["b_ih"])
    let bhh = try vector(lstm["b_hh"])
    let defaults = try hiddenStateGradientNorms(
      kind: .lstm, inputWeight: wih, hiddenWeight: whh, inputBias: bih, hiddenBias: bhh, inputs: xs,
      lossWeights: v)
    try expectClose(defaults.hidden, csv["lstm_default"], "lstm_default")
    try expectClose(try #require(defaults.cell), csv["lstm_default_c"], "lstm_default_c")
    let H = v.count
    var raised = bhh.toDoubleArray()
    for j in H..<(2 * H) { raised[j] += 1 }
    let forget = try hiddenStateGradientNorms(
      kind: .lstm, inputWeight: wih, hiddenWeight: whh, inputBias: bih,
      hiddenBias: try Tensor(raised, shape: [4 * H], dtype: .float64), inputs: xs, lossWeights: v)
    try expectClose(forget.hidden, csv["lstm_fbias1"], "lstm_fbias1")
    for rho in rhos {
      let block = try A * (rho / radius)
      let w = try Tensor.cat([block, block, block, block], dim: 0)
      let norms = try hiddenStateGradientNorms(
        kind: .lstm, inputWeight: wih, hiddenWeight: w, inputBias: bih, hiddenBias: bhh, inputs: xs,
        lossWeights: v)
      try expectClose(norms.hidden, csv["lstm_rho\(rho)"], "lstm_rho\(rho)")
      try expectClose(try #require(norms.cell), csv["lstm_rho\(rho)_c"], "lstm_rho\(rho)_c")
    }
  }

  @Test func vanishingAndExplodingFollowTheSpectralRadius() throws {
    var generator = SeededGenerator(seed: 3)
    let H = 16
    let inputs = try uniformTensor([30, 4], bound: 1, .float64, &generator)
    let wx = try uniformTensor([H, 4], bound: 0.5, .float64, &generator)
    let v = try uniformTensor([H], bound: 1, .float64, &generator)
    let identity = try Tensor.eye(H, dtype: .float64)
    let small = try hiddenStateGradientNorms(
      kind: .rnn, inputWeight: wx, hiddenWeight: try identity * 0.3, inputs: inputs, lossWeights: v)
    #expect(small.hidden.count == 31)
    #expect(small.hidden[0] < 1e-10 * small.hidden[30])  // 0.3³⁰ ≈ 2·10⁻¹⁶
    #expect(small.cell == nil)
    #expect(throws: ModelError.self) {
      try hiddenStateGradientNorms(
        kind: .lstm, inputWeight: wx, hiddenWeight: identity, inputs: inputs, lossWeights: v)
    }
  }

  /// At the last step of the top layer, ∂L/∂h_T = W_yhᵀ·(softmax(y) − e_target).
  @Test func modelNormsEndWithTheDecoderGradient() throws {
    let model = try RecurrentLanguageModel(
      ModelConfiguration(
        kind: .lstm, vocabularySize: 9, embeddingSize: 4, hiddenSize: 5, layerCount: 2,
        dtype: .float64))
    let tokens: [TokenID] = [1, 4, 2, 8, 3]
    let norms = try model.hiddenStateGradientNorms(tokens: tokens, target: 6)
    #expect(norms.count == 2)
    #expect(norms.allSatisfy { $0.count == tokens.count + 1 })
    let out = try noGrad {
      try model.forward(inputs: tokens, steps: tokens.count, batchSize: 1)
    }
    let logits = Array(out.logits.toDoubleArray().suffix(9))
    let top = logits.max() ?? 0
    let e = logits.map { Foundation.exp($0 - top) }
    var p = e.map { $0 / e.reduce(0, +) }
    p[6] -= 1
    let w = model.outputWeight.toDoubleArray()  // [9, 5]
    let dh = (0..<5).map { j in (0..<9).reduce(0.0) { $0 + w[$1 * 5 + j] * p[$1] } }
    let expected = dh.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let last = try #require(norms[1].last)
    #expect(Swift.abs(last - expected) < 1e-12)
    #expect(model.parameters().allSatisfy { $0.grad == nil })
  }
}
