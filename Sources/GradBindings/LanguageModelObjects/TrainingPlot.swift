// The live training view: the loss at every step, and the gradient norm ‖g‖
// before clipping on a log scale with the clip threshold c drawn and the steps
// where ‖g‖ > c marked (those steps were scaled down to norm c).

import GradLanguage
import GradModels
import GradPlot

/// Loss and gradient norm per step of a training run, as an interactive plot.
public final class TrainingPlot: InteractivePlot {
  public private(set) var losses: [Double] = []
  public private(set) var gradientNorms: [Double] = []
  public private(set) var clippedSteps: [Int] = []
  public let clipThreshold: Double?
  private var lastStep = 0

  public init(clipThreshold: Double?) { self.clipThreshold = clipThreshold }

  /// Adds one step (call with every step's progress: a progress interval of 1).
  public func record(_ p: TrainingProgress) {
    record(step: p.step, loss: p.loss, gradientNorm: p.gradientNorm)
  }

  /// Adds one step: its loss and the gradient norm before clipping (nil when not measured).
  public func record(step: Int, loss: Double, gradientNorm: Double?) {
    guard loss.isFinite else { return }
    losses.append(loss)
    lastStep = step
    if let norm = gradientNorm, norm.isFinite, norm > 0 {
      gradientNorms.append(norm)
      if let c = clipThreshold, norm > c { clippedSteps.append(gradientNorms.count - 1) }
    }
  }

  public func figure() -> Figure {
    Figure.training(
      loss: losses, gradientNorms: gradientNorms, clipThreshold: clipThreshold,
      clippedSteps: clippedSteps)
  }

  public var keyLine: String {
    let loss = losses.last.map { String(format: "%.3f", $0) } ?? "–"
    return "step \(lastStep)  loss \(loss)  clipped \(clippedSteps.count)×  "
      + "q closes the view (training goes on)  Ctrl-C stops training"
  }

  public func handle(_ key: PlotKey) -> Bool { false }

  /// The final figure as text, for a run without a panel.
  public func text(
    columns: Int = PlotDisplay.textColumns, rows: Int = PlotDisplay.textRows,
    ansiColor: Bool = false
  ) -> String {
    let t = PlotText.render(figure(), columns: columns, rows: rows, ansiColor: ansiColor)
    return t.hasSuffix("\n") ? t : t + "\n"
  }
}

/// A training run's view: a live panel while it runs when one can be opened, else the
/// final plot as text. Shared by `train(..., plot=True)` and `gradrepl train --plot`.
public final class TrainingView {
  public let plot: TrainingPlot
  private var live: LivePlot?
  /// Whether a panel was opened at all (then no text plot is drawn at the end).
  public let openedPanel: Bool

  /// - Parameter presenter: the panel to open (nil: text at the end).
  public init(clipThreshold: Double?, presenter: PlotPresenter?) {
    plot = TrainingPlot(clipThreshold: clipThreshold)
    live = presenter?.beginLive(plot)
    openedPanel = live != nil
  }

  /// Whether the panel is on screen now (text output must wait until it closes).
  public var isLive: Bool { live != nil }

  /// Records a step and refreshes the panel when due.
  public func record(_ p: TrainingProgress) {
    record(step: p.step, loss: p.loss, gradientNorm: p.gradientNorm)
  }

  /// Records a step (loss, gradient norm before clipping) and refreshes the panel when due.
  public func record(step: Int, loss: Double, gradientNorm: Double?) {
    plot.record(step: step, loss: loss, gradientNorm: gradientNorm)
    if let view = live, !view.refresh() { live = nil }
  }

  /// Closes the panel; returns the final text plot when no panel was opened.
  public func finish(ansiColor: Bool = false) -> String? {
    live?.end()
    live = nil
    return openedPanel ? nil : plot.text(ansiColor: ansiColor)
  }
}
