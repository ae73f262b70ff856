// The ncurses panel: paints an interactive plot full-screen, turns keys into
// plot controls, redraws on resize, and hands the terminal back to readline.

import CNcurses
import Foundation
import GradBase
import GradLanguage
import GradPlot

/// Shows interactive plots full-screen with ncursesw.
public final class CursesPanel: PlotPresenter {
  /// The plot palette (blue, red, green, yellow, magenta, cyan), pairs 1…6.
  static let palette: [Int16] = [
    Int16(COLOR_BLUE), Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW),
    Int16(COLOR_MAGENTA), Int16(COLOR_CYAN),
  ]
  static let escape: Int32 = 27

  public init() {}

  /// Why no panel can be opened here, or nil when one can: both ends a
  /// terminal, TERM set and not dumb.
  public static func unavailableReason(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    guard TerminalInfo.isTTY(STDIN_FILENO), TerminalInfo.isTTY(STDOUT_FILENO) else {
      return "not a terminal"
    }
    guard let term = environment["TERM"], !term.isEmpty else { return "TERM is not set" }
    if term == "dumb" { return "TERM=dumb cannot draw a panel" }
    return nil
  }

  public func present(_ plot: InteractivePlot) -> String? {
    if let reason = Self.unavailableReason() { return reason }
    let unicode = gr_locale_is_utf8() != 0
    guard let screen = gr_newterm() else { return "the terminal type is not known to ncurses" }
    defer { gr_end_panel(screen) }
    let pairs = Self.palette.withUnsafeBufferPointer {
      gr_setup_panel(100, $0.baseAddress, Int32($0.count))
    }
    let options = PlotOptions(charset: unicode ? .unicode : .ascii)
    Interrupt.clear()
    var needsDraw = true
    while true {
      if needsDraw {
        draw(plot, options: options, pairs: Int(pairs))
        needsDraw = false
      }
      if ReadlineState.windowChanged != 0 {
        // Our SIGWINCH handler (installed for readline) stands in front of
        // ncurses' own, so take the new size from the terminal ourselves.
        ReadlineState.windowChanged = 0
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
          _ = resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        }
        gr_clear()
        needsDraw = true
        continue
      }
      let key = gr_getch()
      // Ctrl-C (SIGINT through our handler) leaves the panel like q.
      if Interrupt.isRequested {
        Interrupt.clear()
        return nil
      }
      switch key {
      case ERR:
        needsDraw = plot.tick()
      case KEY_RESIZE:
        gr_clear()
        needsDraw = true
      case Self.escape, Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")):
        return nil
      default:
        if let plotKey = Self.plotKey(key) {
          needsDraw = plot.handle(plotKey)
        }
      }
    }
  }

  static func plotKey(_ key: Int32) -> PlotKey? {
    switch key {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case 32...126:
      guard let scalar = Unicode.Scalar(UInt32(key)) else { return nil }
      return .character(Character(scalar))
    default: return nil
    }
  }

  func draw(_ plot: InteractivePlot, options: PlotOptions, pairs: Int) {
    let columns = Int(gr_cols())
    let rows = Int(gr_lines())
    gr_erase()
    var figure = plot.figure()
    figure.statusLine = plot.keyLine
    switch PlotRenderer.render(figure, columns: columns, rows: rows, options: options) {
    case .success(let drawing):
      paint(drawing.grid, pairs: pairs)
    case .failure(let problem):
      // Too small (or too large): say so in the middle, keep listening for q or a resize.
      let lines = Self.wrap("\(problem) (q to leave)", width: columns)
      let top = max(0, (rows - lines.count) / 2)
      for (i, line) in lines.enumerated() where top + i < rows {
        let x = max(0, (columns - line.count) / 2)
        _ = gr_draw(Int32(top + i), Int32(x), line, 0)
      }
    }
    gr_refresh()
  }

  /// Words of `text` in lines of at most `width` characters.
  static func wrap(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      var word = String(word)
      while word.count > width {
        if !line.isEmpty {
          lines.append(line)
          line = ""
        }
        lines.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      if line.isEmpty {
        line = word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// Paints the grid in runs of cells that share colour and attributes.
  private func paint(_ grid: PlotCellGrid, pairs: Int) {
    for row in 0..<grid.rows {
      var column = 0
      while column < grid.columns {
        let first = grid[row, column]
        var run = String(first.character)
        var next = column + 1
        while next < grid.columns {
          let cell = grid[row, next]
          guard cell.colorIndex == first.colorIndex, cell.attributes == first.attributes else {
            break
          }
          run.append(cell.character)
          next += 1
        }
        _ = gr_draw(Int32(row), Int32(column), run, attributes(of: first, pairs: pairs))
        column = next
      }
    }
  }

  private func attributes(of cell: PlotCell, pairs: Int) -> Int32 {
    var attrs: Int32 = 0
    if let index = cell.colorIndex, pairs > 0 {
      attrs |= gr_color_pair(Int32(1 + ((index % pairs) + pairs) % pairs))
    }
    if cell.attributes.contains(.bold) { attrs |= gr_a_bold() }
    if cell.attributes.contains(.dim) { attrs |= gr_a_dim() }
    return attrs
  }
}
