// Saving and loading tensors as NumPy .npy files and named sets as .npz archives (an
// uncompressed zip of .npy members), readable and writable by numpy. Writes are atomic: a
// temporary file in the same directory, then rename.
import Foundation

/// NumPy's .npy format, version 1.0:
///
/// ```
/// "\x93NUMPY" 0x01 0x00  <UInt16 LE header length>  "{'descr': '<f4', 'fortran_order': False,
/// 'shape': (2, 3), }"  padded with spaces and a final "\n" to a multiple of 64 bytes, then the
/// raw little-endian data in C order.
/// ```
public enum NPY {
  private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  static func descriptor(_ dtype: DType) -> String {
    switch dtype {
    case .float32: return "<f4"
    case .float64: return "<f8"
    case .int64: return "<i8"
    case .bool: return "|b1"
    }
  }

  /// The .npy bytes of a tensor.
  public static func encode(_ tensor: Tensor) throws -> Data {
    let t = try tensor.detach().contiguous()
    let shapeText =
      t.ndim == 1
      ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
    var header =
      "{'descr': '\(descriptor(t.dtype))', 'fortran_order': False, 'shape': \(shapeText), }"
    let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    guard header.utf8.count <= Int(UInt16.max) else {
      throw TensorError(.io, "npy: the header for shape \(shapeString(t.shape)) is too long")
    }
    var data = Data(magic)
    data.append(contentsOf: [1, 0])
    let length = UInt16(header.utf8.count)
    data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    data.append(contentsOf: Array(header.utf8))
    data.append(
      Data(
        bytes: t.storage.pointer + t.storageOffset * t.dtype.byteSize,
        count: t.count * t.dtype.byteSize))
    return data
  }

  /// A tensor from .npy bytes; malformed or truncated input is an error, never a crash.
  public static func decode(_ data: Data, name: String = "array") throws -> Tensor {
    func bad(_ why: String) -> TensorError {
      TensorError(.io, "\(name): not a valid .npy file (\(why))")
    }
    let bytes = [UInt8](data)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw bad("missing magic bytes") }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    if major == 1 {
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    } else if major == 2 || major == 3 {
      guard bytes.count >= 12 else { throw bad("truncated header") }
      headerLength =
        Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    } else {
      throw bad("unsupported version \(major)")
    }
    guard headerStart + headerLength <= bytes.count else { throw bad("truncated header") }
    guard
      let header = String(
        bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
    else { throw bad("header is not text") }
    func field(_ key: String) -> String? {
      guard let r = header.range(of: "'\(key)':") else { return nil }
      return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
    }
    guard let descrField = field("descr"), let q = descrField.dropFirst().firstIndex(of: "'")
    else { throw bad("no descr") }
    let descr = String(descrField[descrField.index(after: descrField.startIndex)..<q])
    let dtype: DType
    switch descr {
    case "<f4": dtype = .float32
    case "<f8": dtype = .float64
    case "<i8": dtype = .int64
    case "|b1", "<b1": dtype = .bool
    default:
      throw TensorError(
        .io,
        "\(name): unsupported dtype '\(descr)' (supported: float32 <f4, float64 <f8, int64 <i8, "
          + "bool |b1)")
    }
    guard let orderField = field("fortran_order") else { throw bad("no fortran_order") }
    let fortran = orderField.hasPrefix("True")
    guard let shapeField = field("shape"), shapeField.hasPrefix("("),
      let close = shapeField.firstIndex(of: ")")
    else { throw bad("no shape") }
    let inside = shapeField[shapeField.index(after: shapeField.startIndex)..<close]
    var shape: [Int] = []
    for part in inside.split(separator: ",") {
      let text = part.trimmingCharacters(in: .whitespaces)
      if text.isEmpty { continue }
      guard let v = Int(text), v >= 0 else { throw bad("bad shape entry '\(text)'") }
      shape.append(v)
    }
    let n = try checkedCount(shape)
    let (byteCount, overflow) = n.multipliedReportingOverflow(by: dtype.byteSize)
    let dataStart = headerStart + headerLength
    guard !overflow, bytes.count - dataStart >= byteCount else {
      throw bad("truncated data: expected \(n) elements")
    }
    // Fortran order stores the transpose: read it with the reversed shape, then permute back.
    let stored = fortran ? Array(shape.reversed()) : shape
    let t = try Tensor(empty: stored, dtype: dtype)
    bytes.withUnsafeBytes { raw in
      if let base = raw.baseAddress, byteCount > 0 {
        t.storage.pointer.copyMemory(from: base + dataStart, byteCount: byteCount)
      }
    }
    if dtype == .bool {
      let p = t.storage.pointer.assumingMemoryBound(to: UInt8.self)
      for i in 0..<n where p[i] > 1 { p[i] = 1 }
    }
    if fortran { return try t.permutedRaw(Array((0..<shape.count).reversed())).contiguous() }
    return t
  }

