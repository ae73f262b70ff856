// Rasterising points and lines into character cells.
//
// Braille: each cell is a 2 × 4 grid of dots, so a 100 × 30 cell area holds
// 200 × 120 dots. The Unicode Braille block U+2800–U+28FF encodes the dots as
// bits added to U+2800 (dots numbered as in the standard):
//
// ```
//   dot 1 0x01   dot 4 0x08        x = 0   x = 1
//   dot 2 0x02   dot 5 0x10    y=0  0x01    0x08
//   dot 3 0x04   dot 6 0x20    y=1  0x02    0x10
//   dot 7 0x40   dot 8 0x80    y=2  0x04    0x20
//                              y=3  0x40    0x80
// ```
//
// so a dot at the top-left of a cell alone is U+2801 "⠁" and all eight are
// U+28FF "⣿". Dot coordinates grow right and down from the top-left dot of the
// top-left cell.
//
// ASCII: one "dot" per cell, drawn with the series' glyph (`*`, `o`, `+`, …),
// for terminals whose locale is not UTF-8.
//
// Colour: a cell shows one colour. The series drawn last wins the whole cell
// (painter's order, the same as SVG's), so the panel draws the series the
// student is steering last.

/// A character-cell raster that points and lines can be drawn into.
public protocol DotRaster {
  /// Dots across one cell (2 for Braille, 1 for ASCII).
  static var dotsPerColumn: Int { get }
  /// Dots down one cell (4 for Braille, 1 for ASCII).
  static var dotsPerRow: Int { get }
  var columns: Int { get }
  var rows: Int { get }
  /// Sets one dot; dots outside the raster are ignored.
  mutating func setDot(x: Int, y: Int, colorIndex: Int, glyph: Character)
  /// The character a cell shows, or `nil` when nothing was drawn in it.
  func character(column: Int, row: Int) -> Character?
  /// The colour of the series drawn last in the cell, or `nil` when empty.
  func colorIndex(column: Int, row: Int) -> Int?
  /// How many dots are set in a rectangle of cells.
  func dotCount(column: Int, row: Int, columns width: Int, rows height: Int) -> Int
}

extension DotRaster {
  /// The raster's width in dots.
  public var dotColumns: Int { columns * Self.dotsPerColumn }
  /// The raster's height in dots.
  public var dotRows: Int { rows * Self.dotsPerRow }

  /// Draws a straight line of dots from one dot to another, ends included.
  ///
  /// Bresenham's algorithm: step along the longer axis one dot at a time and
  /// carry the error `e = dx·|Δy| − dy·|Δx|` to decide when to step the other
  /// axis, so the dots stay within half a dot of the true line.
  public mutating func drawLine(
    fromX x0: Int, y y0: Int, toX x1: Int, y y1: Int, colorIndex: Int, glyph: Character
  ) {
    // Clamp far-away ends first so the loop length stays bounded.
    let limit = 1 << 24
    var x = Swift.max(-limit, Swift.min(limit, x0))
    var y = Swift.max(-limit, Swift.min(limit, y0))
    let xEnd = Swift.max(-limit, Swift.min(limit, x1))
    let yEnd = Swift.max(-limit, Swift.min(limit, y1))
    let dx = Swift.abs(xEnd - x)
    let dy = -Swift.abs(yEnd - y)
    let sx = x < xEnd ? 1 : -1
    let sy = y < yEnd ? 1 : -1
    var error = dx + dy
    while true {
      setDot(x: x, y: y, colorIndex: colorIndex, glyph: glyph)
      if x == xEnd && y == yEnd { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += sx
      }
      if doubled <= dx {
        error += dx
        y += sy
      }
    }
  }

