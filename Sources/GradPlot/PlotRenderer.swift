// From a Figure to a grid of cells.
//
// Order of drawing within a panel (later marks cover earlier ones):
// reference lines, data (Braille or ASCII raster, then markers), axes and
// ticks, event marks, labels and titles, legend.

/// A figure laid out and painted on a character grid.
public struct PlotDrawing: Sendable, Equatable {
  public var grid: PlotCellGrid
  public var layout: FigureLayout
}

/// Lays out and paints figures onto character grids.
public enum PlotRenderer {
  /// Lays out `figure` on a `columns` × `rows` grid and paints it.
  ///
  /// - Parameters:
  ///   - figure: the data and titles.
  ///   - columns: grid width in character cells.
  ///   - rows: grid height in character cells.
  ///   - options: Braille or ASCII, and the log label style.
  /// - Returns: the painted grid with its layout, or `.gridTooSmall` naming
  ///   the size needed.
  public static func render(
    _ figure: Figure, columns: Int, rows: Int, options: PlotOptions = PlotOptions()
  ) -> Result<PlotDrawing, PlotLayoutError> {
    let first = attempt(figure, columns: columns, rows: rows, options: options)
    guard case .failure(.gridTooSmall(let estimateColumns, let estimateRows, _, _)) = first else {
      return first
    }
    let (needColumns, needRows) = neededSize(
      figure, options: options, estimate: (estimateColumns, estimateRows),
      have: (columns, rows))
    return .failure(
      .gridTooSmall(needColumns: needColumns, needRows: needRows, columns: columns, rows: rows))
  }

  /// A grid size at which `figure` draws, close to the smallest.
  ///
  /// What a panel needs depends on the size it gets (how many y labels, how
  /// wide they are, whether the legend fits inside), so the estimate is grown
  /// until the figure draws, then shrunk by bisection while it still draws.
  /// The answer is never a size that fits inside the one the caller has.
  static func neededSize(
    _ figure: Figure, options: PlotOptions, estimate: (Int, Int), have: (Int, Int)
  ) -> (Int, Int) {
    func draws(_ c: Int, _ r: Int) -> Bool {
      (try? attempt(figure, columns: c, rows: r, options: options).get()) != nil
    }
    func grow(_ start: (Int, Int)) -> (size: (Int, Int), draws: Bool) {
      var (c, r) = start
      for _ in 0..<16 {
        switch attempt(figure, columns: c, rows: r, options: options) {
        case .success: return ((c, r), true)
        case .failure(.gridTooSmall(let nc, let nr, _, _)) where nc > c || nr > r:
          c = Swift.max(c, nc)
          r = Swift.max(r, nr)
        case .failure: return ((c, r), false)
        }
      }
      return ((c, r), false)
    }
    /// The smallest n in lower…upper with `works(n)`, given `works(upper)`.
    func bisect(_ lower: Int, _ upper: Int, _ works: (Int) -> Bool) -> Int {
      var lo = Swift.max(1, Swift.min(lower, upper))
      var hi = upper
      while lo < hi {
        let mid = lo + (hi - lo) / 2
        if works(mid) { hi = mid } else { lo = mid + 1 }
      }
      return hi
    }
    let start = (Swift.max(1, estimate.0), Swift.max(1, estimate.1))
    let grown = grow(start)
    guard grown.draws else { return grown.size }
    var (c, r) = grown.size
    r = bisect(start.1, r) { draws(c, $0) }
    c = bisect(start.0, c) { draws($0, r) }
    if c <= have.0 && r <= have.1 {
      // A smaller grid draws but the caller's does not (more rows brought
      // wider y labels, say): ask for a size at least as large as theirs.
      return grow((Swift.max(c, have.0), Swift.max(r, have.1))).size
    }
    return (c, r)
  }

