// Printing arrays as NumPy 2 prints them (its default print options:
// precision 8, 'maxprec' float mode, suppress=False, line width 75,
// summarising past 1000 elements with 3 edge items).
//
// A float array is printed in one of two styles, chosen once for the whole
// array from its non-zero finite values |x|:
//
//     scientific  when max |x| ≥ 1e8, or min |x| < 1e-4, or max |x| / min |x| > 1000
//     positional  otherwise
//
// Each value starts as the shortest decimal that reads back as the same
// float (at most 8 digits after the point), and then every value is padded
// to the widest integer part and the widest fraction (positional), or to
// the most digits any value needs (scientific), so the columns line up.

import Foundation
import GradTensor

/// Print options that NumPy has as defaults.
enum PrintOptions {
  static let precision = 8
  static let lineWidth = 75
  static let threshold = 1000
  static let edgeItems = 3
}

/// A float's shortest round-trip decimal: digits d₁d₂…dₙ and exponent e, the value being
/// ±d₁.d₂…dₙ × 10ᵉ.
struct ShortestDecimal {
  var negative: Bool
  var digits: [Character]
  var exponent: Int

  /// The shortest digits of a finite value, in float32's precision when `single`.
  init(_ x: Double, single: Bool) {
    self.init(parsing: single ? Float(x).description : x.description)
  }

  /// From C's `%.*e` or `%.*f` text, or Swift's description: `-1.25e-05`, `0.001`.
  init(parsing text: String) {
    var body = Substring(text)
    negative = body.hasPrefix("-")
    if negative { body = body.dropFirst() }
    var exponentPart = 0
    if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponentPart = Int(body[body.index(after: e)...]) ?? 0
      body = body[..<e]
    }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    let whole = parts.first.map(String.init) ?? ""
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    var all = Array(whole + fraction)
    var pointAt = whole.count
    while let first = all.first, first == "0" {
      all.removeFirst()
      pointAt -= 1
    }
    while let last = all.last, last == "0" { all.removeLast() }
    if all.isEmpty {
      digits = ["0"]
      exponent = 0
    } else {
      digits = all
      exponent = pointAt - 1 + exponentPart
    }
  }

  /// Digits after the point in positional notation.
  var fractionDigits: Int { max(0, digits.count - 1 - exponent) }

  /// `(integer part with sign, fraction digits)` in positional notation.
  var positionalParts: (String, String) {
    let sign = negative ? "-" : ""
    if exponent >= 0 {
      let wholeCount = exponent + 1
      let whole =
        digits.count >= wholeCount
        ? String(digits[0..<wholeCount])
        : String(digits) + String(repeating: "0", count: wholeCount - digits.count)
      let fraction = digits.count > wholeCount ? String(digits[wholeCount...]) : ""
      return (sign + whole, fraction)
    }
    return (sign + "0", String(repeating: "0", count: -exponent - 1) + String(digits))
  }
}

/// The shortest decimal of `x` with at most `precision` digits after the point, rounding
/// the exact binary value when more would be needed.
func positionalDecimal(_ x: Double, single: Bool, precision: Int) -> ShortestDecimal {
  let shortest = ShortestDecimal(x, single: single)
  if shortest.fractionDigits <= precision { return shortest }
  var rounded = ShortestDecimal(parsing: String(format: "%.\(precision)f", x))
  rounded.negative = shortest.negative
  return rounded
}

/// The shortest decimal of `x` with at most `precision` digits after the first, rounding the
/// exact value when more would be needed.
func scientificDecimal(_ x: Double, single: Bool, precision: Int) -> ShortestDecimal {
  let shortest = ShortestDecimal(x, single: single)
  if shortest.digits.count - 1 <= precision { return shortest }
  return ShortestDecimal(parsing: String(format: "%.\(precision)e", x))
}

/// How every element of one float array is written.
struct FloatFormat {
  let single: Bool
  var scientific = false
  var padLeft = 0
  var padRight = 0
  var precision = PrintOptions.precision
  var minimumDigits = 0
  var exponentDigits = 0

