// `gradrepl train MODEL --data FILE ...` and `gradrepl predict --checkpoint CKPT PROMPT`:
// parsing only; the run itself is GradBindings' `TrainingRun`, wired to the terminal by GradUI.

import ArgumentParser
import GradBindings
import GradCore
import GradLanguage
import GradModels
import GradUI

extension ModelKind: ExpressibleByArgument {}

/// Trains one of the lecture's language models on a text file or the shipped corpus.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a language model: nplm, rnn, leaky-rnn, lstm or gru.",
    discussion: """
      Progress goes to standard error, the epoch table (train and valid perplexity) and the
      test perplexity to standard output; --json prints one JSON object instead. Ctrl-C stops
      training between two steps; the model is still evaluated and saved.
      Defaults follow the lecture: NPLM Adam lr 0.001, batch 128; recurrent models SGD lr 20,
      batch 20, bptt 35, clip 0.25.
      """)

  @Argument(help: "The model: nplm, rnn, leaky-rnn, lstm or gru.")
  var model: ModelKind

  @Option(help: "Training text file, or 'toy' for the shipped corpus.", completion: .file())
  var data: String
  @Option(help: "Validation text (default: 5% of the lines cut from --data).", completion: .file())
  var valid: String?
  @Option(help: "Test text (default: 5% of the lines cut from --data).", completion: .file())
  var test: String?
  @Option(help: "word, wikitext or char (default: word; the corpus's own for toy).")
  var tokenizer: String?

  @Option(help: "Passes over the training text.") var epochs = 1
  @Option(help: "Learning rate.") var lr: Double?
  @Option(help: "adam or sgd.") var optimizer: OptimizerKind?
  @Option(help: "Clip the gradients' global norm (0: no clipping).") var clip: Double?
  @Option(help: "Steps of backpropagation through time per chunk.") var bptt: Int?
  @Option(help: "Batch size (NPLM windows, recurrent parallel streams).") var batch: Int?
  @Option(help: "Embedding size.") var emb: Int?
  @Option(help: "Hidden units.") var hidden: Int?
  @Option(help: "Recurrent layers.") var layers: Int?
  @Option(help: "NPLM context words (N − 1).") var context: Int?
  @Option(help: "Dropout probability (recurrent models).") var dropout: Double?
  @Option(help: "Seed of the weights, dropout and batch order.") var seed: UInt64 = 1
  @Option(help: "Stop after this many steps in total.") var maxSteps: Int?
  @Option(help: "Write a checkpoint here at the end.", completion: .file()) var save: String?
  @Flag(help: "Print one JSON object with the figures instead of the table.") var json = false
  @Flag(help: "Show the loss and gradient norm live (text at the end without a terminal).")
  var plot = false

  private var trainingOptions: TrainingOptions {
    var o = TrainingOptions()
    o.epochs = epochs
    o.learningRate = lr
    o.optimizer = optimizer
    o.clip = clip
    o.bptt = bptt
    o.batch = batch
    o.maxSteps = maxSteps
    return o
  }

  func run() throws {
    Signals.install()
    var s = TrainingRunSettings(kind: model, data: data)
    s.valid = valid
    s.test = test
    s.tokenizer = tokenizer
    s.embeddingSize = emb
    s.hiddenSize = hidden
    s.layerCount = layers
    s.contextSize = context
    s.dropout = dropout
    s.seed = seed
    s.training = trainingOptions
    s.save = save
    s.json = json
    s.plot = plot
    let status = TrainingRun.run(s)
    if status != 0 { throw ExitCode(status) }
  }
}

extension OptimizerKind: ExpressibleByArgument {}

/// The most probable next words after a prompt, from a checkpoint.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the most probable next words after PROMPT, from a saved model.")

  @Option(help: "A checkpoint written by 'gradrepl train --save' or save() at the prompt.")
  var checkpoint: String
  @Argument(help: "The words so far.") var prompt: String
  @Option(name: .short, help: "How many words.") var k = 5
  @Flag(help: "Print a JSON array of {token, probability}.") var json = false

  func run() throws {
    let status = TrainingRun.predict(checkpoint: checkpoint, prompt: prompt, topK: k, json: json)
    if status != 0 { throw ExitCode(status) }
  }
}
