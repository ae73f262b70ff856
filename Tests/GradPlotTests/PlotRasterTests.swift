import Testing

@testable import GradPlot

// Braille and ASCII rasters: dot bits, lines, colours, clipping.

// MARK: - Braille dots

@Test func eachBrailleDotHasItsUnicodeBit() {
  // (x, y) within a cell → code point, dots numbered as in the Unicode standard.
  let expected: [((Int, Int), UInt32)] = [
    ((0, 0), 0x2801), ((0, 1), 0x2802), ((0, 2), 0x2804), ((0, 3), 0x2840),
    ((1, 0), 0x2808), ((1, 1), 0x2810), ((1, 2), 0x2820), ((1, 3), 0x2880),
  ]
  for ((x, y), code) in expected {
    var canvas = BrailleCanvas(columns: 1, rows: 1)
    canvas.setDot(x: x, y: y, colorIndex: 0, glyph: "*")
    let ch = canvas.character(column: 0, row: 0)
    #expect(ch?.unicodeScalars.first?.value == code, "dot (\(x), \(y))")
  }
}

@Test func allEightDotsMakeAFullCell() {
  var canvas = BrailleCanvas(columns: 1, rows: 1)
  for x in 0..<2 {
    for y in 0..<4 { canvas.setDot(x: x, y: y, colorIndex: 0, glyph: "*") }
  }
  #expect(canvas.character(column: 0, row: 0) == "⣿")
  #expect(canvas.bits(column: 0, row: 0) == 0xFF)
  #expect(BrailleCanvas.character(bits: 0) == "\u{2800}")
}

@Test func dotsLandInTheRightCell() {
  var canvas = BrailleCanvas(columns: 3, rows: 2)
  // Dot (5, 6): cell column 5/2 = 2, row 6/4 = 1; within it x = 1, y = 2.
  canvas.setDot(x: 5, y: 6, colorIndex: 2, glyph: "*")
  #expect(canvas.character(column: 2, row: 1) == "⠠")
  #expect(canvas.colorIndex(column: 2, row: 1) == 2)
  #expect(canvas.character(column: 0, row: 0) == nil)
  #expect(canvas.colorIndex(column: 0, row: 0) == nil)
}

@Test func dotsOutsideTheCanvasAreIgnored() {
  var canvas = BrailleCanvas(columns: 2, rows: 2)
  for (x, y) in [(-1, 0), (0, -1), (4, 0), (0, 8), (Int.max, Int.min)] {
    canvas.setDot(x: x, y: y, colorIndex: 0, glyph: "*")
  }
  #expect(canvas.dotCount(column: 0, row: 0, columns: 2, rows: 2) == 0)
  #expect(canvas.bits(column: 5, row: -1) == 0)
}

// MARK: - Lines

@Test func diagonalLineFillsTheDiagonalCells() {
  // 8 × 8 dots; the diagonal (i, i) puts dots (0,0) and (1,1) in the first
  // cell of each 2-cell step ("⠑" = 0x11) and (0,2), (1,3) in the next
  // ("⢄" = 0x84).
  var canvas = BrailleCanvas(columns: 4, rows: 2)
  canvas.drawLine(fromX: 0, y: 0, toX: 7, y: 7, colorIndex: 1, glyph: "*")
  let rows = (0..<2).map { r in
    String((0..<4).map { c in canvas.character(column: c, row: r) ?? " " })
  }
  #expect(rows == ["⠑⢄  ", "  ⠑⢄"])
  #expect(canvas.dotCount(column: 0, row: 0, columns: 4, rows: 2) == 8)
}

@Test func horizontalAndVerticalLinesAreSolid() {
  var canvas = BrailleCanvas(columns: 3, rows: 1)
  canvas.drawLine(fromX: 5, y: 0, toX: 0, y: 0, colorIndex: 0, glyph: "*")
  #expect((0..<3).map { canvas.character(column: $0, row: 0) } == ["⠉", "⠉", "⠉"])
  var tall = BrailleCanvas(columns: 1, rows: 2)
  tall.drawLine(fromX: 0, y: 0, toX: 0, y: 7, colorIndex: 0, glyph: "*")
  #expect(tall.character(column: 0, row: 0) == "⡇")
  #expect(tall.character(column: 0, row: 1) == "⡇")
}

@Test func steepLineHasOneDotPerRow() {
  var canvas = BrailleCanvas(columns: 2, rows: 4)
  canvas.drawLine(fromX: 0, y: 0, toX: 3, y: 15, colorIndex: 0, glyph: "*")
  #expect(canvas.dotCount(column: 0, row: 0, columns: 2, rows: 4) == 16)
}

@Test func lastDrawnSeriesOwnsTheCellColour() {
  var canvas = BrailleCanvas(columns: 2, rows: 1)
  canvas.drawLine(fromX: 0, y: 0, toX: 3, y: 0, colorIndex: 1, glyph: "*")
  canvas.setDot(x: 0, y: 3, colorIndex: 4, glyph: "o")
  #expect(canvas.colorIndex(column: 0, row: 0) == 4)
  #expect(canvas.colorIndex(column: 1, row: 0) == 1)
  // Both series' dots stay visible in the shared cell.
  #expect(canvas.bits(column: 0, row: 0) == 0x01 | 0x08 | 0x40)
}

@Test func clippingKeepsTheVisiblePartOfASegment() throws {
  let clipped = try #require(
    DotClipping.clip((x: -10, y: 5), (x: 30, y: 5), xMax: 19, yMax: 9))
  #expect(clipped.0.x == 0 && clipped.0.y == 5)
  #expect(clipped.1.x == 19 && clipped.1.y == 5)
  #expect(DotClipping.clip((x: -10, y: -5), (x: -1, y: -1), xMax: 19, yMax: 9) == nil)
  #expect(DotClipping.clip((x: .nan, y: 0), (x: 1, y: 1), xMax: 19, yMax: 9) == nil)
}

