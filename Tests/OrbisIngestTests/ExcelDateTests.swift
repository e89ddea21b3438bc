import OrbisCore
import Testing

@testable import OrbisIngest

/// Excel serial numbers → days, in both date systems (ECMA-376 §18.17.4.1).
@Suite struct ExcelDateTests {
  @Test func system1900() {
    #expect(ExcelGrid.day(serial: 1, date1904: false)?.description == "1900-01-01")
    #expect(ExcelGrid.day(serial: 59, date1904: false)?.description == "1900-02-28")
    #expect(ExcelGrid.day(serial: 60, date1904: false) == nil)  // Excel's phantom 1900-02-29
    #expect(ExcelGrid.day(serial: 61, date1904: false)?.description == "1900-03-01")
    #expect(ExcelGrid.day(serial: 45351.75, date1904: false)?.description == "2024-02-29")
    #expect(ExcelGrid.day(serial: -1, date1904: false) == nil)
    #expect(ExcelGrid.day(serial: .nan, date1904: false) == nil)
  }

  @Test func system1904() {
    #expect(ExcelGrid.day(serial: 0, date1904: true)?.description == "1904-01-01")
    // The same day is 1,462 lower in the 1904 system.
    #expect(ExcelGrid.day(serial: 45351 - 1462, date1904: true)?.description == "2024-02-29")
  }
}
