import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// `np.round` / `np.around` / `a.round(decimals)` (halves to even, in the array's precision)
/// and the names of types (`type(a).__name__`), against NumPy and PyTorch. Skipped when the
/// reference environment is absent.
@Suite(.enabled(if: ReferencePython.executable != nil, Comment(rawValue: pytorchAbsent)))
struct NumpyRoundTests {
  /// Expressions valid in both languages, each printed with `repr`.
  static let expressions = [
    "np.array([0.5, 1.5, 2.5, -0.5, -1.5, 3.5]).round()",
    "np.round(np.array([1.2345, 2.675, 1.005, -0.125]), 2)",
    "np.around(np.array([123.456, -0.05, 0.15]), 1)",
    "np.round(np.array([1.25, 1.35]), decimals=1)",
    "np.array([1234.5, -1250.0, 1350.0]).round(-2)",
    "np.array([1234.5, 5.0]).round(decimals=-1)",
    "np.round(np.array([15, 25, -15, 14]), -1)", "np.round(np.array([15, 25]), 2)",
    "np.round(np.array([15, 25])).dtype",
    "np.round(np.array([1.2345, 2.5, 0.1], dtype=np.float32), 3)",
    "np.round(np.array([1.2345], dtype=np.float32), 3).dtype",
    "np.round(2.567, 2)", "np.float64(2.675).round(2)", "np.round(np.float32(2.5))",
    "np.array(2.55).round(1)", "np.round(np.arange(3.0) * 1.1, 1)",
    "np.round(np.array([float('nan'), float('inf'), -0.4]))",
    "np.round(np.array([[1.23456, 2.5], [3.14159, -2.71828]]), 3)",
    "np.arange(12).reshape(3, 4).std(axis=0).round(4)",
    "np.round(np.array([1e-9, 5e-5, 0.000149]), 4)",
    "np.round(np.array([1.5, 2.5]), 0, out=np.zeros(2))",
    "type(np.zeros(2)).__name__", "type(np.zeros(2))", "type(np.float64(1.0)).__name__",
    "type(np.float64(1.0))", "np.ndarray.__name__", "type(np.zeros(2)) == np.ndarray",
    "type(torch.zeros(2)).__name__", "type(torch.zeros(2))", "torch.Tensor",
    "type(torch.zeros(2)) == torch.Tensor", "type(torch.zeros(2)) == np.ndarray",
    "type(nn.Parameter(torch.zeros(2))).__name__", "type(nn.Parameter(torch.zeros(2)))",
    "type(torch.zeros(2).dtype)", "type(torch.zeros(2).shape).__name__",
    "isinstance(np.zeros(2), type(np.zeros(3)))",
  ]

  @Test func roundingAndTypeNamesMatchNumpyAndPyTorch() throws {
    try expectEchoesMatchPyTorch(
      Self.expressions, setup: ["import numpy as np", "import torch.nn as nn"])
  }

  @Test func roundingABoolArraySaysWhatToDo() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.execute("import numpy as np")
    _ = session.execute("np.round(np.array([True, False]))")
    #expect(terminal.take().contains("a.astype(np.float64).round(0)"))
  }
}
