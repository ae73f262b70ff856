import Foundation

// gradbench: speed measurements, printed as `RESULT name=value unit` lines
// with the same keys as the reference scripts.

let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [(name: String, summary: String, run: ([String]) -> Int32)] = [
  ("plot", "plot layout + Braille raster, text, CSV and SVG export", PlotBench.run)
]

@MainActor func usage() -> String {
  var text = "usage: gradbench BENCHMARK [options]\n\nbenchmarks:\n"
  for bench in benchmarks {
    text += "  \(bench.name.padding(toLength: 10, withPad: " ", startingAt: 0))\(bench.summary)\n"
  }
  return text
}

guard let name = arguments.first, let bench = benchmarks.first(where: { $0.name == name }) else {
  FileHandle.standardError.write(Data(usage().utf8))
  exit(arguments.first == nil || arguments.first == "--help" ? 0 : 2)
}
exit(bench.run(Array(arguments.dropFirst())))
