import Foundation
import Testing

@testable import OrbisCore

/// The as-of rules and the trends' period ends, on their boundaries.
@Suite struct PeriodsTests {
  static func day(_ text: String) -> Day { Day(iso: text)! }

  @Test(arguments: [
    // The run's day, the rule, the as-of date.
    ("2026-12-31", "end_of_previous_year", "2025-12-31"),
    ("2027-01-01", "end_of_previous_year", "2026-12-31"),
    ("2026-01-01", "end_of_previous_month", "2025-12-31"),
    ("2024-03-01", "end_of_previous_month", "2024-02-29"),  // leap year
    ("2023-03-01", "end_of_previous_month", "2023-02-28"),
    ("2024-02-10", "end_of_month", "2024-02-29"),
    ("2100-02-10", "end_of_month", "2100-02-28"),  // not a leap year
    ("2026-01-01", "end_of_previous_quarter", "2025-12-31"),
    ("2026-03-31", "end_of_previous_quarter", "2025-12-31"),
    ("2026-04-01", "end_of_previous_quarter", "2026-03-31"),
    ("2026-07-15", "end_of_previous_quarter", "2026-06-30"),
    ("2026-12-31", "end_of_previous_quarter", "2026-09-30"),
    ("2026-12-31", "today", "2026-12-31"),
    ("2026-12-31", "2020-02-29", "2020-02-29"),
  ])
  func asOfRules(today: String, rule: String, expected: String) throws {
    let parsed = try #require(AsOfRule(rule))
    #expect(parsed.day(on: Self.day(today)) == Self.day(expected))
    #expect(parsed.description == rule)
  }

  @Test func asOfRulesRefuseOtherText() {
    for text in ["", "yesterday", "2026-02-30", "31/12/2025", "End_Of_Month"] {
      #expect(AsOfRule(text) == nil, "\(text)")
    }
  }

  /// 23:30 UTC on 31 December is already 1 January in Paris and Tokyo, and still 31 December
  /// in UTC and Los Angeles: each report takes the run's day in its own zone.
  @Test func theRunsDayIsTakenInTheReportsTimeZone() throws {
    let instant = try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z"))
    let rule = AsOfRule.endOfPreviousYear
    #expect(rule.day(at: instant, in: TimeZone(identifier: "UTC")!) == Self.day("2025-12-31"))
    #expect(
      rule.day(at: instant, in: TimeZone(identifier: "Europe/Paris")!) == Self.day("2026-12-31"))
    #expect(
      AsOfRule.today.day(at: instant, in: TimeZone(identifier: "America/Los_Angeles")!)
        == Self.day("2026-12-31"))
    #expect(
      AsOfRule.endOfPreviousMonth.day(at: instant, in: TimeZone(identifier: "Asia/Tokyo")!)
        == Self.day("2026-12-31"))
  }

  @Test func periodEndsBeforeTheAsOfDate() {
    func ends(_ period: TrendPeriod, _ asOf: String, _ count: Int) -> [String] {
      period.ends(before: Self.day(asOf), count: count).map(\.description)
    }
    // A period end is not "before" itself.
    #expect(ends(.year, "2025-12-31", 3) == ["2022-12-31", "2023-12-31", "2024-12-31"])
    #expect(ends(.year, "2026-01-01", 2) == ["2024-12-31", "2025-12-31"])
    #expect(ends(.quarter, "2025-11-15", 3) == ["2025-03-31", "2025-06-30", "2025-09-30"])
    #expect(ends(.quarter, "2025-04-01", 2) == ["2024-12-31", "2025-03-31"])
    #expect(ends(.month, "2024-03-31", 2) == ["2024-01-31", "2024-02-29"])
    #expect(ends(.month, "2024-03-01", 1) == ["2024-02-29"])
    #expect(ends(.year, "2025-12-31", 0).isEmpty)
    // Not before 1900-01-01, the first date a workbook can show.
    #expect(ends(.year, "1902-06-30", 10) == ["1900-12-31", "1901-12-31"])
    #expect(ends(.month, "1900-02-15", 5) == ["1900-01-31"])
  }

  @Test func asOfDatesAreThoseAWorkbookCanShow() {
    #expect(Day.asOfProblem("2025-12-31") == nil)
    #expect(Day.asOfProblem("1900-01-01") == nil)
    #expect(Day.asOfProblem("9999-12-31") == nil)
    #expect(
      Day.asOfProblem("1899-12-31")
        == "1899-12-31 is outside 1900-01-01 to 9999-12-31, the dates a workbook can show")
    #expect(Day.asOfProblem("2025-02-30") == "2025-02-30 is not a date of the calendar")
    #expect(Day.asOfProblem("31/12/2025") == "31/12/2025 is not a date YYYY-MM-DD")
  }

  @Test func configurationReadsAsOfAndTrends() throws {
    let c = try Configuration.parse(
      toml: """
        [institute]
        host_country = "FR"
        [[report]]
        name = "annual"
        as_of = "end_of_previous_year"
        trends.period = "quarter"
        trends.periods = 4
        trends.recompute = false
        [[report]]
        name = "daily"
        """, file: "orbis.toml", baseDirectory: "/")
    #expect(c.reports[0].asOf == .endOfPreviousYear)
    #expect(c.reports[0].trends == .init(period: .quarter, periods: 4, recompute: false))
    #expect(c.reports[1].asOf == .today)
    #expect(c.reports[1].trends == .init(period: .year, periods: 10, recompute: true))
  }

  @Test func configurationErrorsNameTheKeyAndTheLine() {
    func error(_ lines: String) -> String? {
      do {
        _ = try Configuration.parse(
          toml: "[institute]\nhost_country = \"FR\"\n[[report]]\nname = \"a\"\n" + lines,
          file: "orbis.toml", baseDirectory: "/")
        return nil
      } catch {
        return error.description
      }
    }
    #expect(
      error("as_of = \"last_year\"")
        == "orbis.toml:5: report[0].as_of: \"last_year\" is not an as-of rule; use today, end_of_previous_month, end_of_previous_quarter, end_of_previous_year, end_of_month or a date YYYY-MM-DD"
    )
    #expect(
      error("trends.period = \"week\"")
        == "orbis.toml:5: report[0].trends.period: unknown value \"week\"; use \"year\" or \"quarter\" or \"month\""
    )
    #expect(
      error("trends.periods = 500")
        == "orbis.toml:5: report[0].trends.periods: 500 is out of range; use 0 to 120")
    #expect(
      error("trends.smooth = true")
        == "orbis.toml:5: report[0].trends.smooth: unknown key; known keys here: period, periods, recompute"
    )
  }
}
