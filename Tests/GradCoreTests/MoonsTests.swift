import Foundation
import Testing

@testable import GradCore

@Suite struct MoonsTests {
  @Test func dataIsDeterministicAndShaped() {
    let a = Moons(count: 100, noise: 0.1, seed: 9)
    let b = Moons(count: 100, noise: 0.1, seed: 9)
    let c = Moons(count: 100, noise: 0.1, seed: 10)
    #expect(a.points == b.points)
    #expect(a.points != c.points)
    #expect(a.points.count == 100)
    #expect(a.points.allSatisfy { $0.count == 2 })
    #expect(a.labels.filter { $0 == 1 }.count == 50)
    #expect(a.labels.filter { $0 == -1 }.count == 50)
    // Without noise every point lies on its half circle.
    let clean = Moons(count: 40, noise: 0, seed: 1)
    for (p, y) in zip(clean.points, clean.labels) {
      let (cx, cy) = y < 0 ? (0.0, 0.0) : (1.0, 0.5)
      #expect(abs(((p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy)).squareRoot() - 1) < 1e-12)
      #expect(y < 0 ? p[1] >= -1e-12 : p[1] <= 0.5 + 1e-12)
    }
    #expect(Moons(count: -5).points.isEmpty)
    #expect(Moons(count: 1).points.count == 1)
  }

  @Test func demoReachesFullAccuracy() throws {
    var seen: [MoonsDemo.Step] = []
    let result = try MoonsDemo.run(steps: 100) { seen.append($0) }
    #expect(seen.count == 100)
    #expect(seen.map(\.step) == Array(0..<100))
    #expect(result.finalAccuracy == 1, "accuracy \(result.finalAccuracy)")
    #expect(result.finalLoss < 0.05)
    #expect(seen[0].loss > result.finalLoss * 10)
    #expect(seen[0].learningRate == 1)
    #expect(abs(seen[99].learningRate - 0.109) < 1e-12)
    #expect(result.nodesCreated > 60_000 * 100)
    #expect(result.model.parameters().count == 337)
  }
}
