import Foundation
import GradLanguage
import GradPlot

// How long one redraw of the gradient-norm panel takes.
//
// The panel redraws on every arrow key and every training step, so layout +
// rasterisation of a 200 × 60 grid with 4 series of 1,000 points should stay
// well under a millisecond per series. The figure is the lecture's picture:
// ‖∂L/∂h_k‖ ≈ ρ^k for spectral radius ρ = 0.5, 0.9, 1.0, 1.5 on a log axis.

enum PlotBench {
  static func figure(points: Int) -> Figure {
    let curves = [0.5, 0.9, 1.0, 1.5].map { rho in
      // A little wobble so lines are not perfectly straight on the log axis.
      let norms = (0..<points).map { k in
        Foundation.pow(rho, Double(k) * 0.3) * (1 + 0.3 * Foundation.sin(Double(k) * 0.05))
      }
      return (name: "radius \(rho)", norms: norms)
    }
    return Figure.gradientNorms(curves, statusLine: "←/→ radius  q quit")
  }

  /// Median over `repeats` batches of the time per call, in microseconds:
  /// wall-clock time and this thread's CPU time (which other processes on a
  /// busy machine disturb less).
  static func measure(repeats: Int, batch: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
    let clock = ContinuousClock()
    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<repeats {
      let cpuStart = threadCPUSeconds()
      let elapsed = clock.measure {
        for _ in 0..<batch { body() }
      }
      let cpuSeconds = threadCPUSeconds() - cpuStart
      let c = elapsed.components
      let seconds = Double(c.seconds) + Double(c.attoseconds) * 1e-18
      wall.append(seconds * 1e6 / Double(batch))
      cpu.append(cpuSeconds * 1e6 / Double(batch))
    }
    wall.sort()
    cpu.sort()
    return (wall[wall.count / 2], cpu[cpu.count / 2])
  }

  static func threadCPUSeconds() -> Double {
    var t = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return 0 }
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  static func run(_ arguments: [String]) -> Int32 {
    let points = 1000
    let fig = figure(points: points)
    if arguments.contains("--show") {
      let ascii = arguments.contains("--ascii")
      let options = PlotOptions(charset: ascii ? .ascii : .unicode)
      print(PlotText.render(fig, columns: 100, rows: 30, options: options, ansiColor: !ascii))
      return 0
    }
    var sink = 0
    let braille = measure(repeats: 15, batch: 40) {
      if case .success(let d) = PlotRenderer.render(fig, columns: 200, rows: 60) {
        sink &+= d.grid.cells.count
      }
    }
    let ascii = measure(repeats: 15, batch: 40) {
      let options = PlotOptions(charset: .ascii)
      if case .success(let d) = PlotRenderer.render(fig, columns: 200, rows: 60, options: options) {
        sink &+= d.grid.cells.count
      }
    }
    var grid = PlotCellGrid(columns: 0, rows: 0)
    if case .success(let d) = PlotRenderer.render(fig, columns: 200, rows: 60) { grid = d.grid }
    let text = measure(repeats: 15, batch: 20) { sink &+= PlotText.render(grid).utf8.count }
    let csv = measure(repeats: 9, batch: 5) { sink &+= PlotCSV.csv(fig).utf8.count }
    let svg = measure(repeats: 9, batch: 5) { sink &+= PlotSVG.svg(fig).utf8.count }
    let series = Double(fig.panels[0].series.count)
    let results: [(String, (wall: Double, cpu: Double))] = [
      ("plot_render_braille_200x60_4x1000", braille),
      ("plot_render_ascii_200x60_4x1000", ascii),
      ("plot_text_200x60", text),
      ("plot_csv_4x1000", csv),
      ("plot_svg_4x1000", svg),
    ]
    for (name, time) in results {
      print(String(format: "RESULT %@=%.1f us", name, time.wall))
      print(String(format: "RESULT %@_cpu=%.1f us", name, time.cpu))
    }
    print(
      String(format: "RESULT plot_render_braille_per_series_1000=%.1f us", braille.wall / series))
    // The budget: 1 ms per series of 1,000 points.
    print(
      String(format: "RESULT plot_render_budget_fraction=%.3f ratio", braille.cpu / series / 1000))
    if sink == 42 { print("") }  // keeps the measured work observable
    return 0
  }
}
