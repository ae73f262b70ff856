import Foundation
import Testing

@testable import GradCore

@Suite struct BackwardTests {
  @Test func secondBackwardAccumulatesExactlyTwice() {
    let a = Value(1.5)
    let b = Value(-0.7)
    let y = (a * b + a.tanh()).exp()
    y.backward()
    let first = (a.grad, b.grad, y.grad)
    y.backward()
    #expect(a.grad == 2 * first.0)
    #expect(b.grad == 2 * first.1)
    #expect(y.grad == 2 * first.2)
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

  @Test func aNodeIsOneCacheLine() {
    #expect(TapeStatistics.bytesPerNode == 64)
    let v = Value(1)
    #expect(Int(bitPattern: v.node) % 64 == 0)
    #expect(Int(bitPattern: v.block.nodes) % 64 == 0)
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

  @Test func longChainsOfBlocksTearDownIteratively() {
    // Tiny blocks make a chain of 200,000 blocks: freeing them by recursion
    // through deinit would overflow the stack.
    let tape = Tape.local
    let saved = tape.blockCapacity
    tape.blockCapacity = 2
    defer { tape.blockCapacity = saved }
    tape.openBlock()
    weak var first: TapeBlock?
    do {
      let leaf = Value(1)
      first = leaf.block
      var v = leaf
      for _ in 0..<400_000 { v = v.relu() }
      v.backward()
      #expect(leaf.grad == 1)
      #expect(v.reachableBlocks().count > 100_000)
    }
    tape.blockCapacity = saved
    tape.openBlock()
    #expect(first == nil, "the chain's blocks were freed")
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

  @Test func sweepIsUndisturbedByABackwardInBetween() {
    let a = Value(1.2)
    let b = Value(0.4)
    let y = (a * b).tanh() + a
    var sweep = BackwardSweep(root: y)
    _ = sweep.next()
    y.backward()  // adds a full set of gradients
    while sweep.next() != nil {}
    let once = Value(1.2)
    let other = Value(0.4)
    ((once * other).tanh() + once).backward()
    #expect(a.grad == 2 * once.grad)
    #expect(b.grad == 2 * other.grad)
  }

  @Test func graphsSpanningThreads() {
    // a is made here; b and c on another thread (whose tape is newer);
    // d back here. Backward must still see a topological order.
    final class Box: @unchecked Sendable { var value: Value? }
    let a = Value(0.5, label: "a")
    let shared = Box()
    shared.value = a
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      if let a = shared.value {
        shared.value = (a * 3).tanh()
      }
      done.signal()
    }
    thread.start()
    done.wait()
    guard let c = shared.value else {
      Issue.record("the other thread made no value")
      return
    }
    let d = c * a + a
    d.backward()
    // d = tanh(3a)·a + a: dd/da = 3(1 − tanh²3a)·a + tanh 3a + 1.
    let t = Foundation.tanh(1.5)
    #expect(abs(a.grad - (3 * (1 - t * t) * 0.5 + t + 1)) < 1e-12)
    let drawing = d.drawGraph()
    #expect(drawing.contains("a"))
  }

  @Test func valuesOutliveTheThreadThatMadeThem() {
    final class Box: @unchecked Sendable { var values: [Value] = [] }
    let box = Box()
    let steps = 20_000
    let thread = Thread {
      let x = Value(0.25, label: "x")
      var y = x
      for _ in 0..<steps { y = y.exp().log() }  // spans several blocks
      box.values = [x, y]
    }
    thread.start()
    let deadline = Date().addingTimeInterval(30)
    while !thread.isFinished && Date() < deadline { usleep(1_000) }
    #expect(thread.isFinished)
    usleep(20_000)  // let the exiting thread tear its tape down
    guard box.values.count == 2 else {
      Issue.record("the thread made no values")
      return
    }
    let (x, y) = (box.values[0], box.values[1])
    box.values = []
    y.backward()
    // y = log(exp(…x)): each step's slope is (1/eᵗ)·eᵗ, about 1; replay
    // backward's arithmetic in plain doubles, in the same order.
    var t = 0.25
    var slope = 1.0
    for _ in 0..<steps {
      let e = Foundation.exp(t)
      slope = slope * (1 / e) * e
      t = Foundation.log(e)
    }
    #expect(abs(slope - 1) < 1e-9)
    #expect(y.data == t)
    #expect(x.grad == slope)
    #expect(y.graphNodeCount == 1 + 2 * steps)
  }

  @Test func largeGraphsDoNotPinTheirSuccessors() {
    // A training step: a graph of a few thousand nodes, backward, repeat.
    func step(_ w: Value) -> Value {
      var y = w
      for k in 0..<1_500 { y = (y * Double(k % 3)).tanh() }
      return y
    }
    let w = Value(0.3)
    TapeStatistics.startNewBlock()
    weak var firstStepBlock: TapeBlock?
    do {
      let y = step(w)
      firstStepBlock = y.block
      y.backward()
    }
    let next = step(w)
    next.backward()
    #expect(firstStepBlock == nil, "the first step's block was freed")
  }

  @Test func smallGraphsShareABlockAcrossBackwardCalls() {
    TapeStatistics.startNewBlock()
    let a = Value(2)
    let y = a * a
    y.backward()
    let z = a * 3
    z.backward()
    #expect(z.block === y.block)
    #expect(a.grad == 7)
  }
}
