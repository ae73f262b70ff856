// Checkpoints: one file with the model's kind and configuration, its weights, the vocabulary,
// the optimizer's state and the training progress.
//
// Layout (little-endian):
//
//   0   8 bytes   "GRADLMCK"
//   8   UInt32    format version (1)
//   12  UInt64    payload length
//   20  UInt64    FNV-1a 64-bit checksum of the payload
//   28  payload:  UInt64 header length, header JSON,
//                 UInt64 vocabulary length, vocabulary JSON (Vocabulary.encoded()),
//                 NPZ archive of the tensors ("model/<name>", "optimizer/<name>")
//
// The NPZ part is what numpy's np.savez writes, so the weights can be read in Python after
// skipping to it; the checksum catches damage that still parses.
import Foundation
import GradTensor

/// A saved training run, loaded back.
public struct Checkpoint {
  /// The newest format this build reads and the one it writes.
  public static let formatVersion = 1
  static let magic = Array("GRADLMCK".utf8)

  /// The model, rebuilt from its configuration with the saved weights.
  public let model: any LanguageModel
  public let vocabulary: Vocabulary
  /// The optimizer's settings when saved with a trainer.
  public let optimizerSettings: OptimizerSettings?
  public let training: TrainingState
  let optimizerStep: Int
  let learningRate: Double?
  let optimizerTensors: [String: Tensor]

  /// The JSON header.
  struct Header: Codable {
    var format = "gradrepl-checkpoint"
    var version = Checkpoint.formatVersion
    var model: ModelConfiguration
    var parameters: [ParameterShape]
    var optimizer: OptimizerSettings?
    var optimizerStep: Int
    var learningRate: Double?
    var training: TrainingState
    /// Recurrent models: dropout masks drawn so far (absent in files without dropout state).
    var dropoutDraws: UInt64?
  }

  struct ParameterShape: Codable, Equatable {
    var name: String
    var shape: [Int]
  }

  // MARK: - Saving

  /// Writes `model`, `vocabulary` and (when given) the trainer's optimizer state and progress
  /// to `path`, atomically: a temporary file in the same directory renamed into place.
  public static func save(
    model: any LanguageModel, vocabulary: Vocabulary, trainer: Trainer? = nil, to path: String
  ) throws {
    guard vocabulary.count == model.configuration.vocabularySize else {
      throw ModelError.checkpoint(
        "the vocabulary has \(vocabulary.count) tokens but the model \(model.configuration.vocabularySize)"
      )
    }
    let named = model.namedParameters()
    var tensors = named.map { (name: "model/" + $0.name, tensor: $0.tensor.detach()) }
    if let trainer {
      tensors += trainer.optimizer.stateTensors.map {
        (name: "optimizer/" + $0.name, tensor: $0.tensor)
      }
    }
    let header = Header(
      model: model.configuration,
      parameters: named.map { ParameterShape(name: $0.name, shape: $0.tensor.shape) },
      optimizer: trainer?.optimizer.settings, optimizerStep: trainer?.optimizer.stepCount ?? 0,
      learningRate: trainer?.optimizer.learningRate, training: trainer?.state ?? TrainingState(),
      dropoutDraws: (model as? RecurrentLanguageModel)?.dropoutDraws)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let headerBytes = try encoder.encode(header)
    let vocabularyBytes = vocabulary.encoded()
    let archive = try NPZ.encode(tensors)
    var payload = Data()
    payload.appendLittleEndian(UInt64(headerBytes.count))
    payload.append(headerBytes)
    payload.appendLittleEndian(UInt64(vocabularyBytes.count))
    payload.append(vocabularyBytes)
    payload.append(archive)
    var file = Data(magic)
    file.appendLittleEndian(UInt32(formatVersion))
    file.appendLittleEndian(UInt64(payload.count))
    file.appendLittleEndian(fnv1a(payload))
    file.append(payload)
    do {
      try file.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ModelError.checkpoint(
        "cannot write the checkpoint \(path): \(error.localizedDescription)")
    }
  }