  /// Chooses the style and the padding from the values that will be shown.
  init(_ values: [Double], single: Bool) {
    self.single = single
    let finite = values.filter(\.isFinite)
    let magnitudes = finite.filter { $0 != 0 }.map(abs)
    if let largest = magnitudes.max(), let smallest = magnitudes.min() {
      let ratio = single ? Double(Float(largest) / Float(smallest)) : largest / smallest
      // The upper limit is 10^min(precision, digits the type holds): 1e8, or 1e6 for float32.
      scientific = largest >= (single ? 1e6 : 1e8) || smallest < 1e-4 || ratio > 1000
    }
    if finite.isEmpty {
      padLeft = 0
      padRight = 0
    } else if scientific {
      let shown = finite.map { scientificDecimal($0, single: single, precision: precision) }
      precision = shown.map { $0.digits.count - 1 }.max() ?? 0
      minimumDigits = precision
      exponentDigits = max(2, shown.map { String(abs($0.exponent)).count }.max() ?? 2)
      padLeft = shown.map { $0.negative ? 2 : 1 }.max() ?? 1
      padRight = exponentDigits + 2 + precision
    } else {
      let shown = finite.map { positionalDecimal($0, single: single, precision: precision) }
      let parts = shown.map(\.positionalParts)
      padLeft = parts.map(\.0.count).max() ?? 0
      padRight = parts.map(\.1.count).max() ?? 0
    }
    if finite.count != values.count {
      // nan and inf are right-aligned in the same width as the numbers.
      let negativeInfinity = values.contains { $0 == -.infinity } ? 1 : 0
      padLeft = max(padLeft, 3 - (padRight + 1), 3 + negativeInfinity - (padRight + 1))
    }
  }

  /// One element, padded to the array's common width.
  func format(_ x: Double) -> String {
    guard x.isFinite else {
      let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
      return leftPadded(text, padLeft + padRight + 1)
    }
    if scientific {
      // Digits past the shortest ones, up to the common count, are the exact value's.
      var d = scientificDecimal(x, single: single, precision: precision)
      if d.digits.count - 1 < minimumDigits {
        d = ShortestDecimal(parsing: String(format: "%.\(minimumDigits)e", x))
      }
      var fraction = String(d.digits.dropFirst())
      if fraction.count < minimumDigits {
        fraction += String(repeating: "0", count: minimumDigits - fraction.count)
      }
      let whole = (d.negative ? "-" : "") + String(d.digits[0])
      let exponentText = String(abs(d.exponent))
      let exponent =
        (d.exponent < 0 ? "-" : "+")
        + String(repeating: "0", count: max(0, exponentDigits - exponentText.count)) + exponentText
      return leftPadded(whole, padLeft) + "." + fraction + "e" + exponent
    }
    let (whole, fraction) = positionalDecimal(x, single: single, precision: precision)
      .positionalParts
    return leftPadded(whole, padLeft) + "." + fraction
      + String(repeating: " ", count: max(0, padRight - fraction.count))
  }
}

