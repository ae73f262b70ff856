// class-moons: micrograd itself, its classes read from the reference environment
// (engine.py's Value, nn.py's Neuron/Layer/MLP), trained on two moons by the
// interpreter and by CPython running the very same file, CPython once with its
// cycle collector on (as shipped) and once with it off. Both sides must print
// the same losses: the data and the weights come from `random`, which gives
// CPython's numbers.
//
// The losses agree to the last bit at first and to ~1e-15 later, not always to
// the last bit: micrograd keeps a node's children in a Python set, whose order
// follows object addresses, so the order in which a node's gradient is summed
// (and its last bit) changes from run to run even between two CPython runs.

import Foundation
import GradBindings
import GradLanguage
import GradTestSupport

/// Losses further apart than this (relative) mean the two sides computed different things.
let classMoonsTolerance = 1e-6

func runClassMoonsBenchmark(_ arguments: [String]) -> Int32 {
  let steps: Int
  let program: String
  do {
    try checkOptions(arguments, known: ["--steps"], takingValues: ["--steps"])
    steps = try positiveIntOption("--steps", in: arguments, default: 100)
    program = try MicrogradClassProgram.program(steps: steps)
  } catch {
    return fail(error)
  }
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradbench-class-moons-\(ProcessInfo.processInfo.processIdentifier).py")
  do {
    try program.write(to: path, atomically: true, encoding: .utf8)
  } catch {
    return fail(UsageError(description: "could not write \(path.path): \(error)"))
  }
  defer { try? FileManager.default.removeItem(at: path) }
  print("INFO program=\(path.path) (micrograd's engine.py + nn.py + a two-moons loop)")
  result("class_moons_steps", "\(steps)", "count")

  // gradrepl first: on a build without classes it fails at once, and CPython's side is still
  // measured so that the comparison and the figures can be checked.
  let ours = runClassMoonsInterpreter(program)
  switch ours {
  case .success(let run):
    result("class_moons_gradrepl_wall", String(format: "%.4f", run.wall), "s")
  case .failure(let failure):
    print("INFO gradrepl failed: \(failure.description)")
  }

  var cpython: [String: (wall: Double, output: String)] = [:]
  for mode in ["on", "off"] {
    switch runClassMoonsCPython(path.path, gc: mode) {
    case .failure(let error): return fail(error)
    case .success(let run):
      cpython[mode] = run
      result("class_moons_cpython_gc\(mode)_wall", String(format: "%.4f", run.wall), "s")
    }
  }
  guard let on = cpython["on"], let off = cpython["off"] else { return 1 }
  // Two CPython runs: how far apart the same program lands from one run to the next.
  let cpythonSpread = MicrogradClassProgram.compare(on.output, off.output)
  print("INFO cpython gc on vs gc off: \(cpythonSpread)")
  if !cpythonSpread.agrees(tolerance: classMoonsTolerance) {
    return fail(UsageError(description: "CPython's two runs disagree: \(cpythonSpread)"))
  }

  guard case .success(let run) = ours else {
    if case .failure(let failure) = ours {
      FileHandle.standardError.write(
        Data(
          ("gradbench class-moons: gradrepl could not run micrograd's classes: "
            + "\(failure.description)\n").utf8))
    }
    return 1
  }
  let comparison = MicrogradClassProgram.compare(run.output, off.output)
  print("INFO gradrepl vs cpython: \(comparison)")
  result("class_moons_losses_identical", comparison.identical ? "1" : "0", "bool")
  result(
    "class_moons_loss_max_rel_diff", String(format: "%.3g", comparison.largestRelativeDifference),
    "ratio")
  result("class_moons_speedup_vs_cpython_gcon", String(format: "%.2f", on.wall / run.wall), "x")
  result("class_moons_speedup_vs_cpython_gcoff", String(format: "%.2f", off.wall / run.wall), "x")
  guard comparison.agrees(tolerance: classMoonsTolerance) else {
    FileHandle.standardError.write(
      Data("gradbench class-moons: gradrepl and CPython disagree: \(comparison)\n".utf8))
    return 1
  }
  return 0
}

/// Why the interpreter's side did not finish.
struct InterpreterFailure: Error, CustomStringConvertible {
  let description: String
}

/// Runs the program in a fresh standard session: its wall time and what it printed.
func runClassMoonsInterpreter(_ program: String) -> Result<
  (wall: Double, output: String), InterpreterFailure
> {
  let terminal = MemoryTerminal()
  let session = Session.standard(terminal: terminal)
  var ok = false
  let wall = seconds { ok = session.runScript(program, fileName: "class_moons.py") }
  guard ok else {
    // The error is the last line naming one (a syntax error is followed by its source line
    // and a caret).
    let lines = terminal.output.split(separator: "\n")
    let error = lines.last { $0.contains("Error") || $0.contains("error") } ?? lines.last
    return .failure(InterpreterFailure(description: error.map(String.init) ?? "no output"))
  }
  return .success((wall, terminal.output))
}

/// Runs the program file with CPython, the cycle collector `on` or `off`: wall and output.
func runClassMoonsCPython(_ path: String, gc mode: String) -> Result<
  (wall: Double, output: String), UsageError
> {
  let driver = """
    import gc, sys, time
    path, mode = sys.argv[1], sys.argv[2]
    code = compile(open(path).read(), path, 'exec')
    gc.collect()
    if mode == 'off':
        gc.disable()
    start = time.perf_counter()
    exec(code, {'__name__': '__main__'})
    wall = time.perf_counter() - start
    gc.enable()
    print(f"RESULT cpython_gc{mode}_wall={wall:.4f} s")
    """
  let run: ReferenceRun
  do {
    run = try Reference.run(["-c", driver, path, mode])
  } catch {
    return .failure(UsageError(description: error.description))
  }
  guard let wall = run.results["cpython_gc\(mode)_wall"] else {
    return .failure(UsageError(description: "CPython printed no wall time"))
  }
  return .success((wall, run.lines.joined(separator: "\n")))
}
