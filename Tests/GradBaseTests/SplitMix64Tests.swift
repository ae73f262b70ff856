import GradBase
import Testing

@Suite struct SplitMix64Tests {
  @Test func splitMixMatchesItsReferenceOutput() {
    // The first outputs of SplitMix64 seeded with 0 (Vigna's reference).
    var g = SplitMix64(seed: 0)
    #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(g.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func uniformStaysInRange() {
    var g = SplitMix64(seed: 123)
    var total = 0.0
    for _ in 0..<10_000 {
      let u = g.uniform(-1, 1)
      #expect(u >= -1 && u < 1)
      total += u
    }
    #expect(abs(total / 10_000) < 0.05)
  }

  @Test func gaussianHasUnitVariance() {
    var g = SplitMix64(seed: 99)
    let n = 20_000
    let xs = (0..<n).map { _ in g.gaussian() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.05)
    #expect(xs.allSatisfy { $0.isFinite })
  }

  @Test func streamsFromOneSeedAreFixedAndUnrelated() {
    // state = first output of SplitMix64(7 ⊕ 3 · 0xD1B54A32D192ED03), then the usual steps.
    var g = SplitMix64(seed: 7, stream: 3)
    #expect(g.next() == 0xD40D_0A4F_FA67_9748)
    #expect(g.next() == 0x2000_C298_C383_E25C)
    var other = SplitMix64(seed: 7, stream: 4)
    #expect(other.next() != 0xD40D_0A4F_FA67_9748)
  }
}