private func leftPadded(_ s: String, _ width: Int) -> String {
  s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// A numpy scalar as `str()` shows it: Python's float repr rules (positional for
/// 1e-4 ≤ |x| < 1e16, else scientific), in float32's shortest digits and with 1e6 as the
/// upper limit for float32.
func scalarText(_ x: Double, dtype: DType) -> String {
  switch dtype {
  case .bool: return x != 0 ? "True" : "False"
  case .int64: return String(saturatingInt64(x))
  case .float32, .float64:
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let d = ShortestDecimal(x, single: dtype == .float32)
    let magnitude = abs(x)
    if magnitude == 0 || (magnitude >= 1e-4 && magnitude < (dtype == .float32 ? 1e6 : 1e16)) {
      let (whole, fraction) = d.positionalParts
      return whole + "." + (fraction.isEmpty ? "0" : fraction)
    }
    let mantissa =
      (d.negative ? "-" : "") + String(d.digits[0])
      + (d.digits.count > 1 ? "." + String(d.digits.dropFirst()) : "")
    let e = abs(d.exponent)
    return mantissa + "e" + (d.exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
  }
}

/// NumPy's short name for a dtype, as in `dtype=float32`.
func numpyName(_ dtype: DType) -> String {
  switch dtype {
  case .float32: return "float32"
  case .float64: return "float64"
  case .int64: return "int64"
  case .bool: return "bool"
  }
}

// MARK: - Arrays

/// The text of an array: `str()` when `separator` is " ", the inside of `array(...)` when it
/// is ", " (then `prefixWidth` is 6 and the line is one shorter for the closing parenthesis).
func arrayText(_ data: NDData, separator: String, prefixWidth: Int, suffixWidth: Int) -> String {
  if data.count == 0 { return "[]" }
  let summarise = data.count > PrintOptions.threshold
  let shown = summarise ? edgePositions(data.shape) : Array(0..<data.count)
  let element = elementFormatter(data, shown: shown)
  if data.shape.isEmpty { return element(0) }
  let strides = contiguousStrides(data.shape)
  let lineWidth = PrintOptions.lineWidth - suffixWidth

  func recurse(_ offset: Int, axis: Int, hangingIndent: String, width: Int) -> String {
    let axesLeft = data.shape.count - axis
    let nextIndent = hangingIndent + " "
    let nextWidth = width - 1
    let length = data.shape[axis]
    let showSummary = summarise && 2 * PrintOptions.edgeItems < length
    let leading = showSummary ? PrintOptions.edgeItems : 0
    let trailing = showSummary ? PrintOptions.edgeItems : length
    let at = { (i: Int) in offset + i * strides[axis] }
    var s = ""
    if axesLeft == 1 {
      let elementWidth = width - max(separator.trimmingTrailingSpaces.count, 1)
      var line = hangingIndent
      func extend(_ word: String, _ limit: Int) {
        var needsWrap = line.count + word.count > limit
        if line.count <= hangingIndent.count { needsWrap = false }
        if needsWrap {
          s += line.trimmingTrailingSpaces + "\n"
          line = hangingIndent
        }
        line += word
      }
      for i in 0..<leading {
        extend(element(at(i)), elementWidth)
        line += separator
      }
      if showSummary {
        extend("...", elementWidth)
        line += separator
      }
      if trailing > 1 {
        for i in stride(from: trailing, to: 1, by: -1) {
          extend(element(at(length - i)), elementWidth)
          line += separator
        }
      }
      extend(element(at(length - 1)), elementWidth)
      s += line
    } else {
      let lineSeparator =
        separator.trimmingTrailingSpaces + String(repeating: "\n", count: axesLeft - 1)
      for i in 0..<leading {
        s +=
          hangingIndent
          + recurse(at(i), axis: axis + 1, hangingIndent: nextIndent, width: nextWidth)
          + lineSeparator
      }
      if showSummary { s += hangingIndent + "..." + lineSeparator }
      if trailing > 1 {
        for i in stride(from: trailing, to: 1, by: -1) {
          s +=
            hangingIndent
            + recurse(
              at(length - i), axis: axis + 1, hangingIndent: nextIndent, width: nextWidth)
            + lineSeparator
        }
      }
      s +=
        hangingIndent
        + recurse(at(length - 1), axis: axis + 1, hangingIndent: nextIndent, width: nextWidth)
    }
    return "[" + String(s.dropFirst(hangingIndent.count)) + "]"
  }
  return recurse(
    0, axis: 0, hangingIndent: String(repeating: " ", count: 1 + prefixWidth), width: lineWidth)
}

/// NumPy's repr: `array([1., 2.])`, with `dtype=` when the dtype is not implied by the
/// values (float32, or an empty array) and `shape=` when it cannot be seen.
func arrayRepr(_ data: NDData) -> String {
  let prefix = "array("
  let body = arrayText(data, separator: ", ", prefixWidth: prefix.count, suffixWidth: 1)
  var extras: [String] = []
  if (data.count == 0 && data.shape != [0]) || data.count > PrintOptions.threshold {
    extras.append("shape=" + shapeTuple(data.shape))
  }
  if data.dtype == .float32 || data.count == 0 {
    extras.append("dtype=" + numpyName(data.dtype))
  }
  if extras.isEmpty { return prefix + body + ")" }
  let head = prefix + body + ","
  let tail = extras.joined(separator: ", ") + ")"
  let lastLine = head.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
  let spacer =
    lastLine + tail.count + 1 > PrintOptions.lineWidth
    ? "\n" + String(repeating: " ", count: prefix.count) : " "
  return head + spacer + tail
}

/// `(2, 3)`, `(5,)`, `()`.
func shapeTuple(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// Row-major positions of the elements a summarised print shows: the first and last three
/// along every axis longer than six.
private func edgePositions(_ shape: [Int]) -> [Int] {
  let strides = contiguousStrides(shape)
  var positions = [0]
  for (axis, length) in shape.enumerated() {
    let kept: [Int] =
      length > 2 * PrintOptions.edgeItems
      ? Array(0..<PrintOptions.edgeItems) + Array((length - PrintOptions.edgeItems)..<length)
      : Array(0..<length)
    positions = positions.flatMap { base in kept.map { base + $0 * strides[axis] } }
  }
  return positions
}

func contiguousStrides(_ shape: [Int]) -> [Int] {
  var strides = [Int](repeating: 1, count: shape.count)
  var running = 1
  for d in stride(from: shape.count - 1, through: 0, by: -1) {
    strides[d] = running
    running *= max(shape[d], 1)
  }
  return strides
}

/// The function that writes the element at a row-major position, its widths fixed by the
/// elements that will be shown.
private func elementFormatter(_ data: NDData, shown: [Int]) -> (Int) -> String {
  switch data.values {
  case .bool(let bs):
    let trueText = data.shape.isEmpty ? "True" : " True"
    return { bs[$0] ? trueText : "False" }
  case .int(let ns):
    let widths = shown.map { String(ns[$0]).count }
    let width = widths.max() ?? 1
    return { leftPadded(String(ns[$0]), width) }
  case .float(let xs):
    let format = FloatFormat(shown.map { xs[$0] }, single: data.dtype == .float32)
    return { format.format(xs[$0]) }
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
