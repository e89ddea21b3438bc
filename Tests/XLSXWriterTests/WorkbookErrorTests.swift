import Foundation
import Testing
import XLSXWriter

/// What a caller sees when something goes wrong: a thrown error saying what and why, never a
/// crash.
@Suite struct WorkbookErrorTests {
  @Test func closingOnAnUnwritablePathNamesThePath() throws {
    let path = "/nonexistent-orbis-dir/sub/report.xlsx"
    let book = try Workbook(path: path)
    _ = try book.addWorksheet(named: "Summary")
    let thrown = closeError(book)
    let error = try #require(thrown)
    #expect(error.description.contains(path))
    #expect(error.description.hasPrefix("cannot write workbook '\(path)': "))
    // libxlsxwriter's own message, from lxw_strerror.
    #expect(error.reason.contains("Error creating output xlsx file"))
    // And the system's reason for it.
    #expect(error.reason.hasSuffix("(No such file or directory)"))
    if case .library(let code) = error.kind { #expect(code > 0) } else { Issue.record("kind") }
  }

  @Test func closingOnAReadOnlyDirectoryThrows() throws {
    // Root ignores directory permissions; a path under a regular file fails for everyone.
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    #expect(FileManager.default.createFile(atPath: dir.path("file"), contents: Data()))
    let book = try Workbook(path: dir.path("file/report.xlsx"))
    _ = try book.addWorksheet(named: "S")
    let thrown = closeError(book)
    #expect(thrown != nil)
    #expect(!FileManager.default.fileExists(atPath: dir.path("file/report.xlsx")))
  }

  @Test func worksheetsAndFormatsThrowOnceTheWorkbookIsClosed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let book = try Workbook(path: dir.path("closed.xlsx"))
    let sheet = try book.addWorksheet(named: "S")
    let chart = try book.addChart(.pie)
    try book.close()
    let error = #expect(throws: XLSXError.self) { try sheet.write(text: "late", row: 0, column: 0) }
    #expect(error?.kind == .workbookClosed)
    #expect(
      error?.description
        == "cannot write text at 'S'!A1: the workbook is already closed; create a new Workbook to write again"
    )
    #expect(throws: XLSXError.self) { try sheet.freezePanes(row: 1, column: 0) }
    #expect(throws: XLSXError.self) { try chart.setTitle("late") }
  }

  @Test func aWorkbookDroppedWithoutCloseWritesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let sheet: Worksheet
    do {
      let book = try Workbook(path: dir.path("dropped.xlsx"))
      sheet = try book.addWorksheet(named: "S")
      try sheet.write(number: 1, row: 0, column: 0)
    }
    #expect(!FileManager.default.fileExists(atPath: dir.path("dropped.xlsx")))
    let error = #expect(throws: XLSXError.self) { try sheet.write(number: 2, row: 1, column: 0) }
    #expect(error?.kind == .workbookClosed)
  }

  @Test func objectsOfAnotherWorkbookAreRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var first = try Workbook(path: dir.path("a.xlsx"))
    let second = try Workbook(path: dir.path("b.xlsx"))
    let format = try first.addFormat(.bold)
    let chart = try first.addChart(.column)
    try chart.addSeries(
      sheet: "S", categories: CellRange(column: 0, rows: 0...1),
      values: CellRange(column: 1, rows: 0...1))
    let sheet = try second.addWorksheet(named: "S")
    let error = #expect(throws: XLSXError.self) {
      try sheet.write(text: "x", row: 0, column: 0, format: format)
    }
    #expect(error?.kind == .foreignObject)
    #expect(throws: XLSXError.self) { try sheet.insertChart(chart, row: 0, column: 0) }
    try second.close()
    try first.close()
  }

  @Test func badArgumentsSayWhatIsWrong() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let book = try Workbook(path: dir.path("args.xlsx"))
    let nameError = #expect(throws: XLSXError.self) { _ = try book.addWorksheet(named: "a/b") }
    #expect(nameError?.description.contains("'a/b'") == true)
    #expect(nameError?.reason.lowercased().contains("invalid") == true)
    _ = try book.addWorksheet(named: "Summary")
    #expect(throws: XLSXError.self) { _ = try book.addWorksheet(named: "summary") }
    #expect(throws: XLSXError.self) {
      _ = try book.addWorksheet(named: String(repeating: "x", count: 32))
    }

    let sheet = try book.addWorksheet(named: "S")
    let rowError = #expect(throws: XLSXError.self) {
      try sheet.write(number: 1, row: ExcelLimits.rows, column: 0)
    }
    #expect(rowError?.kind == .invalidArgument)
    #expect(throws: XLSXError.self) { try sheet.write(number: 1, row: -1, column: 0) }
    #expect(throws: XLSXError.self) {
      try sheet.write(
        text: String(repeating: "x", count: ExcelLimits.stringLength + 1), row: 0, column: 0)
    }
    let controlError = #expect(throws: XLSXError.self) {
      _ = try book.addWorksheet(named: "Lab\u{1}X")
    }
    #expect(
      controlError?.reason
        == "the sheet name holds the control character U+0001 at character 4, which an XLSX file cannot store; remove it"
    )
    #expect(throws: XLSXError.self) {
      try sheet.write(date: ExcelDateTime(year: 2026, month: 2, day: 30), row: 0, column: 0)
    }
    let emptyChart = try book.addChart(.bar)
    let chartError = #expect(throws: XLSXError.self) {
      try sheet.insertChart(emptyChart, row: 0, column: 0)
    }
    #expect(chartError?.reason.contains("no data series") == true)
    // The workbook is still usable after refused calls.
    try sheet.write(text: "ok", row: 0, column: 0)
    try book.close()
    #expect(FileManager.default.fileExists(atPath: dir.path("args.xlsx")))
  }

  @Test func constantMemoryRowsOutOfOrderAreRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let book = try Workbook(path: dir.path("order.xlsx"), options: .init(constantMemory: true))
    let sheet = try book.addWorksheet(named: "S")
    try sheet.write(number: 1, row: 5, column: 0)
    try sheet.write(number: 2, row: 6, column: 0)
    #expect(throws: XLSXError.self) { try sheet.write(number: 3, row: 2, column: 0) }
    try book.close()
  }
}

