// Many reference programs in one interpreter: importing PyTorch takes a second or more, so a
// corpus of small programs is run by one process that starts each program afresh, as
// `python FILE` would, and reports what each printed.
import Foundation

extension ReferencePython {
  /// What one program of a batch did.
  public struct ProgramRun: Sendable, Decodable {
    /// The program's path, as it was passed.
    public let program: String
    /// False when the program outlasted its deadline and was stopped.
    public let finished: Bool
    /// The exit status `python FILE` would have had: 0, 1 after an uncaught exception, or the
    /// code given to `sys.exit`.
    public let status: Int32
    public let standardOutput: String
    /// Warnings, and for a failed program its traceback as CPython prints it.
    public let standardError: String

    enum CodingKeys: String, CodingKey {
      case program, finished, status
      case standardOutput = "stdout"
      case standardError = "stderr"
    }
  }

  /// Why a batch produced no results: the interpreter failed (its report is the message) or
  /// the whole batch outlasted its deadline.
  public struct BatchFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
  }

  /// Runs every program in `paths` in one interpreter of the environment, each as if it were
  /// the only one: a fresh `__main__` namespace (`runpy.run_path`, so `__name__ ==
  /// "__main__"` holds), `sys.argv` naming it, and the global state a program may change
  /// put back to what a new interpreter starts with: torch's default dtype, grad mode,
  /// anomaly mode and print options, numpy's print options, and fresh unpredictable seeds
  /// for torch, numpy and Python's `random`, as a new process would have.
  /// Each program may run `deadline` seconds; one that runs longer is stopped and reported
  /// unfinished. Nil when there is no environment.
  /// - Returns: one run per path, keyed by the path.
  public static func runPrograms(_ paths: [String], deadline: TimeInterval) throws
    -> [String: ProgramRun]?
  {
    guard let executable else { return nil }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("reference-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("runs.json")
    // Starting the interpreter and importing torch may take a while on a busy machine.
    let whole = deadline * Double(paths.count) + 120
    let arguments = ["-I", "-c", batchHarness, report.path, String(deadline)] + paths
    guard let output = try runProgram(executable, arguments: arguments, deadline: whole) else {
      throw BatchFailure(description: "the reference batch outlasted \(Int(whole)) s")
    }
    guard output.status == 0, let data = try? Data(contentsOf: report) else {
      throw BatchFailure(
        description: "the reference batch failed (status \(output.status)):\n"
          + output.standardError)
    }
    let runs = try JSONDecoder().decode([ProgramRun].self, from: data)
    return Dictionary(runs.map { ($0.program, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The batch runner: `python -I -c HARNESS REPORT DEADLINE PROGRAM...` writes a JSON list
  /// of runs to REPORT. A program's output is captured through `sys.stdout`/`sys.stderr`;
  /// its traceback is printed as the interpreter would print an uncaught one.
  static let batchHarness = #"""
    import contextlib, io, json, random, runpy, signal, sys, traceback
    import numpy as np
    import torch

    report, deadline, programs = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    default_dtype = torch.get_default_dtype()
    numpy_print = np.get_printoptions()
    main_module = sys.modules["__main__"]


    class Deadline(BaseException):
        pass


    def expire(signum, frame):
        raise Deadline()


    signal.signal(signal.SIGALRM, expire)
    runs = []
    for path in programs:
        torch.seed()
        torch.set_default_dtype(default_dtype)
        torch.set_grad_enabled(True)
        torch.autograd.set_detect_anomaly(False)
        torch.set_printoptions(profile="default")
        np.set_printoptions(**numpy_print)
        np.random.seed()
        random.seed()
        sys.argv = [path]
        out, err = io.StringIO(), io.StringIO()
        status, finished = 0, True
        signal.setitimer(signal.ITIMER_REAL, deadline)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    runpy.run_path(path, run_name="__main__")
                except SystemExit as exit:
                    code = exit.code
                    if code is None or isinstance(code, int):
                        status = code or 0
                    else:
                        status = 1
                        print(code, file=sys.stderr)
                except Deadline:
                    raise
                except BaseException as error:
                    status = 1
                    traceback.print_exception(error, file=sys.stderr)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except Deadline:
            finished = False
        sys.modules["__main__"] = main_module
        runs.append({"program": path, "finished": finished, "status": status,
                     "stdout": out.getvalue(), "stderr": err.getvalue()})
    with open(report, "w", encoding="utf-8") as file:
        json.dump(runs, file)
    """#
}
