import Foundation
import Testing

@testable import GradPlot

#if canImport(FoundationXML)
  import FoundationXML
#endif

// Text, CSV and SVG output, and writing files.

/// A loss curve with a reference line and a status line, small enough to
/// check by eye: y 0…5 over 5 rows, x 0…3 over 26 columns.
func smallLossFigure() -> Figure {
  let loss = PlotSeries(name: "loss", yValues: [4, 2, 1, 0.5], colorIndex: 0)
  let panel = PlotPanel(
    title: "loss", series: [loss], xTitle: "step", yTitle: "L",
    referenceLines: [ReferenceLine(yValue: 3, label: "", colorIndex: 2)])
  return Figure(panels: [panel], statusLine: "q quit")
}

// MARK: - Text

@Test func asciiTextRenderingOfASmallFigure() {
  let text = PlotText.render(
    smallLossFigure(), columns: 30, rows: 10, options: PlotOptions(charset: .ascii))
  let expected = """
    L             loss
    5 +                  ** loss
      |****
      |----*********-------------
      |             ********
    0 +                     *****
      ++----------------+--------
       0                2
                  step
    q quit
    """
  #expect(text == expected)
}

@Test func brailleTextRenderingOfASmallFigure() {
  let text = PlotText.render(smallLossFigure(), columns: 30, rows: 10)
  let expected = """
    L             loss
    5 ┤                  ⠤⠤ loss
      │⠉⠒⠤⢄⡀
      │────⠈⠑⠒⠤⣀⣀────────────────
      │          ⠉⠉⠒⠒⠤⠤⣀⣀⣀⡀
    0 ┤                   ⠈⠉⠉⠉⠑⠒⠒
      └┬────────────────┬────────
       0                2
                  step
    q quit
    """
  #expect(text == expected)
}

