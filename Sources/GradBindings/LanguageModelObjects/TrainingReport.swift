// How a training run reads on screen, shared by `train(...)` at the prompt and
// `gradrepl train` on the command line: one progress line (redrawn in place at
// a terminal), the lecture's epoch table, the closing test perplexity.

import Foundation
import GradBase
import GradLanguage
import GradModels

/// Text for a training run's progress, epoch rows and closing figures.
public enum TrainingReport {
  /// One progress line: where the run is, how fast it goes and how the loss stands.
  ///
  /// ```
  /// epoch 1  step 40/240  loss 3.214 (ppl 24.9)  12,345 tok/s  ETA 0:12
  /// ```
  public static func progressLine(_ p: TrainingProgress) -> String {
    let loss = String(format: "%.3f", p.loss)
    let ppl = perplexityText(p.perplexity)
    var line =
      "epoch \(p.epoch)  step \(p.stepInEpoch)/\(p.stepsPerEpoch)  loss \(loss) (ppl \(ppl))"
    if let norm = p.gradientNorm, norm.isFinite {
      line += "  |g| " + String(format: "%.3g", norm)
    }
    let rate = p.tokensPerSecond.isFinite ? Int(p.tokensPerSecond.rounded()) : 0
    line += "  \(groupedThousands(rate)) tok/s  ETA \(duration(p.estimatedRemaining))"
    return line
  }

  /// The header of the epoch table (the lecture's: epoch, train PPL, valid PPL, ...).
  public static var tableHeader: String { EpochSummary.tableHeader }

  /// `test PPL 8.21`, or why there is none.
  public static func testLine(_ result: TrainingResult) -> String {
    if let test = result.testPerplexity { return "test PPL \(perplexityText(test))" }
    return result.stopped
      ? "test PPL not measured (stopped)" : "test PPL not measured (no test text)"
  }

  /// The line printed when Ctrl-C ended a run.
  public static func stoppedLine(_ result: TrainingResult) -> String {
    "training stopped after \(result.steps) step\(result.steps == 1 ? "" : "s") "
      + "(Ctrl-C); the model keeps the weights of the last completed step"
  }

  /// A perplexity with three significant figures, or `inf`.
  public static func perplexityText(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
    return value >= 1000 ? String(format: "%.0f", value) : String(format: "%.3g", value)
  }

  /// Seconds as `m:ss` (or `h:mm:ss`); `?` when unknown.
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 1e7 else { return "?" }
    let total = Int(seconds.rounded())
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
    let ss = s < 10 ? "0\(s)" : "\(s)"
    if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
    return "\(m):" + ss
  }
}
