import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// Arrays print exactly as NumPy prints them (`print(a)` and the repr at the prompt), checked
/// against the reference environment's NumPy. Skipped when that environment is absent.
@Suite struct NumpyPrintingTests {
  /// Expressions valid in both languages whose str and repr must match NumPy's.
  static let expressions = [
    "np.array([1.0, 2.5, -3.25])", "np.array([1, 2, 3])", "np.array([True, False])",
    "np.array([1.0, 2.0], dtype=np.float32)", "np.array([0.1, 0.2, 0.3], dtype=np.float32)",
    "np.array([1e-5, 1.0])", "np.array([1e-5])", "np.array([1e10, 1.0])",
    "np.array([123456789.0])", "np.array([0.0001, 0.5])", "np.array([1.0, 1000.0])",
    "np.array([1.0, 1001.0])", "np.array([float('nan'), 1.0, float('inf')])",
    "np.array([-float('inf'), 2.5])", "np.array([float('nan')])",
    "np.array([[1.0, 2.0], [3.0, 4.0]])", "np.arange(24).reshape(2, 3, 4)",
    "np.arange(30) * 1.5", "np.arange(100)", "np.arange(2000)",
    "np.arange(2000.0).reshape(40, 50)", "np.arange(1100).reshape(11, 100)",
    "np.linspace(0, 1, 7)", "np.eye(3)", "np.zeros((2, 0))", "np.zeros(0)", "np.array(2.5)",
    "np.array(3)", "np.array([1/3, 2/3])", "np.array([-0.0, 0.0])", "np.array([1e-20, 1e20])",
    "np.array([1.5e-300])", "np.array([-1e-5, 2e-5])", "np.ones((3, 3), dtype=np.float32) / 3",
    "np.array([[True, False], [False, True]])", "np.array([-2**62, 5])",
    "np.array([1.123456789, 10.5])", "np.array([3.14159265358979])", "np.array([2.0**60])",
    "np.float64(2.5)", "np.float32(0.1)", "np.int64(3)", "np.float64(1e16)", "np.float64(1e-5)",
    "np.array([1.0, 2.0]).sum()", "np.array([True]).all()", "np.arange(1000) * 0.001",
    "np.arange(1001) * 0.001",
  ]

  @Test func fixedArraysPrintAsNumpyPrintsThem() throws {
    try compare(Self.expressions)
  }

  /// Random arrays of every dtype, 0 to 3 dimensions and magnitudes from 1e-7 to 1e9 (with
  /// NaNs and infinities now and then), rebuilt here from their exact values.
  @Test func generatedArraysPrintAsNumpyPrintsThem() throws {
    guard ReferencePython.executable != nil else {
      print("skipped: \(ReferencePython.absentReason)")
      return
    }
    let generator = """
      import numpy as np, json
      rng = np.random.default_rng(7)
      def lit(x):
          if isinstance(x, list): return '[' + ', '.join(lit(v) for v in x) + ']'
          if isinstance(x, float):
              if x != x: return "float('nan')"
              if x in (float('inf'), float('-inf')): return ("-" if x < 0 else "") + "float('inf')"
              return repr(x)
          return repr(x)
      out = []
      for i in range(160):
          ndim = int(rng.integers(0, 4))
          shape = tuple(int(s) for s in rng.integers(1, 7, size=ndim))
          if i % 40 == 0: shape = (int(rng.integers(20, 40)), int(rng.integers(20, 40)))
          kind = int(rng.integers(0, 5))
          scale = 10.0 ** int(rng.integers(-7, 10))
          if kind == 0: a = rng.standard_normal(shape) * scale
          elif kind == 1: a = (rng.standard_normal(shape) * scale).astype(np.float32)
          elif kind == 2: a = rng.integers(-10 ** int(rng.integers(1, 15)), 10 ** 6, size=shape)
          elif kind == 3: a = rng.random(shape) < 0.5
          else: a = np.round(rng.standard_normal(shape) * 10, int(rng.integers(0, 4)))
          a = np.asarray(a)
          if kind in (0, 4) and a.size > 2 and i % 7 == 0:
              a.flat[0] = np.nan
              a.flat[1] = -np.inf
          name = {'float64': 'float64', 'float32': 'float32', 'int64': 'int64', 'bool': 'bool_'}[str(a.dtype)]
          out.append(['np.array(' + lit(a.tolist()) + ', dtype=np.' + name + ')', str(a), repr(a)])
      print(json.dumps(out))
      """
    let output = try #require(try ReferencePython.run(generator))
    let cases = try #require(
      try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String]])
    #expect(cases.count == 160)
    let session = Session.standard(terminal: MemoryTerminal())
    _ = session.execute("import numpy as np")
    for c in cases {
      let (source, str, repr) = (c[0], c[1], c[2])
      #expect(printed(session, "print(\(source))") == str + "\n", "\(source)")
      #expect(printed(session, "print(repr(\(source)))") == repr + "\n", "\(source)")
    }
  }

  /// What `source` printed in `session`.
  private func printed(_ session: Session, _ source: String) -> String {
    guard let terminal = session.terminal as? MemoryTerminal else { return "" }
    _ = terminal.take()
    _ = session.execute(source)
    return terminal.take()
  }

  /// Runs each expression's `print(x)` and `print(repr(x))` here and in Python.
  private func compare(_ expressions: [String]) throws {
    guard ReferencePython.executable != nil else {
      print("skipped: \(ReferencePython.absentReason)")
      return
    }
    var program = ["import numpy as np"]
    for e in expressions { program += ["print(\(e))", "print(repr(\(e)))", "print('---')"] }
    let source = program.joined(separator: "\n")
    let reference = try #require(try ReferencePython.run(source))
    #expect(reference.status == 0, "\(reference.standardError)")
    let ours = run(source)
    let expected = reference.standardOutput.components(separatedBy: "---\n")
    let got = ours.components(separatedBy: "---\n")
    #expect(got.count == expected.count)
    for (i, e) in expressions.enumerated() where i < got.count && i < expected.count {
      #expect(got[i] == expected[i], "\(e)")
    }
  }
}
