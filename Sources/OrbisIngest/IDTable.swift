import OrbisSystem

/// The ids of one dataset accepted so far, each as its row in the dataset's array: an
/// open-addressing table (linear probing) of 32 bits of the ids' hashes, which the readers
/// compute beside their reading (`IDHash`). Equal bits are confirmed by comparing the ids
/// themselves (`isSame`), so that ids whose hashes collide are still told apart.
///
/// A million ids take 16 MB (8 bytes a slot, at most three quarters full), against 48 MB for
/// `[String: Int]`, and inserting them costs no string hashing on the assembling thread, which
/// is the read's serial part.
struct IDTable {
  private struct Slot {
    /// The hash's upper half, which also places it; 0: empty.
    var tag: UInt32
    var row: UInt32
  }
  private var slots: [Slot] = []
  private(set) var count = 0

  /// Room for `capacity` ids without growing.
  mutating func reserve(_ capacity: Int) {
    var size = 16
    while size / 4 * 3 < capacity { size *= 2 }
    if size > slots.count { rehash(size) }
  }

  private static func tag(_ hash: UInt64) -> UInt32 {
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    return tag == 0 ? 1 : tag
  }

  /// Starts loading the slot where the id with this hash is looked for: the slots are
  /// accessed at random, and a million ids' table is larger than the caches. Issued some ids
  /// ahead of their `insert`, it lets the memory accesses overlap instead of waiting for each.
  func prefetch(_ hash: UInt64) {
    guard !slots.isEmpty else { return }
    let i = Int(Self.tag(hash)) & (slots.count - 1)
    slots.withUnsafeBufferPointer { Memory.prefetch($0.baseAddress! + i) }
  }

  /// The row of the id with this hash that `isSame` confirms, if any.
  func row(of hash: UInt64, isSame: (_ row: Int) -> Bool) -> Int? {
    guard !slots.isEmpty else { return nil }
    return probe(Self.tag(hash), isSame).row
  }

  /// Adds the id of `row`, unless an id with this hash that `isSame` confirms is there: then
  /// returns its row and changes nothing.
  mutating func insert(_ hash: UInt64, row: Int, isSame: (_ row: Int) -> Bool) -> Int? {
    if (count + 1) > slots.count / 4 * 3 { rehash(max(16, slots.count * 2)) }
    let tag = Self.tag(hash)
    let (found, empty) = probe(tag, isSame)
    if let found { return found }
    slots[empty] = Slot(tag: tag, row: UInt32(row))
    count += 1
    return nil
  }

  /// Walks the slots from the tag's own: the row `isSame` confirms among equal tags, or else
  /// the empty slot where the walk ended (the table is never full).
  private func probe(_ tag: UInt32, _ isSame: (_ row: Int) -> Bool) -> (row: Int?, empty: Int) {
    let mask = slots.count - 1
    var i = Int(tag) & mask
    while slots[i].tag != 0 {
      if slots[i].tag == tag, isSame(Int(slots[i].row)) { return (Int(slots[i].row), i) }
      i = (i + 1) & mask
    }
    return (nil, i)
  }

  private mutating func rehash(_ size: Int) {
    let old = slots
    slots = Array(repeating: Slot(tag: 0, row: 0), count: size)
    let mask = size - 1
    for slot in old where slot.tag != 0 {
      var i = Int(slot.tag) & mask
      while slots[i].tag != 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }
}

/// The 64-bit hash of an id for `IDTable`: `String`'s own hash (SipHash, from a seed drawn
/// once per process), which agrees with `String`'s equality: an id whose accent is stored as
/// a combining mark (macOS) and the same id stored precomposed (Excel) are one id, as they
/// always were. The readers compute it beside their reading, off the assembler's thread.
enum IDHash {
  static func of(_ id: String) -> UInt64 { UInt64(bitPattern: Int64(id.hashValue)) }
}
