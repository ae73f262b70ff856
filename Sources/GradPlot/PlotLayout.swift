// Where everything goes on a character grid.
//
// A panel on a grid looks like this (header, plot area, x axis, x labels,
// x title; the legend sits in the emptiest corner or below the x labels):
//
// ```
// log₁₀‖∂L/∂h_k‖      gradient norm
//  1e+0 ┤⠉⠑⠢⢄⡀              ⠤⠤ r=0.5
// 1e-10 ┤     ⠉⠒⠤⣀          ⠤⠤ r=1.5
// 1e-20 ┤          ⠉⠉⠒⠒⠤⠤⣀⣀
//       └┬────┬────┬────┬───
//        0    10   20   30
//                k
// ```
//
// The layout reserves one row for the figure title, one for notes about
// skipped values and one for the status line, each only when there is
// something to show.

/// A rectangle of cells: `column`, `row` of its top-left cell and its size.
public struct CellRect: Sendable, Equatable {
  public var column: Int
  public var row: Int
  public var columns: Int
  public var rows: Int

  public init(column: Int, row: Int, columns: Int, rows: Int) {
    self.column = column
    self.row = row
    self.columns = columns
    self.rows = rows
  }

  /// Whether two rectangles share a cell.
  public func intersects(_ other: CellRect) -> Bool {
    column < other.column + other.columns && other.column < column + columns
      && row < other.row + other.rows && other.row < row + rows
  }

  /// Whether `other` lies entirely inside this rectangle.
  public func contains(_ other: CellRect) -> Bool {
    other.column >= column && other.row >= row
      && other.column + other.columns <= column + columns && other.row + other.rows <= row + rows
  }
}

/// Which characters the figure is drawn with.
public enum PlotCharset: String, Sendable, Equatable {
  /// Braille dots, box-drawing axes, `●▲■` markers: needs a UTF-8 terminal.
  case unicode
  /// `*`, `o`, `+` … per series, `|`, `-`, `+` axes: any terminal.
  case ascii
}

/// Choices that affect the drawing but not the data.
public struct PlotOptions: Sendable, Equatable {
  public var charset: PlotCharset
  public var logLabels: LogLabelStyle

  public init(charset: PlotCharset = .unicode, logLabels: LogLabelStyle = .exponent) {
    self.charset = charset
    self.logLabels = logLabels
  }
}

/// A tick label at its place on the grid.
public struct PlacedLabel: Sendable, Equatable {
  public var row: Int
  public var column: Int
  public var text: String

  public init(row: Int, column: Int, text: String) {
    self.row = row
    self.column = column
    self.text = text
  }

  /// The cells the label covers.
  public var frame: CellRect { CellRect(column: column, row: row, columns: text.count, rows: 1) }
}

/// Where a legend went.
public enum LegendPosition: String, Sendable, Equatable {
  case topRight, topLeft, bottomRight, bottomLeft
  /// Under the x axis labels, entries side by side.
  case below
}

/// One legend line: a symbol in the entry's colour and its text.
public struct LegendEntry: Sendable, Equatable {
  /// Two cells wide, e.g. `⠤⠤` for a line, `● ` for markers, `──` for a
  /// reference line.
  public var symbol: String
  public var label: String
  public var colorIndex: Int

  public init(symbol: String, label: String, colorIndex: Int) {
    self.symbol = symbol
    self.label = label
    self.colorIndex = colorIndex
  }

  /// Cells taken by `symbol label`.
  var width: Int { symbol.count + 1 + label.count }
}

/// A placed legend.
public struct LegendPlacement: Sendable, Equatable {
  public var position: LegendPosition
  /// The cells the legend covers (cleared before it is drawn).
  public var frame: CellRect
  public var entries: [LegendEntry]
  /// Where each entry starts (its symbol's first cell).
  public var entryOrigins: [PlacedLabel]
}

/// The laid-out form of one panel.
public struct PanelLayout: Sendable, Equatable {
  /// All rows and columns given to the panel.
  public var frame: CellRect
  /// The cells data is drawn in: right of the y axis, above the x axis.
  public var plotArea: CellRect
  public var xAxis: PlotAxis
  public var yAxis: PlotAxis
  /// y tick labels after thinning, right-aligned left of the axis.
  public var yLabels: [PlacedLabel]
  /// x tick labels after thinning, centred under their ticks.
  public var xLabels: [PlacedLabel]
  public var legend: LegendPlacement?
  public var series: [CleanedSeries]
}

/// The laid-out form of a whole figure.
public struct FigureLayout: Sendable, Equatable {
  public var columns: Int
  public var rows: Int
  public var panels: [PanelLayout]
  /// Every skipped-value note of every panel, in order.
  public var notes: [String]
  /// The row holding the notes (joined and cut to the width), if any.
  public var noteRow: Int?
  /// The row reserved for the status line, if the figure has one.
  public var statusRow: Int?
}

