import Foundation
import GradTensor
import Testing

@testable import GradModels

/// Every fused layer is one node of the engine's graph: its output names the node, its inputs
/// are the layer's input and weights, and one backward pass reaches everything.
@Suite struct FusedNodeTests {
  @Test func nplmLogitsAreOneNPLMNode() throws {
    let model = try NPLM(
      ModelConfiguration(
        kind: .nplm, vocabularySize: 11, embeddingSize: 4, hiddenSize: 5, contextSize: 3,
        dtype: .float64, seed: 3))
    let logits = try model.logits(contexts: [1, 2, 3, 4, 5, 6])
    #expect(logits.gradFnName == "NPLMBackward")
    #expect(!logits.isLeaf)
    #expect(logits.description.hasSuffix("grad_fn=<NPLMBackward>)"))
    #expect(try noGrad { try model.logits(contexts: [1, 2, 3]) }.isLeaf)
  }

  @Test(arguments: [ModelKind.rnn, .leakyRNN, .lstm, .gru])
  func recurrentLogitsComeFromAnAddmmNodeOverTheLayerNode(kind: ModelKind) throws {
    let model = try RecurrentLanguageModel(
      ModelConfiguration(
        kind: kind, vocabularySize: 9, embeddingSize: 4, hiddenSize: 5, dtype: .float64))
    let (logits, _) = try model.forward(inputs: [1, 2, 3, 4, 5, 6], steps: 3, batchSize: 2)
    #expect(logits.gradFnName == "AddmmBackward0")
    let names: [ModelKind: String] = [
      .rnn: "RNNBackward", .leakyRNN: "RNNBackward", .lstm: "LSTMBackward", .gru: "GRUBackward",
    ]
    let layer = try model.layers[0].forward(
      try Tensor.zeros([3, 2, 4], dtype: .float64),
      state: model.initialState(batchSize: 2).layers[0])
    #expect(layer.output.gradFnName == names[kind])
  }

  @Test func aSecondBackwardThroughAFusedNodeNeedsRetainGraph() throws {
    let model = try RecurrentLanguageModel(
      ModelConfiguration(
        kind: .lstm, vocabularySize: 9, embeddingSize: 4, hiddenSize: 5, dtype: .float64))
    let (logits, _) = try model.forward(inputs: [1, 2, 3, 4], steps: 2, batchSize: 2)
    let loss = try crossEntropy(logits, try Tensor([Int64]([1, 2, 3, 4]), shape: [4]))
    try loss.backward(retainGraph: true)
    let first = try #require(model.embedding.grad).toDoubleArray()
    try loss.backward()
    let twice = try #require(model.embedding.grad).toDoubleArray()
    #expect(zip(first, twice).allSatisfy { Swift.abs(2 * $0 - $1) < 1e-12 })
    do {
      try loss.backward()
      Issue.record("backward after a pass without retainGraph should fail")
    } catch let error as TensorError {
      #expect(error.message.contains("Trying to backward through the graph a second time"))
    }
  }

  @Test func aHookOnTheLayerOutputSeesTheDecodersGradient() throws {
    let model = try RecurrentLanguageModel(
      ModelConfiguration(
        kind: .gru, vocabularySize: 9, embeddingSize: 4, hiddenSize: 5, dtype: .float64))
    let (logits, _) = try model.forward(inputs: [1, 2, 3, 4], steps: 2, batchSize: 2)
    try logits.retainGrad()
    var norm = 0.0
    try logits.registerHook { g in
      norm = g.toDoubleArray().reduce(0) { $0 + $1 * $1 }
      return nil
    }
    try crossEntropy(logits, try Tensor([Int64]([1, 2, 3, 4]), shape: [4])).backward()
    #expect(norm > 0)
    #expect(logits.grad?.shape == [4, 9])
    #expect(model.outputWeight.grad != nil && model.embedding.grad != nil)
  }
}
