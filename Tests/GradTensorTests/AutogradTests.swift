import Testing

@testable import GradTensor

@Suite struct AutogradTests {
  @Test func lectureExampleGivesFourPointFive() throws {
    let x = try Tensor.ones([2, 2], requiresGrad: true)
    let y = try x + 2
    let z = try y * y * 3
    let out = try z.mean()
    try out.backward()
    let grad = try #require(x.grad)
    #expect(grad.toDoubleArray() == [4.5, 4.5, 4.5, 4.5])
    #expect(try out.item() == 27)
    #expect(x.description == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)")
    #expect(grad.description == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])")
    #expect(out.description == "tensor(27., grad_fn=<MeanBackward0>)")
  }
}

@Suite struct AutogradBehaviourTests {
  @Test func gradientsAccumulateAcrossBackwardCalls() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    try (x * 3).sum().backward()
    try (x * 3).sum().backward()
    #expect(x.grad?.toDoubleArray() == [6, 6])
  }

  @Test func fanOutSumsGradients() throws {
    let x = try Tensor([2.0], requiresGrad: true)
    // y = x·x + x  →  dy/dx = 2x + 1 = 5
    try (x * x + x).sum().backward()
    #expect(x.grad?.toDoubleArray() == [5])
  }

  @Test func broadcastOperandGradientIsSummedToItsShape() throws {
    let w = try Tensor.ones([3], requiresGrad: true)
    let x = try Tensor.ones([4, 3])
    try (x * w).sum().backward()
    #expect(w.grad?.shape == [3])
    #expect(w.grad?.toDoubleArray() == [4, 4, 4])
  }

  @Test func mixedDtypeGradientsArriveInTheLeafsDtype() throws {
    let single = try Tensor([1.0, 2.0], requiresGrad: true)
    let double = try Tensor([3.0, 4.0], dtype: .float64, requiresGrad: true)
    for _ in 0..<2 { try (single * double).sum().backward() }
    #expect(single.grad?.dtype == .float32)
    #expect(single.grad?.toDoubleArray() == [6, 8])
    #expect(double.grad?.dtype == .float64)
    #expect(double.grad?.toDoubleArray() == [2, 4])
  }

  @Test func retainGradKeepsNonLeafGradients() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    let y = try x * 2
    try y.retainGrad()
    let z = try y * y
    try z.sum().backward()
    #expect(y.grad?.toDoubleArray() == [4, 8])
    let w = try x * 5
    try w.sum().backward()
    #expect(w.grad == nil)
    #expect(!w.isLeaf)
  }

  @Test func noGradRecordsNothing() throws {
    let x = try Tensor([1.0], requiresGrad: true)
    let y = try noGrad { try x * 2 }
    #expect(!y.requiresGrad)
    #expect(y.gradFnName == nil)
    #expect(!GradMode.isEnabled == false)
    let z = try noGrad { try enableGrad { try x * 2 } }
    #expect(z.requiresGrad)
  }

  @Test func detachCutsTheGraph() throws {
    let x = try Tensor([3.0], requiresGrad: true)
    let d = try (x * 2).detach()
    #expect(!d.requiresGrad)
    #expect(d.isLeaf)
    try (x * d).sum().backward()
    #expect(x.grad?.toDoubleArray() == [6])
  }

  @Test func hooksSeeAndMayReplaceGradients() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    let y = try x * 3
    var seen: [Double] = []
    try y.registerHook { g in
      seen = g.toDoubleArray()
      return try g * 10
    }
    try x.registerHook { _ in nil }
    try y.sum().backward()
    #expect(seen == [1, 1])
    #expect(x.grad?.toDoubleArray() == [30, 30])
  }

  @Test func backwardThroughAFreedGraphIsAClearError() throws {
    let x = try Tensor([1.0], requiresGrad: true)
    let out = try (x * x).sum()
    try out.backward()
    let message = errorMessage { try out.backward() }
    #expect(message?.contains("second time") == true)
    #expect(message?.contains("retain_graph=True") == true)
    let kept = try (x * x).sum()
    try kept.backward(retainGraph: true)
    try kept.backward()
    #expect(x.grad?.toDoubleArray() == [6])
  }

  @Test func nonScalarBackwardNeedsAGradient() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    let y = try x * 2
    #expect(errorMessage { try y.backward() }?.contains("scalar outputs") == true)
    try y.backward(gradient: Tensor([1.0, 0.5]))
    #expect(x.grad?.toDoubleArray() == [2, 1])
    #expect(errorMessage { try y.backward(gradient: Tensor([1.0])) }?.contains("shape") == true)
    #expect(
      errorMessage { try Tensor([1.0]).backward() }?.contains("does not require grad") == true)
  }

  @Test func anomalyModeNamesTheOpAndContext() throws {
    Anomaly.isEnabled = true
    Anomaly.context = "line 3"
    defer {
      Anomaly.isEnabled = false
      Anomaly.context = ""
    }
    let x = try Tensor([-1.0], requiresGrad: true)
    let message = errorMessage { try x.log() }
    #expect(message == "anomaly detected: log produced nan in its output (line 3)")
    let z = try Tensor([0.0], requiresGrad: true)
    let backwardMessage = errorMessage { try z.sqrt().sum().backward() }
    #expect(backwardMessage?.contains("SqrtBackward0 produced inf in its gradient") == true)
  }

  @Test func gradFnNames() throws {
    let x = try Tensor([1.0], requiresGrad: true)
    #expect(try (x + 1).gradFnName == "AddBackward0")
    #expect(try x.tanh().gradFnName == "TanhBackward0")
    #expect(try x.mean().gradFnName == "MeanBackward0")
    #expect(x.gradFnName == nil)
    // Names PyTorch 2.13 prints for the same operations.
    let m = try Tensor.ones([2, 3], requiresGrad: true)
    #expect(try m.transpose(0, 1).gradFnName == "TransposeBackward0")
    #expect(m.T.gradFnName == "PermuteBackward0")
    #expect(try m[0].gradFnName == "SelectBackward0")
    #expect(try m[.all, .range(0, 1)].gradFnName == "SliceBackward0")
    #expect(try m.unsqueeze(0).gradFnName == "UnsqueezeBackward0")
    #expect(try m.unsqueeze(0).squeeze(0).gradFnName == "SqueezeBackward1")
    #expect(try m.view([6]).gradFnName == "ViewBackward0")
    #expect(try m.min().gradFnName == "MinBackward1")
    #expect(try m.max(dim: 1).values.gradFnName == "MaxBackward0")
    #expect(try crossEntropy(m, Tensor([0, 1])).gradFnName == "NllLossBackward0")
  }
}

