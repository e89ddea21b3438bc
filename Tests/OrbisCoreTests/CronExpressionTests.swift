import Foundation
import OrbisCore
import Testing

@Suite struct CronExpressionTests {
  let paris = TimeZone(identifier: "Europe/Paris")!
  let utc = TimeZone(identifier: "UTC")!
  let lordHowe = TimeZone(identifier: "Australia/Lord_Howe")!

  /// An ISO 8601 instant with its offset, e.g. `2026-03-29T01:30:00+01:00`.
  func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text)!
  }

  func next(_ expression: String, after start: String, in zone: TimeZone) throws -> String? {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = zone
    return try CronExpression(expression).nextFire(after: instant(start), in: zone).map {
      formatter.string(from: $0)
    }
  }

  @Test func fieldsRangesStepsListsAndNames() throws {
    #expect(
      try next("*/20 9-17 * * mon-fri", after: "2026-11-21T12:00:00Z", in: utc)
        == "2026-11-23T09:00:00Z")  // Saturday → Monday
    #expect(
      try next("5,35 */6 * * *", after: "2026-11-23T06:05:00Z", in: utc)
        == "2026-11-23T06:35:00Z")  // strictly after
    #expect(
      try next("0 0 1 jan,JUL *", after: "2026-02-01T00:00:00Z", in: utc)
        == "2026-07-01T00:00:00Z")
    #expect(
      try next("0 12 * * 7", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-11-29T12:00:00Z")  // 7 is Sunday
    #expect(
      try next("@monthly", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-12-01T00:00:00Z")
    #expect(
      try next("@yearly", after: "2026-11-23T00:00:00Z", in: utc)
        == "2027-01-01T00:00:00Z")
    #expect(
      try next("@weekly", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-11-29T00:00:00Z")
    #expect(
      try next("0 0 29 2 *", after: "2026-03-01T00:00:00Z", in: utc)
        == "2028-02-29T00:00:00Z")
    #expect(
      try next("30 */2 10/5 * *", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-11-25T00:30:00Z")  // a/n runs from a to the field's end
  }

  @Test func vixieDayRule() throws {
    // Both restricted: the 1st OR a Friday. 2026-11-27 is a Friday.
    #expect(
      try next("0 8 1 * fri", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-11-27T08:00:00Z")
    // `*/2` counts as unrestricted: odd days AND Fridays; the 27th is odd and a Friday.
    #expect(
      try next("0 8 */2 * fri", after: "2026-11-20T09:00:00Z", in: utc)
        == "2026-11-27T08:00:00Z")
    #expect(
      try next("0 8 2 * *", after: "2026-11-23T00:00:00Z", in: utc)
        == "2026-12-02T08:00:00Z")
  }

  @Test func springForwardGapFiresOnceAtTheFirstInstantAfterIt() throws {
    // Paris, 2026-03-29: 02:00 CET becomes 03:00 CEST.
    #expect(
      try next("30 2 * * *", after: "2026-03-29T01:00:00+01:00", in: paris)
        == "2026-03-29T03:00:00+02:00")
    #expect(
      try next("30 2 * * *", after: "2026-03-29T03:00:00+02:00", in: paris)
        == "2026-03-30T02:30:00+02:00")
    // Lord Howe: 02:00 becomes 02:30 (+10:30 → +11:00); a fixed 02:15 runs at 02:30.
    #expect(
      try next("15 2 * * *", after: "2026-10-04T01:00:00+10:30", in: lordHowe)
        == "2026-10-04T02:30:00+11:00")
    // A wildcard job follows real time: its 02:00 does not exist, next is 03:00.
    #expect(
      try next("0 * * * *", after: "2026-10-04T01:10:00+10:30", in: lordHowe)
        == "2026-10-04T03:00:00+11:00")
  }

  @Test func fallBackRepeatedTimeFiresOnceUnlessWildcard() throws {
    // Paris, 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    #expect(
      try next("30 2 * * *", after: "2026-10-25T01:00:00+02:00", in: paris)
        == "2026-10-25T02:30:00+02:00")
    #expect(
      try next("30 2 * * *", after: "2026-10-25T02:30:00+02:00", in: paris)
        == "2026-10-26T02:30:00+01:00")
    #expect(
      try next("30 * * * *", after: "2026-10-25T02:30:00+02:00", in: paris)
        == "2026-10-25T02:30:00+01:00")
  }

  @Test func firesListsTheNextTimes() throws {
    let fires = try CronExpression("0 6 * * 1-5").fires(
      after: instant("2026-11-20T07:00:00+01:00"), in: paris, count: 3)
    #expect(
      fires
        == ["2026-11-23T05:00:00Z", "2026-11-24T05:00:00Z", "2026-11-25T05:00:00Z"].map(instant))
  }

  @Test func errorsSayWhatIsWrong() {
    func reason(_ text: String) -> String? {
      do {
        _ = try CronExpression(text)
        return nil
      } catch { return error.reason }
    }
    #expect(reason("61 * * * *") == "minute \"61\" is not in 0-59")
    #expect(reason("* * * foo *") == "month \"foo\" is not in 1-12 or jan-dec")
    #expect(reason("0 5-3 * * *") == "hour range \"5-3\" runs backwards; write it low-high")
    #expect(reason("*/0 * * * *") == "minute step \"0\" must be a whole number from 1")
    #expect(reason("@reboot")?.hasPrefix("unknown shortcut @reboot") == true)
    #expect(reason("0 0 30 2 *") == "never fires: no allowed month has that day")
    #expect(reason("0 0 * *")?.hasPrefix("has 4 fields") == true)
    #expect(reason("1,,2 * * * *") == "minute \"\" is not a value")
  }
}
