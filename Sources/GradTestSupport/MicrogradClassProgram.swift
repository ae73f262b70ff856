// micrograd itself, classes and all, as one program for the interpreter and for CPython:
// micrograd's engine.py and nn.py read from the reference environment at run time (never
// copied into the repository), then a two-moons training loop in plain Python that prints
// its loss at every step. The benchmark `gradbench class-moons` and the comparison test run
// it on both sides and compare what they print.

import Foundation

public enum MicrogradClassProgram {
  /// Why the program cannot be assembled.
  public struct Unavailable: Error, CustomStringConvertible {
    public let description: String
  }

  /// The folder holding micrograd's engine.py and nn.py in the environment at `venv`
  /// (`lib/python3.*/site-packages/micrograd`), or nil.
  public static func sourceDirectory(venv: String = ReferencePython.directory) -> String? {
    let lib = URL(fileURLWithPath: venv).appendingPathComponent("lib")
    let versions =
      (try? FileManager.default.contentsOfDirectory(atPath: lib.path))?
      .filter { $0.hasPrefix("python3") }.sorted() ?? []
    for version in versions {
      let folder = lib.appendingPathComponent(version).appendingPathComponent(
        "site-packages/micrograd")
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent("nn.py").path) {
        return folder.path
      }
    }
    return nil
  }

  /// engine.py, then nn.py without its `from micrograd.engine import Value` (the class is
  /// defined just above it).
  public static func library(venv: String = ReferencePython.directory) throws(Unavailable)
    -> String
  {
    guard let folder = sourceDirectory(venv: venv) else {
      throw Unavailable(
        description: "micrograd is not installed in \(venv) (lib/python3.*/site-packages/"
          + "micrograd): run bash ../shared/bench/setup.sh or set BENCH_VENV")
    }
    let engine: String
    let nn: String
    do {
      engine = try String(contentsOfFile: folder + "/engine.py", encoding: .utf8)
      nn = try String(contentsOfFile: folder + "/nn.py", encoding: .utf8)
    } catch {
      throw Unavailable(description: "cannot read micrograd's sources in \(folder): \(error)")
    }
    let network = nn.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { $0.trimmingCharacters(in: .whitespaces) != "from micrograd.engine import Value" }
      .joined(separator: "\n")
    return engine + "\n\n" + network + "\n"
  }

  /// The training loop: micrograd's demo (MLP(2, [16, 16, 1]), hinge loss + 1e-4·Σp²,
  /// lr = 1 − 0.9·k/100) on two moons made with `random` and `math`, printing
  /// `step K loss L accuracy A` after each of `steps` steps.
  ///
  /// The model is built right after `random.seed(1337)`, so its weights are the notebook's.
  public static func trainingLoop(steps: Int) -> String {
    """
    # Two moons in plain Python (no numpy), then micrograd's demo training loop.
    import math

    random.seed(1337)
    model = MLP(2, [16, 16, 1])


    def make_moons(n, noise):
        upper = n // 2
        lower = n - upper
        points = []
        labels = []
        for i in range(upper):
            t = math.pi * i / (upper - 1)
            points.append([math.cos(t), math.sin(t)])
            labels.append(-1)
        for i in range(lower):
            t = math.pi * i / (lower - 1)
            points.append([1 - math.cos(t), 0.5 - math.sin(t)])
            labels.append(1)
        order = list(range(n))
        random.shuffle(order)
        X = [[points[i][0] + random.gauss(0, noise), points[i][1] + random.gauss(0, noise)]
             for i in order]
        y = [labels[i] for i in order]
        return X, y


    X, y = make_moons(100, 0.1)


    def loss():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)


    for k in range(\(steps)):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        print('step', k, 'loss', repr(total_loss.data), 'accuracy', repr(acc))

    """
  }

  /// The whole program: micrograd's library, then the loop.
  public static func program(steps: Int, venv: String = ReferencePython.directory)
    throws(Unavailable) -> String
  {
    try library(venv: venv) + "\n" + trainingLoop(steps: steps)
  }

  /// How two runs' printed losses compare.
  public struct Comparison: Sendable, CustomStringConvertible {
    /// Steps each side printed.
    public let steps: (ours: Int, theirs: Int)
    /// Every line the same, character for character.
    public let identical: Bool
    /// The first step whose line differs, if any.
    public let firstDifference: Int?
    /// max |ours − theirs| / max(1e-300, |theirs|) over the losses.
    public let largestRelativeDifference: Double
    /// Steps whose accuracies differ.
    public let accuracyMismatches: Int

    /// Same steps, same accuracies, losses within `tolerance` relative.
    public func agrees(tolerance: Double) -> Bool {
      steps.ours == steps.theirs && steps.ours > 0 && accuracyMismatches == 0
        && largestRelativeDifference <= tolerance
    }

    public var description: String {
      if steps.ours != steps.theirs {
        return "the sides printed \(steps.ours) and \(steps.theirs) steps"
      }
      if identical { return "all \(steps.ours) losses identical" }
      return "losses differ from step \(firstDifference ?? 0) on, by at most "
        + "\(largestRelativeDifference) relative; \(accuracyMismatches) accuracies differ"
    }
  }

  /// The `(loss, accuracy)` of each `step K loss L accuracy A` line, in order.
  public static func steps(in output: String) -> [(line: Substring, loss: Double, accuracy: Double)]
  {
    output.split(separator: "\n").compactMap { line in
      let words = line.split(separator: " ")
      guard words.count == 6, words[0] == "step", words[2] == "loss", words[4] == "accuracy",
        let loss = Double(words[3]), let accuracy = Double(words[5])
      else { return nil }
      return (line, loss, accuracy)
    }
  }

  /// Compares the step lines two runs printed.
  public static func compare(_ ours: String, _ theirs: String) -> Comparison {
    let a = steps(in: ours)
    let b = steps(in: theirs)
    var first: Int?
    var largest = 0.0
    var mismatches = 0
    for (k, (x, y)) in zip(a, b).enumerated() {
      if x.line != y.line, first == nil { first = k }
      let relative = abs(x.loss - y.loss) / max(1e-300, abs(y.loss))
      largest = relative.isNaN ? .infinity : max(largest, relative)
      if x.accuracy != y.accuracy { mismatches += 1 }
    }
    let identical = a.count == b.count && first == nil
    return Comparison(
      steps: (a.count, b.count), identical: identical,
      firstDifference: first ?? (a.count == b.count ? nil : min(a.count, b.count)),
      largestRelativeDifference: largest, accuracyMismatches: mismatches)
  }
}
