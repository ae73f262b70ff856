import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// `torch._VF.rnn_tanh`, `rnn_relu`, `lstm` and `gru` typed at the prompt: outputs and the
/// gradients of every input, state, weight and bias against PyTorch's own `torch._VF` run on
/// the same tensors, and the messages for bad arguments. The comparison is skipped when the
/// reference Python environment ($BENCH_VENV, default ~/.venvs/gradrepl-bench) is absent.
@Suite struct VFRecurrentTests {
  /// PyTorch writes one .npz per configuration: the arguments, random upstream gradients for
  /// every output, and what its `torch._VF` computed (outputs, then gradients).
  static let referenceProgram = """
    import json, sys
    import numpy as np
    import torch
    torch.manual_seed(0)
    directory = sys.argv[1]
    T, B, I, H = 4, 3, 5, 6
    gates = {"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}
    configs = []
    for mode, G in gates.items():
        for L in (1, 2):
            for batch_first in (False, True):
                for has_biases in (True, False):
                    for dtype in (torch.float64, torch.float32):
                        shape = (B, T, I) if batch_first else (T, B, I)
                        x = torch.randn(shape, dtype=dtype, requires_grad=True)
                        h0 = (0.5 * torch.randn(L, B, H, dtype=dtype)).requires_grad_()
                        c0 = (0.5 * torch.randn(L, B, H, dtype=dtype)).requires_grad_()
                        weights = []
                        for l in range(L):
                            shapes = [(G * H, I if l == 0 else H), (G * H, H)]
                            if has_biases:
                                shapes += [(G * H,), (G * H,)]
                            for s in shapes:
                                weights.append((0.4 * torch.randn(s, dtype=dtype)).requires_grad_())
                        hx = (h0, c0) if mode == "lstm" else h0
                        outputs = getattr(torch._VF, mode)(
                            x, hx, weights, has_biases, L, 0.0, False, False, batch_first)
                        upstream = [torch.randn_like(o) for o in outputs]
                        loss = sum((o * u).sum() for o, u in zip(outputs, upstream))
                        leaves = [x, h0] + ([c0] if mode == "lstm" else []) + weights
                        grads = torch.autograd.grad(loss, leaves)
                        arrays = {"input": x, "h0": h0, "c0": c0}
                        for k, w in enumerate(weights):
                            arrays[f"w{k}"] = w
                        for k, (o, u) in enumerate(zip(outputs, upstream)):
                            arrays[f"out{k}"] = o
                            arrays[f"up{k}"] = u
                        for k, g in enumerate(grads):
                            arrays[f"grad{k}"] = g
                        name = f"{directory}/c{len(configs)}.npz"
                        np.savez(name, **{k: v.detach().numpy() for k, v in arrays.items()})
                        configs.append({
                            "path": name, "mode": mode, "layers": L, "batch_first": batch_first,
                            "has_biases": has_biases, "double": dtype == torch.float64,
                            "weights": len(weights), "outputs": len(outputs)})
    print(json.dumps(configs))
    """

  /// One configuration PyTorch ran.
  struct Configuration: Decodable {
    let path: String
    let mode: String
    let layers: Int
    let batch_first: Bool
    let has_biases: Bool
    let double: Bool
    let weights: Int
    let outputs: Int
  }

  /// The source that runs one configuration at the prompt and prints its largest error:
  /// absolute in float64, relative to the largest reference entry in float32.
  func source(_ c: Configuration) -> String {
    let isLSTM = c.mode == "lstm"
    let weights = (0..<c.weights).map { "d['w\($0)'].requires_grad_()" }.joined(separator: ", ")
    let state = isLSTM ? "(h0, c0)" : "h0"
    let flags = [c.has_biases, false, false, c.batch_first].map { $0 ? "True" : "False" }
    let outputs = (0..<c.outputs).map { "o\($0)" }.joined(separator: ", ")
    let loss = (0..<c.outputs).map { "(o\($0) * d['up\($0)']).sum()" }.joined(separator: " + ")
    let leaves = isLSTM ? "[x, h0, c0] + ws" : "[x, h0] + ws"
    let scale = c.double ? "1.0" : "max(b.abs().max().item(), 1e-6)"
    return """
      d = torch.load('\(c.path)')
      x = d['input'].requires_grad_()
      h0 = d['h0'].requires_grad_()
      c0 = d['c0'].requires_grad_()
      ws = [\(weights)]
      \(outputs) = torch._VF.\(c.mode)(x, \(state), ws, \(flags[0]), \(c.layers), 0.0, \(flags[1]), \(flags[2]), \(flags[3]))
      (\(loss)).backward()
      leaves = \(leaves)
      pairs = [(o, d['out' + str(k)]) for k, o in enumerate([\(outputs)])]
      pairs = pairs + [(t.grad, d['grad' + str(k)]) for k, t in enumerate(leaves)]
      error = 0.0
      for a, b in pairs:
          error = max(error, (a - b).abs().max().item() / \(scale))
      print(error)
      """
  }

