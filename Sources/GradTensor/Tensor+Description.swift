// Printing like PyTorch: `tensor([[4.5000, 4.5000], ...], requires_grad=True)`.
//
// PyTorch's rules (torch/_tensor_str.py, default print options): 4 decimals; all values share
// one width; floats that are all integers print as `4.`; scientific notation when the largest
// |value| / smallest non-zero |value| > 1000, the largest > 1e8, or (non-integers) the smallest
// < 1e-4; more than 1000 elements are summarised to the first and last 3 per dimension with
// `...`; lines wrap at 80 columns.
import Foundation

/// PyTorch's print options that this engine follows.
enum PrintOptions {
  static let precision = 4
  static let threshold = 1000
  static let edgeItems = 3
  static let lineWidth = 80
}

/// Chooses one format (fixed, integer-valued or scientific) and one width for all printed
/// values of a tensor.
struct ValueFormatter {
  let dtype: DType
  private(set) var intMode = true
  private(set) var sciMode = false
  private(set) var width = 1

  init(values: [Double], dtype: DType) {
    self.dtype = dtype
    guard dtype.isFloatingPoint else {
      for v in values { width = Swift.max(width, Self.plain(v, dtype).count) }
      return
    }
    let finite = values.filter { $0.isFinite && $0 != 0 }
    guard !finite.isEmpty else { return }
    let magnitudes = finite.map { Swift.abs($0) }
    let lo = magnitudes.min() ?? 1
    let hi = magnitudes.max() ?? 1
    intMode = finite.allSatisfy { $0.rounded(.up) == $0 }
    if intMode {
      sciMode = hi / lo > 1000 || hi > 1e8
      for v in finite {
        let s = sciMode ? Self.scientific(v) : String(format: "%.0f", v) + "."
        width = Swift.max(width, s.count)
      }
    } else {
      sciMode = hi / lo > 1000 || hi > 1e8 || lo < 1e-4
      for v in finite {
        let s = sciMode ? Self.scientific(v) : Self.fixed(v)
        width = Swift.max(width, s.count)
      }
    }
  }

  static func fixed(_ v: Double) -> String {
    String(format: "%.\(PrintOptions.precision)f", v)
  }

  static func scientific(_ v: Double) -> String {
    String(format: "%.\(PrintOptions.precision)e", v)
  }

  static func plain(_ v: Double, _ dtype: DType) -> String {
    switch dtype {
    case .bool: return v != 0 ? "True" : "False"
    case .int64: return String(Int64(fromDouble: v))
    default: return fixed(v)
    }
  }

  /// One value, right-aligned to the common width.
  func format(_ v: Double) -> String {
    let s: String
    if !dtype.isFloatingPoint {
      s = Self.plain(v, dtype)
    } else if v.isNaN {
      s = "nan"
    } else if v.isInfinite {
      s = v < 0 ? "-inf" : "inf"
    } else if sciMode {
      s = Self.scientific(v)
    } else if intMode {
      s = String(format: "%.0f", v) + "."
    } else {
      s = Self.fixed(v)
    }
    return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
  }
}

extension Tensor: CustomStringConvertible {
  /// The same text PyTorch prints for this tensor.
  public var description: String {
    var suffixes: [String] = []
    let indent = 7  // "tensor(".count
    let body: String
    if count == 0 {
      if ndim != 1 { suffixes.append("size=\(shapeString(shape))") }
      if dtype != .float32 { suffixes.append("dtype=\(dtype.torchName)") }
      body = "[]"
    } else {
      if dtype == .float64 { suffixes.append("dtype=\(dtype.torchName)") }
      let summarize = count > PrintOptions.threshold
      var values: [Double] = []
      collectValues(summarize: summarize, into: &values)
      let formatter = ValueFormatter(values: values, dtype: dtype)
      body = formatted(indent: indent, summarize: summarize, elementWidth: formatter.width) {
        formatter.format($0.doubleAt(flat: 0))
      }
    }
    if let name = gradFnName {
      suffixes.append("grad_fn=<\(name)>")
    } else if requiresGrad {
      suffixes.append("requires_grad=True")
    }
    return Tensor.tensorText(body: body, suffixes: suffixes, indent: indent)
  }

