// NumPy's indexing: basic indices (integers, slices with any step, None,
// `...`) make a view that shares the array's storage; integer arrays and
// boolean masks ("advanced" indices) pick elements into a copy. Assignment
// through either writes into the array itself.

import GradLanguage
import GradTensor

/// One entry of `a[...]`.
enum IndexEntry {
  case at(Int)
  case slice(start: Int?, stop: Int?, step: Int)
  case newAxis
  case ellipsis
  /// Integer positions, with the shape of the index array.
  case positions([Int], shape: [Int])
  /// A boolean mask over as many dimensions as it has.
  case mask([Bool], shape: [Int])
}

/// What an index selects: a view (basic indexing) or row-major positions of the array's
/// elements with the result's shape (advanced indexing).
enum Selection {
  case view(Tensor)
  case positions([Int], shape: [Int])
}

extension NDArrayObject {
  /// The entries of an index value: one entry, or a tuple of them.
  func indexEntries(_ index: RValue) throws(ReplError) -> [IndexEntry] {
    if case .tuple(let items) = index {
      var out: [IndexEntry] = []
      for item in items { out.append(try indexEntry(item)) }
      return out
    }
    return [try indexEntry(index)]
  }

  private func indexEntry(_ v: RValue) throws(ReplError) -> IndexEntry {
    switch v {
    case .int(let n): return .at(n)
    case .bool(let b): return .mask([b], shape: [])
    case .none: return .newAxis
    case .object(let o as SliceObject):
      func bound(_ b: RValue) throws(ReplError) -> Int? {
        if b.isNone { return nil }
        if let n = b.asInt { return n }
        if let a = b.ndarray, a.dtype == .int64, a.tensor.count == 1 {
          return Int(a.tensor.toInt64Array()[0])
        }
        throw ReplError.type(
          "slice indices must be integers or None or have an __index__ method")
      }
      let step = try bound(o.step) ?? 1
      guard step != 0 else { throw NumpyMessages.sliceStep() }
      return .slice(start: try bound(o.lower), stop: try bound(o.upper), step: step)
    case .list, .object(is NDArrayObject), .object(is TensorObject):
      let d = try arrayData(v, "index")
      if v.ndarray?.isScalar == true || (d.shape.isEmpty && d.dtype == .int64) {
        guard d.dtype == .int64 else { throw NumpyMessages.invalidIndex }
        return .at(Int(d.ints[0]))
      }
      switch d.dtype {
      case .bool: return .mask(d.bools, shape: d.shape)
      case .int64: return .positions(d.ints.map { Int($0) }, shape: d.shape)
      case .float32, .float64:
        if d.count == 0 { return .positions([], shape: d.shape) }
        throw ReplError.index("arrays used as indices must be of integer (or boolean) type")
      }
    default:
      if v.typeName == "ellipsis" { return .ellipsis }
      throw NumpyMessages.invalidIndex
    }
  }

  /// Resolves the entries against this array's shape.
  func select(_ given: [IndexEntry]) throws(ReplError) -> Selection {
    // Masks stand for as many dimensions as they have; `...` fills the rest with `:`.
    func consumed(_ e: IndexEntry) -> Int {
      switch e {
      case .newAxis, .ellipsis: return 0
      case .mask(_, let s): return s.count
      default: return 1
      }
    }
    let used = given.reduce(0) { $0 + consumed($1) }
    guard used <= shape.count else { throw NumpyMessages.tooManyIndices(shape.count, used) }
    var entries: [IndexEntry] = []
    var sawEllipsis = false
    for e in given {
      if case .ellipsis = e {
        if sawEllipsis { throw ReplError.index("an index can only have a single ellipsis ('...')") }
        sawEllipsis = true
        entries += [IndexEntry](
          repeating: .slice(start: nil, stop: nil, step: 1), count: shape.count - used)
      } else {
        entries.append(e)
      }
    }
    if !sawEllipsis {
      entries += [IndexEntry](
        repeating: .slice(start: nil, stop: nil, step: 1), count: shape.count - used)
    }
    let advanced = entries.contains {
      switch $0 {
      case .positions, .mask: return true
      default: return false
      }
    }
    return advanced ? try advancedSelection(entries) : .view(try basicView(entries))
  }

  /// The view for integers, slices and new axes.
  private func basicView(_ entries: [IndexEntry]) throws(ReplError) -> Tensor {
    let t = tensor
    var newShape: [Int] = []
    var newStrides: [Int] = []
    var offset = t.storageOffset
    var axis = 0
    for e in entries {
      switch e {
      case .newAxis:
        newShape.append(1)
        newStrides.append(0)
      case .at(let i):
        let size = t.shape[axis]
        let k = i < 0 ? i + size : i
        guard k >= 0, k < size else { throw NumpyMessages.index(i, axis: axis, size: size) }
        offset += k * t.strides[axis]
        axis += 1
      case .slice(let start, let stop, let step):
        let size = t.shape[axis]
        let (first, count) = sliceRange(start, stop, step, size)
        offset += first * t.strides[axis]
        newShape.append(count)
        newStrides.append(t.strides[axis] * step)
        axis += 1
      default: break
      }
    }
    let storage = t.storage
    let (shape, strides, start) = (newShape, newStrides, offset)
    return try engine {
      try Tensor.viewing(storage, shape: shape, strides: strides, offset: start)
    }
  }

