import Foundation
import Testing

@testable import GradPlot

// Axes, ticks, skipped values and layout of the plot model.

// MARK: - Linear axes

@Test func linearAxisUsesOneTwoFiveStepsAndWidensToWholeSteps() {
  let axis = PlotAxis.fitted(scale: .linear, dataMin: 0.13, dataMax: 0.87, maxLabels: 6)
  #expect(axis.lower == 0)
  #expect(axis.upper == 1)
  #expect(axis.ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
  #expect(axis.ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
}

@Test func niceStepRoundsUpToOneTwoOrFive() {
  #expect(PlotAxis.niceStep(0.13) == 0.2)
  #expect(PlotAxis.niceStep(3) == 5)
  #expect(PlotAxis.niceStep(7) == 10)
  #expect(PlotAxis.niceStep(1) == 1)
  #expect(PlotAxis.niceStep(1.5e-7) == 2e-7)
  #expect(PlotAxis.niceStep(0) == 1)
  #expect(PlotAxis.niceStep(.nan) == 1)
}

@Test func linearAxisCoversNegativeValues() {
  let axis = PlotAxis.fitted(scale: .linear, dataMin: -37, dataMax: 12, maxLabels: 6)
  #expect(axis.lower <= -37)
  #expect(axis.upper >= 12)
  #expect(axis.ticks.map(\.value) == [-40, -30, -20, -10, 0, 10, 20])
  #expect(axis.ticks.first?.label == "-40")
  #expect(axis.ticks.contains { $0.value == 0 && $0.label == "0" })
}

@Test func constantSeriesGetsARangeAroundItsValue() {
  let axis = PlotAxis.fitted(scale: .linear, dataMin: 5, dataMax: 5, maxLabels: 5)
  #expect(axis.lower < 5 && axis.upper > 5)
  #expect(axis.upper - axis.lower <= 2)
  let zero = PlotAxis.fitted(scale: .linear, dataMin: 0, dataMax: 0, maxLabels: 3)
  #expect(zero.lower == -1 && zero.upper == 1)
  #expect(zero.ticks.map(\.value) == [-1, 0, 1])
}

@Test func hugeAndTinyLinearValuesUseExponentLabels() {
  let big = PlotAxis.fitted(scale: .linear, dataMin: 0, dataMax: 3.2e6, maxLabels: 5)
  #expect(big.ticks.map(\.label) == ["0", "1e+6", "2e+6", "3e+6", "4e+6"])
  let tiny = PlotAxis.fitted(scale: .linear, dataMin: 1e-7, dataMax: 4e-7, maxLabels: 4)
  #expect(tiny.ticks.map(\.label) == ["1e-7", "2e-7", "3e-7", "4e-7"])
}

@Test func nonFiniteOrExtremeLinearInputStaysFinite() {
  let nan = PlotAxis.fitted(scale: .linear, dataMin: .nan, dataMax: .nan, maxLabels: 5)
  #expect(nan.lower == 0 && nan.upper == 1)
  let extreme = PlotAxis.fitted(
    scale: .linear, dataMin: -.greatestFiniteMagnitude, dataMax: .greatestFiniteMagnitude,
    maxLabels: 5)
  #expect(extreme.lower.isFinite && extreme.upper.isFinite)
  #expect(!extreme.ticks.isEmpty && extreme.ticks.count <= 1001)
}

@Test func fractionMapsRangeEndsToZeroAndOne() {
  let axis = PlotAxis.fitted(scale: .linear, dataMin: 0, dataMax: 10, maxLabels: 3)
  #expect(axis.fraction(of: axis.lower) == 0)
  #expect(axis.fraction(of: axis.upper) == 1)
  let log = PlotAxis.fitted(scale: .log10, dataMin: 1e-3, dataMax: 1e3, maxLabels: 7)
  #expect(abs(log.fraction(of: 1) - 0.5) < 1e-12)
  #expect(log.fraction(of: 0).isNaN)
  #expect(log.fraction(of: -1).isNaN)
}

