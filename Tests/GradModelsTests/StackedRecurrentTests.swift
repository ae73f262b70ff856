import Foundation
import GradTensor
import Testing

@testable import GradModels

/// PyTorch's stacked recurrent call (`torch._VF.lstm` and its siblings) on the fused kernels:
/// gradients against central finite differences in float64, float32 against float64, the
/// node it records, dropout between layers, and the messages for bad arguments.
@Suite struct StackedRecurrentTests {
  /// One configuration of a call.
  struct Setting: Sendable, CustomTestStringConvertible {
    var mode: StackedRecurrentMode
    var layers: Int
    var batchFirst: Bool
    var hasBiases: Bool

    var testDescription: String {
      "\(mode.rawValue) L=\(layers)\(batchFirst ? " batch_first" : "")"
        + (hasBiases ? "" : " no biases")
    }
  }

  static let settings: [Setting] = StackedRecurrentMode.allCases.flatMap { mode in
    [(1, false, true), (2, false, true), (2, true, true), (2, false, false), (1, true, false)]
      .map { Setting(mode: mode, layers: $0.0, batchFirst: $0.1, hasBiases: $0.2) }
  }

  /// Sizes small enough for finite differences of every entry.
  static let (steps, batch, inputSize, hidden) = (3, 2, 3, 4)

  /// Random arguments of a call: input, h0, c0 (LSTM), the flat weights.
  struct Arguments {
    var input: Tensor
    var h0: Tensor
    var c0: Tensor?
    var weights: [Tensor]

    var all: [Tensor] { [input, h0] + (c0.map { [$0] } ?? []) + weights }
  }

  func arguments(_ s: Setting, dtype: DType = .float64, seed: UInt64 = 5) throws -> Arguments {
    var generator = SeededGenerator(seed: seed)
    let (T, B, I, H) = (Self.steps, Self.batch, Self.inputSize, Self.hidden)
    let G = s.mode.gateCount
    let input = try uniformTensor(
      s.batchFirst ? [B, T, I] : [T, B, I], bound: 1, dtype, &generator)
    let h0 = try uniformTensor([s.layers, B, H], bound: 0.5, dtype, &generator)
    let c0 =
      s.mode.hasCell ? try uniformTensor([s.layers, B, H], bound: 0.5, dtype, &generator) : nil
    var weights: [Tensor] = []
    for l in 0..<s.layers {
      weights.append(try uniformTensor([G * H, l == 0 ? I : H], bound: 0.6, dtype, &generator))
      weights.append(try uniformTensor([G * H, H], bound: 0.6, dtype, &generator))
      if s.hasBiases {
        weights.append(try uniformTensor([G * H], bound: 0.6, dtype, &generator))
        weights.append(try uniformTensor([G * H], bound: 0.6, dtype, &generator))
      }
    }
    return Arguments(input: input, h0: h0, c0: c0, weights: weights)
  }

  /// The call on `tensors` laid out as `Arguments.all`, with dropout off.
  func run(_ s: Setting, _ tensors: [Tensor], dropout: Double = 0, training: Bool = false)
    throws -> StackedRecurrentResult
  {
    let offset = s.mode.hasCell ? 3 : 2
    return try stackedRecurrent(
      s.mode, input: tensors[0], hidden: tensors[1], cell: s.mode.hasCell ? tensors[2] : nil,
      weights: Array(tensors[offset...]), hasBiases: s.hasBiases, layerCount: s.layers,
      dropout: dropout, training: training, bidirectional: false, batchFirst: s.batchFirst)
  }

  /// output, h_n and c_n flattened into one vector, so that one check covers all three.
  func everyOutput(_ r: StackedRecurrentResult) throws -> Tensor {
    var parts = [try r.output.reshape([-1]), try r.hidden.reshape([-1])]
    if let c = r.cell { parts.append(try c.reshape([-1])) }
    return try Tensor.cat(parts)
  }