  static func attempt(
    _ figure: Figure, columns: Int, rows: Int, options: PlotOptions
  ) -> Result<PlotDrawing, PlotLayoutError> {
    guard !figure.panels.isEmpty else { return .failure(.noPanels) }
    let glyphs = PlotGlyphs.forCharset(options.charset)
    let cleaned = figure.panels.map { panel in
      panel.series.map { CleanedSeries($0, yScale: panel.yScale) }
    }
    let notes = cleaned.flatMap { $0.compactMap(\.note) }

    // Rows for the figure title, the notes and the status line.
    let titleRows = figure.title.isEmpty ? 0 : 1
    let noteRows = notes.isEmpty ? 0 : 1
    let statusRows = figure.statusLine == nil ? 0 : 1
    let minimumPanelRows = figure.panels.map(Self.minimumRows)
    let needRows = titleRows + noteRows + statusRows + minimumPanelRows.reduce(0, +)
    let panelRanges = zip(figure.panels, cleaned).map { PanelRanges(panel: $0, series: $1) }
    var needColumns = 0
    for ranges in panelRanges {
      let axis = ranges.yAxis(maxLabels: 2, logLabels: options.logLabels)
      let labelWidth = axis.labelledTicks.map(\.label.count).max() ?? 1
      needColumns = Swift.max(
        needColumns, labelWidth + 2 + PlotLayoutLimits.minimumPlotColumns + 1)
    }
    let maxColumns = PlotLayoutLimits.maximumColumns
    let maxRows = PlotLayoutLimits.maximumRows
    guard columns <= maxColumns, rows <= maxRows else {
      return .failure(
        .gridTooLarge(maxColumns: maxColumns, maxRows: maxRows, columns: columns, rows: rows))
    }
    guard columns >= needColumns, rows >= needRows else {
      return .failure(
        .gridTooSmall(
          needColumns: needColumns, needRows: needRows, columns: columns, rows: rows))
    }

    var grid = PlotCellGrid(columns: columns, rows: rows)
    if titleRows > 0 {
      let title = truncated(figure.title, width: columns, ellipsis: glyphs.ellipsis)
      grid.write(
        title, row: 0, column: Swift.max(0, (columns - title.count) / 2), attributes: .bold)
    }

    // Share the remaining rows among the panels, extra rows to the first.
    let available = rows - titleRows - noteRows - statusRows
    let count = figure.panels.count
    var panelLayouts: [PanelLayout] = []
    var top = titleRows
    for (i, panel) in figure.panels.enumerated() {
      let height = available / count + (i < available % count ? 1 : 0)
      let frame = CellRect(column: 0, row: top, columns: columns, rows: height)
      var painter = PanelPainter(
        panel: panel, series: cleaned[i], frame: frame, options: options, glyphs: glyphs,
        ranges: panelRanges[i])
      switch painter.paint(into: &grid) {
      case .success(let layout): panelLayouts.append(layout)
      case .failure(let shortfall):
        // Rows are shared evenly, so this panel gets 1/count of any extra row.
        return .failure(
          .gridTooSmall(
            needColumns: columns + shortfall.columns, needRows: rows + shortfall.rows * count,
            columns: columns, rows: rows))
      }
      top += height
    }

    var noteRow: Int?
    if noteRows > 0 {
      let row = rows - statusRows - 1
      noteRow = row
      let text = truncated(notes.joined(separator: "; "), width: columns, ellipsis: glyphs.ellipsis)
      grid.write(text, row: row, column: 0, attributes: .dim)
    }
    var statusRow: Int?
    if let status = figure.statusLine {
      statusRow = rows - 1
      grid.write(
        truncated(status, width: columns, ellipsis: glyphs.ellipsis), row: rows - 1, column: 0)
    }
    let layout = FigureLayout(
      columns: columns, rows: rows, panels: panelLayouts, notes: notes, noteRow: noteRow,
      statusRow: statusRow)
    return .success(PlotDrawing(grid: grid, layout: layout))
  }

  /// The fewest rows a panel can be drawn in: header, plot rows, axis line,
  /// tick labels, x title.
  static func minimumRows(_ panel: PlotPanel) -> Int {
    PanelPainter.headerRows(panel) + PlotLayoutLimits.minimumPlotRows + 2
      + (panel.xTitle.isEmpty ? 0 : 1)
  }
}

// MARK: - Ranges