// MARK: - Log axes

@Test func logAxisSpanningEighteenDecadesLabelsEveryFewDecades() {
  let axis = PlotAxis.fitted(scale: .log10, dataMin: 1e-12, dataMax: 1e6, maxLabels: 8)
  #expect(axis.lower == 1e-12)
  #expect(axis.upper == 1e6)
  let labels = axis.labelledTicks.map(\.label)
  // 18 decades, 8 labels: every 3rd decade.
  #expect(labels == ["1e-12", "1e-9", "1e-6", "1e-3", "1e+0", "1e+3", "1e+6"])
  // Every decade is still a tick; only the labelled ones are major, and a
  // range this wide has no minor ticks between decades.
  #expect(axis.ticks.count == 19)
  #expect(axis.ticks.filter(\.isMajor).count == 7)
}

@Test func narrowLogRangeGetsMinorTicks() {
  let axis = PlotAxis.fitted(scale: .log10, dataMin: 0.02, dataMax: 0.7, maxLabels: 6)
  #expect(axis.lower == 0.01)
  #expect(axis.upper == 1)
  let minors = axis.ticks.filter { !$0.isMajor }.map(\.value)
  #expect(minors.count == 16)
  #expect(minors.contains { abs($0 - 0.05) < 1e-15 })
  let oneDecade = PlotAxis.fitted(scale: .log10, dataMin: 2, dataMax: 8, maxLabels: 6)
  #expect(oneDecade.labelledTicks.map(\.label) == ["1e+0", "2e+0", "5e+0", "1e+1"])
}

@Test func logLabelsCanUseSuperscripts() {
  let axis = PlotAxis.fitted(
    scale: .log10, dataMin: 1e-6, dataMax: 1e3, maxLabels: 4, logLabels: .superscript)
  #expect(axis.labelledTicks.map(\.label) == ["10⁻⁶", "10⁻³", "10⁰", "10³"])
  #expect(PlotAxis.formatLog(mantissa: 2, exponent: -12, style: .superscript) == "2·10⁻¹²")
}

@Test func constantAndSinglePointLogSeriesGetTwoDecades() {
  let exact = PlotAxis.fitted(scale: .log10, dataMin: 1e-3, dataMax: 1e-3, maxLabels: 5)
  #expect(exact.lower == 1e-4)
  #expect(exact.upper == 1e-2)
  let between = PlotAxis.fitted(scale: .log10, dataMin: 3e-3, dataMax: 3e-3, maxLabels: 5)
  #expect(between.lower == 1e-3)
  #expect(between.upper == 1e-2)
}

@Test func logAxisOfExtremeDoublesDoesNotTrap() {
  let axis = PlotAxis.fitted(
    scale: .log10, dataMin: Double.leastNonzeroMagnitude, dataMax: .greatestFiniteMagnitude,
    maxLabels: 10)
  #expect(axis.lower > 0)
  #expect(axis.labelledTicks.count <= 10)
  #expect(axis.labelledTicks.count >= 2)
}

@Test func fixedBoundsKeepTheUsersRange() {
  let axis = PlotAxis.fixed(scale: .linear, lower: 0.5, upper: 2.5, maxLabels: 5)
  #expect(axis.lower == 0.5 && axis.upper == 2.5)
  #expect(axis.ticks.allSatisfy { $0.value >= 0.5 && $0.value <= 2.5 })
  #expect(axis.ticks.map(\.value) == [0.5, 1, 1.5, 2, 2.5])
}

// MARK: - Skipped values

