import Foundation
import TestSupport
import Testing
import XLSXWriter

/// Writes one workbook with every feature of the binding (but constant memory) and reads the
/// file back as ZIP + XML.
@Suite struct WorkbookFeatureTests {
  static let created = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z

  /// Writes the workbook once per test; each test reads what it needs.
  static func writeFullWorkbook(to path: String) throws {
    var book = try Workbook(path: path)
    try book.setProperties(
      DocumentProperties(
        title: "Orbis test", subject: "Every feature", author: "Orbis tests",
        company: "Institute", created: created))
    let bold = try book.addFormat(.bold)
    let percent = try book.addFormat(.percent)
    let integer = try book.addFormat(.integer)
    let decimal = try book.addFormat(.decimal)
    let date = try book.addFormat(.date)
    let header = try book.addFormat(
      FormatSpec(
        bold: true, wrap: true, border: .thin, fill: Color(0xDDEBF7),
        horizontalAlignment: .center, verticalAlignment: .center))
    let title = try book.addFormat(FormatSpec(bold: true, fontSize: 16))

    let summary = try book.addWorksheet(named: "Summary")
    try summary.merge(
      CellRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 3), text: "Key figures",
      format: title)
    try summary.write(row: [.text("Figure"), .text("Value")], at: 1, format: header)
    try summary.write(text: "Foreign share", row: 2, column: 0)
    try summary.write(number: 0.3046, row: 2, column: 1, format: percent)
    try summary.write(text: "Headcount", row: 3, column: 0, format: bold)
    try summary.write(number: 1234, row: 3, column: 1, format: integer)
    try summary.write(text: "FTE", row: 4, column: 0)
    try summary.write(number: 1187.25, row: 4, column: 1, format: decimal)
    try summary.write(text: "As of", row: 5, column: 0)
    try summary.write(
      date: ExcelDateTime(year: 2026, month: 11, day: 23), row: 5, column: 1, format: date)
    try summary.write(text: "Complete", row: 6, column: 0)
    try summary.write(bool: true, row: 6, column: 1)
    try summary.writeBlank(row: 7, column: 1, format: header)
    try summary.write(text: "=1+1", row: 8, column: 0)
    try summary.write(text: "+cmd|' /C calc'!A0", row: 8, column: 1)
    try summary.write(text: "@SUM(1)", row: 8, column: 2)
    try summary.write(.text("-2"), row: 8, column: 3)
    try summary.setColumnWidth(0...0, width: 24)
    try summary.setColumnWidth(1...3, width: 12.5)
    try summary.setRowHeight(0, height: 24)
    try summary.freezePanes(row: 2, column: 1)
    try summary.autofilter(CellRange(firstRow: 1, firstColumn: 0, lastRow: 8, lastColumn: 1))

