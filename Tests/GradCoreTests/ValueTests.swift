import Foundation
import Testing

@testable import GradCore

/// Central difference of `f` at `x`.
func numericDerivative(_ f: (Double) -> Double, at x: Double, epsilon: Double = 1e-6) -> Double {
  (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)
}

/// Builds `f` on a fresh leaf at `x`, backpropagates and returns the leaf's grad.
func analyticDerivative(at x: Double, _ f: (Value) -> Value) -> Double {
  let leaf = Value(x)
  f(leaf).backward()
  return leaf.grad
}

/// Checks one unary expression's gradient against finite differences.
func expectDerivativeMatches(
  at x: Double, tolerance: Double = 1e-6, _ f: (Value) -> Value,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let analytic = analyticDerivative(at: x, f)
  let numeric = numericDerivative({ f(Value($0)).data }, at: x)
  let scale = max(1, abs(numeric))
  #expect(
    abs(analytic - numeric) / scale < tolerance,
    "at x=\(x): analytic \(analytic), numeric \(numeric)", sourceLocation: sourceLocation)
}

@Suite struct ValueTests {
  @Test func lectureExample() {
    // The lecture's micrograd example: L = (a·b + c)·f.
    let a = Value(2.0, label: "a")
    let b = Value(-3.0, label: "b")
    let c = Value(10.0, label: "c")
    let e = a * b
    e.label = "e"
    let d = e + c
    d.label = "d"
    let f = Value(-2.0, label: "f")
    let L = d * f
    L.label = "L"
    L.backward()
    #expect(L.data == -8)
    #expect(L.grad == 1)
    #expect(d.grad == -2)
    #expect(f.grad == 4)
    #expect(e.grad == -2)
    #expect(c.grad == -2)
    #expect(a.grad == 6)
    #expect(b.grad == -4)
  }

  @Test func tanhNeuronFromTheLecture() {
    let x1 = Value(2.0)
    let x2 = Value(0.0)
    let w1 = Value(-3.0)
    let w2 = Value(1.0)
    let b = Value(6.8813735870195432)
    let o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    #expect(abs(o.data - 0.7071067811865476) < 1e-12)
    #expect(abs(x1.grad - -1.5) < 1e-9)
    #expect(abs(w1.grad - 1.0) < 1e-9)
    #expect(abs(x2.grad - 0.5) < 1e-9)
    #expect(w2.grad == 0)
  }

  @Test func binaryOpsMatchFiniteDifferences() {
    let y = 1.7
    for x in [-2.5, -0.3, 0.4, 3.0] {
      expectDerivativeMatches(at: x) { $0 + Value(y) }
      expectDerivativeMatches(at: x) { Value(y) + $0 }
      expectDerivativeMatches(at: x) { $0 - Value(y) }
      expectDerivativeMatches(at: x) { Value(y) - $0 }
      expectDerivativeMatches(at: x) { $0 * Value(y) }
      expectDerivativeMatches(at: x) { $0 * $0 }
      expectDerivativeMatches(at: x) { $0 / Value(y) }
      expectDerivativeMatches(at: x) { Value(y) / $0 }
      expectDerivativeMatches(at: x) { -$0 }
    }
  }

  @Test func numbersOnEitherSide() {
    for x in [-1.5, 0.25, 2.0] {
      expectDerivativeMatches(at: x) { $0 + 3 }
      expectDerivativeMatches(at: x) { 3 + $0 }
      expectDerivativeMatches(at: x) { $0 - 3 }
      expectDerivativeMatches(at: x) { 3 - $0 }
      expectDerivativeMatches(at: x) { $0 * 3 }
      expectDerivativeMatches(at: x) { 3 * $0 }
      expectDerivativeMatches(at: x) { $0 / 3 }
      expectDerivativeMatches(at: x) { 3 / $0 }
      expectDerivativeMatches(at: x) { 2 ** $0 }
    }
    var v = Value(2)
    v += 1
    v *= 4
    v -= 2
    v /= 5
    #expect(v.data == 2)
  }

  @Test func unaryOpsMatchFiniteDifferences() {
    for x in [-2.0, -0.5, 0.3, 1.2] {
      expectDerivativeMatches(at: x) { $0.exp() }
      expectDerivativeMatches(at: x) { $0.tanh() }
      expectDerivativeMatches(at: x) { $0.sigmoid() }
      expectDerivativeMatches(at: x) { $0.relu() }
      expectDerivativeMatches(at: x) { ($0 * $0 + 1).log() }
    }
    for x in [0.2, 1.0, 7.5] {
      expectDerivativeMatches(at: x) { $0.log() }
      expectDerivativeMatches(at: x) { $0 ** 0.5 }
    }
  }

