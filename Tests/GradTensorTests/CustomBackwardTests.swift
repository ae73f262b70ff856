import Testing

@testable import GradTensor

/// A small fused function over raw buffers, recorded as one node with a hand-written rule:
///
/// ```
/// y_i = x_i² · w_i + b        x, w [n], b [] (broadcast), y [n]
/// ∂x_i = g_i · 2·x_i·w_i   ∂w_i = g_i · x_i²   ∂b = Σ_i g_i
/// ```
private struct SquareScale: CustomBackward {
  let x: Tensor
  let w: Tensor
  /// Replaces ∂x by NaN, to see anomaly mode catch a rule's gradient.
  var poisoned = false

  var name: String { "SquareScaleBackward" }
  var savesTensors: Bool { true }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    let n = x.count
    let gc = try g.contiguous()
    let pg = try gc.elements(Double.self)
    let px = try x.elements(Double.self)
    let pw = try w.elements(Double.self)
    var dx: Tensor? = nil
    if needs[0] {
      let d = try Tensor.zeros([n], dtype: .float64)
      let p = try d.elements(Double.self)
      for i in 0..<n { p[i] = poisoned ? .nan : pg[i] * 2 * px[i] * pw[i] }
      dx = d
    }
    var dw: Tensor? = nil
    if needs[1] {
      let d = try Tensor.zeros([n], dtype: .float64)
      let p = try d.elements(Double.self)
      for i in 0..<n { p[i] = pg[i] * px[i] * px[i] }
      dw = d
    }
    let db = needs[2] ? try rowSum(UnsafePointer(pg), rows: n, columns: 1).reshape([]) : nil
    return withExtendedLifetime(gc) { [dx, dw, db] }
  }

  /// The forward pass and its recording.
  static func apply(_ x: Tensor, _ w: Tensor, _ b: Tensor, poisoned: Bool = false) throws
    -> Tensor
  {
    let xs = try x.detach().contiguous()
    let ws = try w.detach().contiguous()
    let y = try Tensor.zeros(x.shape, dtype: .float64)
    let py = try y.elements(Double.self)
    let px = try xs.elements(Double.self)
    let pw = try ws.elements(Double.self)
    let bias = try b.item()
    for i in 0..<x.count { py[i] = px[i] * px[i] * pw[i] + bias }
    return try y.recorded(
      by: SquareScale(x: xs, w: ws, poisoned: poisoned), inputs: [x, w, b])
  }
}

@Suite struct CustomBackwardTests {
  let x = try! Tensor([0.5, -1.25, 2.0], dtype: .float64)
  let w = try! Tensor([1.5, 0.75, -0.5], dtype: .float64)
  let b = try! Tensor.full([], value: 0.25, dtype: .float64)

  @Test func gradientsMatchFiniteDifferences() throws {
    let result = try gradcheck({ try SquareScale.apply($0[0], $0[1], $0[2]) }, inputs: [x, w, b])
    #expect(result.passed, "\(result)")
  }

  @Test func theNodeIsNamedAndItsInputsAreAllItsTensors() throws {
    let xl = try x.clone().requiresGrad_()
    let wl = try w.clone().requiresGrad_()
    let y = try SquareScale.apply(xl, wl, b)
    #expect(y.gradFnName == "SquareScaleBackward")
    #expect(!y.isLeaf)
    #expect(y.description.hasSuffix("grad_fn=<SquareScaleBackward>)"))
    #expect(y.gradFn?.inputs.count == 3)
    // Upstream of the node the graph goes on: x came from an operation.
    let x2 = try xl * 2
    let z = try SquareScale.apply(x2, wl, b)
    try z.sum().backward()
    // ∂/∂x of (2x)²·w summed: 8·x·w
    #expect(allClose(try #require(xl.grad).toDoubleArray(), [6, -7.5, -8]))
    #expect(allClose(try #require(wl.grad).toDoubleArray(), [1, 6.25, 16]))
  }

  @Test func nothingIsRecordedWithoutGradOrInsideNoGrad() throws {
    #expect(try SquareScale.apply(x, w, b).isLeaf)
    let xl = try x.clone().requiresGrad_()
    let y = try noGrad { try SquareScale.apply(xl, w, b) }
    #expect(y.isLeaf && !y.requiresGrad)
  }

  @Test func aSecondBackwardNeedsRetainGraph() throws {
    let xl = try x.clone().requiresGrad_()
    let once = try SquareScale.apply(xl, w, b).sum()
    try once.backward()
    let message = errorMessage { try once.backward() }
    #expect(message?.contains("Trying to backward through the graph a second time") == true)

    let xr = try x.clone().requiresGrad_()
    let twice = try SquareScale.apply(xr, w, b).sum()
    try twice.backward(retainGraph: true)
    let first = try #require(xr.grad).toDoubleArray()
    try twice.backward()
    #expect(allClose(try #require(xr.grad).toDoubleArray(), first.map { 2 * $0 }))
  }

  @Test func anomalyModeChecksTheRulesGradients() throws {
    Anomaly.isEnabled = true
    defer { Anomaly.isEnabled = false }
    let xl = try x.clone().requiresGrad_()
    let y = try SquareScale.apply(xl, w, b, poisoned: true)
    let message = errorMessage { try y.sum().backward() }
    #expect(message == "anomaly detected: SquareScaleBackward produced nan in its gradient")
    let big = try Tensor([1e200], shape: [1], dtype: .float64, requiresGrad: true)
    let overflow = errorMessage { try SquareScale.apply(big, big, b) }
    #expect(overflow == "anomaly detected: squarescale produced inf in its output")
  }

  @Test func hooksAndRetainGradApplyAroundTheNode() throws {
    let xl = try x.clone().requiresGrad_()
    let wl = try w.clone().requiresGrad_()
    var seen: [Double] = []
    // A hook on an input sees the rule's gradient and may replace it.
    try xl.registerHook { g in
      seen = g.toDoubleArray()
      return try g * 0
    }
    let y = try SquareScale.apply(xl, wl, b)
    try y.retainGrad()
    try y.registerHook { g in try g * 3 }
    try y.sum().backward()
    #expect(allClose(seen, [4.5, -5.625, -6]))
    #expect(try #require(xl.grad).toDoubleArray() == [0, 0, 0])
    #expect(try #require(y.grad).toDoubleArray() == [3, 3, 3])
    #expect(allClose(try #require(wl.grad).toDoubleArray(), [0.75, 4.6875, 12]))
  }

  @Test func aLeafKeepsAFreshGradientAndGradientsNeverAlias() throws {
    let xl = try x.clone().requiresGrad_()
    let wl = try w.clone().requiresGrad_()
    try SquareScale.apply(xl, wl, b).sum().backward()
    let gx = try #require(xl.grad)
    let gw = try #require(wl.grad)
    #expect(!gx.sharesStorage(with: gw))
  }

  @Test func aWrongGradientShapeIsAnErrorNamingTheRule() throws {
    struct Wrong: CustomBackward {
      var name: String { "WrongBackward" }
      var savesTensors: Bool { false }
      func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
        [try Tensor.zeros([2], dtype: .float64)]
      }
    }
    let xl = try x.clone().requiresGrad_()
    let y = try Tensor.zeros([3], dtype: .float64).recorded(by: Wrong(), inputs: [xl])
    let message = errorMessage { try y.sum().backward() }
    #expect(message?.contains("WrongBackward returned a gradient of shape (2,)") == true)
    #expect(
      errorMessage { try y.recorded(by: Wrong(), inputs: [xl]) }?.contains("fresh result")
        == true)
  }
}
