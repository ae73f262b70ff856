import Foundation
import Testing

@testable import GradCore

/// Bad input gives IEEE results (nan, ±inf) that flow on; nothing traps.
@Suite struct NonFiniteTests {
  @Test func logOfNonPositive() {
    let zero = Value(0)
    let y = zero.log()
    y.backward()
    #expect(y.data == -.infinity)
    #expect(zero.grad == .infinity)
    let negative = Value(-1)
    let z = negative.log()
    z.backward()
    #expect(z.data.isNaN)
  }

  @Test func zeroToANegativePower() {
    let zero = Value(0)
    let y = zero ** -1
    #expect(y.data == .infinity)
    y.backward()
    #expect(!zero.grad.isFinite)
    let q = 1 / Value(0)
    #expect(q.data == .infinity)
  }

  @Test func overflowAndNaNPropagate() {
    let big = Value(1000)
    let e = big.exp()
    #expect(e.data == .infinity)
    let nanInput = Value(.nan)
    let y = (nanInput * 2 + 1).tanh()
    y.backward()
    #expect(y.data.isNaN)
    #expect(nanInput.grad.isNaN)
    let huge = Value(1e308) * Value(1e308)
    #expect(huge.data == .infinity)
    let inf = Value(.infinity)
    let difference = inf - inf
    #expect(difference.data.isNaN)
    #expect(Value(.infinity).sigmoid().data == 1)
    #expect(Value(-.infinity).relu().data == 0)
  }

  @Test func nonFiniteDoesNotLeakIntoUnreachedNodes() {
    // An unrelated node with an infinite local derivative must not be visited.
    let x = Value(0)
    let unrelated = x.log()  // local derivative 1/0 = inf
    let y = x * 3
    y.backward()
    #expect(x.grad == 3)
    #expect(unrelated.grad == 0)
  }

  @Test func nonFiniteIsMarked() {
    let x = Value(0, label: "x")
    let y = x.log()
    y.label = "y"
    y.backward()
    #expect(y.isNonFinite)
    #expect(x.isNonFinite)  // grad = inf
    let drawing = y.drawGraph()
    #expect(drawing.contains("!#1 y"))
    #expect(drawing.contains("! marks nan or inf"))
    let dot = y.dot()
    #expect(dot.contains("color=\"red\""))
    #expect(dot.contains("legend"))
    let fine = Value(1).exp()
    #expect(!fine.drawGraph().contains("!"))
    #expect(!fine.dot().contains("red"))
  }
}
