import Foundation
import GradTensor
import GradTestSupport
import Testing

@testable import GradModels

/// Backpropagation through time in float64: against the fused kernels (which match PyTorch),
/// against PyTorch's table, against finite differences, and the lecture's two regimes.
@Suite struct DiagnosticBackpropTests {
  static func randomWeights(
    _ kind: RecurrentCellKind, activation: Nonlinearity = .tanh, leak: Double = 0.3,
    H: Int = 6, D: Int = 3, seed: UInt64 = 11, scale: Double = 0.6
  ) throws -> RecurrentCellWeights {
    var r = GaussianStream(seed: seed)
    let G = kind.gateCount
    return try RecurrentCellWeights(
      kind: kind, activation: activation, leak: leak, hiddenSize: H, inputSize: D,
      inputWeight: r.draw(G * H * D, standardDeviation: scale),
      hiddenWeight: r.draw(G * H * H, standardDeviation: scale),
      inputBias: r.draw(G * H, standardDeviation: 0.2),
      hiddenBias: r.draw(G * H, standardDeviation: 0.2))
  }

  static let allCells: [(RecurrentCellKind, Nonlinearity)] = [
    (.rnn, .tanh), (.rnn, .relu), (.rnn, .sigmoid), (.leakyRNN, .tanh), (.leakyRNN, .sigmoid),
    (.lstm, .tanh), (.gru, .tanh),
  ]

  /// The fused float64 kernels behind `hiddenStateGradientNorms` are themselves checked
  /// against torch_rnn_gradnorm.py; the step-by-step version must agree with them. Both drive
  /// the same cell steps, so this checks the two drivers: the GEMMs, the biases, the tape.
  @Test func agreesWithTheFusedKernels() throws {
    let T = 9
    for (kind, phi) in Self.allCells {
      let w = try Self.randomWeights(kind, activation: phi)
      var r = GaussianStream(seed: 5)
      let x = r.draw(T * w.inputSize, standardDeviation: 1)
      let v = r.draw(w.hiddenSize, standardDeviation: 1)
      let flow = try w.forward(inputs: x, steps: T).backward(lossWeights: v)
      let G = kind.gateCount
      let H = w.hiddenSize
      let fused = try hiddenStateGradientNorms(
        kind: kind, nonlinearity: phi, leak: w.leak,
        inputWeight: Tensor(w.inputWeight, shape: [G * H, w.inputSize], dtype: .float64),
        hiddenWeight: Tensor(w.hiddenWeight, shape: [G * H, H], dtype: .float64),
        inputBias: Tensor(w.inputBias, shape: [G * H], dtype: .float64),
        hiddenBias: Tensor(w.hiddenBias, shape: [G * H], dtype: .float64),
        inputs: Tensor(x, shape: [T, w.inputSize], dtype: .float64),
        lossWeights: Tensor(v, shape: [H], dtype: .float64))
      #expect(flow.hiddenNorms.count == T + 1)
      for k in 0...T {
        let a = flow.hiddenNorms[k]
        let b = fused.hidden[k]
        #expect(Swift.abs(a - b) <= 1e-12 * Swift.abs(b) + 1e-300, "\(kind) \(phi) k=\(k)")
      }
      #expect(Swift.abs(flow.loss - fused.loss) < 1e-12)
      if kind == .lstm {
        let ours = try #require(flow.cellNorms)
        let theirs = try #require(fused.cell)
        for k in 0...T {
          #expect(Swift.abs(ours[k] - theirs[k]) <= 1e-12 * Swift.abs(theirs[k]), "C k=\(k)")
        }
      } else {
        #expect(flow.cellNorms == nil)
      }
    }
  }