@Test func logAxisSkipsNonPositiveAndNonFiniteValuesAndSaysSo() {
  let series = PlotSeries(
    name: "r=1.5", yValues: [1, 0, -2, .nan, 4, .infinity, 8], colorIndex: 0)
  let cleaned = CleanedSeries(series, yScale: .log10)
  #expect(cleaned.yValues == [1, 4, 8])
  #expect(cleaned.xValues == [0, 4, 6])
  #expect(cleaned.startsRun == [true, true, true])
  #expect(cleaned.skippedNonPositive == 2)
  #expect(cleaned.skippedNonFinite == 2)
  #expect(cleaned.note == "r=1.5: 4 points not shown (2 NaN/inf, 2 ≤ 0 on the log axis)")
}

@Test func linearAxisKeepsNegativesAndBreaksLinesAtNaN() {
  let series = PlotSeries(name: "loss", yValues: [-1, 2, .nan, 3, 4], colorIndex: 0)
  let cleaned = CleanedSeries(series, yScale: .linear)
  #expect(cleaned.yValues == [-1, 2, 3, 4])
  #expect(cleaned.startsRun == [true, false, true, false])
  #expect(cleaned.skippedNonFinite == 1)
  #expect(cleaned.skippedNonPositive == 0)
}

@Test func unpairedValuesAreCounted() {
  let series = PlotSeries(name: "a", xValues: [0, 1, 2], yValues: [5], colorIndex: 0)
  let cleaned = CleanedSeries(series, yScale: .linear)
  #expect(cleaned.yValues == [5])
  #expect(cleaned.skippedUnpaired == 2)
  #expect(cleaned.note?.contains("2 without a partner") == true)
}

@Test func figureWithSkippedValuesShowsANoteRow() throws {
  let series = PlotSeries(name: "norm", yValues: [1, 0.1, 0, 0.001], colorIndex: 0)
  let panel = PlotPanel(series: [series], yScale: .log10)
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 50, rows: 12).get()
  let noteRow = try #require(drawing.layout.noteRow)
  #expect(drawing.layout.notes == ["norm: 1 point not shown (1 ≤ 0 on the log axis)"])
  #expect(drawing.grid.text(row: noteRow).hasPrefix("norm: 1 point not shown"))
  #expect(drawing.grid[noteRow, 0].attributes.contains(.dim))
}

@Test func seriesOfOnlyNaNStillDrawsEmptyAxes() throws {
  let series = PlotSeries(name: "bad", yValues: [.nan, .nan], colorIndex: 0)
  let panel = PlotPanel(series: [series], yScale: .log10)
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 40, rows: 10).get()
  let layout = try #require(drawing.layout.panels.first)
  #expect(layout.yAxis.lower > 0)
  #expect(drawing.layout.notes.count == 1)
}

// MARK: - Layout

/// Four curves ρ^k, k = 0…50, as in the lecture's vanishing-gradient picture.
func gradientFigure(statusLine: String? = nil) -> Figure {
  let radii = [0.5, 0.9, 1.0, 1.5]
  let series = radii.enumerated().map { i, rho in
    PlotSeries(
      name: "radius \(rho)", yValues: (0...50).map { pow(rho, Double($0)) }, colorIndex: i)
  }
  let panel = PlotPanel(
    title: "gradient norm", series: series, xTitle: "k", yTitle: "‖∂L/∂h_k‖", yScale: .log10,
    referenceLines: [ReferenceLine(yValue: 1, label: "1", colorIndex: 5)])
  return Figure(panels: [panel], statusLine: statusLine)
}

@Test func tickLabelsNeverOverlap() throws {
  for (columns, rows) in [(200, 60), (80, 24), (45, 14), (120, 20)] {
    let drawing = try PlotRenderer.render(gradientFigure(), columns: columns, rows: rows).get()
    let panel = try #require(drawing.layout.panels.first)
    for (a, b) in zip(panel.xLabels, panel.xLabels.dropFirst()) {
      #expect(a.column + a.text.count < b.column, "x labels \(a) and \(b) at \(columns)×\(rows)")
    }
    for (a, b) in zip(panel.yLabels, panel.yLabels.dropFirst()) {
      #expect(a.row < b.row, "y labels \(a) and \(b) at \(columns)×\(rows)")
    }
    let all = panel.xLabels + panel.yLabels
    for label in all {
      #expect(label.column >= 0 && label.column + label.text.count <= columns)
      // Labels sit outside the plot area.
      #expect(!label.frame.intersects(panel.plotArea))
    }
    #expect(panel.xLabels.count >= 2)
    #expect(panel.yLabels.count >= 2)
  }
}

