/// UTF-8 validation of a whole input before it is parsed, eight bytes at a time over ASCII, and
/// in the same pass a count of the C0 control characters that text cannot carry.
enum UTF8Check {
  /// What one pass over the bytes found.
  struct Scan {
    /// The offset of the first byte that is not valid UTF-8, or nil.
    var firstInvalid: Int?
    /// C0 control characters other than tab, LF and CR (NUL included) before `firstInvalid`.
    var controlCharacters = 0
  }

  /// Whether a byte is a C0 control character that an XML part cannot carry (all but tab, LF
  /// and CR).
  @inline(__always)
  static func isDisallowedControl(_ b: UInt8) -> Bool {
    b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D
  }

  private static let high: UInt64 = 0x8080_8080_8080_8080

  /// The high bit of each byte of `x` that is zero (exact for every byte).
  @inline(__always)
  private static func zeroBytes(_ x: UInt64) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low) &+ low) | x) & high
  }

  static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Scan {
    let count = bytes.count
    var result = Scan()
    var p = start
    while p < count {
      // ASCII fast path: a word with no high bit; its disallowed control bytes are counted
      // without a branch per byte (exact per-byte tests, valid for bytes below 0x80).
      while p + 8 <= count {
        let word = bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)
        guard word & high == 0 else { break }
        let below = ~((word | high) &- 0x2020_2020_2020_2020) & high
        if below != 0 {
          let allowed =
            zeroBytes(word ^ 0x0909_0909_0909_0909)
            | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
          result.controlCharacters += (below & ~allowed).nonzeroBitCount
        }
        p += 8
      }
      guard p < count else { break }
      let b = bytes[p]
      if b < 0x80 {
        if isDisallowedControl(b) { result.controlCharacters += 1 }
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
      default:
        result.firstInvalid = p
        return result
      }
      guard p + length <= count else {
        result.firstInvalid = p
        return result
      }
      for i in 1..<length {
        let c = bytes[p + i]
        guard c & 0xC0 == 0x80 else {
          result.firstInvalid = p
          return result
        }
        scalar = scalar << 6 | UInt32(c & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
        result.firstInvalid = p
        return result
      }
      p += length
    }
    return result
  }

  /// Whether the bytes around an invalid offset look like Latin-1 / Windows-1252 text (an accented
  /// letter between ASCII letters), which Excel writes for "CSV" on some systems.
  static func looksLikeLatin1(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
    let b = bytes[offset]
    guard b >= 0x80 else { return false }
    let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0x20
    return next < 0x80
  }

  /// The 1-based physical line of an offset: LF, CRLF and a bare CR each end a line.
  static func line(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
    var line = 1
    for p in 0..<min(offset, bytes.count) {
      let b = bytes[p]
      if b == 0x0A || (b == 0x0D && (p + 1 >= bytes.count || bytes[p + 1] != 0x0A)) { line += 1 }
    }
    return line
  }
}