/// The x and y ranges a panel's axes must cover.
struct PanelRanges {
  var panel: PlotPanel
  var xMin = Double.infinity
  var xMax = -Double.infinity
  var yMin = Double.infinity
  var yMax = -Double.infinity

  init(panel: PlotPanel, series: [CleanedSeries]) {
    self.panel = panel
    for s in series {
      guard let e = s.extent else { continue }
      xMin = Swift.min(xMin, e.xMin)
      xMax = Swift.max(xMax, e.xMax)
      yMin = Swift.min(yMin, e.yMin)
      yMax = Swift.max(yMax, e.yMax)
    }
    // Reference lines and events are part of what the student must see.
    for line in panel.referenceLines where line.yValue.isFinite {
      if panel.yScale == .log10 && line.yValue <= 0 { continue }
      yMin = Swift.min(yMin, line.yValue)
      yMax = Swift.max(yMax, line.yValue)
    }
    for x in panel.events?.xValues ?? [] where x.isFinite {
      xMin = Swift.min(xMin, x)
      xMax = Swift.max(xMax, x)
    }
  }

  func xAxis(maxLabels: Int) -> PlotAxis {
    if let bounds = panel.xBounds {
      return .fixed(scale: .linear, lower: bounds.lower, upper: bounds.upper, maxLabels: maxLabels)
    }
    // x runs over the data exactly (steps 0…999 fill the width); the ticks
    // are the nice values inside. A single x value gets a padded range.
    if xMin.isFinite, xMax.isFinite, xMin < xMax {
      return .fixed(scale: .linear, lower: xMin, upper: xMax, maxLabels: maxLabels)
    }
    return .fitted(scale: .linear, dataMin: xMin, dataMax: xMax, maxLabels: maxLabels)
  }

  func yAxis(maxLabels: Int, logLabels: LogLabelStyle) -> PlotAxis {
    if let bounds = panel.yBounds {
      return .fixed(
        scale: panel.yScale, lower: bounds.lower, upper: bounds.upper, maxLabels: maxLabels,
        logLabels: logLabels)
    }
    return .fitted(
      scale: panel.yScale, dataMin: yMin, dataMax: yMax, maxLabels: maxLabels,
      logLabels: logLabels)
  }
}

// MARK: - Panel

/// How many more columns and rows a panel needed than it got.
struct Shortfall: Error {
  var columns: Int
  var rows: Int
}

/// Lays out and paints one panel.
struct PanelPainter {
  let panel: PlotPanel
  let series: [CleanedSeries]
  let frame: CellRect
  let options: PlotOptions
  let glyphs: PlotGlyphs
  let ranges: PanelRanges

  static func headerRows(_ panel: PlotPanel) -> Int {
    panel.title.isEmpty && panel.yTitle.isEmpty ? 0 : 1
  }

  /// The axes and plot area for a given number of plot rows.
  struct Geometry {
    var plotArea: CellRect
    var xAxis: PlotAxis
    var yAxis: PlotAxis
    var yLabels: [PlacedLabel]
    var xLabels: [PlacedLabel]
  }

  var legendEntries: [LegendEntry] {
    var entries: [LegendEntry] = []
    for (i, s) in panel.series.enumerated() where !s.name.isEmpty {
      entries.append(
        LegendEntry(
          symbol: glyphs.legendSymbol(mark: s.mark, index: i), label: s.name,
          colorIndex: s.colorIndex))
    }
    for line in panel.referenceLines where !line.label.isEmpty {
      let symbol = String(repeating: glyphs.referenceLine, count: 2)
      entries.append(LegendEntry(symbol: symbol, label: line.label, colorIndex: line.colorIndex))
    }
    if let events = panel.events, !events.label.isEmpty {
      entries.append(
        LegendEntry(
          symbol: "\(glyphs.event) ", label: "\(events.label) (\(events.xValues.count))",
          colorIndex: events.colorIndex))
    }
    return entries
  }