  /// The slice at `i` along the first dimension, without autograd.
  fileprivate func row(_ i: Int) -> Tensor {
    Tensor(
      storage: storage, shape: Array(shape.dropFirst()), strides: Array(strides.dropFirst()),
      offset: storageOffset + i * strides[0])
  }

  /// Indices printed along the first dimension (all, or the first and last `edgeItems`).
  fileprivate func printedRows(_ summarize: Bool) -> (head: [Int], tail: [Int]) {
    let n = shape[0]
    let e = PrintOptions.edgeItems
    if summarize && n > 2 * e { return (Array(0..<e), Array((n - e)..<n)) }
    return (Array(0..<n), [])
  }

  /// The values that will be printed, for choosing the format.
  func collectValues(summarize: Bool, into values: inout [Double]) {
    if ndim == 0 {
      values.append(doubleAt(flat: 0))
      return
    }
    let (head, tail) = printedRows(summarize)
    for i in head + tail {
      row(i).collectValues(summarize: summarize, into: &values)
    }
  }

  /// The nested-bracket body of the printed tensor.
  /// - Parameters:
  ///   - elementWidth: the width of one formatted element, for filling lines.
  ///   - element: the text of the element a 0-d view points at.
  func formatted(
    indent: Int, summarize: Bool, elementWidth: Int, _ element: (Tensor) -> String
  ) -> String {
    if ndim == 0 { return element(self) }
    let (head, tail) = printedRows(summarize)
    if ndim == 1 {
      let elementLength = elementWidth + 2
      let perLine = Swift.max(1, (PrintOptions.lineWidth - indent) / elementLength)
      var items = head.map { element(row($0)) }
      if !tail.isEmpty {
        items.append(" ...")
        items += tail.map { element(row($0)) }
      }
      var lines: [String] = []
      var i = 0
      while i < items.count {
        lines.append(items[i..<Swift.min(i + perLine, items.count)].joined(separator: ", "))
        i += perLine
      }
      return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
    }
    func slice(_ i: Int) -> String {
      row(i).formatted(
        indent: indent + 1, summarize: summarize, elementWidth: elementWidth, element)
    }
    var slices = head.map(slice)
    if !tail.isEmpty {
      slices.append("...")
      slices += tail.map(slice)
    }
    let separator =
      "," + String(repeating: "\n", count: ndim - 1) + String(repeating: " ", count: indent + 1)
    return "[" + slices.joined(separator: separator) + "]"
  }

  /// `tensor(` + body + `)`, with the suffixes (`dtype=...`, `grad_fn=<...>`) after commas,
  /// moved to a new line where they would pass the line width, as PyTorch does.
  static func tensorText(body: String, suffixes: [String], indent: Int) -> String {
    var out = "tensor(" + body
    var lastLine =
      out.count - (out.lastIndex(of: "\n").map { out.distance(from: out.startIndex, to: $0) } ?? -1)
    for s in suffixes {
      if lastLine + s.count + 2 > PrintOptions.lineWidth {
        out += ",\n" + String(repeating: " ", count: indent) + s
        lastLine = indent + s.count
      } else {
        out += ", " + s
        lastLine += s.count + 2
      }
    }
    return out + ")"
  }

  /// Method and attribute names, for completion in an interactive shell.
  public static let memberNames: [String] = [
    "T", "abs", "add", "add_", "argmax", "argmin", "backward", "chunk", "clamp", "clone",
    "contiguous", "copy_", "detach", "div", "div_", "double", "dtype", "eq", "exp", "expand",
    "fill_", "flatten", "float", "gather", "ge", "grad", "grad_fn", "gt", "index_select",
    "is_contiguous", "is_leaf", "item", "le", "log", "log_softmax", "long", "lt", "matmul", "max",
    "mean", "min", "mm", "mT", "mul", "mul_", "narrow", "ndim", "ne", "neg", "norm", "numel",
    "permute", "pow", "register_hook", "relu", "requires_grad", "requires_grad_", "reshape",
    "retain_grad", "select", "shape", "sigmoid", "sign", "size", "softmax", "split", "sqrt",
    "squeeze", "storage_offset", "stride", "sub", "sub_", "sum", "tanh", "to", "tolist",
    "transpose", "unsqueeze", "view", "zero_",
  ]
}