  @Test(.enabled(if: ReferencePython.executable != nil, "\(ReferencePython.absentReason)"))
  func outputsAndGradientsMatchPyTorch() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("vf-recurrent-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let reference = try #require(
      try ReferencePython.run(
        Self.referenceProgram, arguments: [directory.path], deadline: 180),
      "the reference Python did not finish in 180 s")
    try #require(reference.status == 0, "\(reference.standardError)")
    let configurations = try JSONDecoder().decode(
      [Configuration].self, from: Data(reference.standardOutput.utf8))
    #expect(configurations.count == 64)
    for c in configurations {
      let printed = run(source(c)).trimmingCharacters(in: .whitespacesAndNewlines)
      let error = try #require(Double(printed), "\(c.path) \(c.mode): \(printed)")
      let tolerance = c.double ? 1e-10 : 1e-5
      let dtype = c.double ? "float64" : "float32"
      let what =
        "\(c.mode) L=\(c.layers) batch_first=\(c.batch_first) biases=\(c.has_biases) \(dtype)"
      #expect(error < tolerance, "\(what): error \(error)")
    }
  }

  /// A two-layer LSTM's arguments at the prompt: input (T 5, B 3, I 4), hidden 2, states and
  /// the eight flat weights.
  static let lstmSetup = """
    torch.manual_seed(3)
    x = torch.randn(5, 3, 4, requires_grad=True)
    h0 = torch.zeros(2, 3, 2)
    c0 = torch.zeros(2, 3, 2)
    ws = [torch.randn(8, 4), torch.randn(8, 2), torch.randn(8), torch.randn(8), torch.randn(8, 2), torch.randn(8, 2), torch.randn(8), torch.randn(8)]
    """

  @Test func outputsShowTheFusedNode() {
    let text = run(
      Self.lstmSetup,
      "out, hn, cn = torch._VF.lstm(x, (h0, c0), ws, True, 2, 0.0, False, False, False)",
      "print(out.shape, hn.shape, cn.shape, out.grad_fn, hn.grad_fn)",
      "out.sum().backward()",
      "print(x.grad.shape)")
    #expect(
      text.contains(
        "torch.Size([5, 3, 2]) torch.Size([2, 3, 2]) torch.Size([2, 3, 2]) "
          + "<LSTMBackward object> <LSTMBackward object>"))
    #expect(text.contains("torch.Size([5, 3, 4])"))
  }

  @Test func badArgumentsGetPyTorchsMessages() {
    let call = "torch._VF.lstm(x, (h0, c0), ws, True, 2, 0.0, False, False, False)"
    #expect(
      run(Self.lstmSetup, "x = torch.randn(5, 3, 7)", call).contains(
        "RuntimeError: input.size(-1) must be equal to input_size. Expected 4, got 7"))
    #expect(
      run(Self.lstmSetup, "h0 = torch.zeros(1, 3, 2)", call).contains(
        "RuntimeError: Expected hidden[0] size (2, 3, 2), got [1, 3, 2]"))
    #expect(
      run(Self.lstmSetup, "ws = ws[:7]", call).contains(
        "incorrect number of RNN parameters: expected 8"))
    #expect(
      run(Self.lstmSetup, "torch._VF.lstm(x, (h0, c0), ws, True, 2, 0.0, False, True, False)")
        .contains("NotImplementedError: lstm(): bidirectional=True is not implemented"))
    #expect(
      run(Self.lstmSetup, "torch._VF.lstm(x, h0, ws, True, 2, 0.0, False, False, False)")
        .contains("TypeError: lstm(): hx must be a tuple (h0, c0)"))
  }

  @Test func dropoutBetweenLayersAtThePrompt() {
    // The top layer passes its input through (ReLU of the identity, inputs > 0), so the
    // output is the bottom layer's output times the dropout mask.
    let setup = """
      _ = torch.manual_seed(1)
      x = torch.rand(40, 10, 3)
      w0 = torch.rand(25, 3) + 0.1
      z = torch.zeros(25, 25)
      clean, _ = torch._VF.rnn_relu(x, torch.zeros(1, 10, 25), [w0, z], False, 1, 0.0, False, False, False)
      def stacked(p, train):
          out, _ = torch._VF.rnn_relu(x, torch.zeros(2, 10, 25), [w0, z, torch.eye(25), z], False, 2, p, train, False, False)
          return out / clean
      """
    let text = run(
      setup,
      "r = stacked(0.3, True)",
      "print(abs((r == 0).float().mean().item() - 0.3) < 0.03)",
      "print((((r - 1 / 0.7).abs() < 1e-5).float() + (r == 0).float()).min().item() == 1.0)",
      "print((stacked(0.3, False) == 1).float().min().item() == 1.0, "
        + "(stacked(0.0, True) == 1).float().min().item() == 1.0)")
    #expect(text == "True\nTrue\nTrue True\n", "\(text)")
  }
}
