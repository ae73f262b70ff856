import Foundation
import Testing

@testable import GradTensor

/// A small recurrent-style computation run here and in PyTorch on the same float64 inputs
/// (handed over as an .npz file): the loss and every gradient must agree.
@Suite struct ReferenceTests {
  @Test(.enabled(if: NumpyPython.hasTorch, "PyTorch is not available: set BENCH_VENV"))
  func lstmLikeStepMatchesPyTorch() throws {
    manualSeed(5)
    let table = try Tensor.randn([7, 4], dtype: .float64, requiresGrad: true)
    let w = try Tensor.randn([8, 12], dtype: .float64, requiresGrad: true)
    let b = try Tensor.randn([12], dtype: .float64, requiresGrad: true)
    let u = try Tensor.randn([6, 5], dtype: .float64, requiresGrad: true)
    let ids = try Tensor([[1, 6], [0, 3], [6, 2]])
    let targets = try Tensor([4, -100, 1])

    func loss() throws -> Tensor {
      let x = try embedding(ids, table).reshape([3, 8])  // (3, 8)
      let gates = try x.matmul(w) + b  // (3, 12)
      let parts = try gates.chunk(4, dim: 1)  // i, f, g, o: (3, 3) each
      let c = try parts[1].sigmoid() * parts[2].tanh() + parts[0].sigmoid()
      let h = try parts[3].sigmoid() * c.tanh()
      let logits = try Tensor.cat([h, h.pow(2)], dim: 1).matmul(u)  // (3, 5)
      let peak = try logits.softmax(dim: 1).max(dim: 1).values.mean()
      return try crossEntropy(logits, targets) + peak * 0.1 + w.norm() * 0.01
    }
    let value = try loss()
    try value.backward()

    let path = temporaryPath("reference-inputs.npz", folder: "reference")
    try NPZ.save(
      [
        ("table", table), ("w", w), ("b", b), ("u", u), ("ids", ids), ("targets", targets),
      ], to: path)
    let output = try NumpyPython.script(
      """
      import numpy as np, torch, torch.nn.functional as F
      z = np.load('\(path)')
      p = {k: torch.tensor(z[k], requires_grad=True) for k in ('table', 'w', 'b', 'u')}
      ids = torch.tensor(z['ids']); targets = torch.tensor(z['targets'])
      x = F.embedding(ids, p['table']).reshape(3, 8)
      i, f, g, o = (x @ p['w'] + p['b']).chunk(4, dim=1)
      c = f.sigmoid() * g.tanh() + i.sigmoid()
      h = o.sigmoid() * c.tanh()
      logits = torch.cat([h, h.pow(2)], dim=1) @ p['u']
      loss = F.cross_entropy(logits, targets) + logits.softmax(dim=1).max(dim=1).values.mean() * 0.1 + p['w'].norm() * 0.01
      loss.backward()
      print(repr(loss.item()))
      for k in ('table', 'w', 'b', 'u'):
          print(' '.join(repr(v) for v in p[k].grad.reshape(-1).tolist()))
      """)
    let lines = output.split(separator: "\n").map(String.init)
    #expect(lines.count >= 5, "\(output)")
    guard lines.count >= 5 else { return }
    #expect(Swift.abs(try value.item() - (Double(lines[0]) ?? .nan)) < 1e-12)
    for (k, tensor) in [table, w, b, u].enumerated() {
      let expected = lines[k + 1].split(separator: " ").compactMap { Double($0) }
      let mine = try #require(tensor.grad).toDoubleArray()
      #expect(allClose(mine, expected, tol: 1e-12), "gradient \(k) differs")
    }
  }
}
