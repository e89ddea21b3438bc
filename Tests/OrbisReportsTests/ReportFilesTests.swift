import Foundation
import OrbisCore
import TestSupport
import Testing

@testable import OrbisReports

/// The files of one rendered report, read back.
@Suite struct ReportFilesTests {
  let dir: TemporaryDirectory
  let record = ReportFixture.record()
  let package: XLSXPackage

  init() throws {
    dir = try TemporaryDirectory()
    try ReportRenderer.render(record, into: dir.path)
    package = try XLSXPackage(contentsOf: URL(fileURLWithPath: dir.join("report.xlsx")))
  }

  func text(_ name: String) throws -> String {
    try String(contentsOfFile: dir.join(name), encoding: .utf8)
  }

  /// The value in column B of the Summary row labelled `label` in column A.
  func summaryValue(_ label: String) throws -> String? {
    let cells = try package.cells(ofSheet: "Summary")
    let row = try #require(
      cells.first { $0.key.hasPrefix("A") && $0.value.text == label }?.key.dropFirst())
    return cells["B\(row)"]?.value
  }

  /// A text file that cannot be written says so in errno's words (on a full disk: "No space
  /// left on device"), not Foundation's.
  @Test func aFileThatCannotBeWrittenSaysWhyInTheSystemsWords() throws {
    defer { dir.remove() }
    #expect {
      try ReportRenderer.render(record, into: dir.join("gone"), formats: [.txt])
    } throws: { error in
      "\(error)" == "cannot write stats.json: No such file or directory"
    }
  }

  @Test func sheetsInOrder() throws {
    defer { dir.remove() }
    let names = try package.xml("xl/workbook.xml").all("sheet").compactMap { $0["name"] }
    #expect(names == WorkbookReport.sheetNames())
    #expect(
      names == [
        "Summary", "Nationalities", "Units", "Programmes", "Programme list", "Agreements",
        "Changes", "Trends", "Data quality", "Provenance", "Chart data",
      ])
    // Only the charts' data is hidden.
    let hidden = try package.xml("xl/workbook.xml").all("sheet").filter { $0["state"] == "hidden" }
    #expect(hidden.compactMap { $0["name"] } == ["Chart data"])
  }

  @Test func cellsOfEachSheet() throws {
    defer { dir.remove() }
    #expect(try summaryValue("Headcount") == "7")
    #expect(try summaryValue("Foreign staff") == "4")
    #expect(try summaryValue("Rows rejected") == "1")

    let nationalities = try package.cells(ofSheet: "Nationalities")
    #expect(nationalities["A1"]?.text == "Nationality")
    #expect(nationalities["A2"]?.text == "France")
    #expect(nationalities["D2"]?.value == "3")
    // 3/7 and 1/7 by largest remainder: 42.8 % + 4 × 14.3 % = 100 %.
    #expect(nationalities["E2"]?.value == "0.428")
    #expect(nationalities["E3"]?.value == "0.143")
    #expect(nationalities["A6"]?.text == "Stateless")
    #expect(try package.numberFormat(ofStyle: nationalities["E2"]!.style) == "0.0%")
    #expect(try package.numberFormat(ofStyle: nationalities["D2"]!.style) == "#,##0")

    // The continents beside the nationalities, under their title.
    #expect(nationalities["G1"]?.text == "Continents (UN M49 regions)")
    #expect(nationalities["G3"]?.text == "Europe")
    #expect(nationalities["I3"]?.value == "5")

    let units = try package.cells(ofSheet: "Units")
    #expect(units["A2"]?.text == "LAPP")
    #expect(units["B2"]?.value == "3")
    #expect(units["F2"]?.value.flatMap(Double.init) == 1.0 / 3.0)

    let programmes = try package.cells(ofSheet: "Programmes")
    #expect(programmes["A1"]?.text == "By type")
    #expect(programmes["A3"]?.text == "IEA")
    #expect(programmes["C5"]?.value == "1")

    let agreements = try package.cells(ofSheet: "Agreements")
    #expect(agreements["G3"]?.text == "European Organization for Nuclear Research")

    let quality = try package.cells(ofSheet: "Data quality")
    #expect(quality["A3"]?.text == "staff.csv")
    #expect(quality["B3"]?.value == "9")
    #expect(quality["D3"]?.text == "=1+1")

    let provenance = try package.cells(ofSheet: "Provenance")
    #expect(provenance["A2"]?.text == "staff.csv")
    #expect(provenance["H2"]?.text == String(repeating: "a", count: 64))

    let changes = try package.cells(ofSheet: "Changes")
    #expect(changes["A1"]?.text == "No previous report of this name to compare with.")
  }

  @Test func headersFrozenAndTablesStyled() throws {
    defer { dir.remove() }
    let sheet = try package.xml(try package.worksheetPart(named: "Nationalities"))
    #expect(sheet.first("pane")?["ySplit"] == "1")
    #expect(sheet.first("pane")?["state"] == "frozen")
    let tables = package.parts.keys.filter { $0.hasPrefix("xl/tables/table") }
    // Summary 2, Nationalities 2 (with the continents), Units, Programmes 4, Programme list 1
    // (nothing upcoming), Agreements 3, Data quality, Provenance; Changes has none without a
    // previous report, the chart data none.
    #expect(tables.count == 15)
    let widths = sheet.all("col").compactMap { $0["width"].flatMap(Double.init) }
    #expect(!widths.isEmpty && widths.allSatisfy { $0 >= 6 && $0 <= 61 })
  }

  /// Every chart: its kind, title, and the ranges of its first series.
  static func charts(
    _ package: XLSXPackage
  ) throws -> [(
    kind: String, title: String, categories: String?, values: String?, labels: String?
  )] {
    try package.parts.keys.filter { $0.hasPrefix("xl/charts/chart") }.sorted().map { part in
      let xml = try package.xml(part)
      let plot = try #require(xml.first("plotArea"))
      let kind = try #require(plot.children.first { $0.name.hasSuffix("Chart") })
      let series = try #require(kind.first("ser"))
      let title = try #require(xml.first("title")).all("t").map(\.text).joined()
      return (
        kind.name + (kind.first("barDir")?["val"].map { ":" + $0 } ?? ""), title,
        series.first("cat")?.first("f")?.text, series.first("val")?.first("f")?.text,
        series.first("dLbls")?.first("numFmt")?["formatCode"]
      )
    }
  }

  @Test func chartsWithTheirRangesAndTitles() throws {
    defer { dir.remove() }
    let charts = try Self.charts(package)
    #expect(charts.count == 4)
    func chart(_ title: String) -> (String, String?, String?, String?)? {
      charts.first { $0.title == title }.map { ($0.kind, $0.categories, $0.values, $0.labels) }
    }
    // Foreign staff only: the host country's row is left out; four foreign nationalities.
    #expect(
      chart("Foreign staff: the 4 largest nationalities")! == (
        "barChart:bar", "'Chart data'!$A$2:$A$5", "'Chart data'!$B$2:$B$5", "#,##0"
      ))
    #expect(
      chart("Foreign staff by continent")! == (
        "barChart:bar", "'Chart data'!$D$2:$D$4", "'Chart data'!$E$2:$E$4", "#,##0"
      ))
    #expect(
      chart("Active programmes by type")! == (
        "barChart:col", "Programmes!$A$3:$A$6", "Programmes!$C$3:$C$6", "#,##0"
      ))
    #expect(
      chart("Foreign share by unit")! == (
        "barChart:bar", "Units!$A$2:$A$5", "Units!$F$2:$F$5", "0.0%"
      ))
    // The bars read top-down as the table, the value axis below them, shares in per cent.
    let part = try #require(
      try package.parts.keys.filter { $0.hasPrefix("xl/charts/chart") }.first {
        try package.xml($0).first("title")?.allText == "Foreign share by unit"
      })
    let xml = try package.xml(part)
    #expect(xml.first("catAx")?.first("orientation")?["val"] == "maxMin")
    #expect(xml.first("valAx")?.first("crosses")?["val"] == "max")
    #expect(xml.first("valAx")?.first("numFmt")?["formatCode"] == "0%")
    let data = try package.cells(ofSheet: "Chart data")
    #expect(data["A1"]?.text == "Nationality")
    #expect(data["B1"]?.text == "Foreign")
    #expect(!(try package.cells(ofSheet: "Nationalities").values.contains { $0.text == "Other" }))
  }

  /// Every visible sheet prints landscape on A4, one page wide, with the report's title and
  /// as-of date in the header and the sheet name and page number in the footer.
  @Test func everySheetIsSetUpForPrinting() throws {
    defer { dir.remove() }
    for name in WorkbookReport.sheetNames().dropLast() {
      let sheet = try package.xml(try package.worksheetPart(named: name))
      let setup = try #require(sheet.first("pageSetup"), "\(name)")
      #expect(setup["orientation"] == "landscape", "\(name)")
      #expect(setup["paperSize"] == "9", "\(name)")
      #expect(setup["fitToWidth"] == nil || setup["fitToWidth"] == "1", "\(name)")
      #expect(sheet.first("pageSetUpPr")?["fitToPage"] == "1", "\(name)")
      // The fixture's sheets are short: one page tall each.
      #expect(setup["fitToHeight"] == nil || setup["fitToHeight"] == "1", "\(name)")
      #expect(
        sheet.first("oddHeader")?.text
          == "&LOrbis report “default”&RAs of 23 November 2026", "\(name)")
      #expect(sheet.first("oddFooter")?.text == "&L&A&RPage &P of &N", "\(name)")
    }
    // The nationalities' header row repeats on every printed page.
    let names = try package.xml("xl/workbook.xml").all("definedName")
    #expect(
      names.contains {
        $0["name"] == "_xlnm.Print_Titles" && $0.text == "Nationalities!$1:$1"
      })
  }

  @Test func noFormulaAnywhereAndPayloadsStayText() throws {
    defer { dir.remove() }
    for name in WorkbookReport.sheetNames() {
      #expect(try package.cells(ofSheet: name).values.allSatisfy { $0.formula == nil })
    }
    let units = try package.cells(ofSheet: "Units")
    #expect(units["A4"]?.text == ReportFixture.formulaPayloads[0])
    #expect(units["A4"]?.type == "s")
    let md = try text("summary.md")
    #expect(md.contains("\\=HYPERLINK") == false)
    #expect(md.contains("=HYPERLINK(\"http://evil.example\",\"x\")"))
    #expect(md.contains("\\+cmd\\|' /C calc'!A0") == false)
    #expect(md.contains("+cmd\\|' /C calc'!A0"))
    #expect(try text("summary.txt").contains("=HYPERLINK(\"http://evil.example\",\"x\")"))
  }

  @Test func statsJSONAndSummaryAgreeWithTheWorkbook() throws {
    defer { dir.remove() }
    let data = try Data(contentsOf: URL(fileURLWithPath: dir.join("stats.json")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["schema_version"] as? Int == 1)
    #expect(json["as_of"] as? String == "2026-11-23")
    #expect(json["generated_at"] as? String == "2026-11-23T06:00:00Z")
    #expect(json["orbis_version"] as? String == OrbisVersion.current)
    #expect(json["config_sha256"] as? String == String(repeating: "c", count: 64))
    let staff = try #require((json["statistics"] as? [String: Any])?["staff"] as? [String: Any])
    #expect(staff["headcount"] as? Int == Int(try summaryValue("Headcount") ?? ""))
    #expect(staff["foreign"] as? Int == 4)
    let rejected = try #require(json["rejected"] as? [String: Any])
    #expect((rejected["by_kind"] as? [String: Int])?["unknown_country"] == 1)
    #expect((rejected["by_kind"] as? [String: Int])?.count == DiagnosticKind.allCases.count)
    let inputs = try #require(json["inputs"] as? [[String: Any]])
    #expect(inputs.first?["rows_rejected"] as? Int == 1)

    let summary = try text("summary.txt")
    #expect(summary.contains(/\n  Staff present +7\n/))
    #expect(summary.contains(/\n  Foreign staff +4  57.1%\n/))
    #expect(summary.contains(/\n  France +FR +Europe +3  42.8%\n/))
    for line in summary.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(line.count <= 100, "\(line)")
    }
    // The record reads back as it was written.
    #expect(try ReportRecord.decode(data).get() == record)
  }
}
