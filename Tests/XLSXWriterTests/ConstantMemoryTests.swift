import Foundation
import TestSupport
import Testing
import XLSXWriter

/// The second workbook: constant-memory mode, which streams rows and supports neither tables
/// nor merged ranges.
@Suite struct ConstantMemoryTests {
  @Test func rowsAreStreamedAsInlineStringsAndNumbers() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("large.xlsx")
    var book = try Workbook(path: path, options: .init(constantMemory: true))
    let percent = try book.addFormat(.percent)
    let date = try book.addFormat(.date)
    let sheet = try book.addWorksheet(named: "Rows")
    try sheet.freezePanes(row: 1, column: 0)
    try sheet.write(row: [.text("Name"), .text("Share"), .text("Since"), .text("Note")], at: 0)
    for r in 1...2_000 {
      try sheet.write(text: "Person \(r)", row: r, column: 0)
      try sheet.write(number: Double(r) / 2_000, row: r, column: 1, format: percent)
      try sheet.write(
        date: ExcelDateTime(year: 2024, month: 2, day: 29), row: r, column: 2, format: date)
      try sheet.write(text: "=HYPERLINK(\"http://x\")", row: r, column: 3)
    }
    try sheet.autofilter(CellRange(firstRow: 0, firstColumn: 0, lastRow: 2_000, lastColumn: 3))
    try book.close()

    let package = try XLSXPackage(contentsOf: URL(fileURLWithPath: path))
    let cells = try package.cells(ofSheet: "Rows")
    #expect(cells.count == 2_001 * 4)
    #expect(cells["A2001"]?.type == "inlineStr")
    #expect(cells["A2001"]?.text == "Person 2000")
    #expect(cells["B1001"]?.value == "0.5")
    #expect(try package.numberFormat(ofStyle: cells["B1001"]!.style) == "0.0%")
    #expect(cells["C2"]?.value == "45351")  // 2024-02-29
    #expect(cells["D2"]?.type == "inlineStr")
    #expect(cells["D2"]?.text == "=HYPERLINK(\"http://x\")")
    #expect(cells["D2"]?.formula == nil)
    #expect(package.parts["xl/sharedStrings.xml"] == nil)
    let sheetXML = try package.xml(try package.worksheetPart(named: "Rows"))
    #expect(sheetXML.first("autoFilter")?["ref"] == "A1:D2001")
    #expect(sheetXML.first("pane")?["topLeftCell"] == "A2")
  }

  @Test func tablesAndMergedRangesAreRefusedWithTheReason() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let book = try Workbook(path: dir.path("cm.xlsx"), options: .init(constantMemory: true))
    let sheet = try book.addWorksheet(named: "Rows")
    let range = CellRange(firstRow: 0, firstColumn: 0, lastRow: 3, lastColumn: 1)
    let tableError = #expect(throws: XLSXError.self) {
      try sheet.addTable(range, columns: ["A", "B"])
    }
    #expect(tableError?.kind == .invalidArgument)
    #expect(
      tableError?.description.contains("tables are not available in constant-memory mode") == true)
    let mergeError = #expect(throws: XLSXError.self) { try sheet.merge(range, text: "Title") }
    #expect(mergeError?.description.contains("merged ranges are not available") == true)
    try book.close()
  }
}
