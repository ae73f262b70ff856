// Benchmarks of the scalar Value engine (GradCore).
//
// moons: micrograd's demo training loop, the same shape as
//   ../shared/bench/micrograd_moons.py (fresh input leaves every step, full
//   batch, zero_grad, backward, SGD), optionally run side by side with it.
// chain: a chain of relu nodes: build, backward, free, bytes per node.

import Foundation
import GradCore

// MARK: - Arguments

/// A command-line mistake, worded for the person who typed it.
struct UsageError: Error, CustomStringConvertible {
  let description: String
}

/// Reads `--name N` as a positive integer; `fallback` when absent.
func positiveIntOption(_ name: String, in arguments: [String], default fallback: Int)
  throws(UsageError) -> Int
{
  guard let k = arguments.firstIndex(of: name) else { return fallback }
  guard k + 1 < arguments.count else { throw UsageError(description: "\(name) needs a number") }
  let text = arguments[k + 1].replacingOccurrences(of: "_", with: "")
  guard let n = Int(text), n > 0 else {
    throw UsageError(
      description: "\(name) wants a positive whole number, got '\(arguments[k + 1])'")
  }
  return n
}

/// Rejects options this benchmark does not know.
func checkOptions(_ arguments: [String], known: Set<String>, takingValues: Set<String>)
  throws(UsageError)
{
  var k = 0
  while k < arguments.count {
    let a = arguments[k]
    guard known.contains(a) else {
      throw UsageError(
        description: "unknown option '\(a)' (known: \(known.sorted().joined(separator: ", ")))")
    }
    k += takingValues.contains(a) ? 2 : 1
  }
}

/// `--steps N --repeat R [--reference]`, the options of the loop benchmarks, with defaults.
func stepsAndRepeats(_ arguments: [String], steps: Int, repeats: Int) throws(UsageError) -> (
  steps: Int, repeats: Int
) {
  try checkOptions(
    arguments, known: ["--steps", "--repeat", "--reference"], takingValues: ["--steps", "--repeat"])
  return (
    try positiveIntOption("--steps", in: arguments, default: steps),
    try positiveIntOption("--repeat", in: arguments, default: repeats)
  )
}

func fail(_ error: any Error) -> Int32 {
  FileHandle.standardError.write(Data("gradbench: \(error)\n".utf8))
  return 2
}

// MARK: - Measuring

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = ContinuousClock.now
  try body()
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// A field of /proc/self/status in bytes (VmRSS, VmHWM), nil when unavailable.
func processStatusBytes(_ field: String) -> Int? {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
    let parts = line.split(separator: " ", omittingEmptySubsequences: true)
    if parts.count >= 2, let kib = Int(parts[1]) { return kib * 1024 }
  }
  return nil
}

func result(_ name: String, _ value: String, _ unit: String) {
  print("RESULT \(name)=\(value) \(unit)")
}

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  guard !s.isEmpty else { return .nan }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: - moons

func runMoonsBenchmark(_ arguments: [String]) -> Int32 {
  let steps: Int
  let repeats: Int
  do {
    (steps, repeats) = try stepsAndRepeats(arguments, steps: 100, repeats: 5)
  } catch {
    return fail(error)
  }

  // One untimed run warms caches and the tape's spare blocks.
  _ = try? MoonsDemo.run(steps: min(steps, 5))
  let reference = arguments.contains("--reference")
  var runs: [MoonsRun] = []
  var referenceWall: Double?
  do {
    runs += try timeMoons(steps: steps, repeats: repeats)
    if reference {
      // The machine is shared: time this side again after the reference, so
      // a busy spell does not fall on one side only.
      switch runMicrogradReference(steps: steps) {
      case .failure(let error): return fail(error)
      case .success(let wall): referenceWall = wall
      }
      runs += try timeMoons(steps: steps, repeats: repeats)
    }
  } catch {
    return fail(error)
  }
  guard let last = runs.last?.result else {
    return fail(UsageError(description: "no run finished"))
  }
  let walls = runs.map(\.wall)
  let wall = median(walls)
  let nodesPerStep = Double(last.nodesCreated) / Double(steps)
  if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
    // Other processes on a shared machine slow both sides: say how busy it was.
    print("INFO loadavg=\(load.split(separator: " ").prefix(3).joined(separator: " "))")
  }
  let listed = walls.map { String(format: "%.4f", $0) }.joined(separator: " ")
  print("INFO runs=\(walls.count) walls=[\(listed)] s (median reported)")
  result("gradrepl_moons_steps", "\(steps)", "count")
  result("gradrepl_moons_wall", String(format: "%.4f", wall), "s")
  result("gradrepl_moons_step_time", String(format: "%.3f", 1000 * wall / Double(steps)), "ms")
  result("gradrepl_moons_nodes_per_step", String(format: "%.0f", nodesPerStep), "count")
  result(
    "gradrepl_moons_nodes_per_s", String(format: "%.0f", nodesPerStep * Double(steps) / wall),
    "nodes/s")
  result("gradrepl_moons_final_loss", "\(last.finalLoss)", "loss")
  result("gradrepl_moons_final_acc", String(format: "%.1f", 100 * last.finalAccuracy), "%")
  if let referenceWall {
    result("moons_speedup_vs_micrograd_gcoff", String(format: "%.1f", referenceWall / wall), "x")
  }
  return 0
}

