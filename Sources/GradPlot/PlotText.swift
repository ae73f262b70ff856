// A cell grid as plain text, for stdout when there is no terminal to paint.
//
// Each row becomes one line with its trailing blanks removed. With colour on,
// runs of cells with the same colour and attributes are wrapped in ANSI SGR
// sequences (`ESC[1;34m … ESC[0m`), and every line ends reset.

/// Text renderings of a `PlotCellGrid`.
public enum PlotText {
  /// The ANSI foreground codes palette indices map to (index modulo 6):
  /// blue, red, green, yellow, magenta, cyan.
  public static let ansiPalette: [Int] = [34, 31, 32, 33, 35, 36]

  /// The grid as lines of text joined by `\n` (no final newline).
  ///
  /// - Parameters:
  ///   - grid: the painted figure.
  ///   - ansiColor: wrap coloured, bold and dim cells in ANSI escape sequences.
  public static func render(_ grid: PlotCellGrid, ansiColor: Bool = false) -> String {
    var lines: [String] = []
    lines.reserveCapacity(grid.rows)
    for row in 0..<grid.rows {
      var last = grid.columns - 1
      while last >= 0 && grid[row, last] == .blank { last -= 1 }
      var line = ""
      var current: (Int?, PlotCellAttributes) = (nil, [])
      for column in 0..<(last + 1) {
        let cell = grid[row, column]
        if ansiColor && (cell.colorIndex != current.0 || cell.attributes != current.1) {
          line += sgr(colorIndex: cell.colorIndex, attributes: cell.attributes)
          current = (cell.colorIndex, cell.attributes)
        }
        line.append(cell.character)
      }
      if ansiColor && (current.0 != nil || !current.1.isEmpty) { line += "\u{1b}[0m" }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  /// The escape sequence that resets and then selects a colour and attributes.
  static func sgr(colorIndex: Int?, attributes: PlotCellAttributes) -> String {
    var codes = ["0"]
    if attributes.contains(.bold) { codes.append("1") }
    if attributes.contains(.dim) { codes.append("2") }
    if let index = colorIndex {
      let n = ansiPalette.count
      codes.append(String(ansiPalette[((index % n) + n) % n]))
    }
    return "\u{1b}[" + codes.joined(separator: ";") + "m"
  }

  /// Renders `figure` as text, or the layout error's message when the grid is
  /// too small.
  ///
  /// - Parameters:
  ///   - figure: the data and titles.
  ///   - columns: line width.
  ///   - rows: number of lines.
  ///   - options: Braille or ASCII, log label style.
  ///   - ansiColor: use ANSI colours.
  public static func render(
    _ figure: Figure, columns: Int, rows: Int, options: PlotOptions = PlotOptions(),
    ansiColor: Bool = false
  ) -> String {
    switch PlotRenderer.render(figure, columns: columns, rows: rows, options: options) {
    case .success(let drawing): return render(drawing.grid, ansiColor: ansiColor)
    case .failure(let error): return error.description
    }
  }
}
