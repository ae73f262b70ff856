// The plot model: what a figure says, before any layout.
//
// A `Figure` holds one or more stacked `PlotPanel`s (for training: loss on
// top, gradient norm below). A panel holds `PlotSeries` (x/y values, a mark
// style, a colour index), axis titles, a linear or log10 y axis, horizontal
// reference lines (the clipping threshold) and event markers (the steps at
// which clipping fired). Layout (`PlotLayout`) turns it into axes and ticks for
// a character grid; `PlotRenderer` paints the grid; `PlotSVG` and `PlotCSV`
// export it.

/// How a series is marked on the plot.
public enum PlotMark: String, Sendable, Equatable, CaseIterable {
  /// Consecutive points joined by straight segments (Braille dots).
  case line
  /// One Braille dot per point, not joined.
  case points
  /// One glyph per point at character resolution (`●`, `▲`, … or `*`, `o`, …).
  case markers
}

/// How values map onto an axis.
public enum AxisScale: String, Sendable, Equatable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log₁₀ of the value; values ≤ 0 cannot be shown.
  case log10
}

/// One named data series.
public struct PlotSeries: Sendable, Equatable {
  /// Shown in the legend and used as the CSV column header.
  public var name: String
  /// Horizontal coordinates; paired with `yValues` by index.
  public var xValues: [Double]
  /// Vertical coordinates.
  public var yValues: [Double]
  /// Line, points or markers.
  public var mark: PlotMark
  /// Index into the renderer's palette (taken modulo its size); series with
  /// the same index share a colour.
  public var colorIndex: Int

  /// Creates a series from paired x and y values.
  ///
  /// If the arrays differ in length, the extra values of the longer one are
  /// ignored (and counted in the layout's notes).
  public init(
    name: String, xValues: [Double], yValues: [Double], mark: PlotMark = .line, colorIndex: Int
  ) {
    self.name = name
    self.xValues = xValues
    self.yValues = yValues
    self.mark = mark
    self.colorIndex = colorIndex
  }

  /// Creates a series whose x values are the indices 0, 1, 2, … of `yValues`.
  public init(name: String, yValues: [Double], mark: PlotMark = .line, colorIndex: Int) {
    self.init(
      name: name, xValues: yValues.indices.map { Double($0) }, yValues: yValues, mark: mark,
      colorIndex: colorIndex)
  }

  /// The number of (x, y) pairs, the shorter of the two arrays.
  public var pairCount: Int { min(xValues.count, yValues.count) }
}

/// A horizontal line at a fixed y value, such as a gradient-clipping threshold.
public struct ReferenceLine: Sendable, Equatable {
  public var yValue: Double
  /// Legend text, e.g. `"clip 1.0"`.
  public var label: String
  public var colorIndex: Int

  public init(yValue: Double, label: String, colorIndex: Int) {
    self.yValue = yValue
    self.label = label
    self.colorIndex = colorIndex
  }
}

/// A set of x positions at which something happened, e.g. the training steps
/// at which the gradient was clipped. Drawn as marks on the x axis.
public struct EventMarkers: Sendable, Equatable {
  public var xValues: [Double]
  /// Legend text, e.g. `"clipped"`; the legend adds the count.
  public var label: String
  public var colorIndex: Int

  public init(xValues: [Double], label: String, colorIndex: Int) {
    self.xValues = xValues
    self.label = label
    self.colorIndex = colorIndex
  }
}

/// A fixed axis range, used instead of the range fitted to the data.
public struct AxisBounds: Sendable, Equatable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }
}

/// One set of axes with its series.
public struct PlotPanel: Sendable, Equatable {
  /// Shown centred on the panel's top row; empty for none.
  public var title: String
  public var series: [PlotSeries]
  /// Shown centred under the x tick labels; empty for none.
  public var xTitle: String
  /// Shown on the panel's top row above the y tick labels; empty for none.
  public var yTitle: String
  public var yScale: AxisScale
  public var referenceLines: [ReferenceLine]
  public var events: EventMarkers?
  /// A fixed x range; `nil` fits the data.
  public var xBounds: AxisBounds?
  /// A fixed y range; `nil` fits the data (and the reference lines).
  public var yBounds: AxisBounds?
  /// Whether to draw a legend (only drawn when there is something to name).
  public var showsLegend: Bool

  public init(
    title: String = "", series: [PlotSeries] = [], xTitle: String = "", yTitle: String = "",
    yScale: AxisScale = .linear, referenceLines: [ReferenceLine] = [],
    events: EventMarkers? = nil, xBounds: AxisBounds? = nil, yBounds: AxisBounds? = nil,
    showsLegend: Bool = true
  ) {
    self.title = title
    self.series = series
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.yScale = yScale
    self.referenceLines = referenceLines
    self.events = events
    self.xBounds = xBounds
    self.yBounds = yBounds
    self.showsLegend = showsLegend
  }
}

/// A whole figure: panels stacked top to bottom, and a status line.
public struct Figure: Sendable, Equatable {
  /// Shown centred on the first row; empty for none.
  public var title: String
  public var panels: [PlotPanel]
  /// The bottom row, for the panel's key bindings or a status message
  /// (`"←/→ radius 0.90  q quit"`); `nil` reserves no row.
  public var statusLine: String?

  public init(title: String = "", panels: [PlotPanel], statusLine: String? = nil) {
    self.title = title
    self.panels = panels
    self.statusLine = statusLine
  }
}