  func geometry(plotRows: Int) -> Geometry {
    let plotTop = frame.row + Self.headerRows(panel)
    // About one y label per three rows.
    // About one y label per three rows; just the two ends if labels that
    // dense would leave too little width for the plot.
    var yAxis = ranges.yAxis(
      maxLabels: Swift.max(2, plotRows / 3 + 1), logLabels: options.logLabels)
    let widest = yAxis.labelledTicks.map(\.label.count).max() ?? 1
    if frame.columns - widest - 3 < PlotLayoutLimits.minimumPlotColumns {
      yAxis = ranges.yAxis(maxLabels: 2, logLabels: options.logLabels)
    }
    let perRow = options.charset == .unicode ? 4 : 1
    let dotRows = plotRows * perRow
    var yCandidates: [PlacedLabel] = []
    for tick in yAxis.ticks where !tick.label.isEmpty {
      let f = yAxis.fraction(of: tick.value)
      guard let dot = dotIndex((1 - f) * Double(dotRows - 1), limit: dotRows) else { continue }
      let row = plotTop + dot / perRow
      yCandidates.append(PlacedLabel(row: row, column: 0, text: tick.label))
    }
    // Ticks come bottom-up; thin them top-down.
    yCandidates.sort { $0.row < $1.row }
    var yLabels = LabelThinning.thin(yCandidates, gap: 0, start: { $0.row }, end: { $0.row })
    let labelWidth = yLabels.map(\.text.count).max() ?? 1
    for i in yLabels.indices {
      yLabels[i].column = frame.column + labelWidth - yLabels[i].text.count
    }
    let plotColumn = frame.column + labelWidth + 2
    let plotColumns = frame.column + frame.columns - 1 - plotColumn
    let plotArea = CellRect(column: plotColumn, row: plotTop, columns: plotColumns, rows: plotRows)

    let xAxis = ranges.xAxis(maxLabels: Swift.max(2, plotColumns / 8))
    let perColumn = options.charset == .unicode ? 2 : 1
    let dotColumns = Swift.max(1, plotColumns * perColumn)
    let labelRow = plotTop + plotRows + 1
    var xCandidates: [PlacedLabel] = []
    for tick in xAxis.ticks where !tick.label.isEmpty {
      let f = xAxis.fraction(of: tick.value)
      guard let dot = dotIndex(f * Double(dotColumns - 1), limit: dotColumns) else { continue }
      let centre = plotColumn + dot / perColumn
      let length = tick.label.count
      let start = Swift.max(
        frame.column, Swift.min(frame.column + frame.columns - length, centre - (length - 1) / 2))
      xCandidates.append(PlacedLabel(row: labelRow, column: start, text: tick.label))
    }
    let xLabels = LabelThinning.thin(
      xCandidates, gap: 1, start: { $0.column }, end: { $0.column + $0.text.count - 1 })
    return Geometry(
      plotArea: plotArea, xAxis: xAxis, yAxis: yAxis, yLabels: yLabels, xLabels: xLabels)
  }