  @Test(arguments: settings)
  func gradientsMatchFiniteDifferences(setting: Setting) throws {
    let a = try arguments(setting)
    let result = try gradcheck(
      { try everyOutput(run(setting, $0)) }, inputs: a.all, eps: 1e-6, atol: 1e-8, rtol: 1e-6)
    #expect(result.passed, "\(result)")
  }

  @Test(arguments: settings)
  func outputsAreTheRecordedNode(setting: Setting) throws {
    let a = try arguments(setting)
    for t in a.all { try t.requiresGrad_() }
    let r = try run(setting, a.all)
    let (T, B, H, L) = (Self.steps, Self.batch, Self.hidden, setting.layers)
    #expect(r.output.shape == (setting.batchFirst ? [B, T, H] : [T, B, H]))
    #expect(r.hidden.shape == [L, B, H])
    #expect(r.cell?.shape == (setting.mode.hasCell ? [L, B, H] : nil))
    #expect(r.output.gradFnName == setting.mode.nodeName)
    #expect(r.hidden.gradFnName == setting.mode.nodeName)
    // The top layer's last step is h_n of the top layer.
    let last =
      try
      (setting.batchFirst
      ? r.output.select(dim: 1, index: T - 1) : r.output.select(dim: 0, index: T - 1))
    #expect(last.toDoubleArray() == (try r.hidden.select(dim: 0, index: L - 1)).toDoubleArray())
  }

  @Test(arguments: StackedRecurrentMode.allCases)
  func float32AgreesWithFloat64(mode: StackedRecurrentMode) throws {
    let s = Setting(mode: mode, layers: 2, batchFirst: false, hasBiases: true)
    let wide = try arguments(s).all
    let narrow = try wide.map { try $0.to(.float32) }
    var gradients: [[[Double]]] = []
    var outputs: [[Double]] = []
    for tensors in [wide, narrow] {
      for t in tensors { try t.requiresGrad_() }
      let all = try everyOutput(run(s, tensors))
      let upstream = try Tensor(
        (0..<all.count).map { Double($0 % 7) / 7 - 0.4 }, shape: all.shape, dtype: all.dtype)
      try (all * upstream).sum().backward()
      outputs.append(all.toDoubleArray())
      gradients.append(tensors.map { $0.grad?.toDoubleArray() ?? [] })
    }
    func relative(_ a: [Double], _ b: [Double]) -> Double {
      let scale = max(a.map(Swift.abs).max() ?? 0, 1e-3)
      return zip(a, b).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }
    #expect(relative(outputs[0], outputs[1]) < 1e-5)
    for (g64, g32) in zip(gradients[0], gradients[1]) {
      #expect(!g64.isEmpty)
      #expect(relative(g64, g32) < 1e-5)
    }
  }

  @Test func unbatchedInputIsOneSequence() throws {
    let s = Setting(mode: .lstm, layers: 2, batchFirst: false, hasBiases: true)
    let a = try arguments(s)
    // Batch row 0 alone, as [T, I] and [L, H].
    let x = try a.input.select(dim: 1, index: 0).contiguous()
    let h = try a.h0.select(dim: 1, index: 0).contiguous()
    let c = try #require(a.c0).select(dim: 1, index: 0).contiguous()
    let single = try run(s, [x, h, c] + a.weights)
    let batched = try run(s, a.all)
    #expect(single.output.shape == [Self.steps, Self.hidden])
    #expect(single.hidden.shape == [2, Self.hidden])
    let expected = try batched.output.select(dim: 1, index: 0).contiguous().toDoubleArray()
    let got = single.output.toDoubleArray()
    #expect(zip(expected, got).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
  }

