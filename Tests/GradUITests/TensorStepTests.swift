// :step on a tensor at a real terminal: one node of the backward pass per Enter.

import Foundation
import GradTestSupport
import Testing

@Suite(.serialized) struct TensorStepTests {
  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func stepWalksTheTensorGraphOneNodePerEnter() throws {
    let tmux = try TmuxSession.gradrepl(columns: 100, rows: 30)
    try tmux.waitFor(">>>")
    try tmux.type("w = torch.tensor([2.0, 3.0], requires_grad=True); y = (w * w).sum()")
    try tmux.press("Enter")
    try tmux.type("print('built', y.grad_fn)")
    try tmux.press("Enter")
    try tmux.waitFor("built <SumBackward0")
    try tmux.type(":step y")
    try tmux.press("Enter")
    let first = try tmux.waitFor("∂/∂x → (MulBackward0)  (2,)  norm 1.414")
    #expect(first.contains("backward from y: 3 nodes in the engine's order"))
    // One node per Enter: the second has not been shown yet.
    #expect(!first.contains("[2/3]"))
    try tmux.press("Enter")
    let second = try tmux.waitFor("∂/∂b → w (AccumulateGrad)  (2,)  norm 3.606")
    #expect(second.contains("rule  MulBackward0: ∂/∂a = g·b, ∂/∂b = g·a"))
    try tmux.press("Enter")
    try tmux.waitFor("done: 3 nodes visited")
    // ∂/∂w Σ w² = 2w: what y.backward() gives.
    try tmux.type("print('grad', w.grad.tolist())")
    try tmux.press("Enter")
    let screen = try tmux.waitFor("grad [4.0, 6.0]")
    #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 100 })
    try tmux.press("C-d")
  }
}
