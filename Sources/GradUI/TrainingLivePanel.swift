// The plot panel's live mode: open while training runs, redrawn between
// steps at most ten times a second, keys read without waiting, so that the
// view costs the run little.

import CNcurses
import Foundation
import GradLanguage
import GradPlot

extension CursesPanel {
  public func beginLive(_ plot: InteractivePlot) -> LivePlot? {
    guard Self.unavailableReason() == nil else { return nil }
    let unicode = gr_locale_is_utf8() != 0
    guard let screen = gr_newterm() else { return nil }
    // A delay of 0: getch returns ERR at once when no key is waiting.
    let pairs = Self.palette.withUnsafeBufferPointer {
      gr_setup_panel(0, $0.baseAddress, Int32($0.count))
    }
    let live = CursesLivePlot(
      panel: self, plot: plot, screen: screen,
      options: PlotOptions(charset: unicode ? .unicode : .ascii), pairs: Int(pairs))
    live.draw()
    return live
  }
}

/// One live panel: `refresh()` between training steps, `end()` when the run is over.
final class CursesLivePlot: LivePlot {
  /// At most this many redraws a second.
  static let redrawsPerSecond = 10.0

  private let panel: CursesPanel
  private let plot: InteractivePlot
  private let screen: OpaquePointer
  private let options: PlotOptions
  private let pairs: Int
  private var lastDraw = Date.distantPast
  private var isOpen = true

  init(
    panel: CursesPanel, plot: InteractivePlot, screen: OpaquePointer, options: PlotOptions,
    pairs: Int
  ) {
    self.panel = panel
    self.plot = plot
    self.screen = screen
    self.options = options
    self.pairs = pairs
  }

  func draw() {
    panel.draw(plot, options: options, pairs: pairs)
    lastDraw = Date()
  }

  func refresh() -> Bool {
    guard isOpen else { return false }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 1 / Self.redrawsPerSecond else { return true }
    var resized = false
    if ReadlineState.windowChanged != 0 {
      ReadlineState.windowChanged = 0
      var size = winsize()
      if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
        _ = resizeterm(Int32(size.ws_row), Int32(size.ws_col))
      }
      resized = true
    }
    // Drain the keys typed since the last refresh.
    while true {
      let key = gr_getch()
      if key == ERR { break }
      switch key {
      case KEY_RESIZE: resized = true
      case CursesPanel.escape, Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")):
        end()
        return false
      default:
        if let plotKey = CursesPanel.plotKey(key) { _ = plot.handle(plotKey) }
      }
    }
    if resized { gr_clear() }
    _ = plot.tick()
    draw()
    return true
  }

  func end() {
    guard isOpen else { return }
    isOpen = false
    gr_end_panel(screen)
  }

  deinit { end() }
}
