import Foundation
import GradLanguage
import GradModels
import Testing

@testable import GradBindings

/// gradnorms(), jacobian_norms(), gamma(), spectral_radius(), rescale_radius() at the prompt.
@Suite struct GradNormBuiltinTests {
  /// The REPL's numbers are the engine's numbers for the same settings, digit for digit.
  @Test func gradnormsGivesTheEngineNorms() throws {
    var s = GradientFlowSettings()
    s.steps = 6
    s.hiddenSize = 8
    s.spectralRadius = 1.3
    s.activation = .relu
    s.seed = 4
    let expected = try SyntheticRecurrentNetwork(s).gradientFlow().hiddenNorms
    let text = eval("gradnorms(T=6, hidden=8, radius=1.3, activation='relu', seed=4).tolist()")
    #expect(text == "[" + expected.map { "\($0)" }.joined(separator: ", ") + "]")
  }

  /// A language model built at the prompt: one row of norms per layer, one norm per
  /// hidden state h_0 … h_T of the context; the NPLM (no hidden state over time) and too short a
  /// sequence are one-line errors.
  @Test func gradnormsOfALanguageModelAtThePrompt() {
    let screen = transcript([
      "data = corpus('toy')",
      "m = LSTM(data, emb=8, hidden=8, layers=2, seed=3)",
      "g = gradnorms(m, 'the cat sat on the')",
      "g.shape",
      "bool(g.min() > 0)",
      "r = RNN(data, emb=8, hidden=8, seed=3)",
      "gradnorms(r, 'the cat sat').shape",
      "gradnorms(NPLM(data), 'the cat sat')",
      "gradnorms(m, 'the')",
    ])
    // Five words: four of context, h_0 … h_4.
    #expect(screen.contains(">>> g.shape\ntorch.Size([2, 5])"))
    #expect(screen.contains(">>> bool(g.min() > 0)\nTrue"))
    #expect(screen.contains("torch.Size([3])"))
    #expect(screen.contains("TypeError: gradnorms(model, sequence) needs an RNN"))
    #expect(screen.contains("ValueError: gradnorms(): the sequence needs at least two tokens"))
  }

  @Test func transcriptShowsDecayAndGrowth() {
    let screen = transcript([
      "small = gradnorms(radius=0.5, T=30, hidden=16)",
      "small.shape",
      "bool(small[0] < 1e-3 * small[30])",
      "big = gradnorms(radius=1.5, T=30, hidden=16, scale=0)",
      "bool(big[0] > 1e3 * big[30])",
      "clipped = gradnorms(radius=1.5, T=30, hidden=16, scale=0, clip=1)",
      "bool(clipped.max() <= 1.0)",
      "len(gradnorms(kind='lstm', T=7, hidden=4))",
      "len(jacobian_norms(T=9, hidden=4))",
      "len(jacobian_norms(kind='lstm', T=2, hidden=3))",
    ])
    #expect(
      screen == """
        >>> small = gradnorms(radius=0.5, T=30, hidden=16)
        >>> small.shape
        torch.Size([31])
        >>> bool(small[0] < 1e-3 * small[30])
        True
        >>> big = gradnorms(radius=1.5, T=30, hidden=16, scale=0)
        >>> bool(big[0] > 1e3 * big[30])
        True
        >>> clipped = gradnorms(radius=1.5, T=30, hidden=16, scale=0, clip=1)
        >>> bool(clipped.max() <= 1.0)
        True
        >>> len(gradnorms(kind='lstm', T=7, hidden=4))
        8
        >>> len(jacobian_norms(T=9, hidden=4))
        9
        >>> len(jacobian_norms(kind='lstm', T=2, hidden=3))
        2

        """)
  }

  /// Your own W_hh, inputs and v: with W_hh = 0.5·I and no input, h stays 0, tanh′ = 1 and
  /// ∂L/∂h_k = 0.5^(T−k)·v exactly.
  @Test func yourOwnTensorsReplaceTheRandomOnes() {
    #expect(
      eval(
        "gradnorms(W_hh=torch.eye(4, dtype=torch.float64) * 0.5, x=torch.zeros(3, 2), "
          + "v=torch.ones(4)).tolist()") == "[0.25, 0.5, 1.0, 2.0]")
    #expect(
      eval("jacobian_norms(W_hh=torch.eye(4) * 0.5, x=torch.zeros(3, 2)).tolist()")
        == "[0.5, 0.5, 0.5]")
    #expect(
      run("gradnorms(W_hh=torch.zeros(3, 4))").contains(
        "W_hh has 12 entries; an RNN with H=4 needs [4, 4] = 16"))
    #expect(
      run("gradnorms(W_hh=torch.eye(4), kind='lstm')").contains(
        "W_hh has 16 entries; an LSTM with H=4 needs [16, 4] = 64"))
    #expect(run("gradnorms(W_hh=torch.eye(4), v=torch.ones(3))").contains("v needs H=4 numbers"))
    #expect(run("gradnorms(W_hh=3)").contains("expected a Tensor"))
  }

  @Test func gammaOfTheNetworkAndOfAMatrix() {
    #expect(eval("gamma(activation='sigmoid')['gamma_h']") == "0.25")
    #expect(eval("round(gamma(radius=1.2)['radius'], 9)") == "1.2")
    // diag(3, −2): ‖W‖₂ = ρ = 3; a leaky step stretches by 0.5 + 0.5·3 = 2.
    #expect(eval("round(gamma(torch.tensor([[3.0, 0.0], [0.0, -2.0]]))['gamma_w'], 9)") == "3.0")
    #expect(
      eval("round(gamma(torch.tensor([[3.0, 0.0], [0.0, -2.0]]), alpha=0.5)['step'], 9)") == "2.0")
    // A rotation by 90° scaled by 2: eigenvalues ±2i.
    #expect(eval("round(spectral_radius(torch.tensor([[0.0, -2.0], [2.0, 0.0]])), 9)") == "2.0")
    #expect(
      eval(
        "round(spectral_radius(rescale_radius(torch.tensor([[0.0, -2.0], [2.0, 0.0]]), 0.5)), 9)")
        == "0.5")
  }

  @Test func mistakesGetMessagesAStudentCanActOn() {
    #expect(
      run("gradnorms(radiuss=1)").contains(
        "TypeError: gradnorms() got an unexpected keyword argument 'radiuss'. Did you mean 'radius'?"
      ))
    #expect(run("gradnorms(kind='transformer')").contains("must be rnn, leaky-rnn, lstm or gru"))
    #expect(run("gradnorms(T=0)").contains("T= expects a whole number in 1…2000"))
    #expect(run("gradnorms(T=2.5)").contains("T= expects a whole number"))
    #expect(run("gradnorms(clip=-1)").contains("clip must be a positive number"))
    #expect(run("gradnorms(alpha=2)").contains("alpha must lie in [0, 1]"))
    #expect(run("gradnorms(hidden=10**9)").contains("hidden= expects a whole number"))
    #expect(run("gradnorms(radius=float('nan'))").contains("radius= expects a number"))
    #expect(run("gradnorms(1)").contains("takes exactly 0 arguments"))
    #expect(run("gamma(torch.zeros(2, 3))").contains("expected a square matrix"))
    #expect(run("rescale_radius(torch.tensor([[0.0, 1.0], [0.0, 0.0]]), 1)").contains("ρ(W) = 0"))
    #expect(run("spectral_radius(3)").contains("expected a Tensor"))
  }
}
