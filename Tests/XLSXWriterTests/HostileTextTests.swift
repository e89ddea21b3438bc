import Foundation
import TestSupport
import Testing

@testable import XLSXWriter

/// Whatever string it is given, the binding writes well-formed parts: text that can be escaped
/// is (`_xHHHH_`), names that cannot are refused at the call with a typed error.
@Suite struct HostileTextTests {
  static let hostile = [
    "Lab\u{1}X", "A\u{0}B", "\u{B}\u{C}\u{1F}", "tab\tLF\nCR\r", "\u{FFFE}\u{FFFF}",
    "<&>\"'", "]]>", "_x0041_ literal", "=1+1", "😀 é 中", String(repeating: "L", count: 40_000),
  ]

  func temporaryPath() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-hostile-\(UUID().uuidString).xlsx").path
  }

  @Test func everyTextAPIWritesWellFormedParts() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    var book = try Workbook(path: path)
    let sheet = try book.addWorksheet(named: "Units")
    let bold = try book.addFormat(.bold)
    let texts = Self.hostile.map { String($0.prefix(ExcelLimits.stringLength)) }
    for (i, text) in texts.enumerated() {
      try sheet.write(text: text, row: i + 1, column: 0)
      try sheet.write(number: Double(i + 1), row: i + 1, column: 1)
    }
    try sheet.addTable(
      CellRange(firstRow: 0, firstColumn: 0, lastRow: texts.count, lastColumn: 1),
      columns: ["Unit \u{1}", "Count\u{0}"])
    try sheet.merge(
      CellRange(firstRow: 0, firstColumn: 3, lastRow: 0, lastColumn: 5), text: "Title\u{2}",
      format: bold)
    for kind in [Chart.Kind.pie, .column, .bar] {
      let chart = try book.addChart(kind)
      try chart.addSeries(
        name: "Series \u{3}", sheet: "Units",
        categories: CellRange(firstRow: 1, firstColumn: 0, lastRow: texts.count, lastColumn: 0),
        values: CellRange(firstRow: 1, firstColumn: 1, lastRow: texts.count, lastColumn: 1))
      try chart.setTitle("Chart \u{4} <title>")
      try chart.setAxisTitles(category: "Unit\u{5}", value: "=Count\u{0}")
      try sheet.insertChart(chart, row: 20, column: 4)
    }
    // Names with no escape in their part are refused at the call.
    for text in ["Units\u{1}", "\u{FFFF}"] {
      let error = #expect(throws: XLSXError.self) { _ = try book.addWorksheet(named: text) }
      #expect(error?.kind == .invalidArgument)
    }
    var properties = DocumentProperties()
    properties.title = "Report \u{1}"
    #expect(throws: XLSXError.self) { try book.setProperties(properties) }
    #expect(throws: XLSXError.self) {
      try book.defineName(
        "Bad\u{1}", refersTo: CellRange(firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 0),
        inSheet: "Units")
    }
    properties.title = "Report <&> é"
    try book.setProperties(properties)
    try book.close()

    let package = try XLSXPackage(contentsOf: URL(fileURLWithPath: path))
    #expect(package.parts.keys.contains { $0.hasPrefix("xl/charts/chart") })
    for (name, data) in package.parts where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
      // libxml2 through XMLParser: refuses any character XML 1.0 forbids.
      #expect(throws: Never.self, "\(name)") { _ = try XMLNode.parse(data) }
    }
    // Cell text reads back escaped as Excel escapes it; a literal escape is itself escaped.
    let cells = try package.cells(ofSheet: "Units")
    #expect(cells["A2"]?.text == "Lab_x0001_X")
    #expect(cells["A3"]?.text == "A_x0000_B")
    #expect(cells["A6"]?.text == "_xFFFE__xFFFF_")
    #expect(cells["A7"]?.text == "<&>\"'")
    #expect(cells["A9"]?.text == "_x005F_x0041_ literal")
    #expect(cells["A12"]?.text?.count == 32_767)
  }

  @Test func textOverTheCellLimitIsRefusedByName() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let book = try Workbook(path: path)
    let sheet = try book.addWorksheet(named: "S")
    let error = #expect(throws: XLSXError.self) {
      try sheet.write(text: String(repeating: "x", count: 40_000), row: 0, column: 0)
    }
    #expect(
      error?.description
        == "cannot write text at 'S'!A1: the text has 40000 UTF-16 code units, over Excel's limit of 32767 per cell; shorten it"
    )
  }

  @Test func escapingIsExcelsAndOnlyWhenNeeded() {
    #expect(XLSXText.escaped("plain_text x") == "plain_text x")
    #expect(XLSXText.escaped("a\u{1}b") == "a_x0001_b")
    #expect(XLSXText.escaped("_x00e9_ and _x12_") == "_x005F_x00e9_ and _x12_")
  }

  /// A cell's C string, taken straight from printable ASCII or escaped otherwise, is the
  /// escaped text either way.
  @Test func cellTextIsTheEscapedText() throws {
    let texts =
      Self.hostile.map { String($0.prefix(ExcelLimits.stringLength)) } + [
        "", "plain", "plain_text x", "tab\there", "line\nbreak", "del\u{7F}", "_x", "a_x",
        "_x0041_", String(repeating: "y", count: ExcelLimits.stringLength),
      ]
    for text in texts {
      let written = try XLSXText.withCellText(text, "test") { String(cString: $0) }
      #expect(written == XLSXText.escaped(text), "\(text.prefix(20))")
    }
    #expect(throws: XLSXError.self) {
      try XLSXText.withCellText(
        String(repeating: "y", count: ExcelLimits.stringLength + 1), "test"
      ) { _ in () }
    }
  }
}
