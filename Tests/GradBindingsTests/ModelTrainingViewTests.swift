import GradLanguage
import GradPlot
import Testing

@testable import GradBindings

/// A panel that stays open for `openFor` refreshes, then behaves as if q was pressed.
private final class FakeLivePlot: LivePlot {
  var refreshes = 0
  var ended = false
  let openFor: Int
  init(openFor: Int) { self.openFor = openFor }
  func refresh() -> Bool {
    refreshes += 1
    return refreshes < openFor
  }
  func end() { ended = true }
}

private final class FakePresenter: PlotPresenter {
  let live: FakeLivePlot?
  var shown: InteractivePlot?
  init(live: FakeLivePlot?) { self.live = live }
  func present(_ plot: InteractivePlot) -> String? { "no panel in tests" }
  func beginLive(_ plot: InteractivePlot) -> LivePlot? {
    shown = plot
    return live
  }
}

@Suite struct ModelTrainingViewTests {
  @Test func clippingEventsAreTheStepsWhoseNormExceedsTheThreshold() {
    let plot = TrainingPlot(clipThreshold: 0.25)
    for (k, norm) in [0.1, 0.3, 0.2, 0.9, nil].enumerated() {
      plot.record(step: k + 1, loss: 5 - Double(k), gradientNorm: norm)
    }
    #expect(plot.losses == [5, 4, 3, 2, 1])
    #expect(plot.gradientNorms == [0.1, 0.3, 0.2, 0.9])
    #expect(plot.clippedSteps == [1, 3])
    #expect(plot.keyLine.hasPrefix("step 5  loss 1.000  clipped 2×"))
    let figure = plot.figure()
    #expect(figure.panels.count == 2)
  }

  @Test func aLivePanelIsRefreshedEveryStepUntilClosed() {
    let live = FakeLivePlot(openFor: 3)
    let presenter = FakePresenter(live: live)
    let view = TrainingView(clipThreshold: nil, presenter: presenter)
    #expect(presenter.shown === view.plot)
    #expect(view.isLive)
    for k in 1...5 { view.record(step: k, loss: 1, gradientNorm: 1) }
    // The third refresh reported q: no more refreshes, and text output may resume.
    #expect(live.refreshes == 3)
    #expect(!view.isLive)
    #expect(view.plot.losses.count == 5)
    #expect(view.finish() == nil)  // a panel was shown: no text plot afterwards
  }

  @Test func withoutAPanelTheFinalPlotIsText() {
    let view = TrainingView(clipThreshold: 0.5, presenter: FakePresenter(live: nil))
    #expect(!view.isLive)
    for k in 1...10 {
      view.record(step: k, loss: 3 - 0.1 * Double(k), gradientNorm: 0.1 * Double(k))
    }
    let text = view.finish() ?? ""
    #expect(text.contains("loss"))
    #expect(text.contains("gradient norm"))
    #expect(text.contains("clip at 0.5"))
    #expect(text.contains("clipped (5)"))
  }

  @Test func trainWithPlotPrintsTheTextPlotWithoutATerminal() {
    let out = run(
      "data = corpus('toy')", "m = GRU(data, emb=8, hidden=8)",
      "r = train(m, data, plot=True, max_steps=60, batch=4, bptt=5)", "r.steps")
    #expect(out.contains("gradient norm"))
    #expect(out.contains("clip at 0.25"))
    #expect(out.hasSuffix("60\n"))
    // Progress text keeps its own pace (every 3rd step of 60), not one line per step.
    #expect(out.components(separatedBy: "tok/s").count - 1 == 20)
  }

  @Test func plotMustBeABoolean() {
    let out = run(
      "data = corpus('toy')", "m = GRU(data, emb=8, hidden=8)", "train(m, data, plot='yes')")
    #expect(out.contains("TypeError: train() plot must be True or False"))
  }
}
