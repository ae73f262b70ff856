import Foundation
import GradLanguage
import Testing

@testable import GradBindings

/// A terminal that records output and, once a progress line appears, asks the session to stop
/// (as Ctrl-C would), so that a run is interrupted mid-way at a known point.
private final class StoppingTerminal: Terminal {
  var output = ""
  var supportsColor: Bool { false }
  var updatesInPlace: Bool
  var stopOnProgress = false
  weak var session: Session?

  init(updatesInPlace: Bool = false) { self.updatesInPlace = updatesInPlace }

  func write(_ text: String) {
    output += text
    if stopOnProgress, text.contains("step ") { session?.interruptFlag.request() }
  }
}

/// Runs `sources` one entry each in a session writing to `terminal`; returns the output.
private func runAll(_ sources: [String], terminal: StoppingTerminal = StoppingTerminal())
  -> (output: String, session: Session)
{
  let session = Session.standard(terminal: terminal)
  terminal.session = session
  for source in sources { _ = session.execute(source) }
  return (terminal.output, session)
}

/// A small NPLM on the toy corpus, trained briefly (about a second in a debug build).
private let trainedNPLM = [
  "data = corpus('toy')",
  "m = NPLM(data, emb=16, hidden=32, seed=1)",
  "r = train(m, data, lr=0.03, batch=32, max_steps=120)",
]

@Suite struct ModelBuiltinTests {
  @Test func toyCorpusShowsSizesVocabularyAndFirstTokens() {
    let out = run("data = corpus('toy')", "data", "data.vocab_size", "data.tokens(n=4)")
    #expect(out.contains("LanguageData(corpus toy"))
    #expect(out.contains("tokens: 33226 train, 1848 valid, 1828 test"))
    #expect(out.contains("vocabulary: 297 tokens"))
    #expect(out.contains("first tokens: the boy gave the frog"))
    #expect(out.hasSuffix("297\n['the', 'boy', 'gave', 'the']\n"))
  }

