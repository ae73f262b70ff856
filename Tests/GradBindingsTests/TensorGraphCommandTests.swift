import Foundation
import GradBindings
import GradLanguage
import Testing

/// :graph, :dot, :step and :gradcheck on a tensor: its autograd graph of backward nodes.
@Suite struct TensorGraphCommandTests {
  /// h = tanh(x·w + b), y = Σ h²: w and b require grad, x is data.
  static let setup = """
    w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    b = torch.tensor([0.1, -0.1], requires_grad=True)
    h = (x @ w + b).tanh()
    y = (h * h).sum()
    """

  private func session(_ source: String = setup) -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    let s = Session.standard(terminal: terminal)
    _ = s.execute(source)
    _ = terminal.take()
    return (s, terminal)
  }

  @Test func graphDrawsEachBackwardNodeWithItsShapeAndDType() {
    let (s, t) = session()
    #expect(s.runCommand(":graph y") == .complete)
    #expect(
      t.take() == """
        #1 y (SumBackward0)  () float32
        └─ #2 (MulBackward0)  (2, 2) float32
           ├─ #3 h (TanhBackward0)  (2, 2) float32
           │  └─ #4 (AddBackward0)  (2, 2) float32
           │     ├─ #5 (MmBackward0)  (2, 2) float32
           │     │  └─ #6 w (AccumulateGrad)  (2, 2) float32  grad=None
           │     └─ #7 b (AccumulateGrad)  (2,) float32  grad=None
           └─ #3 (above)

        """)
    // After backward the leaves show the norm of their .grad (PyTorch: 2.2672 and 0.8773).
    _ = s.execute("y.backward()")
    #expect(s.runCommand(":graph y") == .complete)
    let drawing = t.take()
    #expect(drawing.contains("#6 w (AccumulateGrad)  (2, 2) float32  ‖grad‖=2.267\n"))
    #expect(drawing.contains("#7 b (AccumulateGrad)  (2,) float32  ‖grad‖=0.8773\n"))
  }

  @Test func largeGraphsAreCutShortWithACountAndFitInEightyColumns() {
    let (s, t) = session(
      "z = torch.ones(2, requires_grad=True).sum()\nfor i in range(50): z = z * 1.01")
    #expect(s.runCommand(":graph z") == .complete)
    let drawing = t.take()
    #expect(drawing.hasSuffix("… 22 more nodes\n"))
    #expect(drawing.contains("(below)"))
    #expect(drawing.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test func tensorsWithoutAGraphAreExplained() {
    let (s, t) = session(Self.setup + "\nwith torch.no_grad():\n    q = w * 2\n")
    #expect(s.runCommand(":graph w") == .failed)
    #expect(t.take().hasPrefix("ValueError: w is a leaf: it was made directly"))
    #expect(s.runCommand(":step q") == .failed)
    #expect(t.take().hasPrefix("ValueError: q has no autograd graph: requires_grad is False"))
    #expect(s.runCommand(":dot x /tmp/never.dot") == .failed)
    #expect(t.take().contains("x has no autograd graph"))
  }

  @Test func dotWritesTheGraphAtomically() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("tensor-dot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("y.dot").path
    let (s, t) = session()
    #expect(s.runCommand(":dot y \(file)") == .complete)
    #expect(t.take().hasPrefix("wrote the graph of 7 nodes to \(file)"))
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.hasPrefix("digraph"))
    #expect(text.contains("label=\"w\\nAccumulateGrad\\n(2, 2) float32\\ngrad=None\""))
    #expect(text.contains("MulBackward0"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["y.dot"])
  }

  @Test func stepShowsEachNodeWithItsGradientsAndRule() {
    let (s, _) = session()
    let screen = transcript([":step y", "", "", "", "", "", ""], session: s)
    #expect(
      screen.hasPrefix(
        """
        >>> :step y
        backward from y: 7 nodes in the engine's order, one per step; Enter for the next, q to stop
        [1/7] y (SumBackward0)  () float32
              incoming g = ∂y/∂y = 1  (): backward starts here
              rule  SumBackward0: ∂/∂x = g broadcast back over the summed dims
              ∂/∂x → (MulBackward0)  (2, 2)  norm 2
        """))
    #expect(
      screen.contains(
        """
        [2/7] (MulBackward0)  (2, 2) float32
              incoming g  (2, 2)  norm 2
              rule  MulBackward0: ∂/∂a = g·b, ∂/∂b = g·a
              ∂/∂a → h (TanhBackward0)  (2, 2)  norm 1.797
              ∂/∂b → h (TanhBackward0)  (2, 2)  norm 1.797
        """))
    #expect(screen.contains("      ∂/∂A → x: none (it does not require grad)\n"))
    #expect(screen.contains("      ∂/∂B → w (AccumulateGrad)  (2, 2)  norm 2.267\n"))
    #expect(screen.contains("      w.grad None → (2, 2)  norm 2.267\n"))
    #expect(
      screen.hasSuffix(
        "done: 7 nodes visited; each leaf's .grad now holds what y.backward() adds\n"))
  }

  @Test func steppingToTheEndLeavesTheGradsBackwardGives() {
    let (stepped, _) = session()
    _ = transcript([":step y", "", "", "", "", "", ""], session: stepped)
    let (whole, _) = session()
    _ = whole.execute("y.backward()")
    let read = "print(w.grad.tolist(), b.grad.tolist())"
    let (a, b) = (stepped.terminal as? MemoryTerminal, whole.terminal as? MemoryTerminal)
    _ = stepped.execute(read)
    _ = whole.execute(read)
    let steppedGrads = a?.take() ?? ""
    #expect(steppedGrads.hasPrefix("[["))
    #expect(steppedGrads == b?.take())
  }

  @Test func stepStopsOnQWithTheRestNotRun() {
    let (s, _) = session()
    let screen = transcript([":step y", "", "", "", "q", "print(w.grad, b.grad)"], session: s)
    #expect(
      screen.contains(
        "stopped after 4 of 7 nodes: every grad is as the steps above left it "
          + "(the rest of backward did not run)\n"))
    #expect(screen.hasSuffix("None None\n"))
  }

  @Test func stepNeedsAScalarAndAGraphNotYetFreed() {
    let (s, t) = session()
    #expect(s.runCommand(":step h") == .failed)
    let message = t.take()
    #expect(message.hasPrefix("ValueError: h has shape (2, 2): backward starts from a scalar"))
    #expect(message.contains(":step h.sum()"))
    #expect(message.contains(":step (h * g).sum()"))
    _ = s.execute("y.backward()")
    #expect(s.runCommand(":step y") == .failed)
    #expect(t.take().hasPrefix("RuntimeError: the graph of y was freed by an earlier backward()"))
  }

  /// The same computation in float64, as a function of no arguments.
  static let float64Setup = """
    w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], dtype=torch.float64, requires_grad=True)
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    b = torch.tensor([0.1, -0.1], dtype=torch.float64, requires_grad=True)
    def f(): return ((x @ w + b).tanh() ** 2).sum()
    """

  @Test func gradcheckComparesEveryElementAndLeavesNoTrace() {
    let (s, t) = session(Self.float64Setup + "\n")
    #expect(s.runCommand(":gradcheck f") == .complete)
    let report = t.take()
    #expect(report.hasPrefix("gradient check of f() = 3.23 (float64)"))
    #expect(report.contains("  leaf  shape   dtype    checked  max abs err  max rel err\n"))
    #expect(report.contains("  w     (2, 2)  float64  4 of 4 "))
    #expect(report.contains("  b     (2,)    float64  2 of 2 "))
    #expect(report.contains("every leaf agrees with finite differences\n"))
    #expect(!report.contains("NOT OK"))
    _ = s.execute("print(w.grad, b.grad)")
    #expect(t.take() == "None None\n")
  }

  @Test func gradcheckFindsAGradientThatIsWrong() {
    // A hook that doubles w's gradient makes backprop disagree with the slope.
    let (s, t) = session(Self.float64Setup + "\nw.register_hook(lambda g: g * 2)\n")
    #expect(s.runCommand(":gradcheck f") == .complete)
    let report = t.take()
    #expect(report.contains("NOT OK\n"))
    #expect(report.contains("  worst: w["))
    #expect(report.contains("some gradients disagree"))
  }

  @Test func gradcheckSamplesBigLeavesAndCallsFloat32Indicative() {
    let (s, t) = session(
      "v = torch.randn(300, requires_grad=True)\ndef g(): return (v * v).sum()\n")
    #expect(s.runCommand(":gradcheck g") == .complete)
    let report = t.take()
    #expect(report.contains("  v     (300,)  float32  100 of 300"))
    #expect(report.contains("v: at most 100 elements per leaf are checked"))
    #expect(report.contains("the check is only indicative"))
  }

  @Test func gradcheckRefusesWhatItCannotCheck() {
    let (s, t) = session(
      Self.float64Setup + "\ndef noisy(): return (w * torch.randn(2, 2)).sum()\n"
        + "def vector(): return w * 2\n")
    #expect(s.runCommand(":gradcheck y") == .failed)
    let refusal = t.take()
    #expect(refusal.contains("NameError"))
    _ = s.execute("y = f()")
    _ = t.take()
    #expect(s.runCommand(":gradcheck y") == .failed)
    #expect(t.take().hasPrefix(":gradcheck cannot recompute y from the tensor alone"))
    #expect(s.runCommand(":gradcheck noisy") == .failed)
    #expect(t.take().contains("finite differences need f to give the same value"))
    #expect(s.runCommand(":gradcheck vector") == .failed)
    #expect(t.take().contains("f() returned a tensor of shape (2, 2)"))
  }

  @Test func helpTellsOfTensors() {
    let (s, t) = session()
    for command in ["graph", "step", "gradcheck", "dot"] {
      #expect(s.runCommand(":help \(command)") == .complete)
      #expect(t.take().contains("tensor"))
    }
  }
}

