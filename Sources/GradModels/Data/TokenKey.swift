// Token identity by exact Unicode scalars.
//
// Swift's String equality is canonical equivalence: "é" (U+00E9) equals
// "e" + U+0301. Python compares code points, so PyTorch's word_language_model
// keeps both spellings as two words. Vocabularies key tokens by their exact
// UTF-8 bytes (TokenTable) to count words the way the reference does, and
// compare token lists with TokenKey.

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
