import Foundation
import GradBase
import Testing

@Suite struct LockedTests {
  @Test func readModifyWriteUnderTheLockLosesNoUpdates() {
    let counter = Locked(0)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<1_000 { counter.withLock { $0 += 1 } }
    }
    #expect(counter.value == 8_000)
  }

  @Test func valueReadsWhatWasWritten() {
    let setting = Locked("a")
    setting.value = "b"
    #expect(setting.value == "b")
  }
}
