// Ordering along a dimension: sort, topk and median. Each finds positions first
// (an int64 tensor, outside autograd) and then picks the values at them, so the
// gradient of every result goes back to exactly the elements it was picked from:
//
//   values[..., j, ...] = x[..., indices[..., j, ...], ...]   along dim
//   ∂L/∂x = scatter_add(zeros like x, dim, indices, ∂L/∂values)
//
// NaN orders after every number, as in PyTorch; ties keep their original order.

import Foundation

extension Tensor {
  /// The elements along `dim` in ascending (or descending) order, and where each came from.
  public func sort(dim: Int = -1, descending: Bool = false) throws -> (
    values: Tensor, indices: Tensor
  ) {
    let d = try orderedDimension(dim, "sort")
    let n = ndim == 0 ? 1 : shape[d]
    let indices = try orderIndices(dim: d, keep: n, descending: descending)
    return (try picked(indices, dim: d, name: "SortBackward0"), indices)
  }

  /// The `k` largest (or smallest) elements along `dim`, in order, and where each came from.
  public func topk(_ k: Int, dim: Int = -1, largest: Bool = true) throws -> (
    values: Tensor, indices: Tensor
  ) {
    let d = try orderedDimension(dim, "topk")
    let n = ndim == 0 ? 1 : shape[d]
    guard k >= 0, k <= n else {
      throw TensorError(
        .invalidArgument, "topk: k (\(k)) is out of range for a dimension of size \(n)")
    }
    let indices = try orderIndices(dim: d, keep: k, descending: largest)
    return (try picked(indices, dim: d, name: "TopkBackward0"), indices)
  }

  /// The lower median along `dim` (the element at position ⌊(n−1)/2⌋ of the sorted values),
  /// and where it is.
  public func median(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    let d = try orderedDimension(dim, "median")
    let n = ndim == 0 ? 1 : shape[d]
    guard n > 0 else {
      throw TensorError(.invalidArgument, "median(): cannot reduce over a dimension of size 0")
    }
    let sorted = try orderIndices(dim: d, keep: n, descending: false)
    let middle =
      ndim == 0 ? sorted : try sorted.narrow(dim: d, start: (n - 1) / 2, length: 1).contiguous()
    let outShape = keepdim || ndim == 0 ? middle.shape : try middle.squeeze(d).shape
    let values = try picked(middle, dim: d, name: "MedianBackward1", shape: outShape)
    return (values, try middle.reshape(outShape))
  }

  /// The lower median of all the elements (0-d).
  public func median() throws -> Tensor {
    guard count > 0 else {
      throw TensorError(.invalidArgument, "median(): the tensor has no elements")
    }
    let flat = try reshape([-1])
    let sorted = try flat.detach().orderIndices(dim: 0, keep: count, descending: false)
    let middle = try sorted.narrow(dim: 0, start: (count - 1) / 2, length: 1).contiguous()
    let value = try noGrad { try flat.detach().gather(dim: 0, index: middle).reshape([]).clone() }
    guard requiresGrad && GradMode.isEnabled else { return value }
    // Every element equal to the median shares its gradient evenly, as in PyTorch.
    let equal = try detach().eq(value).to(dtype)
    let share = try equal / equal.sum().item()
    return try value.recorded(by: EvenlySharedBackward(share: share), inputs: [self])
  }

  private func orderedDimension(_ dim: Int, _ name: String) throws -> Int {
    if ndim == 0 {
      guard dim == 0 || dim == -1 else {
        throw TensorError(
          .indexOutOfRange,
          "Dimension out of range (expected to be in range of [-1, 0], but got \(dim))")
      }
      return 0
    }
    return try dimension(dim, name)
  }

  /// For every line along `d`, the positions of its first `keep` elements in order.
  private func orderIndices(dim d: Int, keep: Int, descending: Bool) throws -> Tensor {
    if ndim == 0 { return try Tensor([Int64](repeating: 0, count: keep), shape: []) }
    let last = ndim - 1
    let moved = try detach().transpose(d, last).contiguous()
    let n = moved.shape[last]
    let lines = n == 0 ? 0 : moved.count / n
    var out = [Int64]()
    out.reserveCapacity(lines * keep)
    if dtype == .int64 || dtype == .bool {
      let keys = moved.toInt64Array()
      for line in 0..<lines {
        let row = keys[(line * n)..<(line * n + n)]
        let order = (0..<n).sorted { i, j in
          let a = row[row.startIndex + i]
          let b = row[row.startIndex + j]
          return descending ? a > b : a < b
        }
        out += order.prefix(keep).map { Int64($0) }
      }
    } else {
      let keys = moved.toDoubleArray()
      for line in 0..<lines {
        let base = line * n
        // NaN counts as larger than every number.
        let order = (0..<n).sorted { i, j in
          let a = keys[base + i]
          let b = keys[base + j]
          if a.isNaN || b.isNaN {
            return descending ? (a.isNaN && !b.isNaN) : (!a.isNaN && b.isNaN)
          }
          return descending ? a > b : a < b
        }
        out += order.prefix(keep).map { Int64($0) }
      }
    }
    var movedShape = moved.shape
    movedShape[last] = keep
    let indices = try Tensor(out, shape: movedShape)
    return try indices.transpose(d, last).contiguous()
  }

