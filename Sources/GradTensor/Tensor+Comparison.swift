import Foundation

extension Tensor {
  /// Whether every `|self − other| ≤ atol + rtol·|other|` after broadcasting, with NaNs
  /// equal only when `equalNaN` (`torch.allclose`).
  public func allClose(
    _ other: Tensor, rtol: Double = 1e-05, atol: Double = 1e-08, equalNaN: Bool = false
  ) throws -> Bool {
    let shape = try broadcastShapes(self.shape, other.shape, "allclose")
    let a = try detach().to(.float64).expand(shape).contiguous().toDoubleArray()
    let b = try other.detach().to(.float64).expand(shape).contiguous().toDoubleArray()
    for i in 0..<a.count {
      if a[i].isNaN || b[i].isNaN {
        if equalNaN && a[i].isNaN && b[i].isNaN { continue }
        return false
      }
      if a[i] == b[i] { continue }
      let difference: Double = Swift.abs(a[i] - b[i])
      let allowed: Double = atol + rtol * Swift.abs(b[i])
      if difference > allowed { return false }
    }
    return true
  }

  /// Whether both tensors have one shape and equal elements (`torch.equal`).
  public func equals(_ other: Tensor) throws -> Bool {
    guard shape == other.shape else { return false }
    let a = try detach().to(.float64).contiguous().toDoubleArray()
    let b = try other.detach().to(.float64).contiguous().toDoubleArray()
    return a == b
  }
}
