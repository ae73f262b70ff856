// How long a student waits for the first prompt: gradrepl started in a
// pseudo-terminal (readline, history, the session and its built-ins), timed
// from spawn to the moment `>>> ` is on screen.

import Foundation
import GradTestSupport

func runStartupBenchmark(_ arguments: [String]) -> Int32 {
  var runs = 20
  if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count,
    let n = Int(arguments[i + 1]), n > 0
  {
    runs = n
  }
  let binary = PseudoTerminal.gradrepl
  guard FileManager.default.isExecutableFile(atPath: binary.path) else {
    FileHandle.standardError.write(
      Data("gradbench startup: no gradrepl binary at \(binary.path); build it first\n".utf8))
    return 2
  }
  let state = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradbench-startup-\(getpid())")
  defer { try? FileManager.default.removeItem(at: state) }

  var times: [Double] = []
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let tty = try PseudoTerminal(
        executable: binary, environment: ["XDG_STATE_HOME": state.path])
      try tty.expect(">>> ", timeout: 10)
      let end = DispatchTime.now().uptimeNanoseconds
      times.append(Double(end - start) / 1e6)
      tty.send("\u{04}")
      _ = tty.waitForExit(timeout: 10)
    } catch {
      FileHandle.standardError.write(Data("gradbench startup: \(error)\n".utf8))
      return 1
    }
  }
  times.sort()
  let median = times[times.count / 2]
  print("INFO runs=\(runs) binary=\(binary.path)")
  print("RESULT gradrepl_startup_to_prompt_median=\(String(format: "%.1f", median)) ms")
  print("RESULT gradrepl_startup_to_prompt_min=\(String(format: "%.1f", times[0])) ms")
  return 0
}
