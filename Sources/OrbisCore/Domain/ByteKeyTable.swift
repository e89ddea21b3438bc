/// A hash table from byte strings (a field's UTF-8 bytes as written) to numbers (the index of
/// what the caller keeps for them: not generic, so that a look-up from another module is a
/// plain call, not one through value witnesses that copy the table), for the
/// look-ups made once per row of the few distinct values a column holds (a roster's units,
/// categories and nationalities): FNV-1a 64 over the bytes and a comparison of the bytes,
/// instead of `String`'s seeded SipHash and its Unicode-aware comparison.
///
/// Keys are bytes, so two spellings that `String` holds equal (`é` precomposed or not) are two
/// keys here: callers fall back to a `String`-keyed dictionary on a miss and store its answer,
/// so that every spelling gets the same value as before. Keys and values are kept until the
/// table is dropped.
public struct ByteKeyTable {
  /// Entry index + 1 per slot, 0 for an empty slot; a power of two, at most half full.
  private var slots = [Int32](repeating: 0, count: 16)
  private var hashes: [UInt64] = []
  /// Entry i's key is `bytes[offsets[i]..<offsets[i + 1]]`.
  private var offsets: [Int] = [0]
  private var bytes: [UInt8] = []
  private var values: [Int] = []

  public init() {}

  /// Number of keys.
  public var count: Int { values.count }

  /// The value stored for exactly these bytes, if any.
  public func value(for key: UnsafeRawBufferPointer) -> Int? {
    entry(for: key, hash: Self.hash(key)).map { values[$0] }
  }

  /// Stores `value` for these bytes, replacing the value they had.
  public mutating func set(_ value: Int, for key: UnsafeRawBufferPointer) {
    let hash = Self.hash(key)
    if let e = entry(for: key, hash: hash) {
      values[e] = value
      return
    }
    if (values.count + 1) * 2 > slots.count { grow() }
    values.append(value)
    hashes.append(hash)
    bytes.append(contentsOf: key)
    offsets.append(bytes.count)
    place(values.count - 1, hash: hash)
  }

  /// FNV-1a, 64 bits (Fowler, Noll and Vo; IETF draft-eastlake-fnv).
  @inline(__always)
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
  }

  private func entry(for key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hash) & mask
    while slots[i] != 0 {
      let e = Int(slots[i]) - 1
      if hashes[e] == hash, matches(e, key) { return e }
      i = (i + 1) & mask
    }
    return nil
  }

  private func matches(_ e: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let start = offsets[e]
    let length = offsets[e + 1] - start
    guard length == key.count else { return false }
    return bytes.withUnsafeBytes { stored in
      for j in 0..<length where stored[start + j] != key[j] { return false }
      return true
    }
  }

  private mutating func place(_ e: Int, hash: UInt64) {
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hash) & mask
    while slots[i] != 0 { i = (i + 1) & mask }
    slots[i] = Int32(e + 1)
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    for e in hashes.indices { place(e, hash: hashes[e]) }
  }
}
