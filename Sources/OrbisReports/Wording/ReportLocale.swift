import Foundation
import OrbisCore

/// A report's language at work: its wording, and numbers, dates and place names as that
/// language writes them. Numbers and dates go through Foundation's formatters with a fixed
/// locale (`Wording.localeIdentifier`) and time zone, never the process's locale environment:
/// `3 055`, `30,1 %`, `30 juin 2026` in French; `3,055`, `30.1%`, `30 June 2026` in English.
public struct ReportLocale: Sendable {
  public let language: ReportLanguage
  public let words: any Wording
  let integerStyle: IntegerFormatStyle<Int>
  let fteStyle: FloatingPointFormatStyle<Double>
  let pointsStyle: FloatingPointFormatStyle<Double>
  let percentStyle: FloatingPointFormatStyle<Double>.Percent
  let longDate: Date.FormatStyle
  let mediumDate: Date.FormatStyle
  /// K of the report's small-count protection, for the `< K` mark; nil when off.
  public var minCount: Int?

  public init(_ language: ReportLanguage, minCount: Int? = nil) {
    self.language = language
    self.minCount = minCount
    words = language.wording
    let locale = Locale(identifier: words.localeIdentifier)
    // Half away from zero, as the figures' tables round.
    integerStyle = IntegerFormatStyle<Int>.number.locale(locale)
    fteStyle = FloatingPointFormatStyle<Double>.number.locale(locale)
      .precision(.fractionLength(2)).rounded(rule: .toNearestOrAwayFromZero)
    pointsStyle = FloatingPointFormatStyle<Double>.number.locale(locale)
      .precision(.fractionLength(1)).rounded(rule: .toNearestOrAwayFromZero)
      .sign(strategy: .always(includingZero: false))
    percentStyle = FloatingPointFormatStyle<Double>.Percent.percent.locale(locale)
      .precision(.fractionLength(1)).rounded(rule: .toNearestOrAwayFromZero)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var long = Date.FormatStyle(date: .long, time: .omitted, locale: locale, calendar: calendar)
    long.timeZone = calendar.timeZone
    longDate = long
    var medium = Date.FormatStyle(
      date: .abbreviated, time: .omitted, locale: locale, calendar: calendar)
    medium.timeZone = calendar.timeZone
    mediumDate = medium
  }

  /// English: the administrator's texts (`orbis history`, log lines).
  public static let english = ReportLocale(.en)

  // MARK: Numbers

  /// `3,055` / `3 055`
  public func integer(_ n: Int) -> String { n.formatted(integerStyle) }
  // MARK: Protected figures

  /// The mark of a figure small-count protection hid: `< 3` for a count below K, `x` for one
  /// hidden to protect such a count, and for the share or FTE of either.
  public func mark<Value>(_ value: Protected<Value>) -> String {
    switch value {
    case .belowMinimum: "< \(integer(minCount ?? 0))"
    default: "x"
    }
  }

  /// `3,055`, or the mark of a suppressed count.
  public func integer(_ n: Protected<Int>) -> String { n.value.map(integer) ?? mark(n) }
  public func fte(_ value: Protected<Double>) -> String { value.value.map(fte) ?? mark(value) }
  public func percent(_ share: Protected<Double>) -> String {
    share.value.map { percent($0) } ?? mark(share)
  }

  /// A share whose count may be suppressed: its mark then, else `percent(share)`.
  public func share(_ share: Double?, of count: Protected<Int>) -> String {
    count.isSuppressed ? "x" : percent(share)
  }

  /// `+12` / `-3` / `0`
  public func signed(_ n: Int) -> String { n > 0 ? "+" + integer(n) : integer(n) }
  /// FTE to two decimals: `2,702.70` / `2 702,70`
  public func fte(_ value: Double) -> String { value.formatted(fteStyle) }
  /// A fraction as a percentage to 0.1: `30.1%` / `30,1 %`; `–` when undefined.
  public func percent(_ share: Double?) -> String {
    guard let share else { return "–" }
    return share.formatted(percentStyle)
  }
  /// A change in percentage points: `+1.3 pts` / `+1,3 pts`; `–` when undefined.
  public func points(_ value: Double?) -> String {
    guard let value else { return "–" }
    // A change that rounds to zero is 0.0, never -0.0.
    let shown = (value * 10).rounded(.toNearestOrAwayFromZero) == 0 ? 0 : value
    return words.points(shown.formatted(pointsStyle))
  }

  // MARK: Dates

  /// `30 June 2026` / `30 juin 2026`, for sentences and titles.
  public func longDate(_ day: Day) -> String { day.date.formatted(longDate) }
  /// `30 Jun 2026` / `30 juin 2026`, for table cells of the text reports; empty when nil.
  public func date(_ day: Day?) -> String { day.map { $0.date.formatted(mediumDate) } ?? "" }

  // MARK: Names

  /// A country's name from its ISO 3166-1 alpha-2 code (the stateless row's `XXA` too), in this
  /// language; `fallback` for a code the table lacks.
  public func country(_ code: String, fallback: String) -> String {
    if code == Statistics.statelessCode { return words.stateless }
    guard let id = CountryTable.country(alpha2: code) else { return fallback }
    switch language {
    case .en: return id.country.englishName
    case .fr: return id.country.frenchName
    }
  }

  /// An M49 region (continent) name, from its English name as `stats.json` gives it.
  public func continent(_ englishName: String) -> String {
    if englishName == Statistics.statelessName { return words.stateless }
    guard let region = CountryTable.region(englishName: englishName) else { return englishName }
    switch language {
    case .en: return region.englishName
    case .fr: return region.frenchName
    }
  }

  /// A unit, category or kind as the data gives it; the missing one in words.
  public func given(_ text: String) -> String {
    text == Statistics.notGiven ? words.notGiven : text
  }
}
