// Errors of the data layer: reading text files, building vocabularies,
// cutting token streams into batches. Each case carries what a student needs
// to fix the problem (the file, the offending value, the rule it broke).

import Foundation

/// Something wrong with a data file, a vocabulary or a dataset parameter.
///
/// `description` is a complete sentence meant to be shown as is.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No file or directory exists at `path`.
  case fileNotFound(path: String)
  /// `path` names a directory, not a text file.
  case isDirectory(path: String)
  /// The file exists but could not be read (permissions, I/O error).
  case unreadable(path: String, reason: String)
  /// The file holds no text (zero bytes, or only whitespace).
  case emptyFile(path: String, onlyWhitespace: Bool)
  /// The file contains a NUL byte, which text never does.
  case binaryFile(path: String, byteOffset: Int)
  /// The bytes at `byteOffset` (on 1-based `line`) are not valid UTF-8.
  case invalidUTF8(path: String, byteOffset: Int, line: Int)
  /// Bytes that should hold a vocabulary do not.
  case corruptVocabulary(reason: String)
  /// The vocabulary was written by a newer gradrepl.
  case unsupportedVocabularyVersion(found: Int, supported: Int)
  /// A parameter is out of its allowed range.
  case invalidParameter(name: String, value: String, requirement: String)
  /// There are too few tokens or lines for what was asked.
  case notEnoughData(String)
  /// No shipped corpus has this name.
  case unknownCorpus(name: String, available: [String])

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "No such file: \(path). Check the path (it is relative to the current directory)."
    case .isDirectory(let path):
      return "\(path) is a directory; give the path of a text file inside it."
    case .unreadable(let path, let reason):
      return "Cannot read \(path): \(reason)."
    case .emptyFile(let path, let onlyWhitespace):
      return onlyWhitespace
        ? "\(path) contains only whitespace; a language model needs some text to learn from."
        : "\(path) is empty; a language model needs some text to learn from."
    case .binaryFile(let path, let offset):
      return "\(path) looks like a binary file (a NUL byte at byte \(offset)), not UTF-8 text."
    case .invalidUTF8(let path, let offset, let line):
      return
        "\(path) is not valid UTF-8 text (line \(line), byte \(offset)). "
        + "Convert it first, for example with `iconv -f latin1 -t utf-8`."
    case .corruptVocabulary(let reason):
      return "The saved vocabulary is damaged: \(reason)."
    case .unsupportedVocabularyVersion(let found, let supported):
      return
        "The saved vocabulary has format version \(found), but this gradrepl reads only "
        + "version \(supported) or older; update gradrepl to load it."
    case .invalidParameter(let name, let value, let requirement):
      return "\(name) = \(value) is not allowed: \(name) must be \(requirement)."
    case .notEnoughData(let message):
      return message
    case .unknownCorpus(let name, let available):
      return
        "There is no shipped corpus named \"\(name)\"; available: "
        + available.joined(separator: ", ") + "."
    }
  }
}

extension DataError: LocalizedError {
  public var errorDescription: String? { description }
}
