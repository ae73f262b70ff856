import Foundation

// A figure's data as CSV: one row per x value, one column per series.
//
// ```
// k,radius 0.5,radius 1.5
// 0,1,1
// 1,0.5,1.5
// 2,,2.25        ← a series without a value at this x leaves its cell empty
// ```
//
// Rows are sorted by x. A series with the same x twice gets a second row for
// it, so no value is lost. Values are written exactly (shortest text that
// reads back as the same Double); NaN and infinities as `nan`, `inf`, `-inf`,
// which numpy and pandas read back.

/// CSV export of a figure's series.
public enum PlotCSV {
  /// The figure's series as CSV text (RFC 4180 quoting, `\n` line ends, a
  /// header row naming the x column and each series).
  public static func csv(_ figure: Figure) -> String {
    var headers: [String] = []
    var columns: [PlotSeries] = []
    var seen: [String: Int] = [:]
    for panel in figure.panels {
      for s in panel.series {
        var name = s.name.isEmpty ? "series \(columns.count + 1)" : s.name
        if let n = seen[name] {
          // Two series with one name (one per panel, say): tell them apart.
          seen[name] = n + 1
          name = panel.title.isEmpty ? "\(name) (\(n + 1))" : "\(panel.title): \(name)"
        } else {
          seen[name] = 1
        }
        headers.append(name)
        columns.append(s)
      }
    }
    let xTitle = figure.panels.first(where: { !$0.xTitle.isEmpty })?.xTitle ?? "x"

    // Row key: the x value (its bits, with -0 folded into 0) and how many
    // times this series has already used that x.
    struct RowKey: Hashable {
      var bits: UInt64
      var occurrence: Int
    }
    var rowIndex: [RowKey: Int] = [:]
    var rowX: [Double] = []
    var rowOccurrence: [Int] = []
    var cells: [[Double?]] = []
    for (column, s) in columns.enumerated() {
      var uses: [UInt64: Int] = [:]
      for i in 0..<s.pairCount {
        let x = s.xValues[i] == 0 ? 0 : s.xValues[i]
        let bits = x.isNaN ? Double.nan.bitPattern : x.bitPattern
        let occurrence = uses[bits, default: 0]
        uses[bits] = occurrence + 1
        let key = RowKey(bits: bits, occurrence: occurrence)
        let row: Int
        if let existing = rowIndex[key] {
          row = existing
        } else {
          row = rowX.count
          rowIndex[key] = row
          rowX.append(x)
          rowOccurrence.append(occurrence)
          cells.append([Double?](repeating: nil, count: columns.count))
        }
        cells[row][column] = s.yValues[i]
      }
    }
    // Sort by x (NaN last), then by occurrence.
    let order = rowX.indices.sorted { a, b in
      let xa = rowX[a]
      let xb = rowX[b]
      if xa.isNaN != xb.isNaN { return xb.isNaN }
      if xa != xb && !xa.isNaN { return xa < xb }
      return rowOccurrence[a] < rowOccurrence[b]
    }

    var out = ([xTitle] + headers).map(field).joined(separator: ",") + "\n"
    for row in order {
      var fields = [number(rowX[row])]
      for value in cells[row] { fields.append(value.map(number) ?? "") }
      out += fields.joined(separator: ",") + "\n"
    }
    return out
  }

  /// A number as CSV text: integers without a decimal point, others as the
  /// shortest round-tripping form.
  static func number(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded() && Swift.abs(value) < 9_007_199_254_740_992 {
      return String(Int64(value))
    }
    return "\(value)"
  }

  /// A text field, quoted when it holds a comma, quote or line break.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
