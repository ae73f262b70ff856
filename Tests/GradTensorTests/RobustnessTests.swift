import Foundation
import Testing

@testable import GradTensor

/// Random operations with random, often invalid, arguments: every call must either succeed or
/// throw a `TensorError` — a runtime trap would end the test process.
@Suite struct RobustnessTests {
  @Test func randomOperationsThrowInsteadOfTrapping() throws {
    var rng = TensorRandomGenerator(seed: 99)
    func pick(_ values: [Int]) -> Int { values[Int(rng.next() % UInt64(values.count))] }
    let sizes = [-1, 0, 1, 2, 3, 5, Int.max, Int.min]
    let dims = [-3, -2, -1, 0, 1, 2, 3, 100]
    var succeeded = 0
    var failed = 0
    for round in 0..<1500 {
      let shape = (0..<pick([0, 1, 2, 3])).map { _ in pick([0, 1, 2, 3]) }
      let x = try Tensor.randn(shape, requiresGrad: round % 2 == 0)
      let other = try Tensor.randn((0..<pick([0, 1, 2])).map { _ in pick([1, 2, 3]) })
      let ops: [() throws -> Any] = [
        { try x + other }, { try x.matmul(other) }, { try x.view([pick(sizes)]) },
        { try x.reshape([pick(sizes), pick(sizes)]) }, { try x.sum(dim: pick(dims)) },
        { try x.max(dim: pick(dims)) }, { try x.softmax(dim: pick(dims)) },
        { try x.transpose(pick(dims), pick(dims)) }, { try x.unsqueeze(pick(dims)) },
        { try x.squeeze(pick(dims)) }, { try x.expand([pick(sizes), pick(sizes)]) },
        { try x.narrow(dim: pick(dims), start: pick(sizes), length: pick(sizes)) },
        { try x[.at(pick(sizes))] },
        { try x[.slice(start: pick(sizes), end: pick(sizes), step: pick(sizes))] },
        { try x.split(pick(sizes), dim: pick(dims)) }, { try x.chunk(pick(sizes)) },
        { try Tensor.cat([x, other], dim: pick(dims)) }, { try Tensor.stack([x, other]) },
        { try x.indexSelect(dim: pick(dims), index: Tensor([Int64(pick(sizes))], shape: [1])) },
        { try x.gather(dim: pick(dims), index: Tensor.zeros(other.shape, dtype: .int64)) },
        { try crossEntropy(x, Tensor([Int64(pick(sizes))], shape: [1])) },
        { try oneHot(Tensor([Int64(pick(sizes))], shape: [1]), numClasses: pick(sizes)) },
        { try Tensor.zeros([pick(sizes), pick(sizes)]) },
        { try Tensor.arange(Double(pick(sizes)), Double(pick(sizes))) },
        { try x.permute([pick(dims), pick(dims)]) }, { try x.flatten(startDim: pick(dims)) },
        { try x.sum().backward() }, { try x.backward(gradient: other) },
        { try x.mean(dims: [pick(dims)]) }, { try x.clamp(min: -0.5) },
        { try NPY.decode(NPY.encode(x).prefix(pick([0, 5, 20, 80, 200]))) },
        { try x.item() }, { try x.argmax(dim: pick(dims)) },
        { try x.index([.newAxis, .ellipsis, .at(pick(sizes))]) },
        { try Tensor.where(x .> 0, x, other) }, { try x.pow(Double(pick(sizes))) },
        { try Tensor.eye(pick(sizes), pick(sizes)) },
        { try Tensor.randint(pick(sizes), pick(sizes), [pick([0, 1, 2])]) },
        { try Tensor([1.0, 2.0], shape: [pick(sizes)]) },
        {
          try x.detach().indexAdd_(dim: pick(dims), index: Tensor([0], shape: [1]), source: other)
        },
        {
          try x.detach().scatterAdd_(
            dim: pick(dims), index: Tensor.zeros(shape, dtype: .int64), source: other)
        },
        { x.description }, { try x.norm(dims: [pick(dims)]) },
        { try x.logSoftmax(dim: pick(dims)) },
      ]
      for op in ops {
        do {
          _ = try op()
          succeeded += 1
        } catch is TensorError {
          failed += 1
        }
      }
    }
    #expect(succeeded > 1000)
    #expect(failed > 1000)
  }

  /// Random chains of differentiable operations: backward either throws or leaves a gradient
  /// of exactly the leaf's shape and dtype.
  @Test func randomChainsBackpropagateToTheLeafShape() throws {
    var rng = TensorRandomGenerator(seed: 21)
    func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    var completed = 0
    for _ in 0..<400 {
      let shape = (0..<(1 + pick(3))).map { _ in 1 + pick(3) }
      let leaf = try Tensor.randn(shape, dtype: pick(2) == 0 ? .float32 : .float64)
      try leaf.requiresGrad_()
      var t = leaf
      do {
        for _ in 0..<(1 + pick(5)) {
          let d = pick(Swift.max(t.ndim, 1)) - (pick(2) == 0 ? 0 : t.ndim)
          switch pick(16) {
          case 0: t = try t.tanh() * t
          case 1: t = try t.sigmoid() + t.T.T
          case 2: t = try t.softmax(dim: d)
          case 3: t = try t.logSoftmax(dim: d)
          case 4: t = try t.sum(dim: d, keepdim: pick(2) == 0)
          case 5: t = try t.mean(dim: d, keepdim: true)
          case 6: t = try t.max(dim: d, keepdim: pick(2) == 0).values
          case 7: t = try t.unsqueeze(0).expand([2] + t.shape) * 0.5
          case 8: t = try t.transpose(0, -1).contiguous()
          case 9: t = try t[.ellipsis, .range(0, nil, step: 2)]
          case 10: t = try Tensor.cat([t, t.exp()], dim: d)
          case 11: t = try t.reshape([-1])
          case 12: t = try t.matmul(t.mT)
          case 13: t = try t.abs().clamp(min: 0.1).log()
          case 14: t = try t.chunk(2, dim: d)[0]
          default: t = try Tensor.where(t .> 0, t, t * t)
          }
        }
        try t.sum().backward()
      } catch is TensorError {
        continue
      }
      let grad = try #require(leaf.grad)
      #expect(grad.shape == leaf.shape)
      #expect(grad.dtype == leaf.dtype)
      completed += 1
    }
    #expect(completed > 200)
  }

  @Test func damagedFilesAreErrorsNotCrashes() throws {
    var rng = TensorRandomGenerator(seed: 3)
    let npy = try NPY.encode(Tensor.randn([3, 4]))
    let npz = try NPZ.encode([("a", Tensor.randn([2, 2])), ("b", Tensor([1, 2, 3]))])
    var decoded = 0
    var refused = 0
    for round in 0..<3000 {
      var bytes = [UInt8](round % 2 == 0 ? npy : npz)
      // Flip a few bytes, then maybe cut the file short.
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
      }
      if rng.next() % 3 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
      do {
        if round % 2 == 0 {
          _ = try NPY.decode(Data(bytes))
        } else {
          _ = try NPZ.decode(Data(bytes))
        }
        decoded += 1
      } catch is TensorError {
        refused += 1
      }
    }
    #expect(refused > 100)
    #expect(decoded + refused == 3000)
  }
}
