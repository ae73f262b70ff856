// Input that is not a terminal (a pipe, a file): plain lines, no prompts, no
// readline (which would echo prompt and input into stdout).

import Foundation
import GradLanguage

/// Reads newline-separated lines from a file descriptor.
public final class StreamLineReader: LineReader {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var atEnd = false

  public init(fileDescriptor: Int32 = STDIN_FILENO) { fd = fileDescriptor }

  public func readLine(prompt: String) -> LineInput {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var bytes = buffer[..<newline]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        buffer.removeSubrange(...newline)
        return .line(line)
      }
      if atEnd {
        guard !buffer.isEmpty else { return .endOfInput }
        let line = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        return .line(line)
      }
      var chunk = [UInt8](repeating: 0, count: 65_536)
      let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        buffer.append(contentsOf: chunk[..<n])
      } else if n == 0 {
        atEnd = true
      } else if errno == EINTR {
        if Signals.sigintPending != 0 {
          Signals.sigintPending = 0
          return .interrupt
        }
      } else {
        atEnd = true
      }
    }
  }

  public func addHistory(_ entry: String) {}
}
