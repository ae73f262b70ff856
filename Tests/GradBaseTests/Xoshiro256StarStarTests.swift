import GradBase
import Testing

@Suite struct Xoshiro256StarStarTests {
  @Test func seededThroughSplitMixMatchesTheReference() {
    // Vigna's xoshiro256** with its state filled by SplitMix64(seed: 0).
    var g = Xoshiro256StarStar(seed: 0)
    #expect(g.next() == 0x99EC_5F36_CB75_F2B4)
    #expect(g.next() == 0xBF6E_1F78_4956_452A)
    #expect(g.next() == 0x1A5F_849D_4933_E6E0)
  }

  @Test func theTensorEnginesDefaultSeedGivesItsStream() {
    // 0x5EED seeds randn and the initialisers until manualSeed: these words fix them.
    var g = Xoshiro256StarStar(seed: 0x5EED)
    #expect(g.next() == 0xEF33_F170_5524_4B74)
    #expect(g.next() == 0xE1F5_9111_2FB5_051B)
    #expect(g.next() == 0xD8AB_0564_0214_863A)
  }

  @Test func samplersUseTheTop53Bits() {
    var words = Xoshiro256StarStar(seed: 42)
    var units = Xoshiro256StarStar(seed: 42)
    for _ in 0..<100 {
      #expect(units.nextUnit() == Double(words.next() >> 11) * 0x1p-53)
    }
  }
}
