import Foundation
import Testing

@testable import GradLanguage

/// The `time` module: its clocks move as wall time does, and sleep waits and can be stopped.
@Suite struct TimeModuleTests {
  @Test func perfCounterMeasuresASleep() {
    let out = run(
      """
      import time
      t0 = time.perf_counter()
      time.sleep(0.05)
      dt = time.perf_counter() - t0
      print(0.045 < dt < 5, type(dt).__name__, time.monotonic() >= t0)
      """)
    #expect(out == "True float True\n")
  }

  @Test func timeIsSecondsSinceTheEpoch() {
    let now = Date().timeIntervalSince1970
    let printed = run("import time\nprint(time.time())")
    let seconds = Double(printed.trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(seconds.map { abs($0 - now) < 60 } == true, "printed \(printed)")
  }

  @Test func badLengthsAreValueErrorsAndTypeErrors() {
    #expect(
      run("import time\ntime.sleep(-1)").contains("ValueError: sleep length must be non-negative"))
    #expect(run("import time\ntime.sleep('a')").contains("TypeError"))
  }

  @Test func controlCStopsASleep() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let flag = session.interruptFlag
    Thread {
      Thread.sleep(forTimeInterval: 0.1)
      flag.request()
    }.start()
    let start = Date()
    _ = session.execute("import time\ntime.sleep(30)")
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(terminal.output.contains("KeyboardInterrupt"))
  }
}
