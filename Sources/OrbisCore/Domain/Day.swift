/// A calendar date with no time and no time zone (proleptic Gregorian).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  // Four bytes: a roster of a million rows holds two per row.
  private let y: Int16
  private let m: UInt8
  private let d: UInt8

  public var year: Int { Int(y) }
  public var month: Int { Int(m) }
  public var day: Int { Int(d) }

  /// A valid date, or nil (`2026-02-30` is nil).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= Day.daysIn(month: month, year: year)
    else { return nil }
    self.y = Int16(year)
    self.m = UInt8(month)
    self.d = UInt8(day)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  public static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// Days since 1970-01-01 (negative before), for arithmetic on dates.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `daysSinceEpoch` days after 1970-01-01.
  public init(daysSinceEpoch z: Int) {
    let z = z + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.y = Int16(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
    self.m = UInt8(m)
    self.d = UInt8(d)
  }

  public static func < (a: Day, b: Day) -> Bool {
    (a.y, a.m, a.d) < (b.y, b.m, b.d)
  }

  /// ISO 8601: `2026-11-23`.
  public var description: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }
}

/// An interval of days with open bounds where a date is missing, as the contract reads start
/// and end dates: present on `day` when `start <= day <= end`.
public struct DayInterval: Hashable, Sendable {
  public var start: Day?
  public var end: Day?

  public init(start: Day?, end: Day?) {
    self.start = start
    self.end = end
  }

  public func contains(_ day: Day) -> Bool {
    (start.map { $0 <= day } ?? true) && (end.map { day <= $0 } ?? true)
  }
}

extension Day {
  /// Parses `YYYY-MM-DD`: ten ASCII bytes, digits but for the two hyphens; nil for anything
  /// else, or a date that does not exist. Read byte by byte: the history reads two for each of
  /// a report's programmes (100,000 at the largest), and splitting the text took half of that.
  public init?(iso text: String) {
    var text = text
    guard let day = text.withUTF8(Day.init(isoBytes:)) else { return nil }
    self = day
  }

  private init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else {
      return nil
    }
    func number(_ range: Range<Int>) -> Int? {
      var n = 0
      for i in range {
        let digit = b[i] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        n = n * 10 + Int(digit)
      }
      return n
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else {
      return nil
    }
    self.init(year: y, month: m, day: d)
  }
}
