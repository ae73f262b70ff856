import Foundation
import GradBase
import GradTestSupport
import Testing

@Suite struct MersenneTwisterTests {
  @Test func matchesTheReferenceOutputOfInitByArray() {
    // mt19937ar.out (Matsumoto and Nishimura): the first genrand_int32 outputs after
    // init_by_array({0x123, 0x234, 0x345, 0x456}).
    var g = MersenneTwister(key: [0x123, 0x234, 0x345, 0x456])
    let first = (0..<5).map { _ in g.nextUInt32() }
    #expect(first == [1_067_595_299, 955_945_823, 477_289_528, 4_107_218_783, 4_228_976_476])
    // The thousandth output, two twists later (CPython's getrandbits(32) agrees).
    for _ in 5..<999 { _ = g.nextUInt32() }
    #expect(g.nextUInt32() == 3_460_025_646)
  }

  @Test func seedingFollowsCPython() {
    // CPython seeds an int from the 32-bit words of its absolute value, least significant first.
    var a = MersenneTwister(seed: -5)
    var b = MersenneTwister(key: [5])
    #expect(a.nextUInt32() == b.nextUInt32())
    var wide = MersenneTwister(seed: UInt64(0x0000_0002_0000_0001))
    var key = MersenneTwister(key: [1, 2])
    #expect(wide.next() == key.next())
    var zero = MersenneTwister(seed: 0)
    var empty = MersenneTwister(key: [])
    #expect(zero.nextUInt32() == empty.nextUInt32())
    // random.seed(1337); random.random(), random.uniform(-1, 1) in CPython 3.11.
    var g = MersenneTwister(seed: 1337)
    #expect(g.random() == 0.6177528569514706)
    #expect(g.uniform(-1, 1) == 0.06653114721000164)
  }