  /// The reference table itself: tanh RNN for every radius, and the LSTM sweeps.
  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func matchesPyTorchTable() throws {
    let (json, csv) = try #require(
      GradientNormTests.reference(), "torch_rnn_gradnorm.py did not run")
    func flat(_ key: Any?) throws -> [Double] {
      if let m = key as? [[Double]] { return m.flatMap { $0 } }
      return try #require(key as? [Double])
    }
    let H = try #require(json["H"] as? Int)
    let D = try #require(json["D"] as? Int)
    let T = try #require(json["T"] as? Int)
    let a = try flat(json["A"])
    let radius = try #require(json["spectral_radius_A"] as? Double)
    let wx = try flat(json["W_xh"])
    let b = try flat(json["b"])
    let x = try flat(json["xs"])
    let v = try flat(json["v"])
    func check(_ ours: [Double], _ name: String) throws {
      let theirs = try #require(csv[name], "column \(name)")
      #expect(ours.count == theirs.count)
      for (k, (p, q)) in zip(ours, theirs).enumerated() {
        #expect(Swift.abs(p - q) <= 1e-6 * Swift.abs(q) + 1e-300, "\(name) k=\(k): \(p) vs \(q)")
      }
    }
    for rho in try #require(json["rhos"] as? [Double]) {
      let w = try RecurrentCellWeights(
        kind: .rnn, hiddenSize: H, inputSize: D, inputWeight: wx,
        hiddenWeight: a.map { $0 * rho / radius }, inputBias: b)
      try check(
        try w.forward(inputs: x, steps: T).backward(lossWeights: v).hiddenNorms, "rnn_rho\(rho)")
    }
    let lstm = try #require(json["lstm"] as? [String: Any])
    let w = try RecurrentCellWeights(
      kind: .lstm, hiddenSize: H, inputSize: D, inputWeight: try flat(lstm["W_ih"]),
      hiddenWeight: try flat(lstm["W_hh_default"]), inputBias: try flat(lstm["b_ih"]),
      hiddenBias: try flat(lstm["b_hh"]))
    let flow = try w.forward(inputs: x, steps: T).backward(lossWeights: v)
    try check(flow.hiddenNorms, "lstm_default")
    try check(try #require(flow.cellNorms), "lstm_default_c")
  }

  /// ∂L/∂h_k against central differences: L depends on h_k only through the steps after k,
  /// so rerun those steps from a nudged h_k (and C_k).
  @Test func gradientsMatchFiniteDifferences() throws {
    let T = 7
    for (kind, phi) in Self.allCells {
      for placement in LossPlacement.allCases {
        let w = try Self.randomWeights(kind, activation: phi, seed: 23)
        let H = w.hiddenSize
        let D = w.inputSize
        var r = GaussianStream(seed: 29)
        let x = r.draw(T * D, standardDeviation: 1)
        let v = r.draw(H, standardDeviation: 1)
        let trace = try w.forward(inputs: x, steps: T)
        let flow = try trace.backward(lossWeights: v, loss: placement)
        for k in [0, 3, T - 1] {
          let suffix = Array(x[(k * D)...])
          let cell = kind == .lstm ? Array(trace.cellStates[(k * H)..<((k + 1) * H)]) : nil
          func loss(_ h: [Double]) throws -> Double {
            let tail = try w.forward(
              inputs: suffix, steps: T - k, initialHidden: h, initialCell: cell)
            return try tail.backward(lossWeights: v, loss: placement).loss
          }
          let h = trace.hidden(at: k)
          for j in 0..<H {
            let eps = 1e-6
            var up = h
            var down = h
            up[j] += eps
            down[j] -= eps
            var numeric = (try loss(up) - loss(down)) / (2 * eps)
            // L = Σ_t v·h_t also reads h_k itself (k ≥ 1).
            if placement == .everyStep && k >= 1 { numeric += v[j] }
            let analytic = flow.hiddenGradients[k][j]
            #expect(
              Swift.abs(numeric - analytic) < 1e-6 * max(1, Swift.abs(analytic)),
              "\(kind) \(phi) \(placement) k=\(k) j=\(j): \(analytic) vs \(numeric)")
          }
        }
      }
    }
  }

  /// J_t = α·I + (1 − α)·Diag(φ′(a_t))·W_hh for the RNNs; every cell's J_t against central
  /// differences of one step; and ∂L/∂h_0 = J_1ᵀ·…·J_Tᵀ·v.
  @Test func stepJacobiansMatchFiniteDifferencesAndChainToTheGradient() throws {
    let T = 5
    for (kind, phi) in Self.allCells {
      let w = try Self.randomWeights(kind, activation: phi, seed: 31)
      let H = w.hiddenSize
      let D = w.inputSize
      let n = w.stateSize
      var r = GaussianStream(seed: 37)
      let x = r.draw(T * D, standardDeviation: 1)
      let v = r.draw(H, standardDeviation: 1)
      let trace = try w.forward(inputs: x, steps: T)
      for t in 1...T {
        let J = try trace.stepJacobian(at: t)
        #expect(J.count == n * n)
        func state(_ s: [Double]) throws -> [Double] {
          let one = try w.forward(
            inputs: Array(x[((t - 1) * D)..<(t * D)]), steps: 1, initialHidden: Array(s[0..<H]),
            initialCell: kind == .lstm ? Array(s[H..<(2 * H)]) : nil)
          return one.hidden(at: 1) + (kind == .lstm ? Array(one.cellStates[H..<(2 * H)]) : [])
        }
        let before =
          trace.hidden(at: t - 1)
          + (kind == .lstm ? Array(trace.cellStates[((t - 1) * H)..<(t * H)]) : [])
        for j in 0..<n {
          let eps = 1e-6
          var up = before
          var down = before
          up[j] += eps
          down[j] -= eps
          let plus = try state(up)
          let minus = try state(down)
          for i in 0..<n {
            let numeric = (plus[i] - minus[i]) / (2 * eps)
            #expect(
              Swift.abs(numeric - J[i * n + j]) < 1e-7, "\(kind) \(phi) t=\(t) J[\(i),\(j)]")
          }
        }
      }
      guard kind == .rnn || kind == .leakyRNN else { continue }
      // Chain the Jacobians: g_{k−1} = J_kᵀ·g_k from g_T = v.
      var g = v
      for t in stride(from: T, through: 1, by: -1) {
        let J = try trace.stepJacobian(at: t)
        g = (0..<H).map { j in (0..<H).reduce(0.0) { $0 + J[$1 * H + j] * g[$1] } }
      }
      let flow = try trace.backward(lossWeights: v)
      for j in 0..<H { #expect(Swift.abs(g[j] - flow.hiddenGradients[0][j]) < 1e-12) }
      let norms = try trace.stepJacobianNorms()
      #expect(norms.count == T)
      // Each step stretches by at most α + (1 − α)·γ_h·γ_w.
      let gamma = w.gammas().stepFactor
      #expect(norms.allSatisfy { $0 <= gamma * (1 + 1e-9) }, "\(kind) \(phi)")
    }
  }

  /// γ_h·γ_w < 1: every gradient shrinks at least geometrically going back.
  @Test func decaysWhenGammaProductIsBelowOne() throws {
    for phi in Nonlinearity.allCases {
      var settings = GradientFlowSettings()
      settings.activation = phi
      settings.steps = 60
      settings.hiddenSize = 32
      let net = try SyntheticRecurrentNetwork(settings)
      // Rescale W_hh so that γ_h·γ_w = 0.9.
      let gammas = net.weights.gammas()
      let factor = 0.9 / (gammas.weightNorm * gammas.derivativeBound)
      var w = net.weights
      w.hiddenWeight = w.hiddenWeight.map { $0 * factor }
      let flow = try w.forward(inputs: net.inputs, steps: 60).backward(lossWeights: net.lossWeights)
      let last = try #require(flow.hiddenNorms.last)
      for k in 0...60 {
        #expect(
          flow.hiddenNorms[k] <= pow(0.9, Double(60 - k)) * last * (1 + 1e-9), "\(phi) k=\(k)")
      }
      #expect(flow.hiddenNorms[0] < 1e-2 * last)
    }
  }

  /// ρ > 1 with tanh near zero (no input: h stays 0 and φ′ = 1): the gradient grows like
  /// ρ^(T−k), still under the bound (γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖.
  @Test func growsWhenRadiusExceedsOneNearZero() throws {
    var settings = GradientFlowSettings()
    settings.spectralRadius = 1.5
    settings.inputScale = 0
    settings.steps = 40
    let net = try SyntheticRecurrentNetwork(settings)
    let flow = try net.gradientFlow()
    let bound = try #require(net.bound(for: flow))
    let last = try #require(flow.hiddenNorms.last)
    #expect(flow.hiddenNorms[0] > 1e5 * last)  // 1.5⁴⁰ ≈ 1.1·10⁷
    for k in 0...40 { #expect(flow.hiddenNorms[k] <= bound[k] * (1 + 1e-9), "k=\(k)") }
    // The growth per step tends to ρ: the ratio over the last ten steps back.
    let perStep = pow(flow.hiddenNorms[0] / flow.hiddenNorms[10], 1.0 / 10)
    #expect(Swift.abs(perStep - 1.5) < 0.05)
  }

  /// The bound holds for every cell it is defined for, with either loss, with random inputs.
  @Test func boundHoldsForTheRNNs() throws {
    for kind in [RecurrentCellKind.rnn, .leakyRNN] {
      for phi in Nonlinearity.allCases {
        for placement in LossPlacement.allCases {
          for radius in [0.5, 1.0, 2.0] {
            var s = GradientFlowSettings()
            s.kind = kind
            s.activation = phi
            s.loss = placement
            s.spectralRadius = radius
            s.steps = 30
            s.hiddenSize = 16
            let net = try SyntheticRecurrentNetwork(s)
            let flow = try net.gradientFlow()
            let bound = try #require(net.bound(for: flow))
            for k in 0...30 {
              #expect(
                flow.hiddenNorms[k] <= bound[k] * (1 + 1e-9),
                "\(kind) \(phi) \(placement) ρ=\(radius) k=\(k)")
            }
          }
        }
      }
    }
    var s = GradientFlowSettings()
    s.kind = .gru
    let net = try SyntheticRecurrentNetwork(s)
    #expect(net.bound(for: try net.gradientFlow()) == nil)
  }

  /// Clipping by norm on the way back caps the explosion and records where it acted.
  @Test func clippingCapsTheNorms() throws {
    var settings = GradientFlowSettings()
    settings.spectralRadius = 1.5
    settings.inputScale = 0
    let free = try SyntheticRecurrentNetwork(settings).gradientFlow()
    #expect(free.clippedSteps.isEmpty)
    #expect(free.unclippedNorms == free.hiddenNorms)
    settings.clipThreshold = 1
    let clipped = try SyntheticRecurrentNetwork(settings).gradientFlow()
    #expect(clipped.hiddenNorms.allSatisfy { $0 <= 1 + 1e-12 })
    #expect(!clipped.clippedSteps.isEmpty)
    #expect(clipped.clippedSteps == clipped.clippedSteps.sorted())
    for k in clipped.clippedSteps { #expect(clipped.unclippedNorms[k] > 1) }
    #expect(free.hiddenNorms[0] > 100)
    for k in 0...settings.steps { #expect(clipped.hiddenNorms[k] <= free.hiddenNorms[k] + 1e-12) }
  }

  @Test func syntheticNetworksShareTheirDirectionsAcrossRadii() throws {
    var s = GradientFlowSettings()
    s.hiddenSize = 8
    s.spectralRadius = 0.5
    let half = try SyntheticRecurrentNetwork(s)
    s.spectralRadius = 1.0
    let one = try SyntheticRecurrentNetwork(s)
    for (a, b) in zip(half.weights.hiddenWeight, one.weights.hiddenWeight) {
      #expect(Swift.abs(2 * a - b) < 1e-12)
    }
    #expect(half.inputs == one.inputs)
    #expect(Swift.abs(one.weights.gammas().spectralRadius - 1) < 1e-9)
    s.kind = .lstm
    let lstm = try SyntheticRecurrentNetwork(s)
    #expect(lstm.weights.hiddenWeight.count == 4 * 64)
    #expect(Array(lstm.weights.hiddenWeight.prefix(64)) == one.weights.hiddenWeight)
    s.seed = 1
    let other = try SyntheticRecurrentNetwork(s)
    #expect(other.weights.hiddenWeight != lstm.weights.hiddenWeight)
  }

  /// The shortcut ‖c·A‖₂ = c·‖A‖₂ agrees with computing γ from W_hh itself, and a network
  /// built from known spectra is the same network.
  @Test func gammasFromTheBaseMatrixMatchTheScaledMatrix() throws {
    for kind in [RecurrentCellKind.rnn, .leakyRNN, .lstm] {
      var s = GradientFlowSettings()
      s.kind = kind
      s.hiddenSize = 24
      s.spectralRadius = 1.3
      s.seed = 9
      let net = try SyntheticRecurrentNetwork(s)
      let direct = net.weights.gammas()
      #expect(net.base.norm == nil)
      let base = try SyntheticRecurrentNetwork.baseSpectra(seed: 9, hiddenSize: 24)
      #expect(base.radius == net.base.radius)
      let again = try SyntheticRecurrentNetwork(s, base: base)
      let shortcut = again.gammas()
      #expect(Swift.abs(direct.weightNorm - shortcut.weightNorm) < 1e-9 * direct.weightNorm)
      #expect(Swift.abs(direct.spectralRadius - shortcut.spectralRadius) < 1e-9)
      #expect(direct.derivativeBound == shortcut.derivativeBound)
      #expect(direct.leak == shortcut.leak)
      #expect(again.weights == net.weights)
      #expect(try again.gradientFlow() == net.gradientFlow())
    }
  }

  @Test func badSettingsAreReported() throws {
    var s = GradientFlowSettings()
    s.steps = 0
    #expect(throws: DiagnosticError.self) { try SyntheticRecurrentNetwork(s) }
    s = GradientFlowSettings()
    s.hiddenSize = 100_000
    #expect(throws: DiagnosticError.self) { try SyntheticRecurrentNetwork(s) }
    s = GradientFlowSettings()
    s.clipThreshold = -1
    #expect(throws: DiagnosticError.self) { try SyntheticRecurrentNetwork(s) }
    s = GradientFlowSettings()
    s.spectralRadius = .nan
    #expect(throws: DiagnosticError.self) { try SyntheticRecurrentNetwork(s) }
    #expect(throws: DiagnosticError.self) {
      try RecurrentCellWeights(
        kind: .lstm, hiddenSize: 2, inputSize: 1, inputWeight: [1, 2], hiddenWeight: [1, 2, 3, 4])
    }
    let w = try Self.randomWeights(.rnn)
    #expect(throws: DiagnosticError.self) { try w.forward(inputs: [1, 2], steps: 5) }
    let trace = try w.forward(inputs: [Double](repeating: 0.1, count: 6), steps: 2)
    #expect(throws: DiagnosticError.self) { try trace.backward(lossWeights: [1]) }
    #expect(throws: DiagnosticError.self) { try trace.stepJacobian(at: 3) }
  }
}
