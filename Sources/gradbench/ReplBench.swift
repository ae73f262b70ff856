// Benchmarks of the interpreter (GradLanguage, with the engines bound by GradBindings).
//
// repl-moons: the lecture's micrograd training loop typed as a script and run
//   by the interpreter (the MLP's forward pass and backward run natively in
//   GradCore; the loop, list comprehensions, the loss and the SGD update are
//   interpreted), optionally side by side with micrograd in CPython.
// Also the time to start a fresh session (built-ins registered, ready to run).

import Foundation
import GradBindings
import GradLanguage

/// The training loop as a student types it; `STEPS` is replaced by the step count.
let replMoonsScript = """
  model = MLP(2, [16, 16, 1])
  X, y = moons(100)
  for k in range(STEPS):
      scores = [model([Value(a), Value(b)]) for a, b in X]
      losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
      loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p*p for p in model.parameters())
      acc = sum(1 for yi, si in zip(y, scores) if (yi > 0) == (si.data > 0)) / len(y)
      model.zero_grad()
      loss.backward()
      lr = 1.0 - 0.9 * k / 100
      for p in model.parameters():
          p.data -= lr * p.grad
      if k % 10 == 0: print(k, loss.data, acc)
  print("final", loss.data, acc)
  """

func runReplMoonsBenchmark(_ arguments: [String]) -> Int32 {
  let steps: Int
  let repeats: Int
  do {
    (steps, repeats) = try stepsAndRepeats(arguments, steps: 100, repeats: 3)
  } catch {
    return fail(error)
  }

  // Session start-up: a fresh session with every built-in registered.
  var starts: [Double] = []
  for _ in 0..<20 {
    starts.append(seconds { _ = Session.standard(terminal: MemoryTerminal()) })
  }

  let script = replMoonsScript.replacingOccurrences(of: "STEPS", with: String(steps))
  guard let (walls, lastOutput) = timeScript(script, fileName: "moons.py", repeats: repeats)
  else { return 1 }
  let wall = median(walls)
  // The last line reads `final LOSS ACCURACY`.
  let final = lastOutput.split(separator: "\n").last?.split(separator: " ") ?? []
  let finalLoss = final.count == 3 ? String(final[1]) : "nan"
  let finalAccuracy = final.count == 3 ? (Double(final[2]) ?? .nan) * 100 : .nan
  print("INFO runs=\(repeats) walls=\(walls.map { String(format: "%.4f", $0) }) (median reported)")
  result("repl_session_start", String(format: "%.3f", 1000 * median(starts)), "ms")
  result("repl_moons_steps", "\(steps)", "count")
  result("repl_moons_wall", String(format: "%.4f", wall), "s")
  result("repl_moons_step_time", String(format: "%.3f", 1000 * wall / Double(steps)), "ms")
  result("repl_moons_final_loss", finalLoss, "loss")
  result("repl_moons_final_acc", String(format: "%.1f", finalAccuracy), "%")

  guard arguments.contains("--reference") else { return 0 }
  switch runMicrogradReference(steps: steps) {
  case .failure(let error):
    return fail(error)
  case .success(let referenceWall):
    result(
      "repl_moons_speedup_vs_micrograd_gcoff", String(format: "%.1f", referenceWall / wall), "x")
    return 0
  }
}

/// Runs `script` in a fresh session `repeats` times: the wall time of each run and what the
/// last run printed; nil (after saying why) when the script fails.
func timeScript(_ script: String, fileName: String, repeats: Int) -> ([Double], String)? {
  var walls: [Double] = []
  var output = ""
  for _ in 0..<repeats {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    var ok = false
    walls.append(seconds { ok = session.runScript(script, fileName: fileName) })
    guard ok else {
      FileHandle.standardError.write(Data("gradbench: the script failed:\n\(terminal.output)".utf8))
      return nil
    }
    output = terminal.output
  }
  return (walls, output)
}
