import Foundation
import GradLanguage
import GradTestSupport
import Testing

@testable import GradBindings

/// `np.save` / `np.load` read and write NumPy's .npy files: what NumPy writes loads here, what
/// is saved here loads in NumPy, and a file that is not .npy is an error the session survives.
@Suite struct NumpyFileTests {
  private func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "numpy-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  @Test func savedArraysLoadBackWithTheirDtypeAndShape() throws {
    let dir = try temporaryDirectory()
    let out = run(
      "import numpy as np",
      "np.save('\(dir)/a', np.arange(6, dtype=np.float32).reshape(2, 3) / 4)",
      "np.save('\(dir)/b.npy', np.array([True, False]))",
      "print(repr(np.load('\(dir)/a.npy')))", "print(repr(np.load('\(dir)/b.npy')))")
    #expect(
      out == "array([[0.  , 0.25, 0.5 ],\n       [0.75, 1.  , 1.25]], dtype=float32)\n"
        + "array([ True, False])\n")
  }

  @Test func numpyReadsWhatIsSavedHereAndTheReverse() throws {
    guard ReferencePython.executable != nil else {
      print("skipped: \(ReferencePython.absentReason)")
      return
    }
    let dir = try temporaryDirectory()
    _ = run(
      "import numpy as np", "np.save('\(dir)/ours.npy', np.arange(12).reshape(3, 4) * 1.5)",
      "np.save('\(dir)/ints.npy', np.arange(-3, 3))")
    let check = try #require(
      try ReferencePython.run(
        """
        import numpy as np
        print(repr(np.load('\(dir)/ours.npy')))
        print(repr(np.load('\(dir)/ints.npy')))
        np.save('\(dir)/theirs.npy', np.linspace(0, 1, 5).astype(np.float32))
        """))
    #expect(check.status == 0, "\(check.standardError)")
    #expect(
      check.standardOutput
        == "array([[ 0. ,  1.5,  3. ,  4.5],\n       [ 6. ,  7.5,  9. , 10.5],\n"
        + "       [12. , 13.5, 15. , 16.5]])\narray([-3, -2, -1,  0,  1,  2])\n")
    let loaded = run("import numpy as np", "print(repr(np.load('\(dir)/theirs.npy')))")
    #expect(loaded == "array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)\n")
  }

  @Test func badFilesAreValueErrorsAndTheSessionGoesOn() throws {
    let dir = try temporaryDirectory()
    try Data("hello".utf8).write(to: URL(fileURLWithPath: "\(dir)/text.npy"))
    _ = run("import numpy as np", "np.save('\(dir)/whole.npy', np.arange(100.0))")
    let whole = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/whole.npy"))
    try whole.prefix(200).write(to: URL(fileURLWithPath: "\(dir)/cut.npy"))
    let out = run(
      "import numpy as np", "np.load('\(dir)/text.npy')", "np.load('\(dir)/cut.npy')",
      "np.load('\(dir)/missing.npy')", "print('still here')")
    #expect(out.contains("ValueError: \(dir)/text.npy is not a .npy file"))
    #expect(out.contains("ValueError: \(dir)/cut.npy is truncated"))
    #expect(out.contains("FileNotFoundError"))
    #expect(out.hasSuffix("still here\n"))
  }
}