/// Closes `book` and returns the error it threw, if any.
func closeError(_ book: consuming Workbook) -> XLSXError? {
  do {
    try book.close()
    return nil
  } catch {
    return error
  }
}

@Suite struct CellRangeTests {
  @Test func a1Notation() {
    #expect(CellRange.columnName(0) == "A")
    #expect(CellRange.columnName(25) == "Z")
    #expect(CellRange.columnName(26) == "AA")
    #expect(CellRange.columnName(16_383) == "XFD")
    #expect(
      CellRange(firstRow: 0, firstColumn: 0, lastRow: 9, lastColumn: 2).description == "A1:C10")
    #expect(CellRange(column: 1, rows: 1...4).absolute(inSheet: "Data") == "Data!$B$2:$B$5")
    #expect(CellRange.quotedSheetName("By type") == "'By type'")
    #expect(CellRange.quotedSheetName("O'Brien") == "'O''Brien'")
    #expect(CellRange.quotedSheetName("2026") == "'2026'")
  }

  @Test func excelSerialNumbers() {
    #expect(ExcelDateTime(year: 1900, month: 1, day: 1).serialNumber == 1)
    // After Excel's phantom 1900-02-29.
    #expect(ExcelDateTime(year: 1900, month: 3, day: 1).serialNumber == 61)
    #expect(ExcelDateTime(year: 2026, month: 11, day: 23, hour: 12).serialNumber == 46349.5)
    let instant = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00Z
    let paris = ExcelDateTime(instant, in: TimeZone(identifier: "Europe/Paris")!)
    #expect(paris == ExcelDateTime(year: 2026, month: 11, day: 23, hour: 1))
  }
}
