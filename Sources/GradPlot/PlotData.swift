// Dropping the values an axis cannot show, and saying so.
//
// A gradient that overflowed to inf, a loss that went NaN, or a norm of
// exactly 0 on a log axis (log₁₀ 0 = −∞) cannot be placed. They are skipped,
// counted, and reported in a note, and a line is not drawn across the gap.

/// The drawable points of a series and how many were skipped, and why.
public struct CleanedSeries: Sendable, Equatable {
  public var name: String
  public var xValues: [Double]
  public var yValues: [Double]
  /// `true` where a point starts a new run: the point before it was skipped,
  /// so the line is not joined across the gap.
  public var startsRun: [Bool]
  /// Points with NaN or ±inf in x or y.
  public var skippedNonFinite: Int
  /// Points with y ≤ 0 on a log axis.
  public var skippedNonPositive: Int
  /// Values without a partner because `xValues` and `yValues` differ in length.
  public var skippedUnpaired: Int

  /// Keeps the points of `series` that a `yScale` axis can show.
  public init(_ series: PlotSeries, yScale: AxisScale) {
    name = series.name
    let n = series.pairCount
    xValues = []
    yValues = []
    startsRun = []
    xValues.reserveCapacity(n)
    yValues.reserveCapacity(n)
    startsRun.reserveCapacity(n)
    skippedNonFinite = 0
    skippedNonPositive = 0
    skippedUnpaired = Swift.max(series.xValues.count, series.yValues.count) - n
    var previousSkipped = true
    for i in 0..<n {
      let x = series.xValues[i]
      let y = series.yValues[i]
      if !x.isFinite || !y.isFinite {
        skippedNonFinite += 1
        previousSkipped = true
      } else if yScale == .log10 && y <= 0 {
        skippedNonPositive += 1
        previousSkipped = true
      } else {
        xValues.append(x)
        yValues.append(y)
        startsRun.append(previousSkipped)
        previousSkipped = false
      }
    }
  }

  public var skippedCount: Int { skippedNonFinite + skippedNonPositive + skippedUnpaired }

  /// A sentence for the student, or `nil` when nothing was skipped:
  /// `r=1.5: 3 points not shown (2 NaN/inf, 1 ≤ 0 on the log axis)`.
  public var note: String? {
    guard skippedCount > 0 else { return nil }
    var reasons: [String] = []
    if skippedNonFinite > 0 { reasons.append("\(skippedNonFinite) NaN/inf") }
    if skippedNonPositive > 0 { reasons.append("\(skippedNonPositive) ≤ 0 on the log axis") }
    if skippedUnpaired > 0 { reasons.append("\(skippedUnpaired) without a partner x/y value") }
    let noun = skippedCount == 1 ? "point" : "points"
    let label = name.isEmpty ? "series" : name
    return "\(label): \(skippedCount) \(noun) not shown (\(reasons.joined(separator: ", ")))"
  }

  /// The smallest and largest x and y, or `nil` when no point is left.
  var extent: (xMin: Double, xMax: Double, yMin: Double, yMax: Double)? {
    guard var xMin = xValues.first, var yMin = yValues.first else { return nil }
    var xMax = xMin
    var yMax = yMin
    for x in xValues {
      xMin = Swift.min(xMin, x)
      xMax = Swift.max(xMax, x)
    }
    for y in yValues {
      yMin = Swift.min(yMin, y)
      yMax = Swift.max(yMax, y)
    }
    return (xMin, xMax, yMin, yMax)
  }
}
