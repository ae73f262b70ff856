import Foundation
import GradTensor
import Testing

@testable import GradModels

/// Bengio's NPLM: parameter table, N-gram comparison, fused output layer against tensor ops.
@Suite struct NPLMTests {
  func smallModel(direct: Bool = true) throws -> NPLM {
    try NPLM(
      ModelConfiguration(
        kind: .nplm, vocabularySize: 11, embeddingSize: 4, hiddenSize: 5, contextSize: 3,
        directConnection: direct, dtype: .float64, seed: 3))
  }

  @Test func parameterTableNamesShapesAndCounts() throws {
    let model = try NPLM(.nplm(vocabularySize: 50257))
    let table = model.parameterTable
    #expect(table.map(\.name) == ["C", "H", "d", "U", "W", "b"])
    let expectedShapes: [[Int]] = [
      [50257, 64], [128, 192], [128], [50257, 128], [50257, 192], [50257],
    ]
    #expect(table.map(\.shape) == expectedShapes)
    let perWord: Int = 64 + 128 + 192 + 1
    let expectedTotal: Int = 50257 * perWord + 128 * 192 + 128
    let total: Int = table.map(\.count).reduce(0, +)
    #expect(total == expectedTotal)
    #expect(model.parameterCount == total)
    #expect(model.description.contains("50257^4"))
    #expect(model.description.contains("19,"))  // 19.3 million weights, grouped
  }

  @Test func ngramTableSizeDoesNotOverflow() throws {
    var c = ModelConfiguration.nplm(vocabularySize: 50257)
    c.contextSize = 9  // |V|^10 ≈ 1e47, far beyond Int
    let model = try NPLM(c)
    #expect(model.ngramTableSize > 1e46 && model.ngramTableSize < 1e48)
    #expect(model.ngramTableDescription.hasPrefix("50257^10 ≈ 1.03e+47"))
  }

  @Test func withoutDirectConnectionThereIsNoW() throws {
    let model = try smallModel(direct: false)
    #expect(!model.namedParameters().map(\.name).contains("W"))
  }

  /// y = b + W·x + U·tanh(d + H·x) written with tensor operations.
  func referenceLogits(_ m: NPLM, _ contexts: Tensor) throws -> Tensor {
    let B = contexts.shape[0]
    let x = try GradTensor.embedding(contexts, m.embedding).reshape([B, -1])
    let hidden = try (x.matmul(m.hiddenWeight.T) + m.hiddenBias).tanh()
    var y = try hidden.matmul(m.outputWeight.T) + m.outputBias
    if let w = m.directWeight { y = try y + x.matmul(w.T) }
    return y
  }

  @Test(arguments: [true, false])
  func fusedMatchesTensorOperations(direct: Bool) throws {
    let model = try smallModel(direct: direct)
    let contexts = try Tensor([Int64]([1, 2, 3, 4, 5, 6, 10, 0, 10, 3, 3, 3]), shape: [4, 3])
    let targets = try Tensor([Int64]([7, 0, 10, 3]), shape: [4])
    let fused = try model.logits(contexts: contexts)
    try crossEntropy(fused, targets).backward()
    let fusedGrads = model.parameters().map { $0.grad?.toDoubleArray() }
    model.zeroGrad()
    let reference = try referenceLogits(model, contexts)
    try crossEntropy(reference, targets).backward()
    let diff = zip(fused.toDoubleArray(), reference.toDoubleArray()).map { Swift.abs($0 - $1) }
      .max()
    #expect((diff ?? 1) < 1e-12)
    for (p, g) in zip(model.parameters(), fusedGrads) {
      let expected = try #require(p.grad).toDoubleArray()
      let actual = try #require(g)
      let worst = zip(actual, expected).map { Swift.abs($0 - $1) }.max() ?? 1
      #expect(worst < 1e-12)
    }
  }

  @Test func fusedGradientsMatchFiniteDifferences() throws {
    let model = try smallModel()
    let contexts = try Tensor([Int64]([1, 2, 3, 4, 5, 6]), shape: [2, 3])
    let targets = try Tensor([Int64]([7, 9]), shape: [2])
    func loss() throws -> Double {
      try noGrad { try crossEntropy(model.logits(contexts: contexts), targets).item() }
    }
    try crossEntropy(model.logits(contexts: contexts), targets).backward()
    var worst = 0.0
    for p in model.parameters() {
      let analytic = try #require(p.grad).toDoubleArray()
      let pointer = try p.elements(Double.self)
      for i in 0..<p.count {
        let saved = pointer[i]
        pointer[i] = saved + 1e-6
        let plus = try loss()
        pointer[i] = saved - 1e-6
        let minus = try loss()
        pointer[i] = saved
        worst = max(worst, Swift.abs((plus - minus) / 2e-6 - analytic[i]))
      }
    }
    #expect(worst < 1e-8)
  }

  @Test func refusesIdsOutsideTheVocabulary() throws {
    let model = try smallModel()
    #expect(throws: ModelError.self) { try model.logits(contexts: [1, 2, 11]) }
    #expect(throws: ModelError.self) { try model.logits(contexts: [1, 2]) }
  }

  @Test func refusesBadConfigurations() {
    var c = ModelConfiguration.nplm(vocabularySize: 10)
    c.hiddenSize = 0
    #expect(throws: ModelError.self) { try NPLM(c) }
    c = .nplm(vocabularySize: Int.max / 2)
    #expect(throws: ModelError.self) { try NPLM(c) }
    c = .nplm(vocabularySize: 10)
    c.dtype = "int64"
    #expect(throws: ModelError.self) { try NPLM(c) }
  }
}
