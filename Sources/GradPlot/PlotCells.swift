// The contract between the plot model and whatever paints it.
//
// A laid-out figure is a `PlotCellGrid`: rows × columns of `PlotCell`s, each a
// single-width character, an optional palette index and attributes. The
// ncurses panel paints it cell by cell (`mvaddwstr` with `COLOR_PAIR(1 +
// index % pairs)`, `A_BOLD`, `A_DIM`); `PlotText` prints it with or without
// ANSI colour. Row 0 is the top row, column 0 the leftmost.

/// Text attributes of a cell.
public struct PlotCellAttributes: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Titles.
  public static let bold = PlotCellAttributes(rawValue: 1 << 0)
  /// Reference lines, notes and other secondary marks.
  public static let dim = PlotCellAttributes(rawValue: 1 << 1)
}

/// One character cell of a laid-out figure.
public struct PlotCell: Sendable, Equatable {
  /// A single-width character (Braille, box drawing, ASCII, or text).
  public var character: Character
  /// Palette index (the renderer takes it modulo its palette size), or `nil`
  /// for the terminal's default colour.
  public var colorIndex: Int?
  public var attributes: PlotCellAttributes

  public init(
    character: Character, colorIndex: Int? = nil, attributes: PlotCellAttributes = []
  ) {
    self.character = character
    self.colorIndex = colorIndex
    self.attributes = attributes
  }

  /// A space in the default colour.
  public static let blank = PlotCell(character: " ")
}

/// A rows × columns grid of cells, stored row by row.
public struct PlotCellGrid: Sendable, Equatable {
  public let columns: Int
  public let rows: Int
  /// Row-major: the cell at (row, column) is `cells[row * columns + column]`.
  public private(set) var cells: [PlotCell]

  /// A blank grid; negative sizes count as 0.
  public init(columns: Int, rows: Int) {
    self.columns = Swift.max(0, columns)
    self.rows = Swift.max(0, rows)
    let count = self.columns.multipliedReportingOverflow(by: self.rows)
    cells = [PlotCell](repeating: .blank, count: count.overflow ? 0 : count.partialValue)
  }

  /// The cell at (row, column); a blank cell outside the grid.
  public subscript(row: Int, column: Int) -> PlotCell {
    get {
      guard contains(row: row, column: column) else { return .blank }
      return cells[row * columns + column]
    }
    set {
      guard contains(row: row, column: column) else { return }
      cells[row * columns + column] = newValue
    }
  }

  public func contains(row: Int, column: Int) -> Bool {
    row >= 0 && column >= 0 && row < rows && column < columns
  }

  /// Writes `text` from (row, column) rightwards, one character per cell,
  /// stopping at the right edge.
  mutating func write(
    _ text: String, row: Int, column: Int, colorIndex: Int? = nil,
    attributes: PlotCellAttributes = []
  ) {
    var c = column
    for ch in text {
      guard c < columns else { break }
      self[row, c] = PlotCell(character: ch, colorIndex: colorIndex, attributes: attributes)
      c += 1
    }
  }

  /// Fills a rectangle with blank cells.
  mutating func clear(row: Int, column: Int, rows height: Int, columns width: Int) {
    guard height > 0, width > 0 else { return }
    for r in row..<(row + height) {
      for c in column..<(column + width) { self[r, c] = .blank }
    }
  }

  /// The characters of one row (empty outside the grid).
  public func text(row: Int) -> String {
    guard row >= 0, row < rows else { return "" }
    var line = ""
    line.reserveCapacity(columns)
    for c in 0..<columns { line.append(cells[row * columns + c].character) }
    return line
  }
}

/// `text` cut to at most `width` characters, ending in `ellipsis` if cut.
func truncated(_ text: String, width: Int, ellipsis: Character) -> String {
  guard width > 0 else { return "" }
  guard text.count > width else { return text }
  return String(text.prefix(width - 1)) + String(ellipsis)
}