    // A sheet name with a space, so that ranges must quote it.
    let data = try book.addWorksheet(named: "By type")
    let table = CellRange(firstRow: 0, firstColumn: 0, lastRow: 4, lastColumn: 2)
    try data.addTable(table, columns: ["Type", "Count", "Share"], name: "ProgrammesByType")
    for (i, (type, count)) in [("IEA", 22.0), ("IRN", 2), ("IRP", 10), ("IRL", 5)].enumerated() {
      try data.write(text: type, row: i + 1, column: 0)
      try data.write(number: count, row: i + 1, column: 1, format: integer)
      try data.write(number: count / 39, row: i + 1, column: 2, format: percent)
    }
    let categories = CellRange(column: 0, rows: 1...4)
    let values = CellRange(column: 1, rows: 1...4)
    for (n, kind) in [Chart.Kind.pie, .column, .bar, .line].enumerated() {
      let chart = try book.addChart(kind)
      try chart.setTitle("Programmes (\(kind))")
      try chart.addSeries(name: "Count", sheet: "By type", categories: categories, values: values)
      try chart.setAxisTitles(category: "Type", value: "Programmes")
      try chart.setLegend(kind == .pie ? .right : .none)
      try data.insertChart(chart, row: 6 + 16 * n, column: 0)
    }
    try book.defineName("ProgrammeCounts", refersTo: values, inSheet: "By type")
    try book.close()
  }

  let dir: TemporaryDirectory
  let package: XLSXPackage

  init() throws {
    dir = try TemporaryDirectory()
    let path = dir.path("full.xlsx")
    try Self.writeFullWorkbook(to: path)
    package = try XLSXPackage(contentsOf: URL(fileURLWithPath: path))
  }

  @Test func cellValuesAndTypes() throws {
    defer { dir.remove() }
    let cells = try package.cells(ofSheet: "Summary")
    #expect(cells["A1"]?.text == "Key figures")
    #expect(cells["A3"]?.type == "s")
    #expect(cells["A3"]?.text == "Foreign share")
    #expect(cells["B3"]?.type == nil)
    #expect(cells["B3"]?.value == "0.3046")
    #expect(cells["B4"]?.value == "1234")
    #expect(cells["B5"]?.value == "1187.25")
    #expect(cells["B7"]?.type == "b")
    #expect(cells["B7"]?.value == "1")
    // A blank with a format is a cell with a style and no value.
    #expect(cells["B8"] != nil)
    #expect(cells["B8"]?.value == nil)
    #expect(cells["B8"]?.style != 0)
  }

  @Test func numberFormatsOfShareCountAndDecimalCells() throws {
    defer { dir.remove() }
    let cells = try package.cells(ofSheet: "Summary")
    #expect(try package.numberFormat(ofStyle: cells["B3"]!.style) == "0.0%")
    #expect(try package.numberFormat(ofStyle: cells["B4"]!.style) == "#,##0")
    #expect(try package.numberFormat(ofStyle: cells["B5"]!.style) == "#,##0.00")
  }

  @Test func dateIsASerialNumberWithADateFormat() throws {
    defer { dir.remove() }
    let cells = try package.cells(ofSheet: "Summary")
    // 2026-11-23 is day 46349 of Excel's 1900 system (days since 1899-12-30).
    #expect(cells["B6"]?.type == nil)
    #expect(cells["B6"]?.value == "46349")
    #expect(try package.numberFormat(ofStyle: cells["B6"]!.style) == "yyyy-mm-dd")
  }

  @Test func textThatLooksLikeAFormulaStaysText() throws {
    defer { dir.remove() }
    let cells = try package.cells(ofSheet: "Summary")
    for (ref, text) in [
      ("A9", "=1+1"), ("B9", "+cmd|' /C calc'!A0"), ("C9", "@SUM(1)"), ("D9", "-2"),
    ] {
      #expect(cells[ref]?.type == "s", "\(ref)")
      #expect(cells[ref]?.text == text, "\(ref)")
      #expect(cells[ref]?.formula == nil, "\(ref)")
    }
    let sheetXML = String(
      decoding: package.parts[try package.worksheetPart(named: "Summary")]!, as: UTF8.self)
    #expect(!sheetXML.contains("<f>"))
  }

  @Test func layoutFreezeAutofilterMergeWidths() throws {
    defer { dir.remove() }
    let sheet = try package.xml(try package.worksheetPart(named: "Summary"))
    let pane = try #require(sheet.first("pane"))
    #expect(pane["xSplit"] == "1")
    #expect(pane["ySplit"] == "2")
    #expect(pane["topLeftCell"] == "B3")
    #expect(pane["state"] == "frozen")
    #expect(sheet.first("autoFilter")?["ref"] == "A2:B9")
    #expect(sheet.all("mergeCell").map { $0["ref"] } == ["A1:D1"])
    let cols = sheet.all("col").map { [$0["min"], $0["max"], $0["width"]] }
    #expect(cols.count == 2)
    #expect(cols.first == ["1", "1", "24.7109375"])  // Excel stores width + padding
    #expect(cols.last?[0] == "2")
    #expect(cols.last?[1] == "4")
    let row1 = try #require(sheet.all("row").first { $0["r"] == "1" })
    #expect(row1["ht"] == "24")
  }

  @Test func tablePartWithRangeAndColumns() throws {
    defer { dir.remove() }
    let sheetPart = try package.worksheetPart(named: "By type")
    let file = sheetPart.split(separator: "/").last!
    let rels = try package.targets(in: "xl/worksheets/_rels/\(file).rels", base: "xl/worksheets")
    let tablePart = try #require(rels.values.first { $0.hasPrefix("xl/tables/") })
    let table = try package.xml(tablePart)
    #expect(table["ref"] == "A1:C5")
    #expect(table["name"] == "ProgrammesByType")
    #expect(table.all("tableColumn").map { $0["name"] } == ["Type", "Count", "Share"])
    #expect(table.first("tableStyleInfo")?["name"] == "TableStyleMedium9")
    #expect(table.first("autoFilter")?["ref"] == "A1:C5")
    // The header row is written into the cells by the table.
    let cells = try package.cells(ofSheet: "By type")
    #expect(cells["A1"]?.text == "Type")
    #expect(cells["B3"]?.value == "2")
  }

  @Test func chartPartsOfEachTypeReferenceTheRanges() throws {
    defer { dir.remove() }
    let charts = package.parts.keys.filter { $0.hasPrefix("xl/charts/chart") }.sorted()
    #expect(charts.count == 4)
    var kinds: [String] = []
    for part in charts {
      let chart = try package.xml(part)
      let plot = try #require(chart.first("plotArea"))
      let kind = try #require(plot.children.first { $0.name.hasSuffix("Chart") })
      kinds.append(kind.name + (kind.first("barDir")?["val"].map { ":" + $0 } ?? ""))
      let series = try #require(kind.first("ser"))
      #expect(series.first("cat")?.first("f")?.text == "'By type'!$A$2:$A$5")
      #expect(series.first("val")?.first("f")?.text == "'By type'!$B$2:$B$5")
      #expect(chart.first("title")?.allText.hasPrefix("Programmes (") == true)
    }
    #expect(kinds.sorted() == ["barChart:bar", "barChart:col", "lineChart", "pieChart"])
    // Each chart is placed through a drawing of the sheet.
    #expect(package.parts.keys.contains("xl/drawings/drawing1.xml"))
    #expect(try package.xml("xl/drawings/drawing1.xml").all("graphicFrame").count == 4)
  }

  @Test func documentPropertiesAndDefinedName() throws {
    defer { dir.remove() }
    let core = try package.xml("docProps/core.xml")
    #expect(core.first("title")?.text == "Orbis test")
    #expect(core.first("subject")?.text == "Every feature")
    #expect(core.first("creator")?.text == "Orbis tests")
    #expect(core.first("created")?.text == "2026-11-23T00:00:00Z")
    #expect(try package.xml("docProps/app.xml").first("Company")?.text == "Institute")
    let name = try #require(
      try package.xml("xl/workbook.xml").all("definedName").first {
        $0["name"] == "ProgrammeCounts"
      })
    #expect(name.text == "'By type'!$B$2:$B$5")
  }
}