  /// The elements at `indices` along `d`, recorded as one node named `name` whose gradient
  /// goes back to the picked positions; `shape` reshapes the result (a median drops `d`).
  private func picked(_ indices: Tensor, dim d: Int, name: String, shape outShape: [Int]? = nil)
    throws -> Tensor
  {
    var values =
      ndim == 0
      ? try detach().clone()
      : try noGrad { try detach().gather(dim: d, index: indices) }
    if let outShape { values = try values.reshape(outShape).clone() }
    guard requiresGrad && GradMode.isEnabled else { return values }
    return try values.recorded(
      by: PickedElementsBackward(name: name, inputShape: shape, dim: d, indices: indices),
      inputs: [self])
  }
}

/// The backward pass of sort, topk and median: each output element's gradient is added to
/// the input element it was picked from; elements not picked get zero.
struct PickedElementsBackward: CustomBackward {
  let name: String
  let inputShape: [Int]
  let dim: Int
  let indices: Tensor
  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    guard needs.first == true else { return [nil] }
    let dx = try Tensor.zeros(inputShape, dtype: g.dtype)
    if inputShape.isEmpty {
      try dx.add_(g.reshape([]))
      return [dx]
    }
    try dx.scatterAdd_(dim: dim, index: indices, source: g.reshape(indices.shape).contiguous())
    return [dx]
  }
}

extension Tensor {
  /// The larger of `a` and `b` at each place, broadcasting (`torch.maximum`).
  ///
  /// ```
  /// max(a, b) = a where a > b, b where a < b;  ∂/∂a = 1, 0, and ½ where they tie (likewise b)
  /// ```
  public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try extreme(a, b, largest: true)
  }

  /// The smaller of `a` and `b` at each place, broadcasting (`torch.minimum`); ties share the
  /// gradient as in `maximum`.
  public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try extreme(a, b, largest: false)
  }

  private static func extreme(_ a: Tensor, _ b: Tensor, largest: Bool) throws -> Tensor {
    guard a.dtype == b.dtype else {
      throw TensorError(
        .dtypeMismatch,
        "\(largest ? "maximum" : "minimum"): both tensors need one dtype, got "
          + "\(a.dtype.torchName) and \(b.dtype.torchName)")
    }
    let (x, y) = (a.detach(), b.detach())
    let wins = largest ? try x.gt(y) : try x.lt(y)
    let loses = largest ? try x.lt(y) : try x.gt(y)
    let out = try Tensor.where(wins, x, try Tensor.where(loses, y, x)).contiguous()
    let value = out.isLeaf && !out.requiresGrad && out !== a && out !== b ? out : try out.clone()
    guard (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled else { return value }
    // The share of the gradient each side gets: 1 where it won, ½ at a tie, 0 where it lost.
    let tie = try (wins.logicalNot().to(a.dtype) - loses.to(a.dtype)) * 0.5
    let shareA = try wins.to(a.dtype) + tie
    let shareB = try loses.to(a.dtype) + tie
    return try value.recorded(
      by: ExtremeBackward(
        name: largest ? "MaximumBackward0" : "MinimumBackward0", shareA: shareA, shareB: shareB,
        shapeA: a.shape, shapeB: b.shape),
      inputs: [a, b])
  }
}

/// The backward pass of `median()` over all elements: g shared evenly among the elements
/// equal to the median.
struct EvenlySharedBackward: CustomBackward {
  let share: Tensor
  var name: String { "MedianBackward0" }
  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    [needs[0] ? try share * g : nil]
  }
}

/// The backward pass of `maximum` and `minimum`: g times each side's share, summed back over
/// the dimensions that side was broadcast along.
struct ExtremeBackward: CustomBackward {
  let name: String
  let shareA: Tensor
  let shareB: Tensor
  let shapeA: [Int]
  let shapeB: [Int]
  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    [
      needs[0] ? try (g * shareA).sumToShape(shapeA) : nil,
      needs[1] ? try (g * shareB).sumToShape(shapeB) : nil,
    ]
  }
}
