// Plots at the prompt: the panel when the front end set one, a text drawing on
// the session's terminal otherwise.

import GradLanguage
import GradPlot

extension PlotDisplay {
  /// Shows `plot` in the panel when there is one, else writes a text drawing
  /// (Braille) to `terminal`.
  static func show(_ plot: InteractivePlot, on terminal: Terminal) {
    if let presenter, presenter.present(plot) == nil { return }
    let text = PlotText.render(
      plot.figure(), columns: textColumns, rows: textRows, ansiColor: terminal.supportsColor)
    terminal.write(text.hasSuffix("\n") ? text : text + "\n")
  }
}