@Test func ansiTextColoursSeriesAndResetsEachLine() {
  let text = PlotText.render(smallLossFigure(), columns: 30, rows: 10, ansiColor: true)
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  #expect(lines.count == 10)
  // Series colour 0 is blue (34); the reference line is dim green (2;32).
  #expect(text.contains("\u{1b}[0;34m⠉⠒⠤⢄⡀\u{1b}[0m"))
  #expect(text.contains("\u{1b}[0;2;32m────"))
  #expect(text.contains("\u{1b}[0;1mloss\u{1b}[0m"))
  // Every line that switches colour on switches it off again.
  for line in lines {
    let last = line.range(of: "\u{1b}[", options: .backwards)
    if let last { #expect(line[last.lowerBound...].hasPrefix("\u{1b}[0m")) }
  }
  // Stripping the escapes gives the plain rendering back.
  let plain = text.replacingOccurrences(
    of: "\u{1b}\\[[0-9;]*m", with: "", options: .regularExpression)
  #expect(plain == PlotText.render(smallLossFigure(), columns: 30, rows: 10))
}

@Test func tooSmallTextRenderingIsTheMessage() {
  let text = PlotText.render(smallLossFigure(), columns: 8, rows: 3)
  #expect(text.hasPrefix("terminal too small (need "))
  #expect(text.contains("have 8×3"))
}

// MARK: - CSV

@Test func csvHasOneRowPerXAndAColumnPerSeries() {
  let a = PlotSeries(
    name: "radius 0.5", xValues: [0, 1, 2], yValues: [1, 0.5, 0.25], colorIndex: 0)
  let b = PlotSeries(
    name: "radius 1.5", xValues: [0, 2, 3], yValues: [1, 2.25, .infinity], colorIndex: 1)
  let c = PlotSeries(name: "loss, \"smoothed\"", xValues: [1], yValues: [.nan], colorIndex: 2)
  let figure = Figure(panels: [PlotPanel(series: [a, b, c], xTitle: "k")])
  let expected = #"""
    k,radius 0.5,radius 1.5,"loss, ""smoothed"""
    0,1,1,
    1,0.5,,nan
    2,0.25,2.25,
    3,,inf,

    """#
  #expect(PlotCSV.csv(figure) == expected)
}

@Test func csvKeepsRepeatedXAndNamesClashingSeriesApart() {
  let first = PlotSeries(name: "norm", xValues: [1, 1, 0], yValues: [5, 6, 7], colorIndex: 0)
  let second = PlotSeries(name: "norm", xValues: [0], yValues: [1e-12], colorIndex: 1)
  let figure = Figure(panels: [
    PlotPanel(series: [first]), PlotPanel(title: "clipped", series: [second]),
  ])
  let expected = """
    x,norm,clipped: norm
    0,7,1e-12
    1,5,
    1,6,

    """
  #expect(PlotCSV.csv(figure) == expected)
}

// MARK: - SVG

/// Collects element names, attributes and text from an XML document.
final class XMLCollector: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []
  var text = ""
  var error: Error?

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append((elementName, attributeDict))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

func gradientSVGFigure() -> Figure {
  let ys: [Double] = [1, 0.5, 0.25, 0, 0.0625, .nan, 0.015625]
  let decaying = PlotSeries(name: "radius <0.5> & co", yValues: ys, colorIndex: 0)
  let exploding = PlotSeries(
    name: "radius 1.5", yValues: (0..<7).map { pow(1.5, Double($0)) }, colorIndex: 1)
  let panel = PlotPanel(
    title: "‖∂L/∂h_k‖", series: [decaying, exploding], xTitle: "k", yTitle: "norm",
    yScale: .log10, referenceLines: [ReferenceLine(yValue: 1, label: "clip", colorIndex: 3)],
    events: EventMarkers(xValues: [4], label: "clipped", colorIndex: 3))
  return Figure(title: "vanishing & exploding", panels: [panel])
}

@Test func svgIsWellFormedAndHasTheExpectedParts() throws {
  let svg = PlotSVG.svg(gradientSVGFigure())
  #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
  // XMLParser lives in FoundationXML on Linux and Windows, in Foundation on
  // Apple platforms.
  let collector = XMLCollector()
  let parser = XMLParser(data: Data(svg.utf8))
  parser.delegate = collector
  let ok = parser.parse()
  #expect(ok, "SVG does not parse: \(String(describing: collector.error))")
  let root = try #require(collector.elements.first)
  #expect(root.name == "svg")
  // 30 for the title, 320 for the panel, 24 for one note line.
  #expect(root.attributes["viewBox"] == "0 0 800 374")
  let values = collector.elements.flatMap { $0.attributes.values }
  #expect(!values.contains { $0.contains("nan") || $0.contains("inf") })
  #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
  let series = collector.elements.filter {
    $0.name == "polyline" && $0.attributes["class"] == "series"
  }
  // The decaying series breaks at 0 (log axis) and at NaN: one run of
  // three points and two lone points, drawn as dots; the other is one run.
  #expect(series.count == 2)
  #expect(collector.elements.filter { $0.attributes["class"] == "isolated" }.count == 2)
  let colours = Set(series.compactMap { $0.attributes["stroke"] })
  #expect(colours == [PlotSVG.palette[0], PlotSVG.palette[1]])
  #expect(collector.elements.contains { $0.attributes["class"] == "reference" })
  #expect(collector.elements.contains { $0.attributes["class"] == "event" })
  // Escaped text comes back as written; log labels are decades.
  #expect(collector.text.contains("radius <0.5> & co"))
  #expect(collector.text.contains("vanishing & exploding"))
  #expect(collector.text.contains("1e+0"))
  #expect(collector.text.contains("clipped (1)"))
  #expect(collector.text.contains("radius <0.5> & co: 2 points not shown"))
}

@Test func svgPolylinePointsStayInsideThePlot() throws {
  let wild = PlotSeries(
    name: "wild", xValues: [0, 1, 2, 3], yValues: [0, 1e300, -1e300, 1], colorIndex: 0)
  let panel = PlotPanel(series: [wild], yBounds: AxisBounds(lower: 0, upper: 1))
  let svg = PlotSVG.svg(Figure(panels: [panel]), options: SVGOptions(width: 600, panelHeight: 300))
  let pointLists = svg.split(separator: "\n").filter { $0.contains("class=\"series\"") }
  #expect(!pointLists.isEmpty)
  for line in pointLists {
    let start = try #require(line.range(of: "points=\""))
    let coordinates = line[start.upperBound...].prefix { $0 != "\"" }
    for pair in coordinates.split(separator: " ") {
      let xy = pair.split(separator: ",").compactMap { Double($0) }
      #expect(xy.count == 2)
      #expect(xy.allSatisfy { $0 >= 0 && $0 <= 600 })
    }
  }
}

@Test func svgLegendLabelsAreCutToTheMargin() {
  let long = String(repeating: "long name ", count: 10)
  let series = PlotSeries(name: long, yValues: [1, 2], colorIndex: 0)
  let svg = PlotSVG.svg(Figure(panels: [PlotPanel(series: [series])]))
  #expect(!svg.contains(long))
  // 125 units of margin at about 6.5 per character: 19 characters.
  #expect(svg.contains(">long name long nam…<"))
}

@Test func xmlEscapingCoversMarkupAndControlCharacters() {
  #expect(PlotSVG.escapeXML("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;")
  #expect(PlotSVG.escapeXML("bell\u{07}") == "bell\u{FFFD}")
  #expect(PlotSVG.escapeXML("∂L/∂h") == "∂L/∂h")
}

@Test func svgCoordinatesAreShortDecimals() {
  #expect(PlotSVG.n(12) == "12")
  #expect(PlotSVG.n(12.5) == "12.5")
  #expect(PlotSVG.n(-0.05) == "-0.05")
  #expect(PlotSVG.n(3.14159) == "3.14")
  #expect(PlotSVG.n(.nan) == "0")
}

// MARK: - Files

@Test func exportsAreWrittenToFiles() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "plot-export-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let figure = gradientSVGFigure()
  let svgPath = dir.appendingPathComponent("norms.svg").path
  let csvPath = dir.appendingPathComponent("norms.csv").path
  try PlotExport.writeSVG(figure, toPath: svgPath)
  try PlotExport.writeCSV(figure, toPath: csvPath)
  #expect(try String(contentsOfFile: svgPath, encoding: .utf8) == PlotSVG.svg(figure))
  #expect(try String(contentsOfFile: csvPath, encoding: .utf8) == PlotCSV.csv(figure))
  // Overwriting replaces the whole file.
  try PlotExport.write("short\n", toPath: csvPath)
  #expect(try String(contentsOfFile: csvPath, encoding: .utf8) == "short\n")
  let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
  #expect(Set(leftovers) == ["norms.svg", "norms.csv"])
}

@Test func exportToAMissingFolderIsAnErrorWithAMessage() {
  let path = "/nonexistent-folder-\(UUID().uuidString)/plot.svg"
  do {
    try PlotExport.writeSVG(gradientSVGFigure(), toPath: path)
    Issue.record("expected an error")
  } catch {
    #expect(error.path == path)
    #expect(error.description.hasPrefix("could not write \(path)"))
  }
  #expect(throws: PlotExportError.self) { try PlotExport.write("x", toPath: "") }
}
