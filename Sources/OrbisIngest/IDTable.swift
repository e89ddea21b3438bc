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

  /// The row of the id with this hash that `isSame` confirms, if any.
  func row(of hash: UInt64, isSame: (_ row: Int) -> Bool) -> Int? {
    guard !slots.isEmpty else { return nil }
    let tag = Self.tag(hash)
    let mask = slots.count - 1
    var i = Int(tag) & mask
    while slots[i].tag != 0 {
      if slots[i].tag == tag, isSame(Int(slots[i].row)) { return Int(slots[i].row) }
      i = (i + 1) & mask
    }
    return nil
  }

  /// Adds the id of `row`, unless an id with this hash that `isSame` confirms is there: then
  /// returns its row and changes nothing.
  mutating func insert(_ hash: UInt64, row: Int, isSame: (_ row: Int) -> Bool) -> Int? {
    if (count + 1) > slots.count / 4 * 3 { rehash(max(16, slots.count * 2)) }
    let tag = Self.tag(hash)
    let mask = slots.count - 1
    var i = Int(tag) & mask
    while slots[i].tag != 0 {
      if slots[i].tag == tag, isSame(Int(slots[i].row)) { return Int(slots[i].row) }
      i = (i + 1) & mask
    }
    slots[i] = Slot(tag: tag, row: UInt32(row))
    count += 1
    return nil
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

/// The 64-bit hash of an id for `IDTable`: FNV-1a over its UTF-8 bytes from a seed drawn
/// once per process (so that crafted ids cannot be made to collide in advance), then
/// MurmurHash3's finalizer (fmix64) to spread the bits.
enum IDHash {
  static let seed = UInt64.random(in: 1...UInt64.max)

  static func of(_ id: String) -> UInt64 {
    var h = 0xCBF2_9CE4_8422_2325 ^ seed
    for byte in id.utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }
}