  /// Writes `tensor` to `path` atomically.
  public static func save(_ tensor: Tensor, to path: String) throws {
    try writeAtomically(encode(tensor), to: path)
  }

  /// Reads a tensor from a .npy file.
  public static func load(from path: String) throws -> Tensor {
    try decode(readFile(path), name: path)
  }
}

/// NumPy's .npz: a zip archive, stored without compression, of `<name>.npy` members.
public enum NPZ {
  /// The archive bytes for named tensors (order kept).
  public static func encode(_ tensors: [(name: String, tensor: Tensor)]) throws -> Data {
    var out = Data()
    var central = Data()
    for (name, tensor) in tensors {
      let member = try NPY.encode(tensor)
      let fileName = Array((name + ".npy").utf8)
      guard fileName.count <= Int(UInt16.max), tensors.count <= Int(UInt16.max) else {
        throw TensorError(.io, "npz: too many members or a name that is too long")
      }
      guard member.count < Int(UInt32.max), out.count < Int(UInt32.max) else {
        throw TensorError(.io, "npz: archives over 4 GiB are not supported")
      }
      let crc = CRC32.checksum(member)
      let offset = UInt32(out.count)
      // Local file header.
      out.appendLE(UInt32(0x0403_4B50))
      out.appendLE(UInt16(20))  // version needed
      out.appendLE(UInt16(0))  // flags
      out.appendLE(UInt16(0))  // method: stored
      out.appendLE(UInt16(0))  // time
      out.appendLE(UInt16(0x21))  // date 1980-01-01
      out.appendLE(crc)
      out.appendLE(UInt32(member.count))
      out.appendLE(UInt32(member.count))
      out.appendLE(UInt16(fileName.count))
      out.appendLE(UInt16(0))
      out.append(contentsOf: fileName)
      out.append(member)
      // Central directory entry.
      central.appendLE(UInt32(0x0201_4B50))
      central.appendLE(UInt16(20))  // made by
      central.appendLE(UInt16(20))  // needed
      central.appendLE(UInt16(0))
      central.appendLE(UInt16(0))
      central.appendLE(UInt16(0))
      central.appendLE(UInt16(0x21))
      central.appendLE(crc)
      central.appendLE(UInt32(member.count))
      central.appendLE(UInt32(member.count))
      central.appendLE(UInt16(fileName.count))
      central.appendLE(UInt16(0))  // extra
      central.appendLE(UInt16(0))  // comment
      central.appendLE(UInt16(0))  // disk
      central.appendLE(UInt16(0))  // internal attributes
      central.appendLE(UInt32(0o644 << 16))  // external attributes
      central.appendLE(offset)
      central.append(contentsOf: fileName)
    }
    guard out.count < Int(UInt32.max) - central.count else {
      throw TensorError(.io, "npz: archives over 4 GiB are not supported")
    }
    let centralOffset = UInt32(out.count)
    out.append(central)
    out.appendLE(UInt32(0x0605_4B50))
    out.appendLE(UInt16(0))
    out.appendLE(UInt16(0))
    out.appendLE(UInt16(tensors.count))
    out.appendLE(UInt16(tensors.count))
    out.appendLE(UInt32(central.count))
    out.appendLE(centralOffset)
    out.appendLE(UInt16(0))
    return out
  }

