import OrbisCore

/// Parsers of the contract's dates and numbers, straight from bytes.
enum FieldParsers {
  /// `YYYY-MM-DD` (ISO 8601) or `DD/MM/YYYY` (day and month may have one digit); nil when the
  /// text is not one of them or not a real date (`2026-02-30`).
  static func day(_ b: UnsafeRawBufferPointer) -> Day? {
    func number(_ range: Range<Int>) -> Int? {
      guard !range.isEmpty else { return nil }
      var n = 0
      for p in range {
        let c = b[p] &- 0x30
        guard c < 10 else { return nil }
        n = n * 10 + Int(c)
      }
      return n
    }
    let n = b.count
    if n == 10, b[4] == 0x2D, b[7] == 0x2D {
      guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
      return Day(year: y, month: m, day: d)
    }
    guard n >= 8, n <= 10 else { return nil }
    guard let firstSlash = (0..<n).first(where: { b[$0] == 0x2F }),
      let secondSlash = ((firstSlash + 1)..<n).first(where: { b[$0] == 0x2F }),
      (1...2).contains(firstSlash), (1...2).contains(secondSlash - firstSlash - 1),
      n - secondSlash - 1 == 4,
      let d = number(0..<firstSlash), let m = number((firstSlash + 1)..<secondSlash),
      let y = number((secondSlash + 1)..<n)
    else { return nil }
    return Day(year: y, month: m, day: d)
  }

  /// A decimal with `.` or `,` as the decimal mark (`0.5`, `0,8`, `1`); nil otherwise.
  static func decimal(_ b: UnsafeRawBufferPointer) -> Double? {
    var integer = 0
    var fraction = 0
    var scale = 1
    var seenMark = false
    var digits = 0
    for c in b {
      if c == 0x2E || c == 0x2C {
        guard !seenMark else { return nil }
        seenMark = true
        continue
      }
      let d = c &- 0x30
      guard d < 10, digits < 15 else { return nil }
      digits += 1
      if seenMark {
        fraction = fraction * 10 + Int(d)
        scale *= 10
      } else {
        integer = integer * 10 + Int(d)
      }
    }
    guard digits > 0 else { return nil }
    return Double(integer) + Double(fraction) / Double(scale)
  }
}
