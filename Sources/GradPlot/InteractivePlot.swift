// A plot the student can turn knobs on: the REPL describes it (a figure, the
// keys it understands), the front end shows it (an ncurses panel at a
// terminal, a text drawing otherwise). The plot model knows no terminal, so the
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
  /// Opens `plot` and returns at once, for a view that follows a running computation;
  /// nil when no panel can be opened (the caller then draws text at the end).
  func beginLive(_ plot: InteractivePlot) -> LivePlot?
}

extension PlotPresenter {
  /// Presenters without a live mode open none.
  public func beginLive(_ plot: InteractivePlot) -> LivePlot? { nil }
}

/// A panel open while the program goes on (a training run), refreshed by the caller.
public protocol LivePlot: AnyObject {
  /// Reads pending keys without waiting and redraws when due (at most about ten times a
  /// second); returns false once the student has closed the panel (q or Esc).
  func refresh() -> Bool
  /// Closes the panel and gives the terminal back.
  func end()
}

/// Where plots go.
public enum PlotDisplay {
  /// Set by the front end when an interactive panel can be opened.
  nonisolated(unsafe) public static var presenter: PlotPresenter?

  /// Size of the text drawing used without a panel.
  public static let textColumns = 80
  public static let textRows = 24
}