  /// Named tensors from archive bytes, in archive order. Compressed archives
  /// (`np.savez_compressed`) are refused with a message.
  public static func decode(_ data: Data, name: String = "archive") throws -> [(
    name: String, tensor: Tensor
  )] {
    let b = [UInt8](data)
    func bad(_ why: String) -> TensorError {
      TensorError(.io, "\(name): not a valid .npz file (\(why))")
    }
    guard b.count >= 22 else { throw bad("too short") }
    var eocd = -1
    var i = b.count - 22
    while i >= Swift.max(0, b.count - 22 - 65_535) {
      if b.readLE32(i) == 0x0605_4B50 {
        eocd = i
        break
      }
      i -= 1
    }
    guard eocd >= 0 else { throw bad("no end of central directory") }
    let entries = Int(b.readLE16(eocd + 10))
    var p = Int(b.readLE32(eocd + 16))
    var result: [(name: String, tensor: Tensor)] = []
    for _ in 0..<entries {
      guard p + 46 <= b.count, b.readLE32(p) == 0x0201_4B50 else {
        throw bad("corrupt central directory")
      }
      let method = b.readLE16(p + 10)
      let crc = b.readLE32(p + 16)
      var compressed = Int(b.readLE32(p + 20))
      let nameLength = Int(b.readLE16(p + 28))
      let extraLength = Int(b.readLE16(p + 30))
      let commentLength = Int(b.readLE16(p + 32))
      var localOffset = Int(b.readLE32(p + 42))
      guard p + 46 + nameLength + extraLength <= b.count else { throw bad("truncated entry") }
      let fileName = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
      // Zip64 extra field: 64-bit sizes and offset replace the 0xFFFFFFFF placeholders.
      var e = p + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let id = b.readLE16(e)
        let size = Int(b.readLE16(e + 2))
        if id == 1 {
          var q = e + 4
          if b.readLE32(p + 24) == 0xFFFF_FFFF, q + 8 <= extraEnd { q += 8 }
          if b.readLE32(p + 20) == 0xFFFF_FFFF, q + 8 <= extraEnd {
            compressed = Int(clamping: b.readLE64(q))
            q += 8
          }
          if b.readLE32(p + 42) == 0xFFFF_FFFF, q + 8 <= extraEnd {
            localOffset = Int(clamping: b.readLE64(q))
          }
        }
        e += 4 + size
      }
      guard method == 0 else {
        throw TensorError(
          .io,
          "\(name): member \(fileName) is compressed; only uncompressed archives (np.savez) are "
            + "supported")
      }
      guard localOffset >= 0, localOffset <= b.count - 30, b.readLE32(localOffset) == 0x0403_4B50
      else { throw bad("corrupt local header for \(fileName)") }
      let start =
        localOffset + 30 + Int(b.readLE16(localOffset + 26)) + Int(b.readLE16(localOffset + 28))
      guard compressed >= 0, compressed <= b.count - start else {
        throw bad("truncated member \(fileName)")
      }
      let member = Data(b[start..<(start + compressed)])
      guard CRC32.checksum(member) == crc else { throw bad("checksum mismatch in \(fileName)") }
      let key = fileName.hasSuffix(".npy") ? String(fileName.dropLast(4)) : fileName
      result.append((key, try NPY.decode(member, name: "\(name):\(fileName)")))
      p += 46 + nameLength + extraLength + commentLength
    }
    return result
  }

  /// Writes named tensors to `path` atomically.
  public static func save(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
    try writeAtomically(encode(tensors), to: path)
  }

  /// Reads named tensors from a .npz file.
  public static func load(from path: String) throws -> [(name: String, tensor: Tensor)] {
    try decode(readFile(path), name: path)
  }
}

extension Module {
  /// Saves all parameters to an .npz file, keyed by their names.
  public func saveParameters(to path: String) throws {
    try NPZ.save(namedParameters().map { ($0.name, $0.tensor) }, to: path)
  }

  /// Loads parameters saved by `saveParameters`, checking names and shapes.
  public func loadParameters(from path: String) throws {
    let stored = try NPZ.load(from: path)
    var byName: [String: Tensor] = [:]
    for (name, t) in stored { byName[name] = t }
    for (name, p) in namedParameters() {
      guard let t = byName[name] else {
        throw TensorError(.io, "\(path): parameter '\(name)' is missing")
      }
      guard t.shape == p.shape else {
        throw TensorError(
          .shapeMismatch,
          "\(path): parameter '\(name)' has shape \(shapeString(t.shape)), expected "
            + "\(shapeString(p.shape))")
      }
      try noGrad { try p.copy_(t) }
    }
  }
}

/// The zip checksum (CRC-32, polynomial 0xEDB88320, reflected).
enum CRC32 {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func checksum(_ data: Data) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

extension Data {
  fileprivate mutating func appendLE<T: FixedWidthInteger>(_ v: T) {
    var le = v.littleEndian
    Swift.withUnsafeBytes(of: &le) { append(contentsOf: $0) }
  }
}

extension [UInt8] {
  fileprivate func readLE16(_ i: Int) -> UInt16 {
    guard i >= 0, i + 2 <= count else { return 0 }
    return UInt16(self[i]) | UInt16(self[i + 1]) << 8
  }
  fileprivate func readLE32(_ i: Int) -> UInt32 {
    guard i >= 0, i + 4 <= count else { return 0 }
    return UInt32(readLE16(i)) | UInt32(readLE16(i + 2)) << 16
  }
  fileprivate func readLE64(_ i: Int) -> UInt64 {
    guard i >= 0, i + 8 <= count else { return 0 }
    return UInt64(readLE32(i)) | UInt64(readLE32(i + 4)) << 32
  }
}

/// Writes to a temporary file beside `path`, then renames it over `path`, so readers never see
/// a half-written file.
func writeAtomically(_ data: Data, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
  let tmp = url.deletingLastPathComponent().appendingPathComponent(
    ".\(url.lastPathComponent).tmp-\(unique)")
  do {
    try data.write(to: tmp)
  } catch {
    throw TensorError(.io, "cannot write \(path): \(error.localizedDescription)")
  }
  guard rename(tmp.path, url.path) == 0 else {
    let reason = String(cString: strerror(errno))
    try? FileManager.default.removeItem(at: tmp)
    throw TensorError(.io, "cannot write \(path): \(reason)")
  }
}

func readFile(_ path: String) throws -> Data {
  do {
    return try Data(contentsOf: URL(fileURLWithPath: path))
  } catch {
    throw TensorError(.io, "cannot read \(path): \(error.localizedDescription)")
  }
}
