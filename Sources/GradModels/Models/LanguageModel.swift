// What every model offers the training loop, prediction, and checkpoints.
import GradBase
import GradTensor

/// A language model of the lecture: it maps token ids to next-token logits.
public protocol LanguageModel: Module, CustomStringConvertible {
  /// Kind, sizes and options; enough to build the same model again.
  var configuration: ModelConfiguration { get }
  /// Training mode switches dropout on; evaluation and prediction switch it off.
  var isTraining: Bool { get set }
  /// One row per weight tensor: name, shape, count and meaning.
  var parameterTable: [ParameterInfo] { get }
}

/// One weight tensor of a model, for the parameter table.
public struct ParameterInfo: Equatable, Sendable {
  /// The lecture's symbol (`C`, `W_hh`, ...), with a layer prefix for stacked layers.
  public let name: String
  public let shape: [Int]
  /// Number of entries (the product of the shape).
  public let count: Int
  /// What the tensor does, in a few words.
  public let role: String
}

/// Renders a parameter table as aligned text with a total line.
func formatParameterTable(_ rows: [ParameterInfo], title: String) -> String {
  let shapes = rows.map { $0.shape.map(String.init).joined(separator: " × ") }
  let counts = rows.map { groupedThousands($0.count) }
  let nameWidth = max(4, rows.map(\.name.count).max() ?? 0)
  let shapeWidth = max(5, shapes.map(\.count).max() ?? 0)
  let total = rows.reduce(0) { $0 + $1.count }
  let countWidth = max(5, counts.map(\.count).max() ?? 0, groupedThousands(total).count)
  func pad(_ s: String, _ n: Int) -> String {
    s + String(repeating: " ", count: max(0, n - s.count))
  }
  func padLeft(_ s: String, _ n: Int) -> String {
    String(repeating: " ", count: max(0, n - s.count)) + s
  }
  var lines = [title]
  lines.append(
    "  \(pad("name", nameWidth))  \(pad("shape", shapeWidth))  \(padLeft("count", countWidth))  role"
  )
  for (k, row) in rows.enumerated() {
    lines.append(
      "  \(pad(row.name, nameWidth))  \(pad(shapes[k], shapeWidth))  "
        + "\(padLeft(counts[k], countWidth))  \(row.role)")
  }
  lines.append(
    "  \(pad("total", nameWidth))  \(pad("", shapeWidth))  \(padLeft(groupedThousands(total), countWidth))"
  )
  return lines.joined(separator: "\n")
}

extension LanguageModel {
  /// Makes every parameter a leaf that requires grad (the models' parameters always do).
  func markParametersTrainable() throws {
    for p in parameters() { try p.requiresGrad_(true) }
  }
}

/// Builds the model a configuration describes (NPLM or a recurrent model).
public func makeLanguageModel(_ configuration: ModelConfiguration) throws -> any LanguageModel {
  configuration.kind == .nplm
    ? try NPLM(configuration) : try RecurrentLanguageModel(configuration)
}