/// Leaves may keep a gradient the engine allocated instead of copying it; no two tensors'
/// `.grad` may ever share storage.
@Suite struct GradientOwnershipTests {
  @Test func leafGradientsNeverAlias() throws {
    let a = try Tensor.ones([3, 1], requiresGrad: true)
    let b = try Tensor.ones([3, 1], requiresGrad: true)
    let c = try Tensor.ones([3], requiresGrad: true)
    // The add hands the same incoming gradient to both branches.
    let y = try a.sum(dim: 1) + b.sum(dim: 1) + c
    try y.sum().backward()
    let ga = try #require(a.grad)
    let gb = try #require(b.grad)
    let gc = try #require(c.grad)
    #expect(!ga.sharesStorage(with: gb))
    #expect(!gb.sharesStorage(with: gc))
    #expect(!ga.sharesStorage(with: gc))
    try ga.add_(1)
    #expect(gb.toDoubleArray() == [1, 1, 1])
    #expect(gc.toDoubleArray() == [1, 1, 1])
  }

  @Test func keptGradientsStillAccumulate() throws {
    let layer = try Linear(inFeatures: 3, outFeatures: 2)
    let x = try Tensor.ones([4, 3])
    try layer(x).sum().backward()
    let first = try #require(layer.weight.grad).toDoubleArray()
    try layer(x).sum().backward()
    let second = try #require(layer.weight.grad).toDoubleArray()
    #expect(second == first.map { $0 * 2 })
    #expect(first == [Double](repeating: 4, count: 6))
  }

  @Test func hookedGradientsAreCopied() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    var seen: Tensor?
    try x.registerHook { g in
      seen = g
      return nil
    }
    try (x * 3).sum().backward()
    let stashed = try #require(seen)
    #expect(!stashed.sharesStorage(with: try #require(x.grad)))
  }
}

/// Graphs must be freed when their tensors go away, whether or not backward() ran.
@Suite struct GraphLifetimeTests {
  final class WeakReference {
    weak var tensor: Tensor?
    init(_ tensor: Tensor) { self.tensor = tensor }
  }

  @Test func outputsAndTheirGraphsAreFreedWithoutBackward() throws {
    let x = try Tensor.randn([3, 4], requiresGrad: true)
    var references: [WeakReference] = []
    do {
      let outputs: [Tensor] = [
        try x.exp(), try x.tanh(), try x.sigmoid(), try x.relu(), try x.abs().sqrt(),
        try x.softmax(dim: 1), try x.logSoftmax(dim: 1), try x.matmul(x.T),
        try crossEntropy(x, Tensor([0, 1, 2])), try x.max(),
      ]
      references = outputs.map(WeakReference.init)
    }
    #expect(references.count == 10)
    #expect(references.allSatisfy { $0.tensor == nil })
  }

  @Test func retainedGraphsAreFreedToo() throws {
    let x = try Tensor.randn([4], requiresGrad: true)
    weak var weakLoss: Tensor?
    do {
      let loss = try x.tanh().sum()
      try loss.backward(retainGraph: true)
      weakLoss = loss
    }
    #expect(weakLoss == nil)
  }
}
