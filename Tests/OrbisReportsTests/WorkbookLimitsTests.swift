import Foundation
import OrbisCore
import TestSupport
import Testing
import XLSXWriter

@testable import OrbisReports

/// What a workbook cannot hold whole: text over 32,767 characters and tables longer than a
/// sheet are cut with a note, never a failed report.
@Suite struct WorkbookLimitsTests {
  @Test func longTextIsShortenedWithANoteAndTablesStopAtTheLastRow() throws {
    let dir = try TemporaryDirectory()
    let path = dir.join("limits.xlsx")
    var book = try Workbook(path: path)
    let formats = try ReportFormats(&book, words: EnglishWording())
    let limits = WorkbookLimits()
    var writer = SheetWriter(try book.addWorksheet(named: "S"), formats, limits: limits)
    try writer.write(.text(String(repeating: "é", count: 40_000)), row: 0, column: 0)
    try writer.write(.text(String(repeating: "x", count: 32_767)), row: 1, column: 0)
    // A table that starts 6 rows above the end of the sheet: 3 rows fit, then the note.
    try writer.table(
      title: nil, row: ExcelLimits.rows - 6, column: 0, headers: ["Id"], count: 10
    ) { i in [.integer(i)] }
    try book.close()
    #expect(limits.shortenedCells == 1)

    let cells = try XLSXPackage(contentsOf: URL(fileURLWithPath: path)).cells(ofSheet: "S")
    let shortened = try #require(cells["A1"]?.text)
    #expect(shortened.count == 32_767)
    #expect(shortened.hasSuffix("é…"))
    #expect(cells["A2"]?.text?.count == 32_767)
    // Header row 1,048,571; 4 data rows; the note in the sheet's last row.
    #expect(cells["A1048571"]?.text == "Id")
    #expect(cells["A1048572"]?.value == "0")
    #expect(cells["A1048575"]?.value == "3")
    #expect(
      cells["A1048576"]?.text
        == "… 6 more rows not shown: a sheet holds at most 1,048,576 rows; stats.json lists them all."
    )
  }
}
