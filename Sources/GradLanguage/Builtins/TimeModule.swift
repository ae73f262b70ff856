// The `time` module: the clocks a training loop times itself with, and sleep.
//
// perf_counter() and monotonic() read the monotonic clock (never set back), in seconds;
// time() is seconds since the Unix epoch. sleep(s) waits in short slices so that
// Ctrl-C stops it at once, as in Python.

import Foundation

enum TimeModule {
  static func make() -> ModuleObject {
    var members: [String: RValue] = [:]
    func add(
      _ name: String, _ signature: String, _ doc: String,
      _ body: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
    ) {
      members[name] = .builtin(BuiltinFunction(name, signature: signature, doc: doc, body))
    }
    for name in ["perf_counter", "monotonic"] {
      add(name, "\(name)()", "Seconds on a clock that only moves forward: subtract two readings.") {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 0)
        return .float(monotonicSeconds())
      }
    }
    add("time", "time()", "Seconds since 1970-01-01 00:00 UTC, as a float.") {
      (args, _) throws(ReplError) in
      try args.check("time", positional: 0)
      return .float(Date().timeIntervalSince1970)
    }
    add("sleep", "sleep(seconds)", "Waits that many seconds (Ctrl-C stops the wait).") {
      (args, interpreter) throws(ReplError) in
      try args.check("sleep", positional: 1)
      let seconds = try args.positional[0].number(for: "sleep")
      guard seconds >= 0, !seconds.isNaN else {
        throw ReplError.value("sleep length must be non-negative")
      }
      let end = monotonicSeconds() + seconds
      while true {
        let left = end - monotonicSeconds()
        if left <= 0 { break }
        if interpreter.interruptFlag.consume() { throw ReplError.keyboardInterrupt }
        Thread.sleep(forTimeInterval: min(left, 0.02))
      }
      return .none
    }
    return ModuleObject(
      name: "time", doc: "Clocks (perf_counter, monotonic, time) and sleep.", members: members)
  }

  /// The monotonic clock, in seconds.
  private static func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }
}
