// gradbench: speed measurements that print `RESULT name=value unit` lines.
//
//   gradbench tensor [--reference] [--seconds S]   tensor engine (see TensorBench.swift)
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [String: ([String]) throws -> Void] = [
  "tensor": TensorBench.run
]

guard let name = arguments.first, let run = benchmarks[name] else {
  let known = benchmarks.keys.sorted().joined(separator: ", ")
  FileHandle.standardError.write(
    Data("usage: gradbench BENCHMARK [options]; known: \(known)\n".utf8))
  exit(2)
}
do {
  try run(Array(arguments.dropFirst()))
} catch {
  FileHandle.standardError.write(Data("gradbench \(name): \(error)\n".utf8))
  exit(1)
}
