// Comparing what two interpreters made of one program: their outputs line by line, and the
// last line of their error reports.

/// Helpers for tests that run one program through gradrepl and through a reference
/// interpreter and require the same result.
public enum ProgramComparison {
  /// The last line of `text` that is not blank.
  public static func lastLine(of text: String) -> String {
    text.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
  }

  /// `line` without a leading `FILE:LINE:COL: ` (or `FILE:LINE: `) naming `file`: the
  /// location gradrepl puts in front of an error raised at a script's top level.
  public static func withoutLocation(_ line: String, file: String) -> String {
    guard line.hasPrefix(file + ":") else { return line }
    var rest = line.dropFirst(file.count + 1)
    for _ in 0..<2 {
      let digits = rest.prefix(while: \.isNumber)
      guard !digits.isEmpty, rest.dropFirst(digits.count).first == ":" else { break }
      rest = rest.dropFirst(digits.count + 1)
    }
    return rest.hasPrefix(" ") ? String(rest.dropFirst()) : line
  }

  /// The first line where `actual` departs from `expected`, numbered from 1, with both
  /// versions (a missing line shows as `<end of output>`); nil when the texts are equal.
  public static func firstDifference(_ expected: String, _ actual: String) -> String? {
    guard expected != actual else { return nil }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var index = 0
    while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
    let theirs = index < a.count ? String(a[index]) : "<end of output>"
    let ours = index < b.count ? String(b[index]) : "<end of output>"
    return "line \(index + 1): expected \(theirs.debugDescription), got \(ours.debugDescription)"
  }

  /// A line diff of `expected` against `actual`: common lines start with two spaces, lines
  /// only in `expected` with `- `, lines only in `actual` with `+ ` (longest common
  /// subsequence).
  public static func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // common[i][j]: length of the longest common subsequence of a[i...] and b[j...].
    var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        common[i][j] =
          a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
      }
    }
    var lines: [String] = []
    var (i, j) = (0, 0)
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        lines.append("  " + a[i])
        i += 1
        j += 1
      } else if j < b.count, i == a.count || common[i][j + 1] >= common[i + 1][j] {
        lines.append("+ " + b[j])
        j += 1
      } else {
        lines.append("- " + a[i])
        i += 1
      }
    }
    return lines.joined(separator: "\n")
  }
}
