import Foundation

// Writing exports to files. Every write goes to a temporary file that is then
// renamed over the target (`Data.write(options: .atomic)`), so an interrupted
// export never leaves half a file behind.

/// Why an export could not be written.
public struct PlotExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String {
    "could not write \(path): \(reason) (check that the folder exists and is writable)"
  }
}

/// Writing CSV and SVG exports to files.
public enum PlotExport {
  /// Writes `text` as UTF-8 to `path`, atomically.
  public static func write(_ text: String, toPath path: String) throws(PlotExportError) {
    guard !path.isEmpty else { throw PlotExportError(path: path, reason: "the file name is empty") }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw PlotExportError(path: path, reason: error.localizedDescription)
    }
  }

  /// Writes the figure's data as CSV (see `PlotCSV`).
  public static func writeCSV(_ figure: Figure, toPath path: String) throws(PlotExportError) {
    try write(PlotCSV.csv(figure), toPath: path)
  }

  /// Writes the figure as an SVG document (see `PlotSVG`).
  public static func writeSVG(
    _ figure: Figure, toPath path: String, options: SVGOptions = SVGOptions()
  ) throws(PlotExportError) {
    try write(PlotSVG.svg(figure, options: options), toPath: path)
  }
}
