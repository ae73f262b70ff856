// gradbench: speed figures, printed as `RESULT name=value unit` lines.
//
//   gradbench NAME [options]     run one benchmark
//   gradbench --help             list them
//
// Each benchmark is one row of the table below: a name, a one-line summary,
// and the function that runs it with the remaining arguments (it returns the
// process exit status).

import Foundation

struct Benchmark {
  let name: String
  let summary: String
  let run: ([String]) -> Int32
}

/// Adapts a benchmark that throws on failure.
func reporting(_ name: String, _ body: @escaping ([String]) throws -> Void) -> ([String]) -> Int32 {
  { arguments in
    do {
      try body(arguments)
      return 0
    } catch {
      FileHandle.standardError.write(Data("gradbench \(name): \(error)\n".utf8))
      return 1
    }
  }
}

let benchmarks: [Benchmark] = [
  Benchmark(
    name: "moons",
    summary: "micrograd's two-moons training [--steps 100] [--repeat 3] [--reference]",
    run: runMoonsBenchmark),
  Benchmark(
    name: "chain",
    summary: "build, backpropagate and free a long chain [--nodes 1000000]",
    run: runChainBenchmark),
  Benchmark(
    name: "repl-moons",
    summary: "the micrograd loop run by the interpreter [--steps 100] [--reference]",
    run: runReplMoonsBenchmark),
  Benchmark(
    name: "class-moons",
    summary: "micrograd's own classes trained by the interpreter and by CPython [--steps 100]",
    run: runClassMoonsBenchmark),
  Benchmark(
    name: "startup",
    summary: "gradrepl in a pseudo-terminal: spawn to first prompt [--runs 20]",
    run: runStartupBenchmark),
  Benchmark(
    name: "tensor",
    summary: "tensor engine: matmul, per-op overhead, MLP step [--reference] [--seconds S]",
    run: reporting("tensor", TensorBench.run)),
  Benchmark(
    name: "repl-tensor",
    summary: "a PyTorch-style training loop run by the interpreter [--steps 1000] [--reference]",
    run: runReplTensorBenchmark),
  Benchmark(
    name: "nplm",
    summary: "NPLM training/inference tok/s, V=50257 and 10000 [--reference] [--seconds S]",
    run: reporting("nplm", ModelBench.nplm)),
  Benchmark(
    name: "lstm",
    summary: "2-layer LSTM LM training tok/s, V=33278 and 10000 [--reference] [--seconds S]",
    run: reporting("lstm", ModelBench.lstm)),
  Benchmark(
    name: "nplm-module",
    summary: "BengioNPLM(nn.Module) typed in the language vs built-in NPLM [--reference]",
    run: reporting("nplm-module", ModuleBench.nplm)),
  Benchmark(
    name: "lstm-module",
    summary: "the word-LM loop with nn.LSTM typed in the language vs built-in [--reference]",
    run: reporting("lstm-module", ModuleBench.lstm)),
  Benchmark(
    name: "vf-lstm",
    summary: "torch._VF.lstm forward+backward, T 35, B 20, 2 × 200 [--reference] [--seconds S]",
    run: reporting("vf-lstm", VFRecurrentBench.run)),
  Benchmark(
    name: "plot",
    summary: "plot layout + Braille raster, text, CSV and SVG export",
    run: PlotBench.run),
]

@MainActor func usage() -> String {
  let width = benchmarks.map(\.name.count).max() ?? 0
  let rows = benchmarks.map { b in
    "  " + b.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + b.summary
  }
  return (["usage: gradbench NAME [options]", "", "benchmarks:"] + rows).joined(separator: "\n")
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil, "--help", "-h", "help":
  print(usage())
case let name?:
  if let benchmark = benchmarks.first(where: { $0.name == name }) {
    exit(benchmark.run(Array(arguments.dropFirst())))
  }
  FileHandle.standardError.write(
    Data("gradbench: no benchmark named '\(name)'\n\n\(usage())\n".utf8))
  exit(2)
}
