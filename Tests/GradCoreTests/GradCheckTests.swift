import Foundation
import Testing

@testable import GradCore

@Suite struct GradCheckTests {
  @Test func smoothFunctionsPass() {
    let x = Value(0.7, label: "x")
    let y = Value(-1.3, label: "y")
    let z = Value(2.1, label: "z")
    let report = gradCheck(leaves: [x, y, z]) { v in
      ((v[0] * v[1]).tanh() + v[2].log() * v[0].sigmoid() - (v[1] ** 2) / v[2]).exp()
        + v[0] ** v[2]
    }
    #expect(report.passed, "\(report)")
    #expect(report.maxError < 1e-7)
    #expect(report.entries.map(\.name) == ["x", "y", "z"])
    // The leaves are back where they were, their grads untouched.
    #expect(x.data == 0.7 && y.data == -1.3 && z.data == 2.1)
    #expect(x.grad == 0)
  }

  @Test func aKinkIsFlagged() {
    // relu at exactly 0: backward says 0, the central difference says 1/2.
    let x = Value(0, label: "x")
    let report = gradCheck(leaves: [x]) { v in v[0].relu() }
    #expect(!report.passed)
    #expect(abs(report.entries[0].numeric - 0.5) < 1e-9)
    #expect(report.entries[0].analytic == 0)
    #expect(report.description.contains("FAILED"))
    #expect(report.description.contains("! x"))
  }

  @Test func aWrongGradientIsFlagged() {
    // A graph whose stored local derivative went stale: data changed after
    // the node was made, so backward uses the old slope.
    let x = Value(1.0, label: "x")
    let y = x * x
    x.data = 3.0
    let report = gradCheck(root: y)
    #expect(!report.passed)
    #expect(report.entries[0].analytic == 2)  // 2·(old x)
    #expect(abs(report.entries[0].numeric - 6) < 1e-6)  // 2·(new x)
  }

  @Test func rootFormReplaysTheGraph() {
    let a = Value(0.4, label: "a")
    let b = Value(1.9, label: "b")
    let y = ((a * b).exp() + (a - b).tanh() / b + a.relu() * 3 + (b ** a).sigmoid()).log()
    let before = y.data
    let report = gradCheck(root: y)
    #expect(report.passed, "\(report)")
    // Leaves include the constants (3, −1 of the subtraction) in creation order.
    #expect(report.entries.first?.name == "a")
    #expect(report.entries.contains { $0.name == "b" })
    #expect(y.data == before)
    #expect(a.grad == 0)
    #expect(GraphReplay(root: y).forward() == before)
  }

  @Test func nanIsAFailureNotAPass() {
    let x = Value(-1, label: "x")
    let report = gradCheck(leaves: [x]) { v in v[0].log() }
    #expect(!report.passed)
    #expect(report.maxError.isNaN)
  }

  @Test func reportReadsWell() {
    let x = Value(2, label: "x")
    let report = gradCheck(leaves: [x]) { v in v[0] * v[0] }
    let lines = report.description.split(separator: "\n")
    #expect(lines[0].hasPrefix("gradient check: passed, max error"))
    #expect(lines[1].contains("analytic"))
    #expect(lines[2].hasPrefix("  x"))
    #expect(lines.allSatisfy { $0.count <= 100 })
  }
}
