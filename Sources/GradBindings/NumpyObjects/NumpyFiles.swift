// `np.save` and `np.load` with NumPy's .npy format, so arrays move between
// this REPL and Python both ways:
//
//     \x93NUMPY  major minor  header length  header                      data
//     6 bytes    1     1      2 bytes (LE)    {'descr': '<f8', ...}\n    row-major elements
//
// The header is a Python dict literal padded with spaces so that the data
// starts at a multiple of 64 bytes. Versions 2.0 and 3.0 only widen the
// length to 4 bytes. Files are written to a temporary name and renamed, so a
// crash never leaves half a file; a file that is not .npy, or is cut short,
// is a ValueError and the session goes on.

import Foundation
import GradLanguage
import GradTensor

enum NumpyFiles {
  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  static func add(_ m: inout TorchBuiltins.Members) {
    m.add(
      "save", "save(file, arr)",
      "Writes arr to file in NumPy's .npy format ('.npy' is added when missing)."
    ) { (args, _) throws(ReplError) in
      try args.check("save", positional: 2, 2, keywords: ["allow_pickle"])
      guard case .str(var path) = args.positional[0] else {
        throw ReplError.type("save(): file must be a path string")
      }
      if !path.hasSuffix(".npy") { path += ".npy" }
      let data = try arrayData(args.positional[1], "save")
      try write(encode(data), to: path)
      return .none
    }
    m.add("load", "load(file)", "Reads an array from a .npy file (written here or by NumPy).") {
      (args, _) throws(ReplError) in
      try args.check("load", positional: 1, 1, keywords: ["allow_pickle", "mmap_mode"])
      guard case .str(let path) = args.positional[0] else {
        throw ReplError.type("load(): file must be a path string")
      }
      return try wrapArray(try decode(try read(path), path: path))
    }
  }

  // MARK: Encoding

  /// The .npy bytes of an array (version 1.0, little-endian, C order).
  static func encode(_ data: NDData) -> [UInt8] {
    let descr: String
    switch data.dtype {
    case .float64: descr = "<f8"
    case .float32: descr = "<f4"
    case .int64: descr = "<i8"
    case .bool: descr = "|b1"
    }
    var header =
      "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeTuple(data.shape)), }"
    // Pad so that magic (6) + version (2) + length (2) + header ends at a multiple of 64.
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var bytes = magic + [1, 0]
    let length = UInt16(header.utf8.count)
    bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
    bytes += Array(header.utf8)
    bytes.reserveCapacity(bytes.count + data.count * data.dtype.byteSize)
    switch (data.dtype, data.values) {
    case (.float32, .float(let xs)):
      for x in xs { bytes += littleEndian(Float(x).bitPattern) }
    case (_, .float(let xs)):
      for x in xs { bytes += littleEndian(x.bitPattern) }
    case (_, .int(let ns)):
      for n in ns { bytes += littleEndian(UInt64(bitPattern: n)) }
    case (_, .bool(let bs)):
      bytes += bs.map { $0 ? 1 : 0 }
    }
    return bytes
  }

