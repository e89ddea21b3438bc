import Foundation
import Testing

@testable import OrbisReports

@Suite struct TimestampTests {
  /// `generated_at`: UTC, whole seconds (the clock's fraction dropped, never rounded up), and
  /// read back as the same instant for the workbook's creation date.
  @Test func timestampsAreUTCToTheSecond() throws {
    let instant = Date(timeIntervalSince1970: 1_795_413_600.9996)
    #expect(ReportRecord.utcTimestamp(instant) == "2026-11-23T06:00:00Z")
    #expect(ReportRecord.utcTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    let text = ReportRecord.utcTimestamp(instant)
    #expect(try Date(text, strategy: .iso8601) == Date(timeIntervalSince1970: 1_795_413_600))
  }
}
