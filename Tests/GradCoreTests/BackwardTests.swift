import Foundation
import Testing

@testable import GradCore

@Suite struct BackwardTests {
  @Test func secondBackwardRepropagatesIntermediateGradients() {
    // micrograd 0.1.0 in CPython: 16, -15 after one call; 80, -78 after two; 240, -237 after
    // three. Not double: c keeps its gradient between calls and passes it on again.
    let a = Value(2.0)
    let b = Value(-3.0)
    let c = a * b + a.relu()
    let d = c * c + b
    d.backward()
    #expect((a.grad, b.grad, c.grad, d.grad) == (16, -15, -8, 1))
    d.backward()
    #expect((a.grad, b.grad, c.grad, d.grad) == (80, -78, -24, 1))
    d.backward()
    #expect((a.grad, b.grad, c.grad, d.grad) == (240, -237, -48, 1))
  }

  @Test func backwardSetsTheRootsGradToOne() {
    // micrograd's backward starts with self.grad = 1, whatever the root held.
    let a = Value(3)
    let y = a * 2
    y.grad = 5
    y.backward()
    #expect(y.grad == 1)
    #expect(a.grad == 2)
  }

  @Test func onlyLeavesZeroedStillRepropagatesTheIntermediates() {
    // Zeroing the leaves alone (a model's zero_grad) leaves c's gradient in place.
    let a = Value(1.5)
    let b = Value(-2)
    let c = a * b
    let y = c * c
    y.backward()  // c.grad = 2c = -6, a.grad = -6·b = 12
    #expect(a.grad == 12)
    a.grad = 0
    b.grad = 0
    y.backward()  // c.grad = -6 + -6 = -12, a.grad = -12·b = 24
    #expect(c.grad == -12)
    #expect(a.grad == 24)
  }

  @Test func sharedNodesSumTheirPaths() {
    // y = a·a + a: dy/da = 2a + 1.
    let a = Value(3)
    let y = a * a + a
    y.backward()
    #expect(a.grad == 7)
  }

  @Test func backwardFromAnInnerNode() {
    let a = Value(2)
    let b = Value(5)
    let c = a * b
    let d = c + a
    c.backward()
    #expect(a.grad == 5)
    #expect(b.grad == 2)
    #expect(d.grad == 0)
  }

  @Test func zeroGradOverAGraph() {
    let a = Value(2)
    let b = Value(3)
    let c = a * b
    let y = c.tanh()
    let unrelated = Value(9)
    unrelated.grad = 4
    y.backward()
    #expect(a.grad != 0)
    y.zeroGrad()
    #expect([a, b, c, y].allSatisfy { $0.grad == 0 })
    #expect(unrelated.grad == 4)
  }

  @Test func zeroGradOverAList() {
    let params = [Value(1), Value(2), Value(3)]
    let y = params.sum() * 2
    y.backward()
    #expect(params.allSatisfy { $0.grad == 2 })
    params.zeroGrad()
    #expect(params.allSatisfy { $0.grad == 0 })
    #expect(y.grad == 1)  // only the listed values were reset
  }

  @Test func millionNodeChainBackpropagatesAndFrees() {
    let leaf = Value(1.5)
    var v = leaf
    for _ in 1..<1_000_000 { v = v.relu() }
    #expect(v.graphNodeCount == 1_000_000)
    v.backward()
    #expect(leaf.grad == 1)
    // Drop the chain; the tape lets go of its last block too.
    v = Value(0)
    TapeStatistics.startNewBlock()
    #expect(leaf.data == 1.5)
  }

  @Test func sweepGivesTheSameGradsAsBackward() {
    func build() -> (leaves: [Value], root: Value) {
      let a = Value(0.8, label: "a")
      let b = Value(-1.3, label: "b")
      let c = Value(2.0, label: "c")
      let y = ((a * b + c).tanh() * a + (b ** 2).exp().log() / c).sigmoid()
      return ([a, b, c], y)
    }
    let fast = build()
    fast.root.backward()
    let stepped = build()
    var steps: [BackwardStep] = []
    var sweep = BackwardSweep(root: stepped.root)
    while let step = sweep.next() { steps.append(step) }
    for (x, y) in zip(fast.leaves, stepped.leaves) { #expect(x.grad == y.grad) }
    #expect(steps.count == stepped.root.graphNodeCount)
    #expect(steps.first?.node == stepped.root)
    #expect(steps.first?.upstream == 1)
    // Each contribution is local × upstream.
    for step in steps {
      #expect(step.contributions.count == step.node.children.count)
      for c in step.contributions { #expect(c.added == c.local * step.upstream) }
    }
  }

  @Test func sweepStepsShowTheChainRule() {
    let a = Value(2.0, label: "a")
    let b = Value(-3.0, label: "b")
    let e = a * b
    e.label = "e"
    let steps = Array(BackwardSweep(root: e))
    #expect(steps.count == 3)
    let first = steps[0]
    #expect(first.node == e)
    #expect(first.contributions.map(\.parent) == [a, b])
    #expect(first.contributions.map(\.local) == [-3, 2])
    #expect(first.contributions.map(\.added) == [-3, 2])
    #expect(
      first.description == "e (*): upstream 1.0; a += -3.0 × 1.0 = -3.0; b += 2.0 × 1.0 = 2.0")
    #expect(steps[1].description == "b leaf: upstream 2.0")  // reverse creation order
    let unlabelled = (Value(3) * Value(4)).tanh()
    let described = BackwardSweep(root: unlabelled).map(\.description)
    #expect(described[0].hasPrefix("(tanh): upstream 1.0; (*) += "))
    #expect(described[1].hasPrefix("(*): upstream "))
    #expect(described[1].contains("; 3.0 += 4.0 × "))
    #expect(a.grad == -3)
  }

  @Test func sweepWritesEachParentsGradAtItsStep() {
    let a = Value(2.0, label: "a")
    let b = Value(-3.0, label: "b")
    let L = a * b + a
    var sweep = BackwardSweep(root: L)
    let first = sweep.next()
    #expect(first?.seed?.gradBefore == 0 && first?.seed?.gradAfter == 1)
    #expect(first?.contributions.map(\.gradBefore) == [0, 0])
    #expect(first?.contributions.map(\.gradAfter) == [1, 1])
    // Stopped here: the fields hold what this step reported, nothing more.
    #expect(L.grad == 1 && a.grad == 1 && b.grad == 0)
    let second = sweep.next()
    #expect(second?.seed == nil)
    #expect(second?.contributions.map(\.gradBefore) == [1, 0])
    #expect(second?.contributions.map(\.gradAfter) == [-2, 2])
    #expect(a.grad == -2 && b.grad == 2)
    while let leaf = sweep.next() { #expect(leaf.contributions.isEmpty) }
    #expect(a.grad == -2 && b.grad == 2)
  }

  @Test func sweepOnABackpropagatedGraphIsASecondBackward() {
    func build() -> (a: Value, b: Value, y: Value) {
      let a = Value(1.2)
      let b = Value(0.4)
      return (a, b, (a * b).tanh() + a * a)
    }
    let stepped = build()
    stepped.y.backward()
    var sweep = BackwardSweep(root: stepped.y)
    while sweep.next() != nil {}
    let twice = build()
    twice.y.backward()
    twice.y.backward()
    #expect(stepped.a.grad == twice.a.grad)
    #expect(stepped.b.grad == twice.b.grad)
  }
}