/// Why a figure could not be laid out.
public enum PlotLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The grid is smaller than the figure needs.
  case gridTooSmall(needColumns: Int, needRows: Int, columns: Int, rows: Int)
  /// The grid is larger than any terminal (a bad size from the caller).
  case gridTooLarge(maxColumns: Int, maxRows: Int, columns: Int, rows: Int)
  /// The figure has no panels.
  case noPanels

  public var description: String {
    switch self {
    case .gridTooSmall(let needColumns, let needRows, let columns, let rows):
      return
        "terminal too small (need \(needColumns)×\(needRows), have \(columns)×\(rows)): "
        + "enlarge the window or use a smaller font"
    case .gridTooLarge(let maxColumns, let maxRows, let columns, let rows):
      return "plot size \(columns)×\(rows) is too large (at most \(maxColumns)×\(maxRows) cells)"
    case .noPanels:
      return "nothing to plot: the figure has no panels"
    }
  }
}

/// The characters a charset draws with.
struct PlotGlyphs {
  var axisVertical: Character
  var yTick: Character
  var corner: Character
  var axisHorizontal: Character
  var xTick: Character
  var event: Character
  var referenceLine: Character
  var ellipsis: Character
  /// Per-series glyphs, by the series' index in the panel.
  var seriesGlyphs: [Character]
  var lineSymbol: String
  var pointsSymbol: String

  static let unicode = PlotGlyphs(
    axisVertical: "│", yTick: "┤", corner: "└", axisHorizontal: "─", xTick: "┬", event: "▲",
    referenceLine: "─", ellipsis: "…", seriesGlyphs: ["●", "▲", "■", "◆", "✚", "○", "△", "□"],
    lineSymbol: "⠤⠤", pointsSymbol: "··")
  static let ascii = PlotGlyphs(
    axisVertical: "|", yTick: "+", corner: "+", axisHorizontal: "-", xTick: "+", event: "^",
    referenceLine: "-", ellipsis: "~", seriesGlyphs: ["*", "o", "+", "x", "#", "@", "%", "&"],
    lineSymbol: "", pointsSymbol: "")

  static func forCharset(_ charset: PlotCharset) -> PlotGlyphs {
    charset == .unicode ? .unicode : .ascii
  }

  func seriesGlyph(_ index: Int) -> Character {
    seriesGlyphs[((index % seriesGlyphs.count) + seriesGlyphs.count) % seriesGlyphs.count]
  }

  /// The legend symbol of series `index`: in ASCII every mark is the glyph.
  func legendSymbol(mark: PlotMark, index: Int) -> String {
    let glyph = seriesGlyph(index)
    if lineSymbol.isEmpty {
      return mark == .line ? "\(glyph)\(glyph)" : "\(glyph) "
    }
    switch mark {
    case .line: return lineSymbol
    case .points: return pointsSymbol
    case .markers: return "\(glyph) "
    }
  }
}

/// Layout sizes below which a panel is not worth drawing.
public enum PlotLayoutLimits {
  /// The fewest data columns a panel may have.
  public static let minimumPlotColumns = 10
  /// The fewest data rows a panel may have.
  public static let minimumPlotRows = 3
  /// The widest grid drawn (far beyond any terminal; bounds the memory used).
  public static let maximumColumns = 4000
  /// The tallest grid drawn.
  public static let maximumRows = 2000
}

// MARK: - Thinning

/// Chooses which labels to keep so none overlap.
enum LabelThinning {
  /// Keeps every s-th label for the smallest s at which consecutive kept
  /// labels are at least `gap` cells apart along the axis.
  ///
  /// - Parameters:
  ///   - labels: labels in axis order.
  ///   - start: the first cell a label covers along the axis.
  ///   - end: the last cell it covers.
  static func thin(
    _ labels: [PlacedLabel], gap: Int, start: (PlacedLabel) -> Int, end: (PlacedLabel) -> Int
  ) -> [PlacedLabel] {
    guard labels.count > 1 else { return labels }
    for stride in 1...labels.count {
      let kept = labels.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
      var fits = true
      for i in 1..<Swift.max(1, kept.count) where start(kept[i]) - end(kept[i - 1]) <= gap {
        fits = false
        break
      }
      if fits { return kept }
    }
    return labels.first.map { [$0] } ?? []
  }
}

/// Converts a continuous dot coordinate to a dot index, or `nil` when it is
/// not finite or falls outside 0 ..< limit.
func dotIndex(_ value: Double, limit: Int) -> Int? {
  guard value.isFinite else { return nil }
  let r = value.rounded()
  guard r >= 0, r < Double(limit) else { return nil }
  return Int(r)
}
