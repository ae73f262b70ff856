// Reading training text from disk. Every failure names the file and says what
// is wrong with it, so `train(model, "notes.pdf")` tells the student why.

import Foundation

/// Reads UTF-8 text files for training, with clear errors for everything else.
public enum TextFile {
  /// Reads the file at `path` as UTF-8 text.
  ///
  /// A leading byte-order mark is dropped. Line endings are kept as they are
  /// (the tokenizers treat `\n`, `\r\n` and `\r` alike).
  ///
  /// - Throws: `DataError.fileNotFound`, `.isDirectory`, `.unreadable`,
  ///   `.emptyFile` (no bytes, or only whitespace), `.binaryFile` (a NUL byte),
  ///   `.invalidUTF8` (with the line and byte of the first bad sequence).
  public static func read(_ path: String) throws(DataError) -> String {
    var isDirectory: ObjCBool = false
    guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    else { throw .fileNotFound(path: path) }
    if isDirectory.boolValue { throw .isDirectory(path: path) }
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadable(path: path, reason: readFailureReason(path: path, error: error))
    }
    return try decode(bytes, path: path)
  }

  /// Checks and decodes bytes that claim to be UTF-8 text from `path`.
  ///
  /// The same checks as `read(_:)`, for bytes obtained some other way.
  public static func decode(_ bytes: Data, path: String) throws(DataError) -> String {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if body.isEmpty { throw .emptyFile(path: path, onlyWhitespace: false) }
    // Scan and validate contiguous memory: Data's generic Collection path is
    // several times slower on megabyte files.
    let (nul, decoded) = body.withUnsafeBytes { raw -> (Int?, String?) in
      let buffer = raw.bindMemory(to: UInt8.self)
      if let nul = buffer.firstIndex(of: 0) { return (nul, nil) }
      return (nil, String(validating: buffer, as: UTF8.self))
    }
    if let nul {
      throw .binaryFile(path: path, byteOffset: nul + (body.startIndex - bytes.startIndex))
    }
    guard let text = decoded else {
      let (offset, line) = firstInvalidUTF8(in: body)
      throw .invalidUTF8(
        path: path, byteOffset: offset + (body.startIndex - bytes.startIndex),
        line: line)
    }
    if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
      throw .emptyFile(path: path, onlyWhitespace: true)
    }
    return text
  }

  /// The byte offset (from the start of `bytes`) and 1-based line of the first
  /// byte sequence that is not valid UTF-8.
  static func firstInvalidUTF8(in bytes: Data.SubSequence) -> (offset: Int, line: Int) {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    var line = 1
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1 }
        offset += encoded.count
      case .error:
        return (offset, line)
      case .emptyInput:
        return (offset, line)
      }
    }
  }

  private static func readFailureReason(path: String, error: any Error) -> String {
    if !FileManager.default.isReadableFile(atPath: path) {
      return "permission denied (check the file's permissions)"
    }
    return (error as NSError).localizedDescription
  }
}