  /// Advanced indexing: the integer arrays (masks become their `nonzero()` positions, ints
  /// count as 0-d arrays) broadcast together; their shape goes where the first of them is
  /// when they are adjacent, first otherwise, as in NumPy.
  private func advancedSelection(_ entries: [IndexEntry]) throws(ReplError) -> Selection {
    enum Axis {
      case picked(arrayIndex: Int)
      case range([Int])
    }
    var arrays: [(positions: [Int], shape: [Int])] = []
    var plan: [(axis: Int, kind: Axis)] = []
    var newAxes: [Int] = []
    var axis = 0
    for e in entries {
      switch e {
      case .newAxis: newAxes.append(plan.count)
      case .at(let i):
        arrays.append(([try checkedPosition(i, axis)], []))
        plan.append((axis, .picked(arrayIndex: arrays.count - 1)))
        axis += 1
      case .positions(let ps, let s):
        var checked: [Int] = []
        checked.reserveCapacity(ps.count)
        for p in ps { checked.append(try checkedPosition(p, axis)) }
        arrays.append((checked, s))
        plan.append((axis, .picked(arrayIndex: arrays.count - 1)))
        axis += 1
      case .mask(let bs, let s):
        if s.isEmpty {
          // A scalar True adds an axis of length 1; False one of length 0.
          arrays.append((bs[0] ? [0] : [], [bs[0] ? 1 : 0]))
          newAxes.append(plan.count)
          continue
        }
        for (k, size) in s.enumerated() where shape[axis + k] != size {
          throw NumpyMessages.booleanIndex(axis + k, shape[axis + k], size)
        }
        // The mask's true positions, one coordinate array per masked dimension.
        let strides = contiguousStrides(s)
        let hits = bs.indices.filter { bs[$0] }
        for k in 0..<s.count {
          arrays.append((hits.map { ($0 / strides[k]) % s[k] }, [hits.count]))
          plan.append((axis + k, .picked(arrayIndex: arrays.count - 1)))
        }
        axis += s.count
      case .slice(let start, let stop, let step):
        let (first, count) = sliceRange(start, stop, step, shape[axis])
        plan.append((axis, .range((0..<count).map { first + $0 * step })))
        axis += 1
      case .ellipsis: break
      }
    }
    let pickedArrays = plan.compactMap { p -> Int? in
      if case .picked(let k) = p.kind { return k }
      return nil
    }
    let pickedSteps = plan.indices.filter {
      if case .picked = plan[$0].kind { return true }
      return false
    }
    let adjacent =
      pickedSteps.isEmpty
      || (pickedSteps.last ?? 0) - (pickedSteps.first ?? 0) + 1 == pickedSteps.count
    let usedArrays = Set(pickedArrays)
    let broadcastShapeOfIndices = try broadcastShape(
      arrays.indices.filter { usedArrays.contains($0) }.map { arrays[$0].shape })
    let indexCount = broadcastShapeOfIndices.reduce(1, *)
    let expanded = arrays.enumerated().map { (k, a) -> [Int] in
      usedArrays.contains(k)
        ? broadcastPositions(a.shape, to: broadcastShapeOfIndices).map { a.positions[$0] } : []
    }
    // The result's dimensions: slices in order, the index block at its place.
    let insertAt = adjacent ? (pickedSteps.first ?? 0) : 0
    var blocks: [(isIndex: Bool, values: [Int], axis: Int)] = []
    for (step, p) in plan.enumerated() {
      if step == insertAt && adjacent { blocks.append((true, [], -1)) }
      if case .range(let r) = p.kind { blocks.append((false, r, p.axis)) }
    }
    if !adjacent { blocks.insert((true, [], -1), at: 0) }
    if !blocks.contains(where: \.isIndex) { blocks.append((true, [], -1)) }
    let sourceStrides = contiguousStrides(shape)
    var resultShape: [Int] = []
    for b in blocks {
      if b.isIndex {
        resultShape += broadcastShapeOfIndices
      } else {
        resultShape.append(b.values.count)
      }
    }
    let total = resultShape.reduce(1, *)
    try checkListSize(total, "indexing an array")
    var positions: [Int] = []
    positions.reserveCapacity(total)
    // Walk the blocks as nested loops, row-major.
    func walk(_ blockIndex: Int, _ base: Int) {
      if blockIndex == blocks.count {
        positions.append(base)
        return
      }
      let b = blocks[blockIndex]
      if b.isIndex {
        for i in 0..<indexCount {
          var offset = base
          for p in plan {
            if case .picked(let k) = p.kind { offset += expanded[k][i] * sourceStrides[p.axis] }
          }
          walk(blockIndex + 1, offset)
        }
      } else {
        for v in b.values { walk(blockIndex + 1, base + v * sourceStrides[b.axis]) }
      }
    }
    walk(0, 0)
    for at in newAxes.sorted().reversed() where at <= resultShape.count {
      resultShape.insert(1, at: min(at, resultShape.count))
    }
    return .positions(positions, shape: resultShape)
  }

  private func checkedPosition(_ i: Int, _ axis: Int) throws(ReplError) -> Int {
    let size = shape[axis]
    let k = i < 0 ? i + size : i
    guard k >= 0, k < size else { throw NumpyMessages.index(i, axis: axis, size: size) }
    return k
  }
}

/// The first position and length of `start:stop:step` over `size` elements, with Python's
/// rules for negative and out-of-range bounds.
func sliceRange(_ start: Int?, _ stop: Int?, _ step: Int, _ size: Int) -> (Int, Int) {
  func clamp(_ v: Int?, _ defaultValue: Int, _ low: Int, _ high: Int) -> Int {
    guard var x = v else { return defaultValue }
    if x < 0 { x += size }
    return min(max(x, low), high)
  }
  if step > 0 {
    let first = clamp(start, 0, 0, size)
    let last = clamp(stop, size, 0, size)
    return (first, last > first ? (last - first + step - 1) / step : 0)
  }
  let first = clamp(start, size - 1, -1, size - 1)
  let last = clamp(stop, -1, -1, size - 1)
  return (max(first, 0), first > last ? (first - last - step - 1) / -step : 0)
}