  // MARK: - Loading

  /// Reads a checkpoint, checking every part; a damaged, truncated or inconsistent file is a
  /// `ModelError.checkpoint` saying what is wrong.
  public static func load(from path: String) throws -> Checkpoint {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ModelError.checkpoint(
        "cannot read the checkpoint \(path): \(error.localizedDescription)")
    }
    return try decode(data, name: (path as NSString).lastPathComponent)
  }

  /// Reads a checkpoint from bytes (`name` appears in messages).
  public static func decode(_ data: Data, name: String = "checkpoint") throws -> Checkpoint {
    let bytes = [UInt8](data)
    func damaged(_ reason: String) -> ModelError {
      .checkpoint("\(name) is not a usable checkpoint: \(reason)")
    }
    guard bytes.count >= 28, Array(bytes[0..<8]) == magic else {
      throw damaged("it does not start with the checkpoint signature (is it a checkpoint file?)")
    }
    let version = Int(readLittleEndian(bytes, at: 8, as: UInt32.self))
    guard version <= formatVersion, version >= 1 else {
      throw damaged(
        "it was written in format version \(version); this gradrepl reads up to \(formatVersion)")
    }
    let payloadLength = readLittleEndian(bytes, at: 12, as: UInt64.self)
    guard payloadLength == UInt64(bytes.count - 28) else {
      throw damaged(
        "it is truncated or has extra bytes (payload of \(bytes.count - 28) bytes, expected "
          + "\(payloadLength))")
    }
    let payload = Data(bytes[28...])
    guard fnv1a(payload) == readLittleEndian(bytes, at: 20, as: UInt64.self) else {
      throw damaged("its checksum does not match (the file was changed or damaged)")
    }
    var offset = 28
    func section(_ what: String) throws -> Data {
      guard offset + 8 <= bytes.count else { throw damaged("the \(what) is missing") }
      let length = readLittleEndian(bytes, at: offset, as: UInt64.self)
      offset += 8
      guard length <= UInt64(bytes.count - offset) else {
        throw damaged("the \(what) is truncated")
      }
      let start = offset
      offset += Int(length)
      return Data(bytes[start..<offset])
    }
    let headerData = try section("header")
    let vocabularyData = try section("vocabulary")
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: headerData)
    } catch {
      throw damaged("its header cannot be read (\(error))")
    }
    guard header.format == "gradrepl-checkpoint" else {
      throw damaged("the header is not a checkpoint's")
    }
    let vocabulary: Vocabulary
    do {
      vocabulary = try Vocabulary(decoding: vocabularyData)
    } catch {
      throw damaged("\(error)")
    }
    guard vocabulary.count == header.model.vocabularySize else {
      throw damaged(
        "the vocabulary has \(vocabulary.count) tokens but the model \(header.model.vocabularySize)"
      )
    }
    let archive: [(name: String, tensor: Tensor)]
    do {
      archive = try NPZ.decode(Data(bytes[offset...]), name: name)
    } catch {
      throw damaged("its weights cannot be read (\(error))")
    }
    var tensors: [String: Tensor] = [:]
    for entry in archive { tensors[entry.name] = entry.tensor }
    // The archive must hold what the header lists before the model is built from the header's
    // sizes.
    for entry in header.parameters {
      guard let saved = tensors["model/" + entry.name] else {
        throw damaged("the weight \(entry.name) listed in its header is missing")
      }
      guard saved.shape == entry.shape else {
        throw damaged(
          "the weight \(entry.name) has shape \(saved.shape), its header says \(entry.shape)")
      }
    }
    let model = try makeLanguageModel(header.model)
    if let rnn = model as? RecurrentLanguageModel { rnn.dropoutDraws = header.dropoutDraws ?? 0 }
    let expected = model.namedParameters().map {
      ParameterShape(name: $0.name, shape: $0.tensor.shape)
    }
    guard expected == header.parameters else {
      throw damaged(
        "its weights do not fit a \(header.model.kind.rawValue) model of the saved sizes")
    }
    try copyWeights(from: tensors, prefix: "model/", into: model, source: name)
    var optimizerTensors: [String: Tensor] = [:]
    for (key, t) in tensors where key.hasPrefix("optimizer/") {
      optimizerTensors[String(key.dropFirst("optimizer/".count))] = t
    }
    return Checkpoint(
      model: model, vocabulary: vocabulary, optimizerSettings: header.optimizer,
      training: header.training, optimizerStep: header.optimizerStep,
      learningRate: header.learningRate, optimizerTensors: optimizerTensors)
  }

  /// Copies this checkpoint's weights into an existing model of the same kind and sizes.
  public func restore(into target: any LanguageModel) throws {
    guard target.configuration.kind == model.configuration.kind else {
      throw ModelError.checkpoint(
        "the checkpoint holds a \(model.configuration.kind.rawValue) model, not a "
          + "\(target.configuration.kind.rawValue)")
    }
    guard target.configuration.vocabularySize == model.configuration.vocabularySize else {
      throw ModelError.checkpoint(
        "the checkpoint's vocabulary has \(model.configuration.vocabularySize) tokens, the model "
          + "\(target.configuration.vocabularySize)")
    }
    var tensors: [String: Tensor] = [:]
    for (name, t) in model.namedParameters() { tensors["model/" + name] = t }
    try copyWeights(from: tensors, prefix: "model/", into: target, source: "the checkpoint")
  }

  /// A trainer for the loaded model that continues where the saved run stopped: optimizer
  /// state (Adam's moments, step count, learning rate) and training progress restored.
  public func makeTrainer(configuration: TrainingConfiguration) throws -> Trainer {
    let trainer = try Trainer(model: model, configuration: configuration)
    if let saved = optimizerSettings {
      guard saved.kind == configuration.optimizer.kind else {
        throw ModelError.checkpoint(
          "the checkpoint was trained with \(saved.kind.rawValue); continue with the same "
            + "optimizer or start a new run")
      }
      try trainer.optimizer.restore(
        stepCount: optimizerStep,
        learningRate: learningRate ?? configuration.optimizer.learningRate,
        tensors: optimizerTensors)
    }
    trainer.state = training
    return trainer
  }
}

