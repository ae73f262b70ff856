// Tensor: an N-dimensional strided view over shared storage, with autograd bookkeeping.
import Foundation

/// An N-dimensional array with PyTorch's semantics: a shape and strides over shared storage,
/// a dtype, and (for floating point tensors) autograd.
///
/// Tensors are reference types, like `torch.Tensor`: views (`view`, `transpose`, slicing,
/// `expand`) share storage, and in-place operations (`add_`, `fill_`, ...) are visible through
/// every view. Operations that can fail (shapes, dtypes, indices, the memory cap) throw
/// `TensorError`; the arithmetic operators throw too, so write `try a + b`.
public final class Tensor {
  /// The buffer this tensor reads, shared with its views.
  public let storage: TensorStorage
  /// The size of each dimension.
  public let shape: [Int]
  /// Elements to skip in storage to move one step along each dimension.
  public let strides: [Int]
  /// Index of the first element in storage.
  public let storageOffset: Int

  /// Gradient accumulated by `backward()` (leaves, and non-leaves after `retainGrad()`).
  public var grad: Tensor?
  /// Whether autograd records operations on this tensor.
  public internal(set) var requiresGrad: Bool
  /// The node that produced this tensor, or nil for leaves.
  var gradFn: Node?
  var retainsGrad = false
  var hooks: [(Tensor) throws -> Tensor?] = []