  @Test func retainGraphAllowsASecondBackward() throws {
    let s = Setting(mode: .gru, layers: 2, batchFirst: false, hasBiases: true)
    let a = try arguments(s)
    for t in a.all { try t.requiresGrad_() }
    let loss = try run(s, a.all).output.sum()
    try loss.backward(retainGraph: true)
    let once = try #require(a.weights[0].grad).toDoubleArray()
    try loss.backward()
    let twice = try #require(a.weights[0].grad).toDoubleArray()
    #expect(zip(once, twice).allSatisfy { Swift.abs(2 * $0 - $1) < 1e-12 })
    #expect(throws: TensorError.self) { try loss.backward() }
  }

  /// Two layers where the top one passes its input through: layer 1 is ReLU(I·x) with x > 0,
  /// so the output is layer 0's output times the dropout mask.
  func passThroughOutputs(dropout: Double, training: Bool) throws -> (Tensor, Tensor) {
    let (T, B, I, H) = (40, 10, 3, 25)
    manualSeed(99)
    let input = try Tensor.rand([T, B, I], dtype: .float64)
    let w0 = try (Tensor.rand([H, I], dtype: .float64) + 0.1)
    let zeroH = try Tensor.zeros([H, H], dtype: .float64)
    let identity = try Tensor.eye(H, H, dtype: .float64)
    let h0 = try Tensor.zeros([2, B, H], dtype: .float64)
    let stacked = try stackedRecurrent(
      .rnnRelu, input: input, hidden: h0, cell: nil, weights: [w0, zeroH, identity, zeroH],
      hasBiases: false, layerCount: 2, dropout: dropout, training: training,
      bidirectional: false, batchFirst: false)
    let single = try stackedRecurrent(
      .rnnRelu, input: input, hidden: try Tensor.zeros([1, B, H], dtype: .float64), cell: nil,
      weights: [w0, zeroH], hasBiases: false, layerCount: 1, dropout: 0, training: false,
      bidirectional: false, batchFirst: false)
    return (stacked.output, single.output)
  }

  @Test func dropoutBetweenLayersZeroesAndRescales() throws {
    let p = 0.3
    let (dropped, clean) = try passThroughOutputs(dropout: p, training: true)
    let ratios = zip(dropped.toDoubleArray(), clean.toDoubleArray()).map { $0 / $1 }
    let zeros = ratios.filter { $0 == 0 }.count
    #expect(ratios.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / (1 - p)) < 1e-12 })
    #expect(Swift.abs(Double(zeros) / Double(ratios.count) - p) < 0.03)
  }

  @Test func dropoutIsOffWhenNotTrainingOrZero() throws {
    for (p, training) in [(0.5, false), (0.0, true)] {
      let (out, clean) = try passThroughOutputs(dropout: p, training: training)
      #expect(out.toDoubleArray() == clean.toDoubleArray())
    }
  }

  /// The message of the error `body` throws.
  func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test func badArgumentsAreExplained() throws {
    let s = Setting(mode: .lstm, layers: 2, batchFirst: false, hasBiases: true)
    let a = try arguments(s)
    let wrongInput = try Tensor.zeros([Self.steps, Self.batch, 7], dtype: .float64)
    #expect(
      message { _ = try run(s, [wrongInput] + a.all.dropFirst()) }.contains(
        "input.size(-1) must be equal to input_size. Expected 3, got 7"))
    let wrongHidden = try Tensor.zeros([1, Self.batch, Self.hidden], dtype: .float64)
    #expect(
      message { _ = try run(s, [a.input, wrongHidden] + a.all.dropFirst(2)) }.contains(
        "Expected hidden[0] size (2, 2, 4), got [1, 2, 4]"))
    #expect(
      message { _ = try run(s, Array(a.all.dropLast())) }.contains(
        "incorrect number of RNN parameters: expected 8"))
    #expect(
      message {
        _ = try stackedRecurrent(
          .lstm, input: a.input, hidden: a.h0, cell: a.c0, weights: a.weights, hasBiases: true,
          layerCount: 2, dropout: 0, training: false, bidirectional: true, batchFirst: false)
      }.contains("bidirectional=True is not implemented"))
  }
}
