// Tab completion from the live session: commands after `:`, names, and the
// attributes of whatever value sits before a dot (`a.gr` -> `a.grad`).

import Foundation

extension Session: CompletionProvider {
  /// Candidates for the text before the cursor.
  ///
  /// Each candidate replaces the trailing token of `line`: a `:command`, a name, or a
  /// dotted path (`model.parameters`). Sorted, without duplicates.
  public func completions(forLine line: String) -> [String] {
    let leading = line.drop(while: { $0 == " " || $0 == "\t" })
    if leading.hasPrefix(":") {
      let body = leading.dropFirst()
      guard let space = body.firstIndex(where: { $0 == " " }) else {
        return commands.all.map { ":" + $0.name }.filter { $0.hasPrefix(leading) }.sorted()
      }
      let command = String(body[..<space])
      let rest = body[space...].drop(while: { $0 == " " })
      if command == "help" {
        return commands.all.map(\.name).filter { $0.hasPrefix(rest) }.sorted()
      }
      if command == "load" || command == "save" { return fileCompletions(String(rest)) }
    }
    let token = trailingToken(of: line)
    if let dot = token.lastIndex(of: ".") {
      let base = String(token[..<dot])
      let prefix = token[token.index(after: dot)...]
      guard let value = pathValue(base) else { return [] }
      return Set(BuiltinMembers.names(of: value)).filter { $0.hasPrefix(prefix) }
        .map { base + "." + $0 }.sorted()
    }
    guard !token.isEmpty else { return [] }
    let names = interpreter.globalNames + interpreter.builtinNames + Array(reservedWords)
    return Set(names).filter { $0.hasPrefix(token) && $0 != "_" }.sorted()
  }

  /// The identifier-and-dots run at the end of `line`.
  private func trailingToken(of line: String) -> String {
    var token = ""
    for c in line.reversed() {
      guard c == "_" || c == "." || c.isLetter || c.isNumber else { break }
      token.insert(c, at: token.startIndex)
    }
    return token
  }

  /// The value of `a.b.c` when every part is a plain name (no calls are made).
  private func pathValue(_ path: String) -> RValue? {
    let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, !first.isEmpty, var value = interpreter.lookup(first) else {
      return nil
    }
    for part in parts.dropFirst() {
      guard !part.isEmpty, let next = try? interpreter.attribute(value, part) else { return nil }
      value = next
    }
    return value
  }

  private func fileCompletions(_ partial: String) -> [String] {
    let url = URL(fileURLWithPath: partial.isEmpty ? "./" : partial)
    let directory =
      partial.hasSuffix("/") || partial.isEmpty ? url : url.deletingLastPathComponent()
    let prefix = partial.hasSuffix("/") || partial.isEmpty ? "" : url.lastPathComponent
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    let head = partial.hasSuffix("/") ? partial : String(partial.dropLast(prefix.count))
    return entries.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }.map { head + $0 }.sorted()
  }
}
