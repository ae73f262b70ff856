import Foundation

// Axis ranges and "nice" ticks.
//
// Linear axes step by 1, 2 or 5 times a power of ten, and the range is widened
// to whole steps, so every tick label is short and exact:
//
// ```
// data 0.13 … 0.87, about 5 intervals → step 0.2, range 0 … 1,
// ticks 0, 0.2, 0.4, 0.6, 0.8, 1
// ```
//
// Log axes run over whole decades 10^k; a wide range (1e-12 … 1e+6) labels
// every 2nd, 3rd, 5th … decade so the labels fit, and a narrow one (three
// decades or fewer) adds minor ticks at 2·10^k … 9·10^k. Only labelled
// decades are major (get a tick mark); the others are minor.

/// How tick labels on a log axis are written.
public enum LogLabelStyle: String, Sendable, Equatable {
  /// `1e-6`, `1e+0`, `1e+3`: plain ASCII, fits any terminal.
  case exponent
  /// `10⁻⁶`, `10⁰`, `10³`: needs a UTF-8 terminal.
  case superscript
}

/// One tick on an axis.
public struct AxisTick: Sendable, Equatable {
  public var value: Double
  /// Empty when the tick is drawn without a label.
  public var label: String
  /// Major ticks get a tick mark on the axis line; minor ones only a label
  /// when there is room (narrow log ranges).
  public var isMajor: Bool

  public init(value: Double, label: String, isMajor: Bool) {
    self.value = value
    self.label = label
    self.isMajor = isMajor
  }
}

/// A fitted axis: its scale, range and ticks.
public struct PlotAxis: Sendable, Equatable {
  public var scale: AxisScale
  /// The value at the start of the axis (left or bottom).
  public var lower: Double
  /// The value at the end of the axis (right or top).
  public var upper: Double
  public var ticks: [AxisTick]

  public init(scale: AxisScale, lower: Double, upper: Double, ticks: [AxisTick]) {
    self.scale = scale
    self.lower = lower
    self.upper = upper
    self.ticks = ticks
  }

  /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`.
  ///
  /// ```
  /// linear: (v − lower) / (upper − lower)
  /// log10:  (log₁₀ v − log₁₀ lower) / (log₁₀ upper − log₁₀ lower)
  /// ```
  /// Returns a non-finite number for values the axis cannot show (v ≤ 0 on a
  /// log axis, NaN); callers skip those.
  public func fraction(of value: Double) -> Double {
    switch scale {
    case .linear:
      let span = upper - lower
      return span > 0 ? (value - lower) / span : 0.5
    case .log10:
      guard value > 0, lower > 0, upper > lower else { return .nan }
      let lo = Foundation.log10(lower)
      return (Foundation.log10(value) - lo) / (Foundation.log10(upper) - lo)
    }
  }

  /// `fraction(of:)` with the logs of the range ends worked out once, for
  /// mapping thousands of points.
  func fractionMap() -> AxisFractionMap {
    switch scale {
    case .linear:
      let span = upper - lower
      return AxisFractionMap(
        isLog: false, offset: lower, scale: span > 0 ? 1 / span : 0, constant: span > 0 ? 0 : 0.5)
    case .log10:
      guard lower > 0, upper > lower else {
        return AxisFractionMap(isLog: true, offset: 0, scale: 0, constant: .nan)
      }
      let lo = Foundation.log10(lower)
      return AxisFractionMap(
        isLog: true, offset: lo, scale: 1 / (Foundation.log10(upper) - lo), constant: 0)
    }
  }

  /// The labelled ticks only.
  public var labelledTicks: [AxisTick] { ticks.filter { !$0.label.isEmpty } }

  // MARK: Fitting

  /// Fits an axis to data spanning `dataMin … dataMax`.
  ///
  /// - Parameters:
  ///   - scale: linear or log10; for log10 both ends must be positive (the
  ///     caller drops non-positive values first).
  ///   - dataMin: the smallest value to show; non-finite ends fall back to 0 … 1
  ///     (linear) or 1 … 10 (log).
  ///   - dataMax: the largest value to show.
  ///   - maxLabels: about how many labels fit along the axis (at least 2).
  ///   - logLabels: how log tick labels are written.
  public static func fitted(
    scale: AxisScale, dataMin: Double, dataMax: Double, maxLabels: Int,
    logLabels: LogLabelStyle = .exponent
  ) -> PlotAxis {
    switch scale {
    case .linear: return linear(dataMin: dataMin, dataMax: dataMax, maxLabels: maxLabels)
    case .log10:
      return logarithmic(
        dataMin: dataMin, dataMax: dataMax, maxLabels: maxLabels, style: logLabels)
    }
  }