  /// Draws the segment between two points given in continuous dot
  /// coordinates, clipped to the raster first (so values far outside a fixed
  /// axis range cost nothing and never overflow an `Int`).
  mutating func drawClippedSegment(
    _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), colorIndex: Int, glyph: Character
  ) {
    let xMax = Double(dotColumns - 1)
    let yMax = Double(dotRows - 1)
    guard let (p, q) = DotClipping.clip(a, b, xMax: xMax, yMax: yMax),
      p.x.isFinite, p.y.isFinite, q.x.isFinite, q.y.isFinite
    else { return }
    drawLine(
      fromX: Int(p.x.rounded()), y: Int(p.y.rounded()), toX: Int(q.x.rounded()),
      y: Int(q.y.rounded()), colorIndex: colorIndex, glyph: glyph)
  }

  /// Sets the dot nearest a point in continuous dot coordinates, if inside.
  mutating func drawClippedPoint(
    _ p: (x: Double, y: Double), colorIndex: Int, glyph: Character
  ) {
    let x = p.x.rounded()
    let y = p.y.rounded()
    guard x >= 0, y >= 0, x < Double(dotColumns), y < Double(dotRows) else { return }
    setDot(x: Int(x), y: Int(y), colorIndex: colorIndex, glyph: glyph)
  }
}

/// Liang–Barsky clipping of a segment to the box [0, xMax] × [0, yMax].
enum DotClipping {
  /// The part of segment a–b inside the box, or `nil` if none is.
  ///
  /// Writing the segment as `p(t) = a + t·(b − a)`, each box edge bounds t
  /// from one side; the visible part is `t ∈ [t0, t1]` if `t0 ≤ t1`.
  static func clip(
    _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), xMax: Double, yMax: Double
  ) -> ((x: Double, y: Double), (x: Double, y: Double))? {
    guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite, xMax >= 0, yMax >= 0 else {
      return nil
    }
    // Keep b − a finite: differences of values near ±Double.max overflow.
    func limited(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
      (Swift.min(Swift.max(p.x, -1e300), 1e300), Swift.min(Swift.max(p.y, -1e300), 1e300))
    }
    let a = limited(a)
    let b = limited(b)
    let dx = b.x - a.x
    let dy = b.y - a.y
    var t0 = 0.0
    var t1 = 1.0
    // The edge that set t0 / t1, so the clipped end can be put exactly on it:
    // with ends near ±1e300, a + t·(b − a) loses the box's small coordinates.
    var edge0 = -1
    var edge1 = -1
    // Each edge is a constraint p·t ≤ q: left, right, top, bottom.
    let constraints = [(-dx, a.x), (dx, xMax - a.x), (-dy, a.y), (dy, yMax - a.y)]
    for (edge, (p, q)) in constraints.enumerated() {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let r = q / p
        if p < 0 {
          if r > t0 {
            t0 = r
            edge0 = edge
          }
        } else if r < t1 {
          t1 = r
          edge1 = edge
        }
        if t0 > t1 { return nil }
      }
    }
    func point(_ t: Double, edge: Int) -> (x: Double, y: Double) {
      var p = (x: a.x + t * dx, y: a.y + t * dy)
      switch edge {
      case 0: p.x = 0
      case 1: p.x = xMax
      case 2: p.y = 0
      case 3: p.y = yMax
      default: break
      }
      return (Swift.min(Swift.max(p.x, 0), xMax), Swift.min(Swift.max(p.y, 0), yMax))
    }
    if edge0 < 0 && edge1 < 0 { return (a, b) }
    return (edge0 < 0 ? a : point(t0, edge: edge0), edge1 < 0 ? b : point(t1, edge: edge1))
  }
}

/// A raster of Braille cells, 2 × 4 dots each, with one colour per cell.
public struct BrailleCanvas: DotRaster, Sendable {
  public static let dotsPerColumn = 2
  public static let dotsPerRow = 4
  public let columns: Int
  public let rows: Int
  private var bits: [UInt8]
  /// -1 where nothing was drawn.
  private var colors: [Int]

  /// An empty canvas; negative sizes count as 0.
  public init(columns: Int, rows: Int) {
    self.columns = Swift.max(0, columns)
    self.rows = Swift.max(0, rows)
    let count = self.columns.multipliedReportingOverflow(by: self.rows)
    let cells = count.overflow ? 0 : count.partialValue
    bits = [UInt8](repeating: 0, count: cells)
    colors = [Int](repeating: -1, count: cells)
  }