  init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int) {
    self.storage = storage
    self.shape = shape
    self.strides = strides
    self.storageOffset = offset
    self.requiresGrad = false
  }

  /// A new contiguous tensor; its elements are uninitialised unless `zeroed`.
  convenience init(empty shape: [Int], dtype: DType, zeroed: Bool = false) throws {
    let n = try checkedCount(shape)
    let storage = try TensorStorage(count: n, dtype: dtype, zeroed: zeroed)
    self.init(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0)
  }

  // MARK: - Properties

  /// The element type.
  public var dtype: DType { storage.dtype }
  /// Number of dimensions.
  public var ndim: Int { shape.count }
  /// Number of elements.
  public var count: Int { shape.reduce(1, *) }
  /// True when the tensor has no `gradFn`: created by the user, not by an operation.
  public var isLeaf: Bool { gradFn == nil }
  /// PyTorch's name for the operation that produced this tensor (`MulBackward0`), if any.
  public var gradFnName: String? { gradFn?.name }

  /// True when elements are laid out row-major without gaps, as a fresh tensor is.
  public var isContiguous: Bool {
    var expected = 1
    for d in stride(from: ndim - 1, through: 0, by: -1) where shape[d] != 1 {
      if strides[d] != expected { return false }
      expected *= shape[d]
    }
    return true
  }

  /// The address of this tensor's first element: equal for views that start at the same element
  /// of the same storage (PyTorch's `data_ptr()`).
  public var dataPointerIdentity: Int {
    Int(bitPattern: storage.pointer) + storageOffset * dtype.byteSize
  }

  /// Whether the two tensors read the same storage buffer.
  public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }

  /// Normalises a possibly negative dimension index.
  func dimension(_ d: Int, _ op: String, extra: Int = 0) throws -> Int {
    let n = ndim + extra
    guard n > 0 else {
      throw TensorError(
        .indexOutOfRange,
        "\(op): dimension \(d) specified, but the tensor is 0-dimensional (a scalar); "
          + "reshape it to [1] first")
    }
    let lo = -Swift.max(n, 1)
    let hi = Swift.max(n, 1) - 1
    guard d >= lo && d <= hi else {
      throw TensorError(
        .indexOutOfRange,
        "\(op): dimension \(d) out of range (expected to be in range of [\(lo), \(hi)])")
    }
    return d < 0 ? d + Swift.max(n, 1) : d
  }

  // MARK: - Element access

  /// Storage index of the element with the given flat (row-major) position.
  @inline(__always) func storageIndex(flat: Int) -> Int {
    var rest = flat
    var index = storageOffset
    var d = ndim - 1
    while d >= 0 {
      let s = shape[d]
      index += (rest % s) * strides[d]
      rest /= s
      d -= 1
    }
    return index
  }

  /// The element at a flat position as a Double (any dtype).
  func doubleAt(flat: Int) -> Double {
    let i = storageIndex(flat: flat)
    switch dtype {
    case .float32: return Double(storage.typed(Float.self)[i])
    case .float64: return storage.typed(Double.self)[i]
    case .int64: return Double(storage.typed(Int64.self)[i])
    case .bool: return storage.typed(Bool.self)[i] ? 1 : 0
    }
  }

  /// The single element of a one-element tensor, as a Double.
  public func item() throws -> Double {
    guard count == 1 else {
      throw TensorError(
        .invalidArgument,
        "item(): a tensor with \(count) elements cannot be converted to a scalar")
    }
    return doubleAt(flat: 0)
  }

  /// All elements in row-major order, converted to Double.
  public func toDoubleArray() -> [Double] {
    let n = count
    if dtype == .float64 && isContiguous {
      return Array(UnsafeBufferPointer(start: storage.typed(Double.self) + storageOffset, count: n))
    }
    return (0..<n).map { doubleAt(flat: $0) }
  }

  /// All elements in row-major order, converted to Float.
  public func toFloatArray() -> [Float] {
    let n = count
    if dtype == .float32 && isContiguous {
      return Array(UnsafeBufferPointer(start: storage.typed(Float.self) + storageOffset, count: n))
    }
    return (0..<n).map { Float(doubleAt(flat: $0)) }
  }

  /// All elements in row-major order, converted to Int64 (floats truncate toward zero).
  public func toInt64Array() -> [Int64] {
    if dtype == .int64 {
      return (0..<count).map { storage.typed(Int64.self)[storageIndex(flat: $0)] }
    }
    return (0..<count).map { Int64(fromDouble: doubleAt(flat: $0)) }
  }

  /// All elements in row-major order as Bools (non-zero is true).
  public func toBoolArray() -> [Bool] { (0..<count).map { doubleAt(flat: $0) != 0 } }

  // MARK: - Copies

  /// This tensor if already contiguous, otherwise a contiguous copy (differentiable).
  public func contiguous() throws -> Tensor {
    if isContiguous { return self }
    return try clone()
  }

  /// A copy with its own storage (differentiable: the gradient flows back unchanged).
  public func clone() throws -> Tensor {
    let out = try copyData(to: dtype)
    return try record(out, .identity, [self])
  }

  /// A copy converted to `dtype` (differentiable between float types).
  public func to(_ target: DType) throws -> Tensor {
    if target == dtype { return self }
    let out = try copyData(to: target)
    if target.isFloatingPoint && dtype.isFloatingPoint {
      return try record(out, .cast(from: dtype), [self])
    }
    return out
  }

  /// Shorthands for `to(.float32)`, `to(.float64)`, `to(.int64)`.
  public func float() throws -> Tensor { try to(.float32) }
  public func double() throws -> Tensor { try to(.float64) }
  public func long() throws -> Tensor { try to(.int64) }

  /// A contiguous copy of the data in `target` dtype, with no autograd history.
  func copyData(to target: DType) throws -> Tensor {
    let out = try Tensor(empty: shape, dtype: target)
    try out.assignElements(from: self)
    return out
  }

  /// Writes the elements of `source` (same shape, any dtype, any strides) into this tensor.
  func assignElements(from source: Tensor) throws {
    switch (dtype, source.dtype) {
    case (.float32, .float32): copyStrided(source, Float.self, into: self, Float.self) { $0 }
    case (.float64, .float64): copyStrided(source, Double.self, into: self, Double.self) { $0 }
    case (.int64, .int64): copyStrided(source, Int64.self, into: self, Int64.self) { $0 }
    case (.bool, .bool): copyStrided(source, Bool.self, into: self, Bool.self) { $0 }
    case (.float32, .float64):
      copyStrided(source, Double.self, into: self, Float.self) { Float($0) }
    case (.float64, .float32):
      copyStrided(source, Float.self, into: self, Double.self) { Double($0) }
    default:
      let n = count
      for i in 0..<n {
        let v = source.doubleAt(flat: i)
        let j = storageIndex(flat: i)
        switch dtype {
        case .float32: storage.typed(Float.self)[j] = Float(v)
        case .float64: storage.typed(Double.self)[j] = v
        case .int64: storage.typed(Int64.self)[j] = Int64(fromDouble: v)
        case .bool: storage.typed(Bool.self)[j] = v != 0
        }
      }
    }
  }
}

// MARK: - Shape helpers

/// Row-major strides for a shape: the last dimension moves by one element.
func contiguousStrides(_ shape: [Int]) -> [Int] {
  var strides = [Int](repeating: 1, count: shape.count)
  var running = 1
  for d in stride(from: shape.count - 1, through: 0, by: -1) {
    strides[d] = running
    running = running &* max(shape[d], 1)
  }
  return strides
}

/// The number of elements of a shape, refusing negative sizes and overflow.
func checkedCount(_ shape: [Int]) throws -> Int {
  var n = 1
  for s in shape {
    guard s >= 0 else {
      throw TensorError(.invalidArgument, "shape \(shapeString(shape)) has a negative dimension")
    }
    let (p, overflow) = n.multipliedReportingOverflow(by: s)
    guard !overflow else {
      throw TensorError(.memory, "shape \(shapeString(shape)) has too many elements")
    }
    n = p
  }
  return n
}
