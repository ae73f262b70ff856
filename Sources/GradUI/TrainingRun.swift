// `gradrepl train` and `gradrepl predict` at the real terminal: the run itself
// is GradBindings' `TrainingRun`; here it gets standard output and standard
// error, a progress line redrawn in place when standard error is a terminal,
// the live ncurses panel for --plot, and the exit status.

import Foundation
import GradBindings
import GradLanguage

extension TrainingRun {
  /// Trains as `settings` say; returns the exit status (0, or 1 after one error line).
  public static func run(_ settings: TrainingRunSettings) -> Int32 {
    let out = StandardTerminal(color: false, fileDescriptor: STDOUT_FILENO, errors: nil)
    let err = StandardTerminal(color: false, fileDescriptor: STDERR_FILENO, errors: nil)
    let output = TrainingRunOutput(
      write: out.write, writeError: err.write, progressUpdatesInPlace: err.updatesInPlace,
      livePanel: { CursesPanel.unavailableReason() == nil ? CursesPanel() : nil })
    do {
      try train(settings, output: output)
      return 0
    } catch {
      err.write("gradrepl train: error: \(error)\n")
      return 1
    }
  }

  /// `gradrepl predict --checkpoint CKPT PROMPT`: the top-k next tokens, one per line
  /// (`on 0.6956`), or a JSON array; returns the exit status (0, or 1 after one error line).
  public static func predict(checkpoint path: String, prompt: String, topK: Int, json: Bool)
    -> Int32
  {
    do {
      let text = try predictions(checkpoint: path, prompt: prompt, topK: topK, json: json)
      StandardTerminal.writeAll(text, to: STDOUT_FILENO)
      return 0
    } catch {
      StandardTerminal.writeAll("gradrepl predict: error: \(error)\n", to: STDERR_FILENO)
      return 1
    }
  }
}
