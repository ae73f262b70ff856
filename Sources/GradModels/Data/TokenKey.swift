// Token identity by exact Unicode scalars.
//
// Swift's String equality is canonical equivalence: "é" (U+00E9) equals
// "e" + U+0301. Python compares code points, so PyTorch's word_language_model
// keeps both spellings as two words. Vocabularies key tokens by their exact
// UTF-8 bytes to count words the way the reference does.

/// A token compared and hashed by its exact UTF-8 bytes.
struct TokenKey: Hashable, Sendable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
    lhs.text.utf8.elementsEqual(rhs.text.utf8)
  }

  func hash(into hasher: inout Hasher) {
    let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if hashed == nil {
      for byte in text.utf8 { hasher.combine(byte) }
    }
    hasher.combine(text.utf8.count)
  }
}

/// Orders tokens by their Unicode scalar values (code-point order, no locale).
func scalarOrder(_ lhs: String, _ rhs: String) -> Bool {
  lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
}

/// Visits the Unicode scalars of `text` with the byte offset where each starts.
///
/// The text is made contiguous once, then decoded straight from its UTF-8
/// bytes: several times faster than walking `unicodeScalars` with indices,
/// which matters for megabyte corpora.
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
  var copy = text
  copy.makeContiguousUTF8()
  return copy.withUTF8 { body($0) }
}

/// Decodes the scalar starting at `i` in valid UTF-8 `bytes`; returns the
/// scalar value and its width in bytes. Truncated input yields U+FFFD.
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, width: Int) {
  let n = bytes.count
  let b0 = UInt32(bytes[i])
  if b0 < 0x80 { return (b0, 1) }
  if b0 < 0xE0 {
    guard i + 1 < n else { return (0xFFFD, n - i) }
    return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2)
  }
  if b0 < 0xF0 {
    guard i + 2 < n else { return (0xFFFD, n - i) }
    return (
      (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3
    )
  }
  guard i + 3 < n else { return (0xFFFD, n - i) }
  return (
    (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
      | UInt32(bytes[i + 3] & 0x3F), 4
  )
}

/// The token spelled by `bytes[start..<end]`.
@inline(__always)
func token(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
  String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
}