@Test func legendFitsInTheCornerWithLeastData() throws {
  // ρ^k for ρ ≤ 1 falls from the top-left: the top-right and the bottom-left
  // hold data, the ρ = 1.5 curve rises to the top right. The emptiest corner
  // is the bottom right... unless ρ = 0.5 runs through it; check against a
  // count of the grid instead of guessing.
  let drawing = try PlotRenderer.render(gradientFigure(), columns: 100, rows: 30).get()
  let panel = try #require(drawing.layout.panels.first)
  let legend = try #require(panel.legend)
  #expect(legend.position != .below)
  #expect(panel.plotArea.contains(legend.frame))
  #expect(
    legend.entries.map(\.label) == [
      "radius 0.5", "radius 0.9", "radius 1.0", "radius 1.5", "1",
    ])
  for (entry, origin) in zip(legend.entries, legend.entryOrigins) {
    let row = drawing.grid.text(row: origin.row)
    #expect(row.contains(entry.symbol + " " + entry.label))
    #expect(drawing.grid[origin.row, origin.column].colorIndex == entry.colorIndex)
  }
}

@Test func legendGoesToTheEmptyCorner() throws {
  // A line hugging the top edge: the legend must go to a bottom corner.
  let top = PlotSeries(name: "top", yValues: [10, 10, 10, 10, 9.9, 10], colorIndex: 0)
  let low = PlotSeries(name: "low", yValues: [0, 0.1, 0.2, 0.1, 0, 0], colorIndex: 1)
  let panel = PlotPanel(series: [top, low], yBounds: AxisBounds(lower: -20, upper: 10))
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 60, rows: 20).get()
  let legend = try #require(drawing.layout.panels.first?.legend)
  #expect(legend.position == .bottomRight)
}