  /// An axis over exactly `lower … upper` (a user-fixed range), with nice
  /// ticks inside it.
  public static func fixed(
    scale: AxisScale, lower: Double, upper: Double, maxLabels: Int,
    logLabels: LogLabelStyle = .exponent
  ) -> PlotAxis {
    var axis = fitted(
      scale: scale, dataMin: lower, dataMax: upper, maxLabels: maxLabels, logLabels: logLabels)
    let valid =
      lower.isFinite && upper.isFinite && lower < upper && (scale == .linear || lower > 0)
    guard valid else { return axis }
    // Keep the user's ends; drop ticks the widening added outside them.
    let slack = (upper - lower) * 1e-9
    axis.lower = lower
    axis.upper = upper
    axis.ticks = axis.ticks.filter { $0.value >= lower - slack && $0.value <= upper + slack }
    return axis
  }

  /// The 1-2-5 step nearest above `rough`.
  ///
  /// ```
  /// rough = f · 10^e with 1 ≤ f < 10;  step = n · 10^e, n = first of 1, 2, 5, 10 ≥ f
  /// ```
  static func niceStep(_ rough: Double) -> Double {
    guard rough.isFinite, rough > 0 else { return 1 }
    let e = Foundation.floor(Foundation.log10(rough))
    let base = Foundation.pow(10, e)
    let f = rough / base
    let n: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
    return n * base
  }

  static func linear(dataMin: Double, dataMax: Double, maxLabels: Int) -> PlotAxis {
    // Beyond ±1e300 the span itself overflows; clamp so arithmetic stays finite.
    let limit = 1e300
    var lo = dataMin.isFinite ? Swift.max(-limit, Swift.min(limit, dataMin)) : 0
    var hi = dataMax.isFinite ? Swift.max(-limit, Swift.min(limit, dataMax)) : 1
    if !dataMin.isFinite && !dataMax.isFinite {
      lo = 0
      hi = 1
    }
    if lo > hi { swap(&lo, &hi) }
    // A constant series gets a range around its value: ±10 % (±1 around 0).
    let magnitude = Swift.max(Swift.abs(lo), Swift.abs(hi))
    if hi - lo <= magnitude * 1e-12 {
      let pad = magnitude == 0 ? 1 : magnitude * 0.1
      lo -= pad
      hi += pad
    }
    let intervals = Swift.max(1, maxLabels - 1)
    let step = niceStep((hi - lo) / Double(intervals))
    let kLo = Foundation.floor(lo / step)
    let kHi = Foundation.ceil(hi / step)
    let count = Swift.min(1000, Swift.max(1, Int(exactly: (kHi - kLo).rounded()) ?? 1)) + 1
    // Values k·step are computed as k / (1/step) when step < 1, so 3 × 0.1
    // comes out as 0.3 rather than 0.30000000000000004.
    let inverse = step < 1 ? (1 / step).rounded() : 0
    func value(_ k: Double) -> Double {
      let v = inverse > 0 ? k / inverse : k * step
      return v == 0 ? 0 : v  // no "-0"
    }
    var ticks: [AxisTick] = []
    ticks.reserveCapacity(count)
    let largest = Swift.max(Swift.abs(value(kLo)), Swift.abs(value(kHi)))
    for i in 0..<count {
      let v = value(kLo + Double(i))
      ticks.append(
        AxisTick(value: v, label: formatLinear(v, step: step, largest: largest), isMajor: true))
    }
    return PlotAxis(scale: .linear, lower: value(kLo), upper: value(kHi), ticks: ticks)
  }