  @Test func powerEdges() {
    // x ** 0 is 1 everywhere, with slope 0 (also at x = 0).
    for x in [-2.0, 0.0, 3.0] {
      let leaf = Value(x)
      let y = leaf ** 0
      y.backward()
      #expect(y.data == 1)
      #expect(leaf.grad == 0)
    }
    // Negative bases with integer exponents.
    for k in [2.0, 3.0, -1.0, -2.0] {
      for x in [-2.0, -0.5] {
        expectDerivativeMatches(at: x) { $0 ** k }
      }
    }
    let cube = Value(-2.0)
    let y = cube ** 3
    y.backward()
    #expect(y.data == -8)
    #expect(cube.grad == 12)
    #expect(y.exponent == 3)
    #expect(y.op == .powConstant)
  }

  @Test func valueExponents() {
    // d/db aᵇ = aᵇ ln a, d/da aᵇ = b aᵇ⁻¹.
    for (a, b) in [(2.0, 3.0), (0.5, -1.5), (3.0, 0.0), (1.7, 2.2)] {
      let base = Value(a)
      let exponent = Value(b)
      let y = base ** exponent
      y.backward()
      let dBase = numericDerivative({ Foundation.pow($0, b) }, at: a)
      let dExponent = numericDerivative({ Foundation.pow(a, $0) }, at: b)
      #expect(abs(base.grad - dBase) < 1e-6 * max(1, abs(dBase)))
      #expect(abs(exponent.grad - dExponent) < 1e-6 * max(1, abs(dExponent)))
    }
    // Base 0: the exponent's slope is taken as 0, not nan.
    let zero = Value(0)
    let e = Value(2)
    (zero ** e).backward()
    #expect(e.grad == 0)
    #expect(zero.grad == 0)
  }

  @Test func reluAtZeroHasSlopeZero() {
    let x = Value(0)
    let y = x.relu()
    y.backward()
    #expect(y.data == 0)
    #expect(x.grad == 0)
  }

  @Test func tanhSaturates() {
    for x in [-30.0, 30.0] {
      let leaf = Value(x)
      let y = leaf.tanh()
      y.backward()
      #expect(abs(y.data) == 1)
      #expect(leaf.grad == 0)
      #expect(!leaf.grad.isNaN)
    }
    expectDerivativeMatches(at: 4.0) { $0.tanh() }
    expectDerivativeMatches(at: -35.0) { $0.sigmoid() }
  }

  @Test func compositesAreBuiltFromPrimitives() {
    let a = Value(5)
    let b = Value(2)
    let difference = a - b
    #expect(difference.op == .add)
    #expect(difference.children.count == 2)
    #expect(difference.children[1].op == .mul)  // −b = b · (−1)
    let quotient = a / b
    #expect(quotient.op == .mul)
    #expect(quotient.children[1].op == .powConstant)  // b⁻¹
    #expect(quotient.children[1].exponent == -1)
    #expect(quotient.data == 2.5)
  }

  @Test func inspection() {
    let a = Value(3, label: "a")
    let b = Value(4, label: "b")
    let c = a * b
    #expect(c.children == [a, b])
    #expect(c.localDerivatives == [4, 3])
    #expect(a.localDerivatives.isEmpty)
    #expect(a.children.isEmpty)
    #expect(c.label == nil)
    #expect(a.label == "a")
    #expect(c.op.symbol == "*")
    #expect(c.exponent == nil)
    #expect(c.description == "Value(data=12.0, grad=0.0)")
    let t = a.tanh()
    #expect(t.localDerivatives.count == 1)
    #expect(t.children == [a])
  }

  @Test func sumOfValues() {
    let xs = [1.0, 2.0, 3.5].map { Value($0) }
    let s = xs.sum()
    s.backward()
    #expect(s.data == 6.5)
    #expect(xs.allSatisfy { $0.grad == 1 })
    #expect([Value]().sum().data == 0)
  }

  @Test func formatting() {
    #expect(formatScalar(2) == "2.0")
    #expect(formatScalar(-0.5) == "-0.5")
    #expect(formatScalar(.nan) == "nan")
    #expect(formatScalar(-.infinity) == "-inf")
    #expect(formatScalar(0.1 + 0.2) == "0.30000000000000004")
  }
}
