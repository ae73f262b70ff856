import Foundation
import Testing

@testable import GradTensor

@Suite struct TensorTests {
  @Test func literalsInferDtypeAndShape() throws {
    let f = try Tensor([[1, 2], [3, 4.5]])
    #expect(f.shape == [2, 2])
    #expect(f.dtype == .float32)
    #expect(f.toDoubleArray() == [1, 2, 3, 4.5])
    #expect(try Tensor([1, 2, 3]).dtype == .int64)
    #expect(try Tensor([true]).dtype == .bool)
    #expect(try Tensor(2.5).shape == [])
  }

  @Test func raggedLiteralIsAnError() throws {
    let message = errorMessage { try Tensor([[1, 2], [3]]) }
    #expect(message?.contains("ragged") == true)
  }

  @Test func arraysRoundTrip() throws {
    let t = try Tensor([Float](arrayLiteral: 1, 2, 3, 4, 5, 6), shape: [2, 3])
    #expect(t.toFloatArray() == [1, 2, 3, 4, 5, 6])
    #expect(t.T.toFloatArray() == [1, 4, 2, 5, 3, 6])
    #expect(try Tensor([Int64](arrayLiteral: 3, -1), shape: [2]).toInt64Array() == [3, -1])
    #expect(errorMessage { try Tensor([1.0, 2.0], shape: [3]) }?.contains("cannot fill") == true)
  }

  @Test func constantFillsRangesAndEye() throws {
    #expect(try Tensor.full([2], value: 7).toDoubleArray() == [7, 7])
    #expect(try Tensor.arange(0, 5, step: 2).toInt64Array() == [0, 2, 4])
    #expect(try Tensor.arange(0, 1, step: 0.25).toDoubleArray() == [0, 0.25, 0.5, 0.75])
    #expect(try Tensor.eye(2, 3).toDoubleArray() == [1, 0, 0, 0, 1, 0])
    #expect(errorMessage { try Tensor.arange(0, 5, step: 0) } != nil)
  }

  @Test func manualSeedReproducesRandomTensors() throws {
    manualSeed(42)
    let a = try Tensor.randn([100])
    let r = try Tensor.randint(0, 10, [50])
    manualSeed(42)
    let b = try Tensor.randn([100])
    #expect(a.toDoubleArray() == b.toDoubleArray())
    let values = r.toInt64Array()
    #expect(values.allSatisfy { $0 >= 0 && $0 < 10 })
    let mean = try a.mean().item()
    #expect(Swift.abs(mean) < 0.5)
    let u = try Tensor.rand([1000]).toDoubleArray()
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
  }

  @Test func requiresGradOnIntegerTensorsIsRefused() throws {
    let message = errorMessage { try Tensor([1, 2]).requiresGrad_() }
    #expect(message?.contains("floating point") == true)
    #expect(errorMessage { try Tensor.zeros([2], dtype: .int64, requiresGrad: true) } != nil)
  }

  @Test func memoryCapRefusesHugeTensors() throws {
    let message = errorMessage { try Tensor.zeros([1_000_000, 1_000_000]) }
    #expect(message?.contains("memory cap") == true)
    let overflow = errorMessage { try Tensor.zeros([Int.max, 4]) }
    #expect(overflow?.contains("too many elements") == true)
    #expect(errorMessage { try Tensor.zeros([-1]) }?.contains("negative") == true)
  }

  @Test func itemNeedsOneElement() throws {
    #expect(try Tensor([5.0]).item() == 5)
    #expect(errorMessage { try Tensor([1.0, 2.0]).item() }?.contains("2 elements") == true)
  }

  @Test func dtypeConversions() throws {
    let t = try Tensor([1.7, -2.2])
    #expect(try t.long().toInt64Array() == [1, -2])
    #expect(try t.double().dtype == .float64)
    #expect(try Tensor([1, 0]).to(.bool).toBoolArray() == [true, false])
  }
}

@Suite struct StorageTests {
  @Test func reusedBuffersAreZeroedWhenZerosAreAskedFor() throws {
    for _ in 0..<3 {
      do {
        let ones = try Tensor.ones([128, 128])
        #expect(try ones.sum().item() == 16384)
      }
      let zeros = try Tensor.zeros([128, 128])
      #expect(try zeros.abs().sum().item() == 0)
    }
  }

  @Test func memoryLimitIsConfigurable() throws {
    // Lowered to 1 GiB only: other tests running meanwhile allocate far less.
    let saved = MemoryLimit.bytes
    defer { MemoryLimit.bytes = saved }
    MemoryLimit.bytes = 1 << 30
    let message = errorMessage { try Tensor.zeros([1 << 28, 2]) }
    #expect(message?.contains("exceeds the memory cap of 1073741824 bytes") == true)
  }
}

@Suite struct LiteralTests {
  @Test func toLiteralGivesNestedLists() throws {
    #expect(try Tensor([[1, 2], [3, 4]]).toLiteral() == [[1, 2], [3, 4]])
    #expect(try Tensor([[0.5], [1.5]]).T.toLiteral() == [[0.5, 1.5]])
    #expect(try Tensor(2.5).toLiteral() == .float(2.5))
    #expect(try Tensor([true]).toLiteral() == [true])
  }
}

extension TensorTests {
  @Test func randpermIsAPermutation() throws {
    for n in [0, 1, 2, 7, 1000] {
      let p = try Tensor.randperm(n)
      #expect(p.dtype == .int64 && p.shape == [n])
      #expect(p.toInt64Array().sorted() == (0..<Int64(n)).map { $0 })
    }
    // 1000 elements left in order would be a broken shuffle (probability 1/1000!).
    #expect(try Tensor.randperm(1000).toInt64Array() != (0..<1000).map { Int64($0) })
    #expect(
      errorMessage { try Tensor.randperm(-1) }
        == "Trying to create tensor with negative dimension -1: [-1]")
  }
}
