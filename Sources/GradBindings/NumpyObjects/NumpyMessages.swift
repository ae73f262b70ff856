// Every sentence the `numpy` module shows a student, in one place. Most are
// NumPy's own wording, so that a message searched for on the web finds the
// same explanation.

import GradLanguage
import GradTensor

enum NumpyMessages {
  static func broadcast(_ shapes: [[Int]]) -> ReplError {
    .value(
      "operands could not be broadcast together with shapes "
        + shapes.map(shapeTuple).joined(separator: " ") + " ")
  }

  static func broadcastInto(_ shape: [Int], _ target: [Int]) -> ReplError {
    .value(
      "could not broadcast input array from shape \(shapeTuple(shape)) into shape "
        + shapeTuple(target))
  }

  static let negativeIntegerPower = ReplError.value(
    "Integers to negative integer powers are not allowed.")

  static let booleanSubtract = ReplError.type(
    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` "
      + "operator, or the logical_xor function instead.")

  static let booleanNegative = ReplError.type(
    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or "
      + "the logical_not function instead.")

  static let numpyOfGradTensor = ReplError(
    "RuntimeError",
    "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")

  static func unsupportedOperand(_ op: String, _ left: String, _ right: String) -> ReplError {
    .type("unsupported operand type(s) for \(op): '\(left)' and '\(right)'")
  }

  static func notAnArray(_ function: String, _ typeName: String) -> ReplError {
    .type("\(function)(): expected an array, a list or a number, got '\(typeName)'")
  }

  static func dtype(_ function: String, _ typeName: String) -> ReplError {
    .type(
      "\(function)(): data type '\(typeName)' not understood (the dtypes here are np.float64, "
        + "np.float32, np.int64 and np.bool_)")
  }

  static func ragged(_ depth: Int) -> ReplError {
    .value(
      "setting an array element with a sequence. The requested array has an inhomogeneous "
        + "shape after \(depth) dimensions.")
  }

  static func reshape(_ count: Int, _ shape: [Int]) -> ReplError {
    .value("cannot reshape array of size \(count) into shape \(shapeTuple(shape))")
  }

  static func axis(_ axis: Int, _ ndim: Int) -> ReplError {
    ReplError(
      "AxisError", "axis \(axis) is out of bounds for array of dimension \(ndim)")
  }

  static func index(_ index: Int, axis: Int, size: Int) -> ReplError {
    .index("index \(index) is out of bounds for axis \(axis) with size \(size)")
  }

  static func tooManyIndices(_ ndim: Int, _ given: Int) -> ReplError {
    .index(
      "too many indices for array: array is \(ndim)-dimensional, but \(given) were indexed")
  }

  static let invalidIndex = ReplError.index(
    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
      + "boolean arrays are valid indices")

  static func booleanIndex(_ axis: Int, _ size: Int, _ given: Int) -> ReplError {
    .index(
      "boolean index did not match indexed array along axis \(axis); size of axis is \(size) "
        + "but size of corresponding boolean axis is \(given)")
  }

  static func matmul(_ a: [Int], _ b: [Int]) -> ReplError {
    .value(
      "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        + "(n?,k),(k,m?)->(n?,m?) (size \(b.first ?? 0) is different from \(a.last ?? 0))")
  }

  static let matmulScalar = ReplError.value(
    "matmul: Input operand does not have enough dimensions (it is 0-d; use * to multiply by "
      + "a number)")

  static func concatenate(_ axis: Int) -> ReplError {
    .value(
      "all the input array dimensions except for the concatenation axis must match exactly "
        + "(along axis \(axis) they differ)")
  }

  static let stackShapes = ReplError.value("all input arrays must have the same shape")

  static let emptyJoin = ReplError.value("need at least one array to concatenate")

  static func emptyReduction(_ name: String) -> ReplError {
    .value(
      "zero-size array to reduction operation \(name) which has no identity")
  }

  static let itemSize = ReplError.value("can only convert an array of size 1 to a Python scalar")

  static let truthValue = ReplError.value(
    "The truth value of an array with more than one element is ambiguous. Use a.any() or "
      + "a.all()")

  static func outShape(_ out: [Int], _ result: [Int]) -> ReplError {
    .value(
      "non-broadcastable output operand with shape \(shapeTuple(out)) doesn't match the "
        + "broadcast shape \(shapeTuple(result))")
  }

  static func outCast(_ function: String, _ from: DType, _ to: DType) -> ReplError {
    ReplError(
      "UFuncTypeError",
      "Cannot cast ufunc '\(function)' output from dtype('\(numpyName(from))') to "
        + "dtype('\(numpyName(to))') with casting rule 'same_kind'")
  }

  static func sliceStep() -> ReplError { .value("slice step cannot be zero") }

  static func arangeStep() -> ReplError {
    .value("arange: step cannot be zero (Maximum allowed size exceeded)")
  }

  static func randomRange(_ low: Int, _ high: Int) -> ReplError {
    .value("low >= high (got low=\(low), high=\(high))")
  }

  static let choiceEmpty = ReplError.value("a cannot be empty unless no samples are taken")

  static let choiceTooMany = ReplError.value(
    "Cannot take a larger sample than population when 'replace=False'")

  static let probabilities = ReplError.value(
    "probabilities do not sum to 1 (or have the wrong length or negative entries)")

  // MARK: Files

  static func notNpy(_ path: String) -> ReplError {
    .value(
      "\(path) is not a .npy file (it does not start with the magic string \\x93NUMPY); "
        + "np.load reads files written by np.save")
  }

  static func truncated(_ path: String) -> ReplError {
    .value(
      "\(path) is truncated: the header promises more data than the file holds")
  }

  static func badHeader(_ path: String, _ reason: String) -> ReplError {
    .value("\(path) has a .npy header that cannot be read: \(reason)")
  }

  static func unsupportedDescr(_ path: String, _ descr: String) -> ReplError {
    .value(
      "\(path) holds elements of type '\(descr)'; the arrays here are float64 ('<f8'), "
        + "float32 ('<f4'), int64 ('<i8') and bool ('|b1')")
  }

  static func fortranOrder(_ path: String) -> ReplError {
    .value("\(path) is stored in Fortran order; save it from NumPy in C order")
  }

  static func readFailed(_ path: String, _ reason: String) -> ReplError {
    let missing =
      reason.contains("No such file") || reason.contains("doesn’t exist")
      || reason.contains("does not exist")
    return ReplError(
      missing ? "FileNotFoundError" : "OSError",
      missing ? "[Errno 2] No such file or directory: '\(path)'" : "cannot read \(path): \(reason)")
  }

  static func writeFailed(_ path: String, _ reason: String) -> ReplError {
    ReplError("OSError", "cannot write \(path): \(reason)")
  }
}