@Test func wideLegendGoesBelowThePlot() throws {
  let names = ["plain tanh RNN", "leaky RNN with α = 0.1", "LSTM with forget-gate bias 1"]
  let series = names.enumerated().map { i, name in
    PlotSeries(name: name, yValues: [1, 2, 3, Double(i)], colorIndex: i)
  }
  let panel = PlotPanel(series: series, xTitle: "step")
  let drawing = try PlotRenderer.render(Figure(panels: [panel]), columns: 50, rows: 16).get()
  let layout = try #require(drawing.layout.panels.first)
  let legend = try #require(layout.legend)
  #expect(legend.position == .below)
  #expect(legend.frame.row > layout.plotArea.row + layout.plotArea.rows)
  #expect(legend.frame.row + legend.frame.rows <= 16)
  for label in layout.xLabels { #expect(!label.frame.intersects(legend.frame)) }
}

@Test func tooSmallGridSaysWhatItNeeds() {
  let result = PlotRenderer.render(gradientFigure(statusLine: "q quit"), columns: 12, rows: 5)
  guard case .failure(let error) = result else {
    Issue.record("expected a too-small error")
    return
  }
  guard case .gridTooSmall(let needColumns, let needRows, let columns, let rows) = error else {
    Issue.record("unexpected error \(error)")
    return
  }
  #expect(columns == 12 && rows == 5)
  #expect(needColumns > 12 && needRows > 5)
  #expect(error.description.hasPrefix("terminal too small (need \(needColumns)×\(needRows)"))
  // The size it asks for is enough.
  let retry = PlotRenderer.render(
    gradientFigure(statusLine: "q quit"), columns: needColumns, rows: needRows)
  #expect((try? retry.get()) != nil)
}

@Test func degenerateGridSizesDoNotTrap() {
  for (c, r) in [(0, 0), (-5, 10), (10, -5), (Int.max, Int.max), (Int.min, 3)] {
    let result = PlotRenderer.render(gradientFigure(), columns: c, rows: r)
    #expect((try? result.get()) == nil)
  }
  #expect(PlotRenderer.render(Figure(panels: []), columns: 80, rows: 24) == .failure(.noPanels))
  let huge = PlotRenderer.render(gradientFigure(), columns: 1_000_000, rows: 1_000_000)
  guard case .failure(.gridTooLarge(let maxColumns, let maxRows, _, _)) = huge else {
    Issue.record("expected a too-large error, got \(huge)")
    return
  }
  #expect(maxColumns == PlotLayoutLimits.maximumColumns && maxRows == PlotLayoutLimits.maximumRows)
  // A figure that needs more rows than any grid has still gets an answer.
  let many = Figure(panels: Array(repeating: PlotPanel(), count: 500))
  guard
    case .failure(.gridTooSmall(_, let needRows, _, _)) = PlotRenderer.render(
      many, columns: 80, rows: 24)
  else {
    Issue.record("expected a too-small error")
    return
  }
  #expect(needRows > PlotLayoutLimits.maximumRows)
}

@Test func singlePointIsDrawnInsidePaddedAxes() throws {
  let point = PlotSeries(name: "", xValues: [3], yValues: [0.2], mark: .points, colorIndex: 0)
  let drawing = try PlotRenderer.render(
    Figure(panels: [PlotPanel(series: [point])]), columns: 40, rows: 12
  ).get()
  let layout = try #require(drawing.layout.panels.first)
  #expect(layout.xAxis.lower < 3 && layout.xAxis.upper > 3)
  #expect(layout.yAxis.lower < 0.2 && layout.yAxis.upper > 0.2)
  let area = layout.plotArea
  var lit = 0
  for r in area.row..<(area.row + area.rows) {
    for c in area.column..<(area.column + area.columns) {
      let scalar = drawing.grid[r, c].character.unicodeScalars.first?.value ?? 0
      if (0x2801...0x28FF).contains(scalar) { lit += 1 }
    }
  }
  #expect(lit == 1)
}

@Test func superscriptLogLabelsReachTheGrid() throws {
  let options = PlotOptions(logLabels: .superscript)
  let drawing = try PlotRenderer.render(gradientFigure(), columns: 80, rows: 24, options: options)
    .get()
  let labels = try #require(drawing.layout.panels.first?.yLabels.map(\.text))
  #expect(labels.contains("10⁰"))
  #expect(labels.allSatisfy { $0.hasPrefix("10") })
}

@Test func panelsStackAndStatusLineIsLast() throws {
  let loss = PlotSeries(name: "loss", yValues: [4, 3, 2.5, 2.2, 2.1], colorIndex: 0)
  let norm = PlotSeries(name: "grad norm", yValues: [5, 0.8, 3, 0.5, 0.4], colorIndex: 1)
  let figure = Figure(
    title: "training",
    panels: [
      PlotPanel(title: "loss", series: [loss], xTitle: "step"),
      PlotPanel(
        title: "gradient norm", series: [norm], xTitle: "step", yScale: .log10,
        referenceLines: [ReferenceLine(yValue: 1, label: "clip 1.0", colorIndex: 3)],
        events: EventMarkers(xValues: [0, 2], label: "clipped", colorIndex: 3)),
    ], statusLine: "space pause  q quit")
  let drawing = try PlotRenderer.render(figure, columns: 70, rows: 30).get()
  let layout = drawing.layout
  #expect(layout.panels.count == 2)
  let top = layout.panels[0]
  let bottom = layout.panels[1]
  #expect(top.frame.row + top.frame.rows <= bottom.frame.row)
  #expect(layout.statusRow == 29)
  #expect(drawing.grid.text(row: 29).hasPrefix("space pause  q quit"))
  #expect(drawing.grid.text(row: 0).contains("training"))
  #expect(drawing.grid[0, drawing.grid.text(row: 0).distance(of: "t")].attributes == .bold)
  // Clipping events are marked on the bottom panel's x axis in their colour.
  let axisRow = bottom.plotArea.row + bottom.plotArea.rows
  let eventCells = (0..<70).filter { drawing.grid[axisRow, $0].character == "▲" }
  #expect(eventCells.count == 2)
  #expect(eventCells.allSatisfy { drawing.grid[axisRow, $0].colorIndex == 3 })
  // The clipping threshold is a dim line across the plot area.
  let thresholdCells = (0..<70).filter { c in
    (bottom.plotArea.row..<axisRow).contains { r in drawing.grid[r, c].attributes == .dim }
  }
  #expect(thresholdCells.count > bottom.plotArea.columns / 2)
  #expect(bottom.legend?.entries.last?.label == "clipped (2)")
}

extension String {
  /// Character offset of the first occurrence of `character` (0 when absent).
  fileprivate func distance(of character: Character) -> Int {
    guard let i = firstIndex(of: character) else { return 0 }
    return self.distance(from: startIndex, to: i)
  }
}

// MARK: - Robustness

/// SplitMix64: a small deterministic generator so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A random figure whose values include everything that has broken plots
/// before: NaN, ±inf, 0, negatives, subnormals, ±Double.max.
func randomFigure(_ rng: inout SeededGenerator) -> Figure {
  let awkward: [Double] = [
    .nan, .infinity, -.infinity, 0, -1, 1e-300, 1e300, .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 42,
  ]
  func value() -> Double {
    Int.random(in: 0..<4, using: &rng) == 0
      ? awkward.randomElement(using: &rng) ?? 0
      : Double.random(in: -5...5, using: &rng)
        * pow(10, Double(Int.random(in: -8...8, using: &rng)))
  }
  let panels = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
    let series = (0..<Int.random(in: 0...5, using: &rng)).map { i in
      let n = Int.random(in: 0...60, using: &rng)
      let xs = (0..<n).map { k in Int.random(in: 0..<10, using: &rng) == 0 ? value() : Double(k) }
      let ys = (0..<Int.random(in: max(0, n - 2)...n, using: &rng)).map { _ in value() }
      let mark = PlotMark.allCases.randomElement(using: &rng) ?? .line
      let name = Bool.random(using: &rng) ? "series <\(i)> & \"more\"" : ""
      return PlotSeries(
        name: name, xValues: xs, yValues: ys, mark: mark,
        colorIndex: Int.random(in: -3...9, using: &rng))
    }
    let bounds: AxisBounds? =
      Int.random(in: 0..<4, using: &rng) == 0 ? AxisBounds(lower: value(), upper: value()) : nil
    return PlotPanel(
      title: Bool.random(using: &rng) ? "panel" : "", series: series,
      xTitle: Bool.random(using: &rng) ? "k" : "", yTitle: Bool.random(using: &rng) ? "norm" : "",
      yScale: Bool.random(using: &rng) ? .log10 : .linear,
      referenceLines: [ReferenceLine(yValue: value(), label: "ref", colorIndex: 2)],
      events: EventMarkers(xValues: [value(), value()], label: "ev", colorIndex: 3),
      xBounds: Bool.random(using: &rng) ? nil : bounds, yBounds: bounds)
  }
  return Figure(
    title: Bool.random(using: &rng) ? "figure" : "", panels: panels,
    statusLine: Bool.random(using: &rng) ? "q quit" : nil)
}

