import Foundation

/// Which day a report's figures are as of (`[[report]] as_of`), evaluated in the report's time
/// zone when the run starts. Offices report as of a period end: 31 December for the annual
/// report, the end of a month or quarter for management.
public enum AsOfRule: Hashable, Sendable, CustomStringConvertible {
  /// The run's day.
  case today
  /// The last day of the month before the run's.
  case endOfPreviousMonth
  /// The last day of the calendar quarter before the run's (31 March, 30 June, 30 September,
  /// 31 December).
  case endOfPreviousQuarter
  /// 31 December of the year before the run's.
  case endOfPreviousYear
  /// The last day of the run's month.
  case endOfMonth
  /// A fixed date.
  case fixed(Day)

  /// The keywords, in the order the configuration's error lists them.
  public static let keywords = [
    "today", "end_of_previous_month", "end_of_previous_quarter", "end_of_previous_year",
    "end_of_month",
  ]

  /// A keyword or `YYYY-MM-DD`; nil for anything else.
  public init?(_ text: String) {
    switch text {
    case "today": self = .today
    case "end_of_previous_month": self = .endOfPreviousMonth
    case "end_of_previous_quarter": self = .endOfPreviousQuarter
    case "end_of_previous_year": self = .endOfPreviousYear
    case "end_of_month": self = .endOfMonth
    default:
      guard let day = Day(iso: text) else { return nil }
      self = .fixed(day)
    }
  }

  /// As written in the configuration.
  public var description: String {
    switch self {
    case .today: "today"
    case .endOfPreviousMonth: "end_of_previous_month"
    case .endOfPreviousQuarter: "end_of_previous_quarter"
    case .endOfPreviousYear: "end_of_previous_year"
    case .endOfMonth: "end_of_month"
    case .fixed(let day): day.description
    }
  }

  /// The as-of date of a run whose day (in the report's time zone) is `today`.
  public func day(on today: Day) -> Day {
    switch self {
    case .today: today
    case .endOfMonth: today.endOfMonth
    case .endOfPreviousMonth: Day(daysSinceEpoch: today.startOfMonth.daysSinceEpoch - 1)
    case .endOfPreviousQuarter:
      Day(daysSinceEpoch: today.startOfQuarter.daysSinceEpoch - 1)
    case .endOfPreviousYear: Day(year: today.year - 1, month: 12, day: 31)!
    case .fixed(let day): day
    }
  }

  /// The as-of date of a run started at `instant`, the run's day being taken in `timeZone`.
  public func day(at instant: Date, in timeZone: TimeZone) -> Day {
    day(on: Day(instant, in: timeZone))
  }
}

/// The periods of a report's trends (`[[report]] trends.period`).
public enum TrendPeriod: String, CaseIterable, Hashable, Sendable, Codable {
  case year, quarter, month

  /// The last `count` period ends strictly before `day` and not before
  /// `Day.reportable.lowerBound`, oldest first (year: 31 December; quarter: 31 March, 30 June,
  /// 30 September, 31 December; month: its last day).
  public func ends(before day: Day, count: Int) -> [Day] {
    var ends: [Day] = []
    // `day` itself, when it is a period end, is not "before" it.
    var end = previousEnd(before: day)
    while ends.count < count, end >= Day.reportable.lowerBound {
      ends.append(end)
      end = previousEnd(before: end)
    }
    return ends.reversed()
  }

  /// The latest period end strictly before `day`.
  func previousEnd(before day: Day) -> Day {
    let start =
      switch self {
      case .year: Day(year: day.year, month: 1, day: 1)!
      case .quarter: day.startOfQuarter
      case .month: day.startOfMonth
      }
    return Day(daysSinceEpoch: start.daysSinceEpoch - 1)
  }
}

extension Day {
  /// The dates a report can be as of, and show: those a workbook can hold (Excel's 1900 date
  /// system ends at 9999-12-31 and starts at 1900-01-01).
  public static let reportable =
    Day(year: 1900, month: 1, day: 1)!...Day(year: 9999, month: 12, day: 31)!

  /// Why `text` cannot be an as-of date (`--as-of`, `as_of = "YYYY-MM-DD"`); nil when it can.
  public static func asOfProblem(_ text: String) -> String? {
    guard let day = Day(iso: text) else {
      return text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
        ? "\(text) is not a date of the calendar" : "\(text) is not a date YYYY-MM-DD"
    }
    guard reportable.contains(day) else {
      return "\(text) is outside 1900-01-01 to 9999-12-31, the dates a workbook can show"
    }
    return nil
  }

  /// The first day of this day's month.
  public var startOfMonth: Day { Day(year: year, month: month, day: 1)! }
  /// The last day of this day's month.
  public var endOfMonth: Day {
    Day(year: year, month: month, day: Day.daysIn(month: month, year: year))!
  }
  /// The first day of this day's calendar quarter (1 January, 1 April, 1 July, 1 October).
  public var startOfQuarter: Day { Day(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)! }
}