/// One timed training run.
struct MoonsRun {
  let wall: Double
  let result: MoonsDemo.Result
}

/// Times `repeats` full trainings of `steps` steps.
func timeMoons(steps: Int, repeats: Int) throws -> [MoonsRun] {
  var runs: [MoonsRun] = []
  for _ in 0..<repeats {
    var outcome: MoonsDemo.Result?
    let wall = try seconds { outcome = try MoonsDemo.run(steps: steps) }
    if let outcome { runs.append(MoonsRun(wall: wall, result: outcome)) }
  }
  return runs
}

/// Runs micrograd_moons.py --gc off, echoes its RESULT lines and returns its wall time.
func runMicrogradReference(steps: Int) -> Result<Double, UsageError> {
  let run: ReferenceRun
  do {
    run = try Reference.run([
      Reference.sharedScript("micrograd_moons.py"), "--gc", "off", "--steps", "\(steps)",
    ])
  } catch {
    return .failure(UsageError(description: error.description))
  }
  for line in run.lines where line.hasPrefix("RESULT ") || line.hasPrefix("INFO ") { print(line) }
  guard let wall = run.results["micrograd_gcoff_wall"] else {
    return .failure(UsageError(description: "the micrograd reference printed no wall time"))
  }
  return .success(wall)
}

// MARK: - chain

func runChainBenchmark(_ arguments: [String]) -> Int32 {
  let count: Int
  do {
    try checkOptions(arguments, known: ["--nodes"], takingValues: ["--nodes"])
    count = try positiveIntOption("--nodes", in: arguments, default: 1_000_000)
  } catch {
    return fail(error)
  }
  let rssBefore = processStatusBytes("VmRSS")
  var chain: (leaf: Value, root: Value)?
  let build = seconds {
    let leaf = Value(1.0)
    var v = leaf
    // relu of a positive number passes it on with slope 1: leaf.grad ends at 1.
    for _ in 1..<count { v = v.relu() }
    chain = (leaf, v)
  }
  let backward = seconds { chain?.root.backward() }
  let leafGrad = chain?.leaf.grad ?? .nan
  let peak = processStatusBytes("VmHWM")
  let free = seconds {
    chain = nil
    // The tape still holds the chain's last block: let it go too.
    TapeStatistics.startNewBlock()
  }
  print("INFO one node record is \(TapeStatistics.bytesPerNode) bytes")
  result("gradrepl_chain_nodes", "\(count)", "count")
  result("gradrepl_chain_build", String(format: "%.4f", build), "s")
  result("gradrepl_chain_backward", String(format: "%.4f", backward), "s")
  result("gradrepl_chain_free", String(format: "%.4f", free), "s")
  result(
    "gradrepl_chain_ns_per_node_build", String(format: "%.2f", 1e9 * build / Double(count)), "ns")
  result(
    "gradrepl_chain_ns_per_node_backward", String(format: "%.2f", 1e9 * backward / Double(count)),
    "ns")
  if let rssBefore, let peak {
    result(
      "gradrepl_chain_peak_bytes_per_node",
      String(format: "%.1f", Double(peak - rssBefore) / Double(count)), "bytes")
  } else {
    print("INFO /proc/self/status unavailable: no memory figure")
  }
  result("gradrepl_chain_leaf_grad", formatScalar(leafGrad), "grad")
  return leafGrad == 1 ? 0 : 1
}
