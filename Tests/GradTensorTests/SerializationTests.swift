import Foundation
import Testing

@testable import GradTensor

@Suite struct SerializationTests {
  @Test func npyRoundTripInProcess() throws {
    for t in [
      try Tensor([[1.5, -2.0], [3.0, 4.0]]), try Tensor([1.0, 2.0], dtype: .float64),
      try Tensor([7, -8, 9]), try Tensor([true, false]), try Tensor(3.0),
    ] {
      let back = try NPY.decode(NPY.encode(t))
      #expect(back.shape == t.shape)
      #expect(back.dtype == t.dtype)
      #expect(back.toDoubleArray() == t.toDoubleArray())
    }
    let view = try Tensor.arange(6, dtype: .float32).view([2, 3]).T
    #expect(try NPY.decode(NPY.encode(view)).toDoubleArray() == view.toDoubleArray())
  }

  @Test func headerIsPaddedToSixtyFourBytes() throws {
    let data = try NPY.encode(Tensor.zeros([2, 3]))
    let headerLength = Int(data[8]) | Int(data[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    #expect(data.count == 10 + headerLength + 24)
  }

  @Test func corruptAndTruncatedFilesAreErrors() throws {
    let good = try NPY.encode(Tensor([1.0, 2.0, 3.0]))
    #expect(
      errorMessage { try NPY.decode(good.prefix(good.count - 1)) }?.contains("truncated") == true)
    #expect(errorMessage { try NPY.decode(Data([1, 2, 3])) }?.contains("magic") == true)
    #expect(errorMessage { try NPY.decode(good.prefix(20)) }?.contains("truncated") == true)
    let archive = try NPZ.encode([("a", Tensor([1.0]))])
    #expect(errorMessage { try NPZ.decode(archive.prefix(archive.count - 30)) } != nil)
    var flipped = archive
    flipped[40] ^= 0xFF
    #expect(errorMessage { try NPZ.decode(flipped) } != nil)
    #expect(
      errorMessage { try NPY.load(from: "/nonexistent/x.npy") }?.contains("cannot read") == true)
  }

  @Test func npzRoundTripKeepsNamesAndOrder() throws {
    let path = temporaryPath("set.npz", folder: "atomic")
    try NPZ.save([("weight", Tensor([[1.0, 2.0]])), ("steps", Tensor([3]))], to: path)
    let back = try NPZ.load(from: path)
    #expect(back.map(\.name) == ["weight", "steps"])
    #expect(back[0].tensor.toDoubleArray() == [1, 2])
    #expect(back[1].tensor.dtype == .int64)
    let leftovers = try FileManager.default.contentsOfDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    #expect(!leftovers.contains { $0.contains(".tmp-") })
  }

  @Test(.enabled(if: NumpyPython.path != nil, "numpy is not available: set BENCH_VENV"))
  func numpyReadsWhatWeWrite() throws {
    let npy = temporaryPath("ours.npy")
    let npz = temporaryPath("ours.npz")
    try NPY.save(Tensor([[1.5, -2.0, 3.25]]), to: npy)
    try NPZ.save([("w", Tensor([1.0, 2.0], dtype: .float64)), ("i", Tensor([4, 5]))], to: npz)
    let output = try NumpyPython.script(
      """
      import numpy as np
      a = np.load('\(npy)'); z = np.load('\(npz)')
      print(a.dtype, a.shape, a.tolist())
      print(z['w'].dtype, z['w'].tolist(), z['i'].dtype, z['i'].tolist(), sorted(z.files))
      """)
    #expect(output.contains("float32 (1, 3) [[1.5, -2.0, 3.25]]"))
    #expect(output.contains("float64 [1.0, 2.0] int64 [4, 5] ['i', 'w']"))
  }

  @Test(.enabled(if: NumpyPython.path != nil, "numpy is not available: set BENCH_VENV"))
  func weReadWhatNumpyWrites() throws {
    let npy = temporaryPath("theirs.npy")
    let npz = temporaryPath("theirs.npz")
    let fortran = temporaryPath("fortran.npy")
    _ = try NumpyPython.script(
      """
      import numpy as np
      np.save('\(npy)', np.arange(6, dtype=np.float32).reshape(2, 3))
      np.savez('\(npz)', emb=np.array([[0.5, 1.5]]), ids=np.array([7, 8], dtype=np.int64))
      np.save('\(fortran)', np.asfortranarray(np.arange(6.0).reshape(2, 3)))
      """)
    let a = try NPY.load(from: npy)
    #expect(a.shape == [2, 3])
    #expect(a.toDoubleArray() == [0, 1, 2, 3, 4, 5])
    let z = try NPZ.load(from: npz)
    #expect(Set(z.map(\.name)) == ["emb", "ids"])
    #expect(z.first { $0.name == "emb" }?.tensor.toDoubleArray() == [0.5, 1.5])
    #expect(z.first { $0.name == "ids" }?.tensor.toInt64Array() == [7, 8])
    #expect(try NPY.load(from: fortran).toDoubleArray() == [0, 1, 2, 3, 4, 5])
  }

  @Test(.enabled(if: NumpyPython.path != nil, "numpy is not available: set BENCH_VENV"))
  func compressedArchivesAreRefusedWithAMessage() throws {
    let path = temporaryPath("compressed.npz")
    _ = try NumpyPython.script(
      "import numpy as np; np.savez_compressed('\(path)', a=np.zeros(100))")
    #expect(errorMessage { try NPZ.load(from: path) }?.contains("compressed") == true)
  }
}
