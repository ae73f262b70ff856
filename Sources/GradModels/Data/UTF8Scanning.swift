// Tokenizers read their input straight from its UTF-8 bytes: several times
// faster than walking `unicodeScalars` with String indices, which matters for
// megabyte corpora, and free of String's grapheme-aligned subscripting.

/// Calls `body` with the UTF-8 bytes of `text`, made contiguous if needed.
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

/// The bytes `bytes[start..<end]` as a buffer of their own.
@inline(__always)
func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
  -> UnsafeBufferPointer<UInt8>
{
  UnsafeBufferPointer(rebasing: bytes[start..<end])
}