  static func logarithmic(
    dataMin: Double, dataMax: Double, maxLabels: Int, style: LogLabelStyle
  ) -> PlotAxis {
    var lo = dataMin.isFinite && dataMin > 0 ? dataMin : 1
    var hi = dataMax.isFinite && dataMax > 0 ? dataMax : Swift.max(lo, 10)
    if lo > hi { swap(&lo, &hi) }
    // Whole decades; log₁₀ of a finite positive Double lies in −324 … 309.
    var eLo = Int(Foundation.floor(Foundation.log10(lo)))
    var eHi = Int(Foundation.ceil(Foundation.log10(hi)))
    // Keep 10^e a positive finite Double: 1e-323 is the smallest decade
    // above the subnormal limit, 1e308 the largest below overflow.
    eLo = Swift.min(Swift.max(eLo, -323), 307)
    eHi = Swift.min(Swift.max(eHi, -322), 308)
    if eLo == eHi {
      // A value exactly on a decade: centre it in two decades.
      eLo -= 1
      eHi += 1
    }
    let decades = eHi - eLo
    // Label every s-th decade, s from 1, 2, 3, 5, 10, 20, …, so that
    // decades / s + 1 labels fit.
    let budget = Swift.max(2, maxLabels)
    var s = 1
    for candidate in [1, 2, 3, 5, 10, 20, 25, 50, 100, 200] {
      s = candidate
      if decades / candidate + 1 <= budget { break }
    }
    // With few multiples of s in range (25 decades, s = 25), label both ends
    // instead so the axis always reads as a range.
    let multiples = (eLo...eHi).filter { ((($0 % s) + s) % s) == 0 }.count
    let labelsEnds = multiples < 2
    let labelsMinors = decades == 1 && budget >= 4
    var ticks: [AxisTick] = []
    for e in eLo...eHi {
      let v = decadeValue(e)
      let labelled = labelsEnds ? (e == eLo || e == eHi) : ((e % s) + s) % s == 0
      ticks.append(
        AxisTick(
          value: v, label: labelled ? formatLog(mantissa: 1, exponent: e, style: style) : "",
          isMajor: labelled))
      guard decades <= 3, e < eHi else { continue }
      for m in 2...9 {
        let label = labelsMinors && (m == 2 || m == 5)
        ticks.append(
          AxisTick(
            value: Double(m) * v,
            label: label ? formatLog(mantissa: m, exponent: e, style: style) : "",
            isMajor: false))
      }
    }
    return PlotAxis(scale: .log10, lower: decadeValue(eLo), upper: decadeValue(eHi), ticks: ticks)
  }

  /// 10^e as the nearest Double, for e in −323 … 308 (0 and inf beyond).
  static func decadeValue(_ e: Int) -> Double {
    guard e >= -323 else { return 0 }
    guard e <= 308 else { return .infinity }
    return decades[e + 323]
  }

  /// 10^−323 … 10^308, each parsed from its literal, which is correctly
  /// rounded (repeated multiplication by 10 would drift).
  private static let decades: [Double] = (-323...308).map { e in
    Double("1e\(e)") ?? Foundation.pow(10, Double(e))
  }

  // MARK: Labels

  private static let superscriptDigits: [Character] = [
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
  ]

  /// `1e-6` / `10⁻⁶`; with a mantissa other than 1: `2e-6` / `2·10⁻⁶`.
  static func formatLog(mantissa: Int, exponent: Int, style: LogLabelStyle) -> String {
    switch style {
    case .exponent:
      return "\(mantissa)e\(exponent < 0 ? "-" : "+")\(Swift.abs(exponent))"
    case .superscript:
      var text = mantissa == 1 ? "10" : "\(mantissa)·10"
      if exponent < 0 { text.append("⁻") }
      for digit in String(Swift.abs(exponent)) {
        if let d = digit.wholeNumberValue { text.append(superscriptDigits[d]) }
      }
      return text
    }
  }

  /// A linear tick label: fixed-point with as many decimals as the step needs,
  /// or `1.5e+6` style when the numbers are very large or the step very small.
  static func formatLinear(_ value: Double, step: Double, largest: Double) -> String {
    if value == 0 { return "0" }
    let stepExponent = Int(Foundation.floor(Foundation.log10(step)))
    if largest >= 1e6 || stepExponent < -4 {
      var e = Int(Foundation.floor(Foundation.log10(Swift.abs(value))))
      var digits = Swift.max(0, e - stepExponent)
      var mantissa = String(format: "%.*f", Int32(digits), value / decadeValue(e))
      if mantissa.hasPrefix("10") || mantissa.hasPrefix("-10") {
        // Rounding carried into the next decade (9.96 → 10.0).
        e += 1
        digits = Swift.max(0, e - stepExponent)
        mantissa = String(format: "%.*f", Int32(digits), value / decadeValue(e))
      }
      if mantissa.contains(".") {
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
      }
      return "\(mantissa)e\(e < 0 ? "-" : "+")\(Swift.abs(e))"
    }
    return String(format: "%.*f", Int32(Swift.max(0, -stepExponent)), value)
  }
}

/// A precomputed affine map from a value (or its log₁₀) to its place on an
/// axis: `f = (v − offset) · scale`.
struct AxisFractionMap {
  var isLog: Bool
  var offset: Double
  var scale: Double
  /// Returned instead when the range is degenerate (NaN: nothing to show).
  var constant: Double

  @inline(__always)
  func callAsFunction(_ value: Double) -> Double {
    if scale == 0 { return constant }
    if isLog {
      guard value > 0 else { return .nan }
      return (Foundation.log10(value) - offset) * scale
    }
    return (value - offset) * scale
  }
}
