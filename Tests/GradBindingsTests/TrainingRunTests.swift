import Foundation
import GradModels
import Testing

@testable import GradBindings

/// `gradrepl train` without a terminal: the run writes through the output it is given.
@Suite struct TrainingRunTests {
  private func tinySettings() -> TrainingRunSettings {
    var s = TrainingRunSettings(kind: .nplm, data: "toy")
    s.embeddingSize = 8
    s.hiddenSize = 16
    s.seed = 7
    s.training.learningRate = 0.01
    s.training.maxSteps = 5
    return s
  }

  private func capture(_ s: TrainingRunSettings) throws -> (out: String, err: String) {
    var out = ""
    var err = ""
    let output = TrainingRunOutput(
      write: { out += $0 }, writeError: { err += $0 }, progressUpdatesInPlace: false,
      livePanel: { nil })
    try TrainingRun.train(s, output: output)
    return (out, err)
  }

  @Test func theTableGoesToOutputAndProgressToErrors() throws {
    let (out, err) = try capture(tinySettings())
    #expect(out.contains(TrainingReport.tableHeader))
    #expect(out.contains("test PPL "))
    #expect(err.contains("epoch 1  step "))
  }

  @Test func jsonIsOneObjectWithTheRunsFigures() throws {
    var s = tinySettings()
    s.json = true
    let (out, _) = try capture(s)
    let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    #expect(object?["model"] as? String == "nplm")
    #expect(object?["steps"] as? Int == 5)
    #expect(out.hasSuffix("}\n"))
  }

  @Test func aBadOptionIsOneErrorMessage() {
    var s = tinySettings()
    s.training.maxSteps = 0
    #expect(throws: TrainingRunError.self) { try capture(s) }
    s = tinySettings()
    s.tokenizer = "bytes"
    do {
      _ = try capture(s)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == "--tokenizer must be word, wikitext or char, not 'bytes'")
    }
  }
}