@Test func farAwaySegmentsDoNotTrapOrHang() {
  var canvas = BrailleCanvas(columns: 10, rows: 5)
  canvas.drawClippedSegment(
    (x: -1e300, y: 10), (x: 1e300, y: 10), colorIndex: 0, glyph: "*")
  #expect(canvas.dotCount(column: 0, row: 0, columns: 10, rows: 5) == 20)
  canvas.drawClippedSegment((x: 0, y: -1e308), (x: 0, y: -1e300), colorIndex: 0, glyph: "*")
  canvas.drawClippedPoint((x: .infinity, y: 0), colorIndex: 0, glyph: "*")
  #expect(canvas.dotCount(column: 0, row: 0, columns: 10, rows: 5) == 20)
  canvas.drawClippedSegment(
    (x: -.greatestFiniteMagnitude, y: -.greatestFiniteMagnitude),
    (x: .greatestFiniteMagnitude, y: .greatestFiniteMagnitude), colorIndex: 0, glyph: "*")
  #expect(canvas.dotCount(column: 0, row: 0, columns: 10, rows: 5) > 20)
}

// MARK: - ASCII

@Test func asciiCanvasDrawsOneGlyphPerCell() {
  var canvas = AsciiCanvas(columns: 4, rows: 4)
  canvas.drawLine(fromX: 0, y: 3, toX: 3, y: 0, colorIndex: 2, glyph: "o")
  let rows = (0..<4).map { r in
    String((0..<4).map { c in canvas.character(column: c, row: r) ?? "." })
  }
  #expect(rows == ["...o", "..o.", ".o..", "o..."])
  #expect(canvas.colorIndex(column: 0, row: 3) == 2)
  #expect(canvas.dotCount(column: 0, row: 0, columns: 4, rows: 4) == 4)
}

@Test func asciiFigureUsesOnlyAsciiAndDistinctGlyphs() throws {
  let a = PlotSeries(name: "rnn", yValues: [1, 2, 3, 4, 5], colorIndex: 0)
  let b = PlotSeries(name: "lstm", yValues: [5, 4, 3, 2, 1], colorIndex: 1)
  let panel = PlotPanel(title: "norms", series: [a, b], xTitle: "k", yTitle: "norm")
  let drawing = try PlotRenderer.render(
    Figure(panels: [panel]), columns: 40, rows: 14, options: PlotOptions(charset: .ascii)
  ).get()
  #expect(drawing.grid.cells.allSatisfy { $0.character.isASCII })
  let characters = Set(drawing.grid.cells.map(\.character))
  #expect(characters.contains("*"))
  #expect(characters.contains("o"))
  let legend = try #require(drawing.layout.panels.first?.legend)
  #expect(legend.entries.map(\.symbol) == ["**", "oo"])
}

// MARK: - Data to dots

@Test func dataCornersMapToCornerDots() throws {
  // Fixed 0…1 ranges; (0, 1) is the top-left dot, (1, 0) the bottom-right.
  let series = PlotSeries(
    name: "", xValues: [0, 1], yValues: [1, 0], mark: .points, colorIndex: 3)
  let panel = PlotPanel(
    series: [series], xBounds: AxisBounds(lower: 0, upper: 1),
    yBounds: AxisBounds(lower: 0, upper: 1))
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 30, rows: 10).get()
  let area = try #require(drawing.layout.panels.first?.plotArea)
  let topLeft = drawing.grid[area.row, area.column]
  #expect(topLeft.character == "⠁")
  #expect(topLeft.colorIndex == 3)
  let bottomRight = drawing.grid[area.row + area.rows - 1, area.column + area.columns - 1]
  #expect(bottomRight.character == "⢀")
}

@Test func linesAreNotJoinedAcrossSkippedValues() throws {
  // Two flat runs at y = 1 separated by a NaN: the gap must stay empty.
  let ys: [Double] = [1, 1, 1, .nan, 1, 1, 1]
  let flat = PlotSeries(name: "", yValues: ys, colorIndex: 0)
  let panel = PlotPanel(series: [flat], yBounds: AxisBounds(lower: 0, upper: 2))
  let withGap = try PlotRenderer.render(Figure(panels: [panel]), columns: 40, rows: 8).get()
  let area = try #require(withGap.layout.panels.first?.plotArea)
  let middle = area.column + area.columns / 2
  let column = (area.row..<(area.row + area.rows)).map { withGap.grid[$0, middle].character }
  #expect(column.allSatisfy { $0 == " " })
}

@Test func markersAreDrawnAsGlyphs() throws {
  let a = PlotSeries(name: "a", yValues: [1, 2, 3], mark: .markers, colorIndex: 0)
  let b = PlotSeries(name: "b", yValues: [3, 2, 1], mark: .markers, colorIndex: 1)
  let panel = PlotPanel(series: [a, b], showsLegend: false)
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 40, rows: 12).get()
  let area = try #require(drawing.layout.panels.first?.plotArea)
  var counts: [Character: Int] = [:]
  for r in area.row..<(area.row + area.rows) {
    for c in area.column..<(area.column + area.columns) {
      let cell = drawing.grid[r, c]
      counts[cell.character, default: 0] += 1
      if cell.character == "▲" { #expect(cell.colorIndex == 1) }
      if cell.character == "●" { #expect(cell.colorIndex == 0) }
    }
  }
  // Three of each; where the two meet at (1, 2) the later series wins.
  #expect(counts["●", default: 0] == 2)
  #expect(counts["▲", default: 0] == 3)
}
