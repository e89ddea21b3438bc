import OrbisCore
import Testing

@Suite struct DayTests {
  /// A day is four bytes and a staff row 96: a roster of a million rows is held at once
  /// (`StaffMember`'s properties are declared widest first for this).
  @Test func rowsStaySmall() {
    #expect(MemoryLayout<Day>.size == 4)
    #expect(MemoryLayout<StaffMember>.stride == 96)
  }

  @Test func validDatesOnly() {
    #expect(Day(year: 2024, month: 2, day: 29) != nil)
    #expect(Day(year: 2026, month: 2, day: 29) == nil)
    #expect(Day(year: 1900, month: 2, day: 29) == nil)
    #expect(Day(year: 2000, month: 2, day: 29) != nil)
    #expect(Day(year: 2026, month: 4, day: 31) == nil)
    #expect(Day(iso: "2026-11-23")?.description == "2026-11-23")
    #expect(Day(iso: "2026-11-3") == nil)
    #expect(Day(iso: "2024-02-29") == Day(year: 2024, month: 2, day: 29))
    #expect(Day(iso: "0001-01-01") == Day(year: 1, month: 1, day: 1))
    // Only `YYYY-MM-DD` in ASCII digits, of a date that exists.
    for text in [
      "2023-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-+1-05", "+026-01-05",
      "2026-01-05 ", " 2026-01-05", "2026/01/05", "20260105", "2026-01-0５", "２０２６-01-05",
      "", "2026-01-05T00:00",
    ] {
      #expect(Day(iso: text) == nil, "\(text)")
    }
  }

  /// Days since 1970-01-01 against figures from Python's `date.toordinal() - 719163`.
  @Test func epochDaysRoundTrip() {
    #expect(Day(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
    #expect(Day(year: 2026, month: 11, day: 23)!.daysSinceEpoch == 20_780)
    #expect(Day(year: 1899, month: 12, day: 30)!.daysSinceEpoch == -25_569)
    #expect(Day(year: 1904, month: 1, day: 1)!.daysSinceEpoch == -24_107)
    for n in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(Day(daysSinceEpoch: n).daysSinceEpoch == n)
    }
  }

  @Test func presence() {
    let interval = DayInterval(start: Day(iso: "2020-01-01"), end: Day(iso: "2020-12-31"))
    #expect(interval.contains(Day(iso: "2020-01-01")!))
    #expect(interval.contains(Day(iso: "2020-12-31")!))
    #expect(!interval.contains(Day(iso: "2021-01-01")!))
    #expect(DayInterval(start: nil, end: nil).contains(Day(iso: "1999-05-05")!))
  }
}
