// repl-tensor: a small tensor training loop typed in PyTorch's words and run by
// the interpreter (each operation is a GradTensor call; the loop, attribute
// lookups and argument conversion are interpreted), optionally side by side
// with the very same text run by CPython and PyTorch (one thread each).

import Foundation
import GradLanguage

/// A two-layer tanh network on one fixed batch, cross-entropy and Adam; valid Python too.
/// `STEPS` is replaced by the step count.
let replTensorScript = """
  import torch
  from torch import nn
  from torch.nn import functional as F
  torch.manual_seed(0)
  X = torch.randn(64, 64)
  Y = torch.randint(0, 10, (64,))
  l1 = nn.Linear(64, 128)
  l2 = nn.Linear(128, 10)
  opt = torch.optim.Adam(list(l1.parameters()) + list(l2.parameters()), lr=0.001)
  for step in range(STEPS):
      opt.zero_grad()
      loss = F.cross_entropy(l2(l1(X).tanh()), Y)
      loss.backward()
      opt.step()
  print("final", loss.item())
  """

func runReplTensorBenchmark(_ arguments: [String]) -> Int32 {
  let steps: Int
  let repeats: Int
  do {
    (steps, repeats) = try stepsAndRepeats(arguments, steps: 1000, repeats: 5)
  } catch {
    return fail(error)
  }
  let script = replTensorScript.replacingOccurrences(of: "STEPS", with: String(steps))
  guard let (walls, lastOutput) = timeScript(script, fileName: "tensor.py", repeats: repeats)
  else { return 1 }
  let wall = median(walls)
  let finalLoss = lastOutput.split(separator: "\n").last?.split(separator: " ").last ?? "nan"
  print("INFO runs=\(repeats) walls=\(walls.map { String(format: "%.4f", $0) }) (median reported)")
  result("repl_tensor_steps", "\(steps)", "count")
  result("repl_tensor_wall", String(format: "%.4f", wall), "s")
  result("repl_tensor_step_time", String(format: "%.1f", 1e6 * wall / Double(steps)), "us")
  result("repl_tensor_final_loss", String(finalLoss), "loss")

  guard arguments.contains("--reference") else { return 0 }
  switch runTorchScriptReference(script, repeats: repeats) {
  case .failure(let error):
    return fail(error)
  case .success(let referenceWall):
    result(
      "repl_tensor_torch_step_time",
      String(format: "%.1f", 1e6 * referenceWall / Double(steps)), "us")
    result("repl_tensor_speedup_vs_torch", String(format: "%.2f", referenceWall / wall), "x")
    return 0
  }
}

/// Runs `script` with CPython and PyTorch (one thread) `repeats` times; the median wall.
private func runTorchScriptReference(_ script: String, repeats: Int) -> Result<Double, UsageError> {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradbench-repl-tensor-\(ProcessInfo.processInfo.processIdentifier).py")
  let driver = """
    import statistics, sys, time
    import torch
    torch.set_num_threads(1)
    source = open(sys.argv[1]).read()
    walls = []
    for _ in range(int(sys.argv[2])):
        start = time.perf_counter()
        exec(source, {})
        walls.append(time.perf_counter() - start)
    print(f"RESULT torch_script_wall={statistics.median(walls):.4f} s")
    """
  do {
    try script.write(to: path, atomically: true, encoding: .utf8)
  } catch {
    return .failure(UsageError(description: "could not write \(path.path): \(error)"))
  }
  defer { try? FileManager.default.removeItem(at: path) }
  let run: ReferenceRun
  do {
    run = try Reference.run(["-c", driver, path.path, String(repeats)])
  } catch {
    return .failure(UsageError(description: error.description))
  }
  for line in run.lines where line.hasPrefix("RESULT ") { print(line) }
  guard let wall = run.results["torch_script_wall"] else {
    return .failure(UsageError(description: "the PyTorch reference printed no wall time"))
  }
  return .success(wall)
}
