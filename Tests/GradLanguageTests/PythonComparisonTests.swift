import Foundation
import GradTestSupport
import Testing

@testable import GradLanguage

/// The same expressions through this interpreter and through CPython: the echoed repr (or
/// the exception's name) must agree. Skipped when the reference Python is not installed.
@Suite struct PythonComparisonTests {
  static let expressions = [
    "7 // 2", "-7 // 2", "7 // -2", "-7 % 3", "7 % -3", "-7.5 % 2", "10 % 3.5", "-7.5 // 2",
    "2 ** 10", "2 ** -2", "(-2) ** 3", "-2 ** 2", "2 ** 0.5", "7 / 2", "1 / 3", "0.1 + 0.2",
    "1e16", "1e-7", "123456789.123", "-0.0", "float('inf')", "-float('inf')", "1e308 * 10",
    "3.0", "2.5e-5", "100.0 / 3", "True + True", "True * 2.5", "not 0", "0 or 'x'", "0 and 1",
    "[] or None", "1 < 2 < 3", "1 < 3 < 2", "1 == 1.0", "(1, 2) < (1, 3)", "[1, [2]] == [1, [2]]",
    "'b' in 'abc'", "3 in [1, 2]", "None is None", "'ab' * 3", "[1, 2] + [3]", "(1,) * 2",
    "(1,)", "()", "[[]]", "{}", "{'a': 1, 'b': [2]}", "'it\\'s'", "'a\\nb'", "'say \"hi\"'",
    "'abc'[::-1]", "'hello'[1:-1]", "list(range(10))[2:8:3]", "list(range(5))[::-2]",
    "list(range(3, -4, -2))", "len(range(0, 100, 7))",
    "[x * y for x in range(3) for y in range(3) if x != y]",
    "{k: v for k, v in zip('ab', [1, 2])}", "sorted([3, 1, 2], reverse=True)",
    "list(zip([1, 2, 3], 'ab'))", "list(enumerate('ab', 1))", "min(3, 1, 2)", "max([4, 9, 2])",
    "sum([0.1] * 10)", "abs(-2.5)", "round(2.5)", "round(3.5)", "round(-1.5)", "round(2.675, 2)",
    "round(0.125, 2)", "round(1234.5, -2)", "int(3.9)", "int(-3.9)", "int(' 12 ')",
    "float('1e3')", "str(1.0)", "repr('x')", "str([1, 'a'])", "'-'.join(['x', 'y'])",
    "'a,b,,c'.split(',')", "' pad '.strip()", "'Hi'.upper() + 'Hi'.lower()", "f'{3.14159:.3f}'",
    "f'{42:>5}|{7:03d}|{0.25:.0%}|{1234567:,}|{2.5:e}|{1e-7:g}'", "f'{\"x\"!r:>6}'",
    "'{} and {:.1f}'.format('x', 2)", "list(map(lambda v: v * v, [1, 2, 3]))",
    "list(filter(None, [0, 1, '', 'a']))", "any([0, 0]), all([])", "type(1.5)", "bool([0])",
    "[1, 2, 3].index(2)", "[1, 1, 2].count(1)", "{'a': 1}.get('b', 0)", "list({'a': 1}.items())",
    "1 / 0", "1 // 0", "1.0 % 0", "[][0]", "{}['k']",
    "int('x')", "'a' + 1", "[1] - [1]", "undefined_name", "len(5)", "(1, 2)[5]", "1 < 'a'",
    "float('nope')", "min([])", "[0] * -3", "'abc'[10:20]",
    "'%.3f|%5d|%-4s|%r|%%|%e' % (3.14159, 42, 'ab', 'x', 12345.678)", "'%d items' % 3",
    "'%s' % [1, 2]", "'%d %d' % (1,)", "'%d' % (1, 2)", "'%05.1f' % -2.25", "'%x' % 255",
    "'%X|%o' % (255, 8)",
    "f'{255:x}|{255:#x}|{-5:b}|{10:o}'", "sorted({3, 1, 2, 3})", "len({x % 3 for x in range(9)})",
    "{1, 2} == {2, 1}", "2 in {1, 2}", "sorted({1, 2, 3} - {2})", "set()", "{[1]}",
    "isinstance(True, int)", "type(1) == int", "sorted(set('hello'))",
    "6 | 3, 6 & 3, 6 ^ 3, 1 << 10, -9 >> 2, ~5, ~True", "True & False, True | 0, False ^ True",
    "sorted({1, 2} | {3}), sorted({1, 2} & {2, 3}), sorted({1, 2} ^ {2, 3})", "1 << -1",
    "2.0 | 1", "5 & 3 == 1", "1 + 2 << 1", "-1 >> 100", "1 | 2 ^ 3 & 4",
  ]

  /// Python's integers are unbounded; ours are 64-bit and say so instead of wrapping.
  static let overflowing = [
    "9223372036854775807 + 1", "2 ** 64", "-(-9223372036854775807 - 1)", "1 << 64", "3 << 62",
  ]

  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func echoesMatchCPython() throws {
    let script = """
      import sys, json
      for source in json.load(sys.stdin):
          try:
              print(repr(eval(source)))
          except Exception as error:
              print(type(error).__name__)
      """
    let python = try #require(
      try ReferencePython.run(
        script, input: try JSONEncoder().encode(Self.expressions + Self.overflowing),
        deadline: 30),
      "the reference Python did not finish in 30 s")
    let text = python.standardOutput
    let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(expected.count >= Self.expressions.count + Self.overflowing.count)

    for (k, source) in Self.expressions.enumerated() where k < expected.count {
      let echoed = String(run(source).dropLast())
      // An error prints "Kind: message"; Python's side printed the kind.
      let ours =
        echoed.range(of: "Error: ").map { String(echoed[..<$0.lowerBound]) + "Error" }
        ?? echoed
      // None is not echoed at the prompt; Python's repr shows it.
      #expect((ours.isEmpty ? "None" : ours) == expected[k], "\(source)")
    }
    for (k, source) in Self.overflowing.enumerated() {
      #expect(run(source).hasPrefix("OverflowError: "), "\(source)")
      let theirs =
        Self.expressions.count + k < expected.count ? expected[Self.expressions.count + k] : ""
      #expect(theirs.allSatisfy(\.isNumber) && Int(theirs) == nil, "Python gave \(theirs)")
    }
  }
}