  @Test func loadTextReadsAFileWithTheCharacterTokenizer() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-load-text-\(UUID().uuidString).txt").path
    let lines = (0..<40).map { "the cat sat on the mat \($0 % 3)" }.joined(separator: "\n")
    try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let out = run("d = load_text('\(path)', tokenizer='char')", "d.vocab_size", "d.tokens(n=3)")
    // 13 distinct characters (t h e space c a s o n m 0 1 2) + <unk>
    #expect(out == "15\n['t', 'h', 'e']\n")
  }

  @Test func modelReprIsTheParameterTableAndWeightsAreTensors() {
    let out = run(
      "data = corpus('toy')", "m = NPLM(data, emb=16, hidden=32)", "m",
      "len(m.parameters()), m.C.shape, m.W.shape, m.num_parameters")
    #expect(out.contains("NPLM (Bengio et al. 2003): |V| = 297, N − 1 = 3, m = 16, h = 32"))
    #expect(out.contains("an N-gram table would need 297^4 ≈ 7.78e+09 entries"))
    #expect(out.hasSuffix("(6, torch.Size([297, 16]), torch.Size([297, 48]), 30377)\n"))

    let lstm = run(
      "data = corpus('toy')", "m = LSTM(data, emb=8, hidden=8, layers=2)",
      "m.W_hh.shape, m.W_hh_l1.shape, m.W_yh.shape, m.W_hh.requires_grad")
    #expect(lstm == "(torch.Size([32, 8]), torch.Size([32, 8]), torch.Size([297, 8]), True)\n")

    let kinds = run(
      "data = corpus('toy')",
      "[str(type(k(data, hidden=4))) for k in (RNN, LeakyRNN, LSTM, GRU, NPLM)]")
    #expect(
      kinds.hasSuffix(
        "[\"<class 'RNN'>\", \"<class 'LeakyRNN'>\", \"<class 'LSTM'>\", \"<class 'GRU'>\", "
          + "\"<class 'NPLM'>\"]\n"))
  }

  @Test func nplmLearnsThatTheCatSatOn() {
    let (out, _) = runAll(
      trainedNPLM + [
        "r", "p = predict(m, 'the cat sat', k=3)", "p", "p[0][0]", "r.steps, r.stopped",
        "r.test_ppl < 20",
      ])
    #expect(out.contains("epoch 1  step 6/1039  loss "))
    #expect(out.contains(" tok/s  ETA "))
    #expect(out.contains("| epoch |  train PPL |  valid PPL |    elapsed |"))
    #expect(out.contains("\n|     1 |"))
    #expect(out.contains("\ntest PPL "))
    #expect(out.contains("next word after 'the cat sat':\n  token  probability\n  on  "))
    #expect(out.hasSuffix("'on'\n(120, False)\nTrue\n"))
  }

  @Test func recurrentModelsTrainAFewSteps() {
    let (out, _) = runAll([
      "data = corpus('toy')", "m = GRU(data, emb=8, hidden=16)",
      "r = train(m, data, optimizer='adam', lr=0.01, batch=8, bptt=10, max_steps=5)",
      "r.steps, r.stopped, len(r.train_ppl)", "len(sample(m, 'the dog', n=5).split())",
    ])
    #expect(out.contains("test PPL "))
    #expect(out.hasSuffix("(5, False, 1)\n7\n"))
  }

  @Test func ctrlCStopsTrainingAndKeepsTheModel() {
    let terminal = StoppingTerminal()
    terminal.stopOnProgress = true
    let (out, session) = runAll(
      [
        "data = corpus('toy')", "m = NPLM(data, emb=8, hidden=8)",
        "r = train(m, data, epochs=3)",
      ], terminal: terminal)
    terminal.stopOnProgress = false
    #expect(out.contains("training stopped after "))
    #expect(!out.contains("KeyboardInterrupt"))
    #expect(!out.contains("test PPL"))
    #expect(!session.interruptFlag.isRequested)
    terminal.output = ""
    _ = session.execute("r.stopped, r.steps < 1000, r.test_ppl")
    _ = session.execute("len(predict(m, 'the cat', k=2))")
    #expect(terminal.output == "(True, True, None)\n2\n")
  }

  @Test func progressIsRedrawnInPlaceAtATerminal() {
    let (out, _) = runAll(
      [
        "data = corpus('toy')", "m = NPLM(data, emb=8, hidden=8)",
        "r = train(m, data, max_steps=3)",
      ],
      terminal: StoppingTerminal(updatesInPlace: true))
    #expect(out.hasPrefix("\r\u{1b}[Kepoch 1  step 1/260"))
    #expect(out.contains("\n| epoch |"))
  }

  @Test func saveAndLoadRoundTrip() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-model-\(UUID().uuidString).gradlm").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (out, _) = runAll([
      "data = corpus('toy')", "m = LSTM(data, emb=8, hidden=8)",
      "r = train(m, data, max_steps=2, batch=4, bptt=5)",
      "save(m, '\(path)')", "m2 = load_model('\(path)')", "type(m2)",
      "predict(m2, 'the cat')[0] == predict(m, 'the cat')[0]",
      "sample(m2, 'the', n=6, seed=3) == sample(m, 'the', n=6, seed=3)",
      "(m2.W_hh - m.W_hh).abs().sum().item() == 0",
    ])
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(out.hasSuffix("<class 'LSTM'>\nTrue\nTrue\nTrue\n"))
  }

  @Test(arguments: [
    ("corpus('nope')", "ValueError: There is no shipped corpus named \"nope\"; available: toy"),
    ("load_text('/nonexistent/file.txt')", "/nonexistent/file.txt"),
    ("load_text('x', tokenizer='bpe')", "tokenizer must be 'word', 'wikitext' or 'char'"),
    ("NPLM(3)", "TypeError: NPLM() needs the data to train on first"),
    ("NPLM(data, emb=0)", "ValueError: "),
    ("NPLM(data, hiden=3)", "Did you mean 'hidden'?"),
    ("RNN(data, nonlinearity='sigmoid')", "nonlinearity must be one of 'tanh', 'relu'"),
    ("train(m, data, optimizer='rmsprop')", "optimizer must be 'adam' or 'sgd'"),
    ("train(m, data, lr=-1)", "lr must be a positive number"),
    ("train(m, data, epochs=0)", "epochs must be between 1 and 100000"),
    ("train(m, 3)", "train() needs the data as its second argument"),
    ("train(3, data)", "train() needs a language model"),
    ("predict(m, 'the', k=0)", "k must be at least 1"),
    ("sample(m, 'the', temperature=0)", "temperature must be a positive number"),
    ("load_model('/nonexistent/model.gradlm')", "FileNotFoundError: No such file"),
    ("load_model('/etc/hostname')", "OSError: cannot load '/etc/hostname'"),
    ("save(m, '/nonexistent/dir/m.gradlm')", "OSError: cannot save to '/nonexistent/dir/"),
    ("train(m, corpus('toy', ), max_steps=0)", "max_steps must be at least 1"),
  ])
  func badArgumentsGiveOneClearLine(code: String, message: String) {
    let out = run("data = corpus('toy')", "m = NPLM(data, emb=4, hidden=4)", code)
    #expect(out.contains(message), "\(out)")
    let lines = out.split(separator: "\n")
    #expect(lines.count == 1, "\(out)")
  }

  @Test func trainingWithAnotherVocabularyIsRefused() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-vocab-\(UUID().uuidString).txt").path
    let lines = (0..<40).map { "a b c d \($0 % 5)" }.joined(separator: "\n")
    try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let out = run(
      "m = NPLM(corpus('toy'), emb=4, hidden=4)", "train(m, load_text('\(path)'))")
    #expect(out.contains("ValueError: train() the model was built for another vocabulary"))
  }
}