@Test func randomFiguresWithAwkwardValuesNeverTrap() throws {
  var rng = SeededGenerator(state: 2024)
  for round in 0..<200 {
    let figure = randomFigure(&rng)
    let columns = Int.random(in: -2...160, using: &rng)
    let rows = Int.random(in: -2...60, using: &rng)
    let charset: PlotCharset = Bool.random(using: &rng) ? .unicode : .ascii
    let options = PlotOptions(charset: charset)
    switch PlotRenderer.render(figure, columns: columns, rows: rows, options: options) {
    case .success(let drawing):
      #expect(drawing.grid.columns == columns && drawing.grid.rows == rows, "round \(round)")
      let bounds = CellRect(column: 0, row: 0, columns: columns, rows: rows)
      for panel in drawing.layout.panels {
        #expect(bounds.contains(panel.plotArea), "round \(round)")
        for label in panel.xLabels + panel.yLabels {
          #expect(bounds.contains(label.frame), "round \(round): \(label)")
        }
        if let legend = panel.legend {
          #expect(bounds.contains(legend.frame), "round \(round): legend \(legend.frame)")
        }
      }
      if charset == .ascii {
        let nonASCII = drawing.grid.cells.filter { !$0.character.isASCII }
        let allowed = nonASCII.allSatisfy { "≤".contains($0.character) }
        #expect(allowed, "round \(round): non-ASCII plot characters")
      }
      _ = PlotText.render(drawing.grid, ansiColor: true)
    case .failure(.gridTooSmall(let needColumns, let needRows, _, _)):
      #expect(needColumns > columns || needRows > rows, "round \(round)")
      let retry = PlotRenderer.render(
        figure, columns: needColumns, rows: needRows, options: options)
      #expect((try? retry.get()) != nil, "round \(round): the size asked for does not fit")
    case .failure(let error):
      Issue.record("round \(round): unexpected \(error)")
    }
    #expect(!PlotCSV.csv(figure).isEmpty)
    let svg = PlotSVG.svg(figure)
    #expect(svg.hasSuffix("</svg>\n"))
  }
}

