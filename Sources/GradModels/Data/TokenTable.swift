// A hash table from token bytes to dense ids, looked up straight from a
// slice of the text being tokenized: no String is made per token, and the
// hash is a cheap multiply-xorshift rather than SipHash. Tokenizing a
// megabyte corpus is mostly lookups, so this is the hot path.
//
// Layout: the tokens' UTF-8 bytes one after another in `bytes`; token k is
// bytes[starts[k] ..< starts[k+1]]. `slots` is open addressing with linear
// probing, capacity a power of two, at most half full; a slot holds a token
// id or −1.

/// Token bytes → ids 0, 1, 2, … in insertion order; compared by exact bytes.
struct TokenTable: Sendable {
  private(set) var bytes: [UInt8] = []
  private(set) var starts: [Int] = [0]
  private var hashes: [UInt64] = []
  private var slots: [Int32] = Array(repeating: -1, count: 16)

  /// The number of tokens.
  var count: Int { hashes.count }

  /// A 64-bit hash of `key`: eight bytes at a time through a multiply and a
  /// xor-shift (after wyhash and SplitMix64's finalizer).
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    var i = 0
    while i + 8 <= key.count {
      var word: UInt64 = 0
      for k in 0..<8 { word |= UInt64(key[i + k]) << (8 * UInt64(k)) }
      h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < key.count {
      tail |= UInt64(key[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }

  /// The id of `key`, or nil.
  func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
    let h = TokenTable.hash(key)
    return bytes.withUnsafeBufferPointer { stored in
      let mask = slots.count - 1
      var s = Int(truncatingIfNeeded: h) & mask
      while true {
        let id = slots[s]
        if id < 0 { return nil }
        if hashes[Int(id)] == h && equal(stored, Int(id), key) { return id }
        s = (s + 1) & mask
      }
    }
  }

  /// The id of the token spelled by `text`, or nil.
  func find(_ text: String) -> Int32? {
    var copy = text
    return copy.withUTF8 { find($0) }
  }

  /// Adds `key` unless present; returns its id and whether it was new.
  @discardableResult
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
    let h = TokenTable.hash(key)
    let mask = slots.count - 1
    var s = Int(truncatingIfNeeded: h) & mask
    while true {
      let id = slots[s]
      if id < 0 { break }
      if hashes[Int(id)] == h
        && bytes.withUnsafeBufferPointer({ equal($0, Int(id), key) })
      {
        return (id, false)
      }
      s = (s + 1) & mask
    }
    let id = Int32(truncatingIfNeeded: count)
    slots[s] = id
    hashes.append(h)
    bytes.append(contentsOf: key)
    starts.append(bytes.count)
    if 2 * count > slots.count { grow() }
    return (id, true)
  }

  /// Adds the token spelled by `text` unless present.
  @discardableResult
  mutating func insert(_ text: String) -> (id: Int32, inserted: Bool) {
    var copy = text
    return copy.withUTF8 { insert($0) }
  }

  /// Token `id` as a String.
  func token(_ id: Int) -> String {
    String(decoding: bytes[starts[id]..<starts[id + 1]], as: UTF8.self)
  }

  private func equal(
    _ stored: UnsafeBufferPointer<UInt8>, _ id: Int, _ key: UnsafeBufferPointer<UInt8>
  )
    -> Bool
  {
    let start = starts[id]
    guard starts[id + 1] - start == key.count else { return false }
    for k in 0..<key.count where stored[start + k] != key[k] { return false }
    return true
  }

  private mutating func grow() {
    var grown = [Int32](repeating: -1, count: slots.count * 2)
    let mask = grown.count - 1
    for (id, h) in hashes.enumerated() {
      var s = Int(truncatingIfNeeded: h) & mask
      while grown[s] >= 0 { s = (s + 1) & mask }
      grown[s] = Int32(truncatingIfNeeded: id)
    }
    slots = grown
  }
}
