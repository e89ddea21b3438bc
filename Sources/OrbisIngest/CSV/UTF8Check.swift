/// UTF-8 validation of a whole input before it is parsed, eight bytes at a time over ASCII.
enum UTF8Check {
  /// The offset of the first byte that is not valid UTF-8, or nil.
  static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    let count = bytes.count
    var p = 0
    while p < count {
      // ASCII fast path.
      while p + 8 <= count,
        bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        p += 8
      }
      guard p < count else { break }
      let b = bytes[p]
      if b < 0x80 {
        p += 1
        continue
      }
      let length: Int
      var minimum: UInt32
      var scalar: UInt32
      switch b {
      case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(b & 0x1F))
      case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(b & 0x0F))
      case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(b & 0x07))
      default: return p
      }
      guard p + length <= count else { return p }
      for i in 1..<length {
        let c = bytes[p + i]
        guard c & 0xC0 == 0x80 else { return p }
        scalar = scalar << 6 | UInt32(c & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
        return p
      }
      p += length
    }
    return nil
  }

  /// Whether the bytes around an invalid offset look like Latin-1 / Windows-1252 text (an accented
  /// letter between ASCII letters), which Excel writes for "CSV" on some systems.
  static func looksLikeLatin1(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
    let b = bytes[offset]
    guard b >= 0xC0 || (0x80...0x9F).contains(b) || (0xA0...0xBF).contains(b) else { return false }
    let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0x20
    return next < 0x80
  }

  /// The 1-based line of an offset.
  static func line(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
    var line = 1
    for p in 0..<offset where bytes[p] == 0x0A { line += 1 }
    return line
  }
}
