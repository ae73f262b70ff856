import Foundation
import GradBase
import Testing

@testable import GradCore

@Suite struct MLPTests {
  @Test func shapeAndParameterCount() throws {
    let model = try MLP(inputSize: 2, layerSizes: [16, 16, 1], seed: 1)
    #expect(model.parameters().count == 337)  // (2+1)·16 + (16+1)·16 + (16+1)·1
    #expect(model.layers.map(\.outputSize) == [16, 16, 1])
    #expect(model.layers.map { $0.neurons[0].activation } == [.relu, .relu, .linear])
    #expect(model.inputSize == 2)
    #expect(model.outputSize == 1)
  }

  @Test func initialisationIsSeededAndUniform() throws {
    let a = try MLP(inputSize: 3, layerSizes: [4, 2], seed: 42)
    let b = try MLP(inputSize: 3, layerSizes: [4, 2], seed: 42)
    let c = try MLP(inputSize: 3, layerSizes: [4, 2], seed: 43)
    #expect(a.parameters().map(\.data) == b.parameters().map(\.data))
    #expect(a.parameters().map(\.data) != c.parameters().map(\.data))
    for neuron in a.layers.flatMap(\.neurons) {
      #expect(neuron.weights.allSatisfy { $0.data > -1 && $0.data < 1 })
      #expect(neuron.bias.data == 0)
    }
  }

  @Test func neuronComputesActivationOfWeightedSum() throws {
    var rng = SplitMix64(seed: 7)
    let neuron = try Neuron(inputSize: 2, activation: .tanh, using: &rng)
    neuron.bias.data = 0.25
    let x = [Value(0.5), Value(-2)]
    let out = try neuron(x)
    let w = neuron.weights.map(\.data)
    let expected = Foundation.tanh(0.25 + w[0] * 0.5 + w[1] * -2)
    #expect(abs(out.data - expected) < 1e-15)
    // The graph is micrograd's: ((b + w0·x0) + w1·x1) then tanh.
    #expect(out.op == .tanh)
    let sum = out.children[0]
    #expect(sum.op == .add)
    #expect(sum.children[1].op == .mul)
    #expect(sum.children[1].children == [neuron.weights[1], x[1]])
    #expect(sum.children[0].children[0] == neuron.bias)
    #expect(out.graphNodeCount == 1 + 4 + 1 + 4)  // tanh, 2×(*,+), bias, 2 w, 2 x
    // Its gradients agree with finite differences.
    let report = gradCheck(leaves: neuron.parameters() + x) { _ in
      (try? neuron(x)) ?? Value(.nan)
    }
    #expect(report.passed, "\(report)")
  }

  @Test func callableOnNumbersAndValues() throws {
    let model = try MLP(inputSize: 2, layerSizes: [3, 1], activation: .tanh, seed: 5)
    let fromNumbers = try model([0.3, -0.8])
    let fromValues = try model([Value(0.3), Value(-0.8)])
    #expect(fromNumbers.count == 1)
    #expect(fromNumbers[0].data == fromValues[0].data)
  }

  @Test func zeroGradResetsEveryParameter() throws {
    let model = try MLP(inputSize: 2, layerSizes: [4, 1], seed: 3)
    try model([1, 2])[0].backward()
    #expect(model.parameters().contains { $0.grad != 0 })
    model.zeroGrad()
    #expect(model.parameters().allSatisfy { $0.grad == 0 })
  }

  @Test func badShapesAreErrorsWithMessages() throws {
    #expect(throws: NNError.self) { try MLP(inputSize: 0, layerSizes: [1], seed: 1) }
    #expect(throws: NNError.self) { try MLP(inputSize: 2, layerSizes: [], seed: 1) }
    #expect(throws: NNError.self) { try MLP(inputSize: 2, layerSizes: [4, -3, 1], seed: 1) }
    var rng = SplitMix64(seed: 1)
    #expect(throws: NNError.self) { try Layer(inputSize: 2, outputSize: 0, using: &rng) }
    #expect(throws: NNError.self) { try Neuron(inputSize: -1, using: &rng) }
    let model = try MLP(inputSize: 2, layerSizes: [3, 1], seed: 1)
    do {
      _ = try model([1, 2, 3])
      Issue.record("a wrong input size was accepted")
    } catch {
      #expect(error.message == "this MLP takes 2 inputs, got 3")
    }
  }

  @Test func descriptions() throws {
    let model = try MLP(inputSize: 2, layerSizes: [2, 1], seed: 1)
    #expect(
      model.description
        == "MLP of [Layer of [ReluNeuron(2), ReluNeuron(2)], Layer of [LinearNeuron(2)]]")
  }
}