@Suite struct TrainingContinuationTests {
  @Test func aSecondTrainContinuesTheOptimizer() {
    let (out, _) = runAll([
      "data = corpus('toy')", "m = NPLM(data, emb=8, hidden=8)",
      "m.optimizer_steps, m.lr",
      "r = train(m, data, optimizer='adam', lr=0.01, max_steps=3)",
      "m.optimizer_steps, m.lr",
      // No lr: the run goes on at the earlier rate, from step 3.
      "r = train(m, data, optimizer='adam', max_steps=2)",
      "m.optimizer_steps, m.lr",
      "r = train(m, data, optimizer='adam', lr=0.002, max_steps=1)",
      "m.optimizer_steps, m.lr",
      "r = train(m, data, optimizer='sgd', lr=0.1, max_steps=1)",
      "m.optimizer_steps",
    ])
    let echoed = out.split(separator: "\n").filter {
      $0.hasPrefix("(") || $0.first?.isNumber == true
    }
    #expect(echoed == ["(0, None)", "(3, 0.01)", "(5, 0.01)", "(6, 0.002)", "1"])
    #expect(out.contains("note: the optimizer changed from adam to sgd"))
  }
}

@Suite struct ProgressDisplayTests {
  @Test func theLastUpdateIsDrawnEvenWhenTheRedrawLimitHeldItBack() {
    var output = ""
    let display = ProgressDisplay(inPlace: true) { output += $0 }
    display.show("step 1")
    display.show("step 2")  // within 0.1 s of the first: held back
    display.finishLine()
    #expect(output == "\r\u{1b}[Kstep 1\r\u{1b}[Kstep 2\n")
  }

  @Test func plainLinesWithoutATerminal() {
    var output = ""
    let display = ProgressDisplay(inPlace: false) { output += $0 }
    display.show("step 1")
    display.show("step 2")
    display.finishLine()
    #expect(output == "step 1\nstep 2\n")
  }
}
