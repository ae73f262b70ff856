// A plot the student can turn knobs on: the REPL describes it (a figure, the
// keys it understands), the front end shows it (an ncurses panel at a
// terminal, a text drawing otherwise). GradREPL knows no terminal, so the
// panel comes in through `PlotDisplay.presenter`, set by the front end.

/// A key pressed in a plot panel.
public enum PlotKey: Equatable, Sendable {
  case up, down, left, right
  case pageUp, pageDown
  case character(Character)
}

/// A figure that may change when keys are pressed (or as time passes, for
/// live training views).
public protocol InteractivePlot: AnyObject {
  /// The figure as it is now.
  func figure() -> Figure
  /// One line naming the keys and the current settings, shown under the plot.
  var keyLine: String { get }
  /// Applies a key; returns whether the figure changed.
  func handle(_ key: PlotKey) -> Bool
  /// Called about ten times a second while the panel is open; returns whether
  /// the figure changed (a live view polls its data here).
  func tick() -> Bool
}

extension InteractivePlot {
  /// Static plots never change by themselves.
  public func tick() -> Bool { false }
}

/// Shows interactive plots. GradUI's ncurses panel is one; without a
/// terminal there is none and plots are drawn as text.
public protocol PlotPresenter: AnyObject {
  /// Shows `plot` until the student leaves it (q or Esc).
  /// - Returns: nil when shown; otherwise why it could not be (the caller
  ///   then falls back to text).
  func present(_ plot: InteractivePlot) -> String?
}

/// Where plots go.
public enum PlotDisplay {
  /// Set by the front end when an interactive panel can be opened.
  nonisolated(unsafe) public static var presenter: PlotPresenter?

  /// Size of the text drawing used without a panel.
  public static let textColumns = 80
  public static let textRows = 24

  /// Shows `plot` in the panel when there is one, else writes a text drawing
  /// (Braille) to `terminal`.
  public static func show(_ plot: InteractivePlot, on terminal: Terminal) {
    if let presenter, presenter.present(plot) == nil { return }
    let text = PlotText.render(
      plot.figure(), columns: textColumns, rows: textRows, ansiColor: terminal.supportsColor)
    terminal.write(text.hasSuffix("\n") ? text : text + "\n")
  }
}
