// The two figures the lecture uses most, ready-made.

extension Figure {
  /// The vanishing/exploding-gradient picture: ‖∂L/∂h_k‖ against k on a log
  /// axis, one curve per spectral radius or per model.
  ///
  /// For a tanh RNN the backward pass multiplies by Wₕₕᵀ·diag(1 − h²) once
  /// per step, so
  ///
  /// ```
  /// ‖∂L/∂h_k‖ ≲ (ρ(W_hh) · max|1 − h²|)^(T−k) · ‖∂L/∂h_T‖
  /// ```
  ///
  /// and each curve is close to a straight line on the log axis, falling for
  /// ρ < 1 and rising for ρ > 1. A reference line at 1 marks "no change".
  ///
  /// - Parameters:
  ///   - curves: a name ("radius 0.9", "LSTM") and the norms for k = 0, 1, 2, …
  ///   - statusLine: the keys of the interactive panel, if any.
  public static func gradientNorms(
    _ curves: [(name: String, norms: [Double])], statusLine: String? = nil
  ) -> Figure {
    let series = curves.enumerated().map { i, curve in
      PlotSeries(name: curve.name, yValues: curve.norms, colorIndex: i)
    }
    let panel = PlotPanel(
      title: "gradient norm by time step", series: series, xTitle: "k",
      yTitle: "‖∂L/∂h_k‖", yScale: .log10,
      referenceLines: [ReferenceLine(yValue: 1, label: "1", colorIndex: 5)])
    return Figure(panels: [panel], statusLine: statusLine)
  }

  /// The training view: the loss on top, the gradient norm before clipping
  /// below (log axis), with the clipping threshold and the clipped steps.
  ///
  /// Clipping by norm rescales the gradient g when ‖g‖ exceeds the threshold c:
  ///
  /// ```
  /// g ← g · c / ‖g‖   if ‖g‖ > c
  /// ```
  ///
  /// - Parameters:
  ///   - loss: the loss at steps 0, 1, 2, …
  ///   - gradientNorms: ‖g‖ before clipping at the same steps.
  ///   - clipThreshold: c, or `nil` when training does not clip.
  ///   - clippedSteps: the steps at which ‖g‖ > c.
  ///   - statusLine: the keys of the interactive panel, if any.
  public static func training(
    loss: [Double], gradientNorms: [Double], clipThreshold: Double?, clippedSteps: [Int],
    statusLine: String? = nil
  ) -> Figure {
    let lossPanel = PlotPanel(
      title: "loss", series: [PlotSeries(name: "loss", yValues: loss, colorIndex: 0)],
      xTitle: "step", showsLegend: false)
    var references: [ReferenceLine] = []
    var events: EventMarkers?
    if let c = clipThreshold {
      references.append(ReferenceLine(yValue: c, label: "clip at \(c)", colorIndex: 3))
      events = EventMarkers(
        xValues: clippedSteps.map { Double($0) }, label: "clipped", colorIndex: 3)
    }
    let normPanel = PlotPanel(
      title: "gradient norm",
      series: [PlotSeries(name: "‖g‖", yValues: gradientNorms, colorIndex: 1)],
      xTitle: "step", yScale: .log10, referenceLines: references, events: events)
    return Figure(panels: [lossPanel, normPanel], statusLine: statusLine)
  }
}
