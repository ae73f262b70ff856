import Foundation
import GradTestSupport
import Testing

@testable import GradLanguage

/// The `random` module typed into the REPL and run by CPython (the system's python3): the
/// same seed must print the same numbers, the same shuffles and samples, and the same errors.
@Suite struct RandomModuleTests {
  static let program = """
    import random
    random.seed(42)
    print(random.random(), random.uniform(-1, 1), random.getrandbits(20), random.getrandbits(63))
    print(random.randrange(10), random.randrange(2, 30, 4), random.randrange(10, -10, -3))
    print(random.randint(-5, 5), random.randint(1, 10**15), random.randrange(start=3, stop=7))
    xs = list(range(10))
    random.shuffle(xs)
    print(xs)
    print(random.choice('hello'), random.choice([1, 2, 3]), random.choice((4, 5)))
    print(random.sample(range(100), 5), random.sample('abcdef', 3), random.sample([1, 2], k=2))
    print(random.gauss(), random.gauss(1, 2), random.gauss(mu=3), random.normalvariate(0, 1))
    random.seed('micrograd')
    print(random.random())
    random.seed(-7)
    print(random.random())
    random.seed(2**62)
    print(random.random())
    random.seed(True)
    print(random.random())
    random.seed()
    print(0 <= random.random() < 1)
    def attempt(f):
        try:
            f()
            print('no error')
        except ValueError:
            print('ValueError')
        except IndexError:
            print('IndexError')
        except TypeError:
            print('TypeError')
    attempt(lambda: random.randrange(0))
    attempt(lambda: random.randrange(5, 5))
    attempt(lambda: random.randrange(1, 5, 0))
    attempt(lambda: random.randint(3, 1))
    attempt(lambda: random.choice([]))
    attempt(lambda: random.sample([1], 2))
    attempt(lambda: random.getrandbits(-1))
    attempt(lambda: random.shuffle((1, 2)))
    """

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
      "/usr/bin/python3 is absent: nothing to compare the random module with"))
  func sameSeedSameNumbersAsCPython() throws {
    let run = try #require(
      try ReferencePython.runProgram(
        "/usr/bin/python3", arguments: ["-c", Self.program], deadline: 60),
      "python3 did not finish in 60 s")
    try #require(run.status == 0, "\(run.standardError)")
    let terminal = MemoryTerminal()
    #expect(Session(terminal: terminal).runScript(Self.program, fileName: "random.py"))
    let ours = terminal.output.split(separator: "\n")
    let theirs = run.standardOutput.split(separator: "\n")
    #expect(ours.count == theirs.count, "\(terminal.output)")
    for (mine, cpython) in zip(ours, theirs) { #expect(mine == cpython) }
  }

  @Test func aFreshSessionIsSeededWith1337() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    #expect(session.runScript("print(random.random())", fileName: "fresh.py"))
    // CPython: random.seed(1337); random.random()
    #expect(terminal.output == "0.6177528569514706\n")
  }
}
