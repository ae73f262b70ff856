// Using a trained model: the most likely next words, and sampled continuations.
import Foundation
import GradTensor

/// One candidate next token.
public struct Prediction: Equatable, Sendable {
  public let token: String
  public let id: TokenID
  public let probability: Double
}

/// The `topK` most probable next tokens after `prompt`, with their probabilities.
///
/// The prompt is encoded with `encodePrompt` (no closing `<eos>`). An NPLM reads its last
/// N − 1 tokens, with `<eos>` in front when the prompt is shorter (a sentence start); a
/// recurrent model reads the whole prompt from a zero state, starting with `<eos>`.
public func predict(
  _ model: any LanguageModel, tokenizer: any Tokenizer, prompt: String, topK: Int = 5
) throws -> [Prediction] {
  guard topK >= 1 else { throw ModelError.invalidArgument("topK must be at least 1") }
  try checkVocabulary(model, tokenizer)
  let session = try GenerationSession(model: model, tokenizer: tokenizer, prompt: prompt)
  let probabilities = try session.nextProbabilities()
  let order = probabilities.indices.sorted {
    probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
  }
  return order.prefix(topK).map { i in
    Prediction(
      token: tokenizer.vocabulary.token(for: i) ?? Vocabulary.unknownToken, id: TokenID(i),
      probability: probabilities[i])
  }
}

/// Continues `prompt` with `count` sampled tokens and returns the decoded continuation.
///
/// Each token is drawn from softmax(y / temperature): below 1 sharper (more predictable),
/// above 1 flatter (more surprising). The same seed gives the same text.
public func sample(
  _ model: any LanguageModel, tokenizer: any Tokenizer, prompt: String, count: Int,
  temperature: Double = 1, seed: UInt64 = 1
) throws -> String {
  guard count >= 0, count <= 100_000 else {
    throw ModelError.invalidArgument("count must be between 0 and 100000")
  }
  guard temperature > 0, temperature.isFinite else {
    throw ModelError.invalidArgument(
      "temperature must be a positive number (1 samples the model as is)")
  }
  try checkVocabulary(model, tokenizer)
  let session = try GenerationSession(model: model, tokenizer: tokenizer, prompt: prompt)
  var generator = SeededGenerator(seed: seed, stream: 0x5341_4D50)
  var produced: [TokenID] = []
  for _ in 0..<count {
    let p = try session.nextProbabilities(temperature: temperature)
    let u = generator.nextUnit()
    var running = 0.0
    var chosen = p.count - 1
    for (i, pi) in p.enumerated() {
      running += pi
      if u < running {
        chosen = i
        break
      }
    }
    let id = TokenID(chosen)
    produced.append(id)
    try session.append(id)
  }
  return tokenizer.decode(produced)
}

private func checkVocabulary(_ model: any LanguageModel, _ tokenizer: any Tokenizer) throws {
  guard tokenizer.vocabulary.count == model.configuration.vocabularySize else {
    throw ModelError.invalidArgument(
      "the tokenizer has \(tokenizer.vocabulary.count) tokens but the model was built for "
        + "\(model.configuration.vocabularySize); use the vocabulary saved with the model")
  }
}

/// Feeds tokens to a model one at a time and reads its next-token distribution.
final class GenerationSession {
  let model: any LanguageModel
  /// NPLM: the context window so far.
  var history: [TokenID]
  /// Recurrent models: the state after the tokens fed, and the logits they produced last.
  var state: RecurrentState?
  var lastLogits: [Double] = []

  init(model: any LanguageModel, tokenizer: any Tokenizer, prompt: String) throws {
    self.model = model
    let start = tokenizer.vocabulary.endOfSequenceID ?? 0
    history = [start] + tokenizer.encodePrompt(prompt)
    if model is RecurrentLanguageModel {
      let tokens = history
      history = []
      for t in tokens { try append(t) }
    }
  }

  /// Adds a token to the context.
  func append(_ id: TokenID) throws {
    if let rnn = model as? RecurrentLanguageModel {
      let wasTraining = rnn.isTraining
      rnn.isTraining = false
      defer { rnn.isTraining = wasTraining }
      let out = try noGrad { try rnn.forward(inputs: [id], steps: 1, batchSize: 1, state: state) }
      state = out.state
      lastLogits = out.logits.toDoubleArray()
    } else {
      history.append(id)
    }
  }

  /// softmax(y / temperature) for the next token.
  func nextProbabilities(temperature: Double = 1) throws -> [Double] {
    var logits: [Double]
    if let nplm = model as? NPLM {
      let n = nplm.configuration.contextSize
      let start = history.first ?? 0
      var context = Array(history.suffix(n))
      while context.count < n { context.insert(start, at: 0) }
      logits = try noGrad { try nplm.logits(contexts: context) }.toDoubleArray()
    } else {
      logits = lastLogits
    }
    guard !logits.isEmpty else { throw ModelError.invalidArgument("the model produced no logits") }
    let top = logits.max() ?? 0
    var sum = 0.0
    for i in logits.indices {
      logits[i] = Foundation.exp((logits[i] - top) / temperature)
      sum += logits[i]
    }
    return logits.map { $0 / sum }
  }
}