/// Ctrl-C during a long :gradcheck.
@Suite(.serialized) struct TensorGradCheckInterruptTests {
  @Test func ctrlCStopsTheCheckAndPutsEverythingBack() {
    let terminal = MemoryTerminal()
    let s = Session.standard(terminal: terminal)
    _ = s.execute(
      "v = torch.randn(2000, dtype=torch.float64, requires_grad=True)\n"
        + "def slow():\n    for i in range(20000): pass\n    return (v * v).sum()\n")
    _ = s.execute("before = v.clone()")
    _ = terminal.take()
    let flag = s.interruptFlag
    let done = Locked(false)
    let presser = Thread {
      Thread.sleep(forTimeInterval: 0.05)
      while !done.value {
        flag.request()
        Thread.sleep(forTimeInterval: 0.05)
      }
    }
    presser.start()
    let status = s.runCommand(":gradcheck slow")
    done.value = true
    #expect(status == .failed)
    // (Ctrl-C may land in the first call of slow, before the check starts: Python's traceback.)
    #expect(terminal.take().contains("KeyboardInterrupt"))
    _ = s.execute("print((v - before).abs().max().item(), v.grad)")
    #expect(terminal.take() == "0.0 None\n")
  }
}

/// A value shared with the thread that plays Ctrl-C.
private final class Locked<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T
  init(_ value: T) { stored = value }
  var value: T {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