  /// Lines of a legend laid out side by side in `width` cells.
  func wrapBelow(_ entries: [LegendEntry], width: Int) -> [[Int]] {
    var lines: [[Int]] = []
    var current: [Int] = []
    var used = 0
    for (i, entry) in entries.enumerated() {
      let w = Swift.min(entry.width, width)
      let needed = current.isEmpty ? w : used + 3 + w
      if !current.isEmpty && needed > width {
        lines.append(current)
        current = [i]
        used = w
      } else {
        current.append(i)
        used = needed
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  mutating func paint(into grid: inout PlotCellGrid) -> Result<PanelLayout, Shortfall> {
    let header = Self.headerRows(panel)
    let xTitleRows = panel.xTitle.isEmpty ? 0 : 1
    var plotRows = frame.rows - header - 2 - xTitleRows
    var geometry = self.geometry(plotRows: plotRows)
    let minimumRows = PlotLayoutLimits.minimumPlotRows
    let minimumColumns = PlotLayoutLimits.minimumPlotColumns
    guard plotRows >= minimumRows, geometry.plotArea.columns >= minimumColumns else {
      return .failure(
        Shortfall(
          columns: Swift.max(0, minimumColumns - geometry.plotArea.columns),
          rows: Swift.max(0, minimumRows - plotRows)))
    }

    // The legend goes inside when it covers at most 2/3 of the width and
    // half the height of the plot area; otherwise below the x labels.
    let entries = panel.showsLegend ? legendEntries : []
    let legendWidth = (entries.map(\.width).max() ?? 0) + 2
    var belowLines: [[Int]] = []
    if !entries.isEmpty {
      let area = geometry.plotArea
      let fitsInside =
        legendWidth <= area.columns * 2 / 3 && entries.count <= (area.rows + 1) / 2
      if !fitsInside {
        belowLines = wrapBelow(entries, width: frame.column + frame.columns - area.column)
        plotRows -= belowLines.count
        guard plotRows >= minimumRows else {
          return .failure(Shortfall(columns: 0, rows: minimumRows - plotRows))
        }
        geometry = self.geometry(plotRows: plotRows)
        guard geometry.plotArea.columns >= minimumColumns else {
          return .failure(
            Shortfall(columns: minimumColumns - geometry.plotArea.columns, rows: 0))
        }
        belowLines = wrapBelow(
          entries, width: frame.column + frame.columns - geometry.plotArea.column)
      }
    }

    let area = geometry.plotArea
    let (markers, count) =
      options.charset == .unicode
      ? drawData(
        into: &grid, raster: BrailleCanvas(columns: area.columns, rows: area.rows),
        geometry: geometry)
      : drawData(
        into: &grid, raster: AsciiCanvas(columns: area.columns, rows: area.rows),
        geometry: geometry)
    for marker in markers {
      grid[marker.row, marker.column] = PlotCell(
        character: marker.glyph, colorIndex: marker.colorIndex)
    }
    drawAxes(into: &grid, geometry: geometry)
    drawTitles(into: &grid, geometry: geometry)

    var legend: LegendPlacement?
    if !entries.isEmpty {
      if belowLines.isEmpty {
        legend = placeInside(
          entries, width: legendWidth, area: area,
          score: count)
      } else {
        let top = area.row + area.rows + 2 + xTitleRows
        legend = placeBelow(entries, lines: belowLines, top: top, column: area.column)
      }
      if let legend { drawLegend(legend, into: &grid) }
    }

    return .success(
      PanelLayout(
        frame: frame, plotArea: area, xAxis: geometry.xAxis, yAxis: geometry.yAxis,
        yLabels: geometry.yLabels, xLabels: geometry.xLabels, legend: legend, series: series))
  }

  // MARK: Data

  struct PlacedMarker {
    var row: Int
    var column: Int
    var glyph: Character
    var colorIndex: Int
  }

  /// Draws the reference lines and then the data over them.
  ///
  /// - Returns: the markers (already painted) and a function counting the
  ///   data dots and markers in a rectangle, for placing the legend.
  func drawData<Raster: DotRaster>(
    into grid: inout PlotCellGrid, raster: consuming Raster, geometry: Geometry
  ) -> (markers: [PlacedMarker], count: (CellRect) -> Int) {
    // `consuming` hands over the caller's fresh raster, so drawing into it
    // does not copy its storage first.
    let area = geometry.plotArea
    let markers = rasterise(into: &raster, geometry: geometry)
    drawReferenceLines(into: &grid, geometry: geometry)
    for r in 0..<area.rows {
      for c in 0..<area.columns {
        guard let ch = raster.character(column: c, row: r) else { continue }
        grid[area.row + r, area.column + c] = PlotCell(
          character: ch, colorIndex: raster.colorIndex(column: c, row: r))
      }
    }
    let finished = raster
    let count = { (rect: CellRect) -> Int in
      let dots = finished.dotCount(
        column: rect.column - area.column, row: rect.row - area.row, columns: rect.columns,
        rows: rect.rows)
      let cells = markers.filter {
        rect.contains(CellRect(column: $0.column, row: $0.row, columns: 1, rows: 1))
      }
      return dots + cells.count
    }
    return (markers, count)
  }

  /// Draws every series into the raster; returns the marker glyphs, which
  /// sit at character resolution on top of it.
  func rasterise<Raster: DotRaster>(into raster: inout Raster, geometry: Geometry)
    -> [PlacedMarker]
  {
    let xMax = Double(raster.dotColumns - 1)
    let yMax = Double(raster.dotRows - 1)
    let xFraction = geometry.xAxis.fractionMap()
    let yFraction = geometry.yAxis.fractionMap()
    var markers: [PlacedMarker] = []
    for (index, s) in series.enumerated() {
      let source = panel.series[index]
      let glyph = glyphs.seriesGlyph(index)
      let color = source.colorIndex
      var previous: (x: Double, y: Double)?
      for i in s.xValues.indices {
        // Data → dots: x grows right, y grows down from the top row.
        let p = (
          x: xFraction(s.xValues[i]) * xMax,
          y: (1 - yFraction(s.yValues[i])) * yMax
        )
        switch source.mark {
        case .line:
          if let q = previous, !s.startsRun[i] {
            raster.drawClippedSegment(q, p, colorIndex: color, glyph: glyph)
          } else {
            raster.drawClippedPoint(p, colorIndex: color, glyph: glyph)
          }
        case .points:
          raster.drawClippedPoint(p, colorIndex: color, glyph: glyph)
        case .markers:
          guard let dx = dotIndex(p.x, limit: raster.dotColumns),
            let dy = dotIndex(p.y, limit: raster.dotRows)
          else { break }
          markers.append(
            PlacedMarker(
              row: geometry.plotArea.row + dy / Raster.dotsPerRow,
              column: geometry.plotArea.column + dx / Raster.dotsPerColumn, glyph: glyph,
              colorIndex: color))
        }
        previous = p
      }
    }
    return markers
  }

  /// The cell row of value `y`, or `nil` when it is outside the plot area.
  func row(of y: Double, geometry: Geometry) -> Int? {
    let area = geometry.plotArea
    let perRow = options.charset == .unicode ? 4 : 1
    let dotRows = area.rows * perRow
    let f = geometry.yAxis.fraction(of: y)
    guard let dot = dotIndex((1 - f) * Double(dotRows - 1), limit: dotRows) else { return nil }
    return area.row + dot / perRow
  }

  /// The cell column of value `x`, or `nil` when it is outside the plot area.
  func column(of x: Double, geometry: Geometry) -> Int? {
    let area = geometry.plotArea
    let perColumn = options.charset == .unicode ? 2 : 1
    let dotColumns = area.columns * perColumn
    let f = geometry.xAxis.fraction(of: x)
    guard let dot = dotIndex(f * Double(dotColumns - 1), limit: dotColumns) else { return nil }
    return area.column + dot / perColumn
  }

  func drawReferenceLines(into grid: inout PlotCellGrid, geometry: Geometry) {
    let area = geometry.plotArea
    for line in panel.referenceLines {
      guard let r = row(of: line.yValue, geometry: geometry) else { continue }
      for c in area.column..<(area.column + area.columns) {
        grid[r, c] = PlotCell(
          character: glyphs.referenceLine, colorIndex: line.colorIndex, attributes: .dim)
      }
    }
  }

  // MARK: Axes and text

  func drawAxes(into grid: inout PlotCellGrid, geometry: Geometry) {
    let area = geometry.plotArea
    let axisColumn = area.column - 1
    let axisRow = area.row + area.rows
    for r in area.row..<axisRow {
      grid[r, axisColumn] = PlotCell(character: glyphs.axisVertical)
    }
    for tick in geometry.yAxis.ticks where tick.isMajor {
      if let r = row(of: tick.value, geometry: geometry) {
        grid[r, axisColumn] = PlotCell(character: glyphs.yTick)
      }
    }
    grid[axisRow, axisColumn] = PlotCell(character: glyphs.corner)
    for c in area.column..<(area.column + area.columns) {
      grid[axisRow, c] = PlotCell(character: glyphs.axisHorizontal)
    }
    for tick in geometry.xAxis.ticks where tick.isMajor {
      if let c = column(of: tick.value, geometry: geometry) {
        grid[axisRow, c] = PlotCell(character: glyphs.xTick)
      }
    }
    if let events = panel.events {
      for x in events.xValues {
        guard let c = column(of: x, geometry: geometry) else { continue }
        grid[axisRow, c] = PlotCell(character: glyphs.event, colorIndex: events.colorIndex)
      }
    }
    for label in geometry.yLabels + geometry.xLabels {
      grid.write(label.text, row: label.row, column: label.column)
    }
  }

  func drawTitles(into grid: inout PlotCellGrid, geometry: Geometry) {
    let area = geometry.plotArea
    let width = frame.columns
    if Self.headerRows(panel) > 0 {
      var used = frame.column
      if !panel.yTitle.isEmpty {
        let text = truncated(panel.yTitle, width: width, ellipsis: glyphs.ellipsis)
        grid.write(text, row: frame.row, column: frame.column)
        used += text.count + 2
      }
      if !panel.title.isEmpty {
        let room = frame.column + width - used
        let text = truncated(panel.title, width: room, ellipsis: glyphs.ellipsis)
        let centred = area.column + (area.columns - text.count) / 2
        grid.write(text, row: frame.row, column: Swift.max(used, centred), attributes: .bold)
      }
    }
    if !panel.xTitle.isEmpty {
      let text = truncated(panel.xTitle, width: width, ellipsis: glyphs.ellipsis)
      let centred = area.column + (area.columns - text.count) / 2
      let column = Swift.max(frame.column, Swift.min(centred, frame.column + width - text.count))
      grid.write(text, row: area.row + area.rows + 2, column: column)
    }
  }

  // MARK: Legend

  /// Puts the legend in the corner of the plot area whose cells hold the
  /// fewest data dots; ties go to top right, top left, bottom right, bottom
  /// left, in that order.
  func placeInside(
    _ entries: [LegendEntry], width: Int, area: CellRect, score: (CellRect) -> Int
  ) -> LegendPlacement {
    let height = entries.count
    let left = area.column
    let right = area.column + area.columns - width
    let top = area.row
    let bottom = area.row + area.rows - height
    let corners: [(LegendPosition, CellRect)] = [
      (.topRight, CellRect(column: right, row: top, columns: width, rows: height)),
      (.topLeft, CellRect(column: left, row: top, columns: width, rows: height)),
      (.bottomRight, CellRect(column: right, row: bottom, columns: width, rows: height)),
      (.bottomLeft, CellRect(column: left, row: bottom, columns: width, rows: height)),
    ]
    var best = corners[0]
    var bestScore = Int.max
    for corner in corners {
      let s = score(corner.1)
      if s < bestScore {
        best = corner
        bestScore = s
      }
    }
    let origins = entries.indices.map { i in
      PlacedLabel(row: best.1.row + i, column: best.1.column + 1, text: entries[i].symbol)
    }
    return LegendPlacement(
      position: best.0, frame: best.1, entries: entries, entryOrigins: origins)
  }

  func placeBelow(_ entries: [LegendEntry], lines: [[Int]], top: Int, column: Int)
    -> LegendPlacement
  {
    let width = frame.column + frame.columns - column
    var origins = [PlacedLabel](
      repeating: PlacedLabel(row: top, column: column, text: ""), count: entries.count)
    for (lineIndex, line) in lines.enumerated() {
      var c = column
      for i in line {
        origins[i] = PlacedLabel(row: top + lineIndex, column: c, text: entries[i].symbol)
        c += entries[i].width + 3
      }
    }
    let frame = CellRect(column: column, row: top, columns: width, rows: lines.count)
    return LegendPlacement(
      position: .below, frame: frame, entries: entries, entryOrigins: origins)
  }

  func drawLegend(_ legend: LegendPlacement, into grid: inout PlotCellGrid) {
    let f = legend.frame
    grid.clear(row: f.row, column: f.column, rows: f.rows, columns: f.columns)
    let right = legend.position == .below ? f.column + f.columns : f.column + f.columns - 1
    for (entry, origin) in zip(legend.entries, legend.entryOrigins) {
      grid.write(entry.symbol, row: origin.row, column: origin.column, colorIndex: entry.colorIndex)
      let labelColumn = origin.column + entry.symbol.count + 1
      let text = truncated(entry.label, width: right - labelColumn, ellipsis: glyphs.ellipsis)
      grid.write(text, row: origin.row, column: labelColumn)
    }
  }
}
