import Foundation

/// A cron schedule as Vixie cron reads it: five fields (minute, hour, day of month, month, day
/// of week) with lists, ranges, steps and English month and day names, or one of `@hourly`,
/// `@daily`, `@weekly`, `@monthly`, `@yearly`.
///
/// Day rule (Vixie cron, cronie): when both day fields are restricted a day matching either
/// fires; a field whose text starts with `*` (`*`, `*/2`) counts as unrestricted.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
  /// The text as written in the configuration.
  public let text: String
  let minutes: FieldSet
  let hours: FieldSet
  let daysOfMonth: FieldSet
  let months: FieldSet
  /// 0 = Sunday … 6 = Saturday (7 is read as Sunday).
  let daysOfWeek: FieldSet
  let dayOfMonthStar: Bool
  let dayOfWeekStar: Bool
  /// The minute or hour field starts with `*`: cronie's "wildcard" jobs, which fire again in
  /// an hour repeated by a fall-back change; fixed-time jobs fire only at its first occurrence.
  let isWildcardTime: Bool

  public var description: String { text }

  /// The set of values a field allows, as bits 0…63.
  struct FieldSet: Hashable, Sendable {
    var bits: UInt64 = 0
    func contains(_ value: Int) -> Bool { bits & (1 << UInt64(value)) != 0 }
    mutating func insert(_ value: Int) { bits |= 1 << UInt64(value) }
  }

  /// Parses an expression; the error says which field is wrong and why.
  public init(_ text: String) throws(CronError) {
    self.text = text
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    var fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if fields.count == 1, let first = fields.first, first.hasPrefix("@") {
      guard let expansion = Self.macros[first.lowercased()] else {
        throw CronError(
          text: text,
          reason:
            "unknown shortcut \(first); use @hourly, @daily, @weekly, @monthly or @yearly")
      }
      fields = expansion.split(separator: " ").map(String.init)
    }
    guard fields.count == 5 else {
      throw CronError(
        text: text,
        reason:
          "has \(fields.count) fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. \"0 6 * * 1-5\")"
      )
    }
    minutes = try Self.parse(fields[0], .minute, text)
    hours = try Self.parse(fields[1], .hour, text)
    daysOfMonth = try Self.parse(fields[2], .dayOfMonth, text)
    months = try Self.parse(fields[3], .month, text)
    var dow = try Self.parse(fields[4], .dayOfWeek, text)
    if dow.contains(7) { dow.insert(0) }
    daysOfWeek = dow
    dayOfMonthStar = fields[2].hasPrefix("*")
    dayOfWeekStar = fields[4].hasPrefix("*")
    isWildcardTime = fields[0].hasPrefix("*") || fields[1].hasPrefix("*")
    // A day of month that no allowed month has (`0 0 30 2 *`) never fires.
    if !dayOfMonthStar && dayOfWeekStar {
      let possible = (1...12).contains { month in
        months.contains(month)
          && (1...Self.maxDays[month - 1]).contains { daysOfMonth.contains($0) }
      }
      guard possible else {
        throw CronError(text: text, reason: "never fires: no allowed month has that day")
      }
    }
  }

  static let macros = [
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
  ]
  static let maxDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  enum Field: String {
    case minute, hour, dayOfMonth = "day of month", month, dayOfWeek = "day of week"

    var range: ClosedRange<Int> {
      switch self {
      case .minute: 0...59
      case .hour: 0...23
      case .dayOfMonth: 1...31
      case .month: 1...12
      case .dayOfWeek: 0...7
      }
    }

    var names: [String] {
      switch self {
      case .month:
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
      case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
      default: []
      }
    }

    func value(_ token: Substring, _ text: String) throws(CronError) -> Int {
      if let number = Int(token), range.contains(number) { return number }
      if let index = names.firstIndex(of: token.lowercased()) {
        return self == .month ? index + 1 : index
      }
      let allowed =
        names.isEmpty
        ? "\(range.lowerBound)-\(range.upperBound)"
        : "\(range.lowerBound)-\(range.upperBound) or \(names.first!)-\(names.last!)"
      throw CronError(text: text, reason: "\(rawValue) \"\(token)\" is not in \(allowed)")
    }
  }

  static func parse(_ field: String, _ kind: Field, _ text: String) throws(CronError) -> FieldSet {
    var set = FieldSet()
    for item in field.split(separator: ",", omittingEmptySubsequences: false) {
      let parts = item.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count <= 2, !parts[0].isEmpty else {
        throw CronError(text: text, reason: "\(kind.rawValue) \"\(item)\" is not a value")
      }
      var step = 1
      if parts.count == 2 {
        guard let n = Int(parts[1]), n >= 1 else {
          throw CronError(
            text: text,
            reason: "\(kind.rawValue) step \"\(parts[1])\" must be a whole number from 1")
        }
        step = n
      }
      var low: Int
      var high: Int
      if parts[0] == "*" {
        low = kind.range.lowerBound
        high = kind == .dayOfWeek ? 6 : kind.range.upperBound
      } else {
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2 else {
          throw CronError(text: text, reason: "\(kind.rawValue) \"\(item)\" is not a range")
        }
        low = try kind.value(bounds[0], text)
        // `a/n` runs from a to the field's end, as cronie reads it.
        high = bounds.count == 2 ? try kind.value(bounds[1], text) : low
        if bounds.count == 1 && parts.count == 2 { high = kind.range.upperBound }
        guard low <= high else {
          throw CronError(
            text: text,
            reason: "\(kind.rawValue) range \"\(parts[0])\" runs backwards; write it low-high")
        }
      }
      for value in stride(from: low, through: high, by: step) { set.insert(value) }
    }
    return set
  }
}

/// An invalid cron expression.
public struct CronError: Error, Hashable, Sendable, CustomStringConvertible {
  public var text: String
  public var reason: String
  public var description: String { "schedule \"\(text)\": \(reason)" }
}