  @Test func drawsStayInRange() {
    var g = MersenneTwister(seed: 7)
    for bound in [1, 2, 3, 7, 1000, 1 << 40] {
      for _ in 0..<200 { #expect((0..<bound).contains(g.index(below: bound))) }
    }
    for k in 0...64 {
      let x = g.bits(k)
      #expect(k == 64 || x < (1 as UInt64) << k)
    }
    var items = Array(0..<50)
    g.shuffle(&items)
    #expect(items.sorted() == Array(0..<50))
    #expect(g.sampleIndices(populationSize: 3, count: 4) == nil)
    let picked = g.sampleIndices(populationSize: 1000, count: 40) ?? []
    #expect(Set(picked).count == 40 && picked.allSatisfy { (0..<1000).contains($0) })
  }

  /// The same calls in CPython (the system's python3): every number must be identical.
  static let program = """
    import random
    out = []
    for seed in [1337, 0, 1, -5, 2**40 + 3, 2**63 - 1]:
        random.seed(seed)
        out.append(('random', [random.random() for _ in range(3)]))
        out.append(('uniform', [random.uniform(-1, 1), random.uniform(2.5, -3)]))
        out.append(('getrandbits', [random.getrandbits(k) for k in (0, 1, 5, 31, 32, 33, 48, 63, 64)]))
        out.append(('randrange', [random.randrange(10), random.randrange(3, 9), random.randrange(-20, 20, 3), random.randrange(10, -10, -4), random.randrange(1 << 50)]))
        out.append(('randint', [random.randint(1, 6) for _ in range(8)] + [random.randint(-1000, 10**12)]))
        out.append(('choice', [random.choice('abcdefg') for _ in range(6)]))
        xs = list(range(12)); random.shuffle(xs)
        out.append(('shuffle', xs))
        out.append(('sample', random.sample(range(10), 4) + random.sample(range(10000), 8) + random.sample(range(40), 30)))
        out.append(('gauss', [random.gauss(), random.gauss(0.5, 2), random.gauss(), random.gauss(-1, 0.1)]))
        out.append(('normalvariate', [random.normalvariate(), random.normalvariate(3, 0.5)]))
        random.gauss(); random.seed(seed)
        out.append(('gauss-after-seed', [random.gauss()]))
    for text in ['', 'micrograd', 'héllo wörld', 'x' * 200]:
        random.seed(text)
        out.append(('seed-str', [random.random(), random.getrandbits(32)]))
    import hashlib
    out.append(('sha512', [hashlib.sha512(b'abc').hexdigest(), hashlib.sha512(b'a' * 300).hexdigest()]))
    for name, values in out:
        print(name, ' '.join(repr(v) for v in values))
    """

  static func ours() -> String {
    var lines: [String] = []
    func line(_ name: String, _ values: [String]) {
      lines.append(name + " " + values.joined(separator: " "))
    }
    func range(_ g: inout MersenneTwister, _ start: Int, _ stop: Int, _ step: Int) -> Int {
      let width = stop - start
      let n = step > 0 ? (width + step - 1) / step : (width + step + 1) / step
      return start + step * g.index(below: n)
    }
    for seed in [1337, 0, 1, -5, (1 << 40) + 3, Int.max] {
      var g = MersenneTwister(seed: seed)
      line("random", (0..<3).map { _ in "\(g.random())" })
      line("uniform", ["\(g.uniform(-1, 1))", "\(g.uniform(2.5, -3))"])
      line("getrandbits", [0, 1, 5, 31, 32, 33, 48, 63, 64].map { "\(g.bits($0))" })
      line(
        "randrange",
        [
          g.index(below: 10), 3 + g.index(below: 6), range(&g, -20, 20, 3), range(&g, 10, -10, -4),
          g.index(below: 1 << 50),
        ].map { "\($0)" })
      var dice = (0..<8).map { _ in "\(1 + g.index(below: 6))" }
      dice.append("\(-1000 + g.index(below: 1_000_000_000_000 + 1001))")
      line("randint", dice)
      let letters = Array("abcdefg")
      line("choice", (0..<6).map { _ in "'\(letters[g.index(below: letters.count)])'" })
      var xs = Array(0..<12)
      g.shuffle(&xs)
      line("shuffle", xs.map { "\($0)" })
      let sample =
        (g.sampleIndices(populationSize: 10, count: 4) ?? [])
        + (g.sampleIndices(populationSize: 10000, count: 8) ?? [])
        + (g.sampleIndices(populationSize: 40, count: 30) ?? [])
      line("sample", sample.map { "\($0)" })
      line(
        "gauss",
        [g.gauss(), g.gauss(mu: 0.5, sigma: 2), g.gauss(), g.gauss(mu: -1, sigma: 0.1)].map {
          "\($0)"
        })
      line(
        "normalvariate", [g.normalVariate(), g.normalVariate(mu: 3, sigma: 0.5)].map { "\($0)" })
      _ = g.gauss()
      g = MersenneTwister(seed: seed)
      line("gauss-after-seed", ["\(g.gauss())"])
    }
    for text in ["", "micrograd", "héllo wörld", String(repeating: "x", count: 200)] {
      var g = MersenneTwister(seedText: text)
      line("seed-str", ["\(g.random())", "\(g.nextUInt32())"])
    }
    func hex(_ bytes: [UInt8]) -> String {
      let digits = bytes.map { byte in
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
      }
      return "'" + digits.joined() + "'"
    }
    let long = [UInt8](repeating: 97, count: 300)
    line("sha512", [hex(sha512(Array("abc".utf8))), hex(sha512(long))])
    return lines.joined(separator: "\n") + "\n"
  }

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
      "/usr/bin/python3 is absent: nothing to compare CPython's random module with"))
  func everyDrawMatchesCPython() throws {
    let run = try #require(
      try ReferencePython.runProgram(
        "/usr/bin/python3", arguments: ["-c", Self.program], deadline: 60),
      "python3 did not finish in 60 s")
    try #require(run.status == 0, "\(run.standardError)")
    let theirs = run.standardOutput.split(separator: "\n")
    let ours = Self.ours().split(separator: "\n")
    #expect(ours.count == theirs.count)
    for (mine, cpython) in zip(ours, theirs) { #expect(mine == cpython) }
  }
}
