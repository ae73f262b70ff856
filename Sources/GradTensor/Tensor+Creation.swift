// Creating tensors: from literals and Swift arrays, constant fills, ranges and random draws.

/// A nested list literal for `Tensor(...)`, like the argument of `torch.tensor`:
/// `[[1, 2], [3, 4.5]]`. Integers alone give an int64 tensor, any float gives float32, booleans
/// alone give bool.
public indirect enum TensorLiteral: Sendable, Equatable, ExpressibleByArrayLiteral,
  ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
  case float(Double)
  case int(Int64)
  case bool(Bool)
  case list([TensorLiteral])

  public init(arrayLiteral elements: TensorLiteral...) { self = .list(elements) }
  public init(floatLiteral value: Double) { self = .float(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Tensor {
  // MARK: From literals and arrays

  /// A tensor from a nested list (PyTorch's `torch.tensor`). Ragged lists are an error.
  public convenience init(
    _ literal: TensorLiteral, dtype: DType? = nil, requiresGrad: Bool = false
  ) throws {
    var values: [Double] = []
    var sawFloat = false
    var sawInt = false
    var sawBool = false
    func shapeOf(_ l: TensorLiteral) -> [Int] {
      if case .list(let items) = l { return [items.count] + (items.first.map(shapeOf) ?? []) }
      return []
    }
    let shape = shapeOf(literal)
    func walk(_ l: TensorLiteral, _ depth: Int) throws {
      switch l {
      case .list(let items):
        guard depth < shape.count, items.count == shape[depth] else {
          throw TensorError(
            .shapeMismatch,
            "tensor(): the nested list is ragged (expected a sequence of length "
              + "\(depth < shape.count ? shape[depth] : 0) at depth \(depth), got \(items.count))")
        }
        for item in items { try walk(item, depth + 1) }
      case .float(let v):
        guard depth == shape.count else {
          throw TensorError(.shapeMismatch, "tensor(): the nested list is ragged at depth \(depth)")
        }
        sawFloat = true
        values.append(v)
      case .int(let v):
        guard depth == shape.count else {
          throw TensorError(.shapeMismatch, "tensor(): the nested list is ragged at depth \(depth)")
        }
        sawInt = true
        values.append(Double(v))
      case .bool(let v):
        guard depth == shape.count else {
          throw TensorError(.shapeMismatch, "tensor(): the nested list is ragged at depth \(depth)")
        }
        sawBool = true
        values.append(v ? 1 : 0)
      }
    }
    try walk(literal, 0)
    let inferred: DType = sawFloat ? .float32 : (sawInt ? .int64 : (sawBool ? .bool : .float32))
    try self.init(values, shape: shape, dtype: dtype ?? inferred, requiresGrad: requiresGrad)
  }

  /// A tensor of `dtype` from row-major values.
  public convenience init(
    _ values: [Double], shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false
  ) throws {
    let n = try checkedCount(shape)
    guard n == values.count else {
      throw TensorError(
        .shapeMismatch,
        "\(values.count) values cannot fill a tensor of shape \(shapeString(shape)) "
          + "(\(n) elements)")
    }
    try self.init(empty: shape, dtype: dtype)
    switch dtype {
    case .float32:
      let p = storage.typed(Float.self)
      for i in 0..<n { p[i] = Float(values[i]) }
    case .float64:
      let p = storage.typed(Double.self)
      for i in 0..<n { p[i] = values[i] }
    case .int64:
      let p = storage.typed(Int64.self)
      for i in 0..<n { p[i] = Int64(fromDouble: values[i]) }
    case .bool:
      let p = storage.typed(Bool.self)
      for i in 0..<n { p[i] = values[i] != 0 }
    }
    if requiresGrad { try requiresGrad_() }
  }

  /// A float32 tensor from row-major values.
  public convenience init(_ values: [Float], shape: [Int], requiresGrad: Bool = false) throws {
    try self.init(values.map(Double.init), shape: shape, dtype: .float32)
    if requiresGrad { try requiresGrad_() }
  }

  /// An int64 tensor from row-major values.
  public convenience init(_ values: [Int64], shape: [Int]) throws {
    let n = try checkedCount(shape)
    guard n == values.count else {
      throw TensorError(
        .shapeMismatch,
        "\(values.count) values cannot fill a tensor of shape \(shapeString(shape))")
    }
    try self.init(empty: shape, dtype: .int64)
    let p = storage.typed(Int64.self)
    for i in 0..<n { p[i] = values[i] }
  }

  /// An int64 tensor from row-major values.
  public convenience init(_ values: [Int], shape: [Int]) throws {
    try self.init(values.map { Int64($0) }, shape: shape)
  }

  /// A bool tensor from row-major values.
  public convenience init(_ values: [Bool], shape: [Int]) throws {
    try self.init(values.map { $0 ? 1.0 : 0.0 }, shape: shape, dtype: .bool)
  }

  /// The elements as nested lists (PyTorch's `tolist()`); a 0-d tensor gives a bare scalar.
  public func toLiteral() -> TensorLiteral {
    func element(_ flat: Int) -> TensorLiteral {
      let v = doubleAt(flat: flat)
      switch dtype {
      case .float32, .float64: return .float(v)
      case .int64: return .int(Int64(fromDouble: v))
      case .bool: return .bool(v != 0)
      }
    }
    func build(_ depth: Int, _ base: Int) -> TensorLiteral {
      if depth == ndim { return element(base) }
      let inner = shape[(depth + 1)...].reduce(1, *)
      return .list((0..<shape[depth]).map { build(depth + 1, base + $0 * inner) })
    }
    return build(0, 0)
  }

  // MARK: Constant fills

  private static func checkGrad(_ dtype: DType, _ requiresGrad: Bool) throws {
    if requiresGrad && !dtype.isFloatingPoint {
      throw TensorError(
        .dtypeMismatch,
        "only tensors of floating point dtype can require gradients (got \(dtype.torchName))")
    }
  }

  /// A tensor filled with `value`.
  public static func full(
    _ shape: [Int], value: Double, dtype: DType = .float32, requiresGrad: Bool = false
  ) throws -> Tensor {
    try checkGrad(dtype, requiresGrad)
    let t = try Tensor(empty: shape, dtype: dtype)
    t.fillRaw(value)
    t.requiresGrad = requiresGrad
    return t
  }

  /// A tensor of zeros.
  public static func zeros(
    _ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false
  ) throws -> Tensor {
    try checkGrad(dtype, requiresGrad)
    let t = try Tensor(empty: shape, dtype: dtype, zeroed: true)
    t.requiresGrad = requiresGrad
    return t
  }

  /// A tensor of ones.
  public static func ones(
    _ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false
  ) throws -> Tensor {
    try full(shape, value: 1, dtype: dtype, requiresGrad: requiresGrad)
  }

  /// Zeros with this tensor's shape and dtype.
  public func zerosLike() throws -> Tensor { try Tensor.zeros(shape, dtype: dtype) }
  /// Ones with this tensor's shape and dtype.
  public func onesLike() throws -> Tensor { try Tensor.ones(shape, dtype: dtype) }

  /// `start, start + step, …` up to but excluding `end` (int64 unless a dtype is given or a
  /// bound is fractional, then float32).
  public static func arange(
    _ start: Double, _ end: Double, step: Double = 1, dtype: DType? = nil
  ) throws -> Tensor {
    guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
      throw TensorError(.invalidArgument, "arange: step must be non-zero and bounds finite")
    }
    guard (end - start) / step >= 0 else {
      throw TensorError(
        .invalidArgument, "arange: upper bound and larger bound inconsistent with step sign")
    }
    let integral = [start, end, step].allSatisfy { $0.rounded() == $0 }
    let dt = dtype ?? (integral ? .int64 : .float32)
    let countD = ((end - start) / step).rounded(.up)
    guard countD < 1e15 else { throw TensorError(.memory, "arange: too many elements") }
    let n = Int(countD)
    let t = try Tensor(empty: [n], dtype: dt)
    for i in 0..<n { t.setRaw(flat: i, start + Double(i) * step) }
    return t
  }

  /// `0, 1, …, end − 1`.
  public static func arange(_ end: Double, dtype: DType? = nil) throws -> Tensor {
    try arange(0, end, dtype: dtype)
  }

  /// The identity matrix (n × m, m defaults to n).
  public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
    let cols = m ?? n
    let t = try zeros([n, cols], dtype: dtype)
    for i in 0..<Swift.min(n, cols) {
      t.setRaw(flat: i * cols + i, 1)
    }
    return t
  }

  // MARK: Random

  /// Samples from the standard normal distribution N(0, 1).
  public static func randn(
    _ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false
  ) throws -> Tensor {
    try sampled("randn", shape, dtype, requiresGrad) { $0.nextNormal() }
  }

  /// Samples uniformly from [0, 1).
  public static func rand(
    _ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false
  ) throws -> Tensor {
    try sampled("rand", shape, dtype, requiresGrad) { $0.nextUnit() }
  }

  /// A floating-point tensor filled from the global generator, one draw per element in order.
  private static func sampled(
    _ name: String, _ shape: [Int], _ dtype: DType, _ requiresGrad: Bool,
    _ draw: (inout TensorRandomGenerator) -> Double
  ) throws -> Tensor {
    try checkGrad(dtype, requiresGrad)
    guard dtype.isFloatingPoint else {
      throw TensorError(.dtypeMismatch, "\(name): dtype must be floating point")
    }
    let t = try Tensor(empty: shape, dtype: dtype)
    GlobalRandom.with { rng in
      for i in 0..<t.count { t.setRaw(flat: i, draw(&rng)) }
    }
    t.requiresGrad = requiresGrad
    return t
  }

  /// Integers drawn uniformly from `low ..< high` (int64).
  public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
    guard low < high else {
      throw TensorError(
        .invalidArgument, "randint: low (\(low)) must be less than high (\(high))")
    }
    let t = try Tensor(empty: shape, dtype: .int64)
    let p = t.storage.typed(Int64.self)
    let span = UInt64(bitPattern: Int64(high) &- Int64(low))
    GlobalRandom.with { rng in
      for i in 0..<t.count {
        p[i] = Int64(low) &+ Int64(bitPattern: UInt64.random(in: 0..<span, using: &rng))
      }
    }
    return t
  }

  /// A random permutation of 0..<n as int64 (`torch.randperm`): Fisher–Yates from the last
  /// position down, each position swapped with a uniformly chosen one at or before it.
  public static func randperm(_ n: Int) throws -> Tensor {
    guard n >= 0 else {
      throw TensorError(
        .invalidArgument, "Trying to create tensor with negative dimension \(n): [\(n)]")
    }
    let t = try Tensor(empty: [n], dtype: .int64)
    let p = t.storage.typed(Int64.self)
    for i in 0..<n { p[i] = Int64(i) }
    GlobalRandom.with { rng in
      for i in stride(from: n - 1, to: 0, by: -1) {
        let j = Int.random(in: 0...i, using: &rng)
        (p[i], p[j]) = (p[j], p[i])
      }
    }
    return t
  }

  // MARK: Raw element writes (no autograd)

  /// Writes `value` at a flat index of a contiguous tensor.
  func setRaw(flat i: Int, _ value: Double) {
    switch dtype {
    case .float32: storage.typed(Float.self)[storageOffset + i] = Float(value)
    case .float64: storage.typed(Double.self)[storageOffset + i] = value
    case .int64: storage.typed(Int64.self)[storageOffset + i] = Int64(fromDouble: value)
    case .bool: storage.typed(Bool.self)[storageOffset + i] = value != 0
    }
  }

  /// Sets every element (any strides) to `value`.
  func fillRaw(_ value: Double) {
    func fill<T>(_ v: T) {
      let p = storage.typed(T.self) + storageOffset
      if isContiguous {
        p.update(repeating: v, count: count)
      } else {
        forEachStrided2(shape, strides, strides) { i, _ in p[i] = v }
      }
    }
    switch dtype {
    case .float32: fill(Float(value))
    case .float64: fill(value)
    case .int64: fill(Int64(fromDouble: value))
    case .bool: fill(value != 0)
    }
  }
}
