import Foundation
import OrbisCore

/// Parsers of the contract's dates and numbers, straight from bytes.
enum FieldParsers {
  /// What a date field holds.
  enum DateValue: Equatable {
    case day(Day)
    /// A slashed date that is not a date in the configured order but is in the other one
    /// (`6/30/2020` under day-first): the day it would be.
    case otherOrder(Day)
    /// A zoned date-time: its instant (seconds since 1970), to date in the institute's zone.
    case instant(Double)
    case invalid

    /// The day, a zoned instant dated in `zone`.
    func day(in zone: TimeZone) -> Day? {
      switch self {
      case .day(let day): day
      case .instant(let instant):
        Day(
          daysSinceEpoch: Int(
            ((instant + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant))))
              / 86_400).rounded(.down)))
      case .otherOrder, .invalid: nil
      }
    }
  }

  /// A date: `YYYY-MM-DD`, an ISO 8601 date-time (`2020-06-30T00:00:00`, `2020-06-30 08:15`,
  /// with or without `Z` / `±HH:MM`: a zoned time gives its instant), `YYYY/MM/DD`,
  /// `DD.MM.YYYY`, and `DD/MM/YYYY` or `MM/DD/YYYY` as `order` says (day and month may have one
  /// digit); a time after a space is allowed on every form. Not a real date (`2026-02-30`):
  /// `.invalid`.
  static func date(
    _ b: UnsafeRawBufferPointer, order: Configuration.DateOrder
  ) -> DateValue {
    let n = b.count
    // The fast path: the plain ISO date.
    if n == 10, b[4] == 0x2D, b[7] == 0x2D {
      guard let y = number(b, 0..<4), let m = number(b, 5..<7), let d = number(b, 8..<10),
        let day = Day(year: y, month: m, day: d)
      else { return .invalid }
      return .day(day)
    }
    // The date part ends at a space, or a `T` after an ISO date.
    var end = 0
    while end < n, b[end] != 0x20, !(end == 10 && b[end] == 0x54) { end += 1 }
    let time = end < n ? UnsafeRawBufferPointer(rebasing: b[(end + 1)...]) : nil
    if end == 10, b[4] == 0x2D, b[7] == 0x2D {
      guard let y = number(b, 0..<4), let m = number(b, 5..<7), let d = number(b, 8..<10),
        let day = Day(year: y, month: m, day: d)
      else { return .invalid }
      guard let time else { return .day(day) }
      guard let (seconds, offset) = clock(time, zoned: true) else { return .invalid }
      guard let offset else { return .day(day) }
      // A zoned time: its instant, dated by the caller in the institute's zone.
      return .instant(Double(day.daysSinceEpoch * 86_400 + seconds - offset))
    }
    if let time, clock(time, zoned: false) == nil { return .invalid }
    // Three digit runs around two equal separators (`/`, `.` or `-`), found without allocating.
    var separators = (0, 0)
    var found = 0
    for p in 0..<end where b[p] == 0x2F || b[p] == 0x2E || b[p] == 0x2D {
      found += 1
      if found == 1 {
        separators.0 = p
      } else if found == 2 {
        separators.1 = p
      } else {
        return .invalid
      }
    }
    guard found == 2, b[separators.0] == b[separators.1] else { return .invalid }
    let first = 0..<separators.0
    let second = (separators.0 + 1)..<separators.1
    let third = (separators.1 + 1)..<end
    guard let a = number(b, first), let bValue = number(b, second), let c = number(b, third),
      (1...2).contains(second.count)
    else { return .invalid }
    if first.count == 4, (1...2).contains(third.count) {  // YYYY/MM/DD, YYYY-M-D
      return Day(year: a, month: bValue, day: c).map(DateValue.day) ?? .invalid
    }
    guard (1...2).contains(first.count), third.count == 4 else { return .invalid }
    // DD.MM.YYYY is day-first everywhere; `/` and `-` follow inputs.date_order.
    let ordered = b[separators.0] != 0x2E
    let (d, m) = ordered && order == .mdy ? (bValue, a) : (a, bValue)
    if let day = Day(year: c, month: m, day: d) { return .day(day) }
    if ordered, let other = Day(year: c, month: d, day: m) { return .otherOrder(other) }
    return .invalid
  }

  /// `H:MM` or `HH:MM[:SS[.fff]]`, then ` AM` / ` PM` (US exports), then (when `zoned`),
  /// after an optional space, `Z` or `±HH[:MM]` (at most 14 hours, as real zones are): seconds
  /// into the day and the zone's offset in seconds (nil: no zone).
  private static func clock(_ b: UnsafeRawBufferPointer, zoned: Bool) -> (Int, Int?)? {
    let n = b.count
    let colon = n > 2 && b[1] == 0x3A ? 1 : 2
    guard n >= colon + 3, b[colon] == 0x3A, let h = number(b, 0..<colon),
      let m = number(b, (colon + 1)..<(colon + 3)), h < 24, m < 60
    else { return nil }
    var p = colon + 3
    var s = 0
    if p + 3 <= n, b[p] == 0x3A {
      guard let seconds = number(b, (p + 1)..<(p + 3)), seconds < 61 else { return nil }
      s = seconds
      p += 3
      if p < n, b[p] == 0x2E || b[p] == 0x2C {
        p += 1
        while p < n, b[p] &- 0x30 < 10 { p += 1 }
      }
    }
    var hour = h
    // ` AM` / ` PM`: 12 AM is midnight, 12 PM noon.
    if p + 3 <= n, b[p] == 0x20, b[p + 2] | 0x20 == 0x6D,
      b[p + 1] | 0x20 == 0x61 || b[p + 1] | 0x20 == 0x70
    {
      guard (1...12).contains(h) else { return nil }
      hour = h % 12 + (b[p + 1] | 0x20 == 0x70 ? 12 : 0)
      p += 3
    }
    let seconds = hour * 3600 + m * 60 + s
    if p == n { return (seconds, nil) }
    guard zoned else { return nil }
    if b[p] == 0x20 { p += 1 }
    guard p < n else { return nil }
    if b[p] == 0x5A, p + 1 == n { return (seconds, 0) }  // Z
    guard b[p] == 0x2B || b[p] == 0x2D, p + 3 <= n, let oh = number(b, (p + 1)..<(p + 3)),
      oh <= 14
    else { return nil }
    var q = p + 3
    if q < n, b[q] == 0x3A { q += 1 }
    var om = 0
    if q < n {
      guard q + 2 == n, let minutes = number(b, q..<n), minutes < 60 else { return nil }
      om = minutes
    }
    let offset = (oh * 3600 + om * 60) * (b[p] == 0x2D ? -1 : 1)
    return (seconds, offset)
  }

  private static func number(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
    guard !range.isEmpty, range.upperBound <= b.count else { return nil }
    var n = 0
    for p in range {
      let c = b[p] &- 0x30
      guard c < 10 else { return nil }
      n = n * 10 + Int(c)
    }
    return n
  }

  /// A decimal with `.` or `,` as the decimal mark (`0.5`, `0,8`, `1`), optionally followed by
  /// a per cent sign (`80 %`, `80%`; the space may be a no-break space): the number as
  /// written and whether it carried `%`. Nil otherwise.
  static func decimal(_ b: UnsafeRawBufferPointer) -> (value: Double, percent: Bool)? {
    var end = b.count
    var percent = false
    if end > 0, b[end - 1] == 0x25 {
      percent = true
      end -= 1
      // Spaces before the sign: ASCII, no-break (C2 A0) or narrow no-break (E2 80 AF).
      while true {
        if end > 0, b[end - 1] == 0x20 {
          end -= 1
        } else if end >= 2, b[end - 2] == 0xC2, b[end - 1] == 0xA0 {
          end -= 2
        } else if end >= 3, b[end - 3] == 0xE2, b[end - 2] == 0x80, b[end - 1] == 0xAF {
          end -= 3
        } else {
          break
        }
      }
    }
    var integer = 0
    var fraction = 0
    var scale = 1
    var seenMark = false
    var digits = 0
    for p in 0..<end {
      let c = b[p]
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
    return (Double(integer) + Double(fraction) / Double(scale), percent)
  }
}