  /// The bit of dot (x, y) within its cell, x in 0…1, y in 0…3 (see the
  /// table at the top of this file).
  public static func dotBit(x: Int, y: Int) -> UInt8 {
    switch (x & 1, y & 3) {
    case (0, 0): return 0x01
    case (0, 1): return 0x02
    case (0, 2): return 0x04
    case (0, _): return 0x40
    case (_, 0): return 0x08
    case (_, 1): return 0x10
    case (_, 2): return 0x20
    default: return 0x80
    }
  }

  /// The Braille character with the given dot bits: U+2800 + bits.
  public static func character(bits: UInt8) -> Character {
    Character(Unicode.Scalar(UInt16(0x2800) + UInt16(bits)) ?? " ")
  }

  public mutating func setDot(x: Int, y: Int, colorIndex: Int, glyph: Character) {
    guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { return }
    let cell = (y >> 2) * columns + (x >> 1)
    bits[cell] |= Self.dotBit(x: x, y: y)
    colors[cell] = colorIndex
  }

  /// The dot bits of a cell (0 when empty or out of range).
  public func bits(column: Int, row: Int) -> UInt8 {
    guard column >= 0, row >= 0, column < columns, row < rows else { return 0 }
    return bits[row * columns + column]
  }

  /// The cell's character, or `nil` when no dot is set.
  public func character(column: Int, row: Int) -> Character? {
    let b = bits(column: column, row: row)
    return b == 0 ? nil : Self.character(bits: b)
  }

  /// The colour of the series drawn last in the cell, or `nil` when empty.
  public func colorIndex(column: Int, row: Int) -> Int? {
    guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
    let c = colors[row * columns + column]
    return c < 0 ? nil : c
  }

  /// How many dots are set in a rectangle of cells (used to find the corner
  /// with the least data for the legend).
  public func dotCount(column: Int, row: Int, columns width: Int, rows height: Int) -> Int {
    var total = 0
    for r in Swift.max(0, row)..<Swift.max(Swift.max(0, row), Swift.min(rows, row + height)) {
      for c in Swift.max(
        0, column)..<Swift.max(
          Swift.max(0, column), Swift.min(columns, column + width))
      {
        total += bits[r * columns + c].nonzeroBitCount
      }
    }
    return total
  }
}

/// A raster of plain characters, one dot per cell, for non-UTF-8 terminals.
public struct AsciiCanvas: DotRaster, Sendable {
  public static let dotsPerColumn = 1
  public static let dotsPerRow = 1
  public let columns: Int
  public let rows: Int
  private var glyphs: [Character?]
  private var colors: [Int]

  /// An empty canvas; negative sizes count as 0.
  public init(columns: Int, rows: Int) {
    self.columns = Swift.max(0, columns)
    self.rows = Swift.max(0, rows)
    let count = self.columns.multipliedReportingOverflow(by: self.rows)
    let cells = count.overflow ? 0 : count.partialValue
    glyphs = [Character?](repeating: nil, count: cells)
    colors = [Int](repeating: -1, count: cells)
  }

  public mutating func setDot(x: Int, y: Int, colorIndex: Int, glyph: Character) {
    guard x >= 0, y >= 0, x < columns, y < rows else { return }
    glyphs[y * columns + x] = glyph
    colors[y * columns + x] = colorIndex
  }

  /// The glyph of the series drawn last in the cell, or `nil` when empty.
  public func character(column: Int, row: Int) -> Character? {
    guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
    return glyphs[row * columns + column]
  }

  public func colorIndex(column: Int, row: Int) -> Int? {
    guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
    let c = colors[row * columns + column]
    return c < 0 ? nil : c
  }

  /// How many cells in a rectangle hold a glyph.
  public func dotCount(column: Int, row: Int, columns width: Int, rows height: Int) -> Int {
    var total = 0
    for r in Swift.max(0, row)..<Swift.max(Swift.max(0, row), Swift.min(rows, row + height)) {
      for c in Swift.max(
        0, column)..<Swift.max(
          Swift.max(0, column), Swift.min(columns, column + width))
      where glyphs[r * columns + c] != nil {
        total += 1
      }
    }
    return total
  }
}
