import Foundation

extension Day {
  /// The calendar day of an instant in a time zone (the as-of date of a run is "today" there).
  public init(_ instant: Date, in timeZone: TimeZone) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let c = calendar.dateComponents([.year, .month, .day], from: instant)
    self.init(year: c.year!, month: c.month!, day: c.day!)!
  }
}

extension Day {
  /// Midnight UTC of this day, for Foundation's date formatters (given the UTC time zone).
  public var date: Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day))!
  }
}

extension Configuration {
  /// The as-of date of a run started at `now`: that day in the configured time zone (an IANA
  /// name, checked when the configuration was read).
  public func day(at now: Date) -> Day {
    Day(now, in: TimeZone(identifier: timeZone) ?? .current)
  }
}