// MARK: - Lecture figures

@Test func gradientNormFigureHasALogAxisAndOneCurvePerRadius() throws {
  let curves = [0.5, 1.5].map { rho in
    (name: "radius \(rho)", norms: (0...50).map { pow(rho, Double($0)) })
  }
  let figure = Figure.gradientNorms(curves, statusLine: "←/→ radius")
  let panel = try #require(figure.panels.first)
  #expect(panel.yScale == .log10)
  #expect(panel.series.map(\.name) == ["radius 0.5", "radius 1.5"])
  #expect(panel.series.map(\.colorIndex) == [0, 1])
  #expect(panel.series[1].xValues.last == 50)
  let drawing = try PlotRenderer.render(figure, columns: 80, rows: 24).get()
  let layout = try #require(drawing.layout.panels.first)
  // 0.5^50 ≈ 8.9e-16 and 1.5^50 ≈ 6.4e8: the axis spans 1e-16 … 1e+9.
  #expect(layout.yAxis.lower == 1e-16)
  #expect(layout.yAxis.upper == 1e9)
}

@Test func trainingFigureMarksClippingOnTheNormPanel() throws {
  let figure = Figure.training(
    loss: [4, 3, 2.5, 2.4], gradientNorms: [7, 0.9, 3, 0.4], clipThreshold: 1,
    clippedSteps: [0, 2])
  #expect(figure.panels.count == 2)
  let norms = figure.panels[1]
  #expect(norms.yScale == .log10)
  #expect(norms.referenceLines.map(\.yValue) == [1])
  #expect(norms.events?.xValues == [0, 2])
  let unclipped = Figure.training(
    loss: [1], gradientNorms: [1], clipThreshold: nil, clippedSteps: [])
  #expect(unclipped.panels[1].referenceLines.isEmpty)
  #expect(unclipped.panels[1].events == nil)
  let drawing = try PlotRenderer.render(figure, columns: 70, rows: 30).get()
  #expect(drawing.layout.panels[0].legend == nil)
  #expect(
    drawing.layout.panels[1].legend?.entries.map(\.label) == [
      "‖g‖", "clip at 1.0", "clipped (2)",
    ])
}
