import Foundation
import Testing

@testable import GradModels

@Suite final class TextFileTests {
  let directory: URL

  init() throws { directory = try makeTemporaryDirectory() }
  deinit { try? FileManager.default.removeItem(at: directory) }

  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  @Test func readsUTF8AndDropsTheByteOrderMark() throws {
    let path = try write([0xEF, 0xBB, 0xBF] + Array("héllo\r\nworld".utf8), to: "ok.txt")
    #expect(try TextFile.read(path) == "héllo\r\nworld")
  }

  @Test func missingFile() {
    let path = directory.appendingPathComponent("nope.txt").path
    #expect(throws: DataError.fileNotFound(path: path)) { try TextFile.read(path) }
    #expect(throws: DataError.fileNotFound(path: "")) { try TextFile.read("") }
  }

  @Test func aDirectoryIsNotAFile() {
    #expect(throws: DataError.isDirectory(path: directory.path)) {
      try TextFile.read(directory.path)
    }
  }

  @Test func emptyAndBlankFiles() throws {
    let empty = try write([], to: "empty.txt")
    #expect(throws: DataError.emptyFile(path: empty, onlyWhitespace: false)) {
      try TextFile.read(empty)
    }
    let bom = try write([0xEF, 0xBB, 0xBF], to: "bom.txt")
    #expect(throws: DataError.emptyFile(path: bom, onlyWhitespace: false)) {
      try TextFile.read(bom)
    }
    let blank = try write(Array(" \n\t\r\n".utf8), to: "blank.txt")
    #expect(throws: DataError.emptyFile(path: blank, onlyWhitespace: true)) {
      try TextFile.read(blank)
    }
  }

  @Test func binaryFile() throws {
    let path = try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], to: "x.png")
    #expect(throws: DataError.binaryFile(path: path, byteOffset: 8)) { try TextFile.read(path) }
  }

  @Test func invalidUTF8NamesLineAndByte() throws {
    // Latin-1 "café" on the third line.
    let latin1 = try write(Array("ok\nfine\ncaf".utf8) + [0xE9, 0x0A], to: "latin1.txt")
    #expect(throws: DataError.invalidUTF8(path: latin1, byteOffset: 11, line: 3)) {
      try TextFile.read(latin1)
    }
    // A multi-byte sequence cut off at the end of the file.
    let cut = try write(Array("ab".utf8) + [0xE2, 0x82], to: "cut.txt")
    #expect(throws: DataError.invalidUTF8(path: cut, byteOffset: 2, line: 1)) {
      try TextFile.read(cut)
    }
    // An overlong encoding of "/" and a UTF-16 surrogate are not UTF-8 either.
    for bytes: [UInt8] in [[0x61, 0xC0, 0xAF], [0x61, 0xED, 0xA0, 0x80]] {
      let path = try write(bytes, to: "bad.txt")
      #expect(throws: DataError.invalidUTF8(path: path, byteOffset: 1, line: 1)) {
        try TextFile.read(path)
      }
    }
  }

  @Test func messagesNameTheFile() {
    let errors: [DataError] = [
      .fileNotFound(path: "a.txt"), .isDirectory(path: "a.txt"),
      .emptyFile(path: "a.txt", onlyWhitespace: false), .binaryFile(path: "a.txt", byteOffset: 3),
      .invalidUTF8(path: "a.txt", byteOffset: 3, line: 1),
      .unreadable(path: "a.txt", reason: "permission denied"),
    ]
    for error in errors { #expect(error.description.contains("a.txt")) }
  }
}
