import Foundation
import Testing

@testable import GradCore

/// Where nodes live: blocks, their order across threads, their lifetime.
@Suite struct TapeTests {
  @Test func aNodeIsOneCacheLine() {
    #expect(TapeStatistics.bytesPerNode == 64)
    let v = Value(1)
    #expect(Int(bitPattern: v.node) % 64 == 0)
    #expect(Int(bitPattern: v.block.nodes) % 64 == 0)
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