/// Copies named weights into a model, refusing missing names and wrong shapes.
func copyWeights(
  from tensors: [String: Tensor], prefix: String, into model: any LanguageModel, source: String
) throws {
  for (name, p) in model.namedParameters() {
    guard let saved = tensors[prefix + name] else {
      throw ModelError.checkpoint(
        "\(source) has no weight \(name) for this \(model.configuration.kind.rawValue) model")
    }
    guard saved.shape == p.shape else {
      throw ModelError.checkpoint(
        "\(source): weight \(name) has shape \(saved.shape) but the model expects \(p.shape)")
    }
    guard saved.dtype.isFloatingPoint else {
      throw ModelError.checkpoint("\(source): weight \(name) is not a floating point array")
    }
    try noGrad { _ = try p.copy_(saved) }
  }
}

/// 64-bit FNV-1a over bytes.
func fnv1a(_ data: Data) -> UInt64 {
  var hash: UInt64 = 0xCBF2_9CE4_8422_2325
  for byte in data {
    hash ^= UInt64(byte)
    hash &*= 0x0000_0100_0000_01B3
  }
  return hash
}

func readLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as _: T.Type) -> T {
  var value: T = 0
  for k in 0..<MemoryLayout<T>.size where offset + k < bytes.count {
    value |= T(bytes[offset + k]) << (8 * k)
  }
  return value
}

extension Data {
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    var v = value.littleEndian
    Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
  }
}