  private static func littleEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
    (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) }
  }

  // MARK: Decoding

  /// The array in .npy bytes, or a ValueError saying what is wrong with them.
  static func decode(_ bytes: [UInt8], path: String) throws(ReplError) -> NDData {
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw NumpyMessages.notNpy(path) }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw NumpyMessages.truncated(path) }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw NumpyMessages.badHeader(path, "format version \(major).\(bytes[7]) is not known")
    }
    guard bytes.count >= headerStart + headerLength else { throw NumpyMessages.truncated(path) }
    guard
      let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
    else { throw NumpyMessages.badHeader(path, "the header is not text") }
    let fields = try parseHeader(header, path: path)
    let dtype: DType
    let elementSize: Int
    switch fields.descr {
    case "<f8": (dtype, elementSize) = (.float64, 8)
    case "<f4": (dtype, elementSize) = (.float32, 4)
    case "<i8": (dtype, elementSize) = (.int64, 8)
    case "<i4": (dtype, elementSize) = (.int64, 4)
    case "|b1": (dtype, elementSize) = (.bool, 1)
    default: throw NumpyMessages.unsupportedDescr(path, fields.descr)
    }
    if fields.fortranOrder && fields.shape.count > 1 { throw NumpyMessages.fortranOrder(path) }
    var count = 1
    for s in fields.shape {
      let (p, overflow) = count.multipliedReportingOverflow(by: s)
      guard s >= 0, !overflow else {
        throw NumpyMessages.badHeader(path, "the shape is impossible")
      }
      count = p
    }
    let start = headerStart + headerLength
    let (needed, overflow) = count.multipliedReportingOverflow(by: elementSize)
    guard !overflow, bytes.count - start >= needed else { throw NumpyMessages.truncated(path) }
    func word(_ i: Int, _ size: Int) -> UInt64 {
      var v: UInt64 = 0
      for k in 0..<size { v |= UInt64(bytes[start + i * size + k]) << (8 * UInt64(k)) }
      return v
    }
    switch fields.descr {
    case "<f8":
      return NDData(
        dtype: dtype, shape: fields.shape,
        values: .float((0..<count).map { Double(bitPattern: word($0, 8)) }))
    case "<f4":
      return NDData(
        dtype: dtype, shape: fields.shape,
        values: .float((0..<count).map { Double(Float(bitPattern: UInt32(word($0, 4)))) }))
    case "<i8":
      return NDData(
        dtype: dtype, shape: fields.shape,
        values: .int((0..<count).map { Int64(bitPattern: word($0, 8)) }))
    case "<i4":
      return NDData(
        dtype: dtype, shape: fields.shape,
        values: .int((0..<count).map { Int64(Int32(bitPattern: UInt32(word($0, 4)))) }))
    default:
      return NDData(
        dtype: dtype, shape: fields.shape, values: .bool((0..<count).map { bytes[start + $0] != 0 })
      )
    }
  }

  /// The three fields of a header dict: `{'descr': '<f8', 'fortran_order': False,
  /// 'shape': (2, 3), }`.
  static func parseHeader(_ header: String, path: String) throws(ReplError) -> (
    descr: String, fortranOrder: Bool, shape: [Int]
  ) {
    func value(after key: String) -> Substring? {
      guard let k = header.range(of: "'\(key)'") else { return nil }
      var rest = header[k.upperBound...].drop { $0 == " " }
      guard rest.first == ":" else { return nil }
      rest = rest.dropFirst().drop { $0 == " " }
      return rest
    }
    guard let descrText = value(after: "descr"), descrText.first == "'",
      let close = descrText.dropFirst().firstIndex(of: "'")
    else { throw NumpyMessages.badHeader(path, "no 'descr' entry") }
    let descr = String(descrText[descrText.index(after: descrText.startIndex)..<close])
    guard let orderText = value(after: "fortran_order") else {
      throw NumpyMessages.badHeader(path, "no 'fortran_order' entry")
    }
    let fortran = orderText.hasPrefix("True")
    guard fortran || orderText.hasPrefix("False") else {
      throw NumpyMessages.badHeader(path, "'fortran_order' is neither True nor False")
    }
    guard let shapeText = value(after: "shape"), shapeText.first == "(",
      let end = shapeText.firstIndex(of: ")")
    else { throw NumpyMessages.badHeader(path, "no 'shape' entry") }
    let inside = shapeText[shapeText.index(after: shapeText.startIndex)..<end]
    var shape: [Int] = []
    for part in inside.split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      guard let n = Int(trimmed.hasSuffix("L") ? String(trimmed.dropLast()) : trimmed), n >= 0
      else {
        throw NumpyMessages.badHeader(
          path, "the shape \(shapeText[...end]) is not a tuple of sizes")
      }
      shape.append(n)
    }
    guard shape.count <= 32 else { throw NumpyMessages.badHeader(path, "too many dimensions") }
    return (descr, fortran, shape)
  }

  // MARK: Files

  private static func read(_ path: String) throws(ReplError) -> [UInt8] {
    let url = URL(fileURLWithPath: path)
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
      if let size = attributes[.size] as? Int, size > MemoryLimit.bytes {
        throw ReplError("MemoryError", "\(path) is larger than the memory cap")
      }
      return Array(try Data(contentsOf: url))
    } catch let error as ReplError {
      throw error
    } catch {
      throw NumpyMessages.readFailed(path, error.localizedDescription)
    }
  }

  private static func write(_ bytes: [UInt8], to path: String) throws(ReplError) {
    // `.atomic` writes a temporary file beside the target and renames it into place.
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw NumpyMessages.writeFailed(path, error.localizedDescription)
    }
  }
}
