/// The ids of one dataset accepted so far, each with the place it was first accepted
/// (file index << 32 | line): an open-addressing table (linear probing) of the ids' 64-bit
/// hashes, which the readers compute beside their reading (`IDHash`). Equal hashes are
/// confirmed by comparing the ids themselves (`isSame`), so that two ids whose hashes collide
/// are still two ids.
///
/// A million ids take 32 MB (16 bytes a slot, at most three quarters full), against 48 MB for
/// `[String: Int]`, and inserting them costs no string hashing on the assembling thread, which
/// is the read's serial part.
struct IDTable {
  private struct Slot {
    /// 0: empty (`IDHash` never gives 0).
    var hash: UInt64
    var place: Int
  }
  private var slots: [Slot] = []
  private(set) var count = 0

  /// Room for `capacity` ids without growing.
  mutating func reserve(_ capacity: Int) {
    var size = 16
    while size / 4 * 3 < capacity { size *= 2 }
    if size > slots.count { rehash(size) }
  }

  /// The place of the id with this hash that `isSame` confirms, if any.
  func place(of hash: UInt64, isSame: (_ place: Int) -> Bool) -> Int? {
    guard !slots.isEmpty else { return nil }
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hash) & mask
    while slots[i].hash != 0 {
      if slots[i].hash == hash, isSame(slots[i].place) { return slots[i].place }
      i = (i + 1) & mask
    }
    return nil
  }

  /// Adds an id at `place`, unless an id with this hash that `isSame` confirms is there:
  /// then returns its place and changes nothing.
  mutating func insert(
    _ hash: UInt64, place: Int, isSame: (_ place: Int) -> Bool
  ) -> Int? {
    if (count + 1) > slots.count / 4 * 3 { rehash(max(16, slots.count * 2)) }
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hash) & mask
    while slots[i].hash != 0 {
      if slots[i].hash == hash, isSame(slots[i].place) { return slots[i].place }
      i = (i + 1) & mask
    }
    slots[i] = Slot(hash: hash, place: place)
    count += 1
    return nil
  }

  private mutating func rehash(_ size: Int) {
    let old = slots
    slots = Array(repeating: Slot(hash: 0, place: 0), count: size)
    let mask = size - 1
    for slot in old where slot.hash != 0 {
      var i = Int(truncatingIfNeeded: slot.hash) & mask
      while slots[i].hash != 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }
}

/// The 64-bit hash of an id for `IDTable`: FNV-1a over its UTF-8 bytes from a seed drawn
/// once per process (so that crafted ids cannot be made to collide in advance), then
/// MurmurHash3's finalizer (fmix64) to spread the bits over the table's low ones. Never 0.
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
    return h == 0 ? 1 : h
  }
}
