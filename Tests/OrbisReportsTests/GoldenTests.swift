import Foundation
import Testing

@testable import OrbisCore
@testable import OrbisReports

/// `summary.txt` and `summary.md` of the fixture report, compared byte for byte with files in
/// `Golden/`. Those change only through `make golden` (which sets ORBIS_UPDATE_GOLDEN=1 and
/// rewrites them); read their diff before committing.
@Suite struct GoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  func compare(_ produced: String, with name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["ORBIS_UPDATE_GOLDEN"] == "1" {
      try produced.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(produced == expected, "\(name) differs from Golden/\(name); if intended: make golden")
  }

  static func document(_ language: ReportLanguage) -> SummaryDocument {
    var previous = ReportFixture.record(asOf: "2026-06-30").statistics
    previous.staff.nationalities.removeLast()
    previous.programmes.list.append(
      ProgrammeRow(
        id: "P0", type: "IRN", acronym: "EUREA", title: "", partnerCountries: ["DE"], unit: "",
        start: nil, end: Day(iso: "2026-10-31")))
    let current = ReportFixture.record().statistics
    return SummaryDocument(
      record: ReportFixture.record(
        changes: Changes(
          previous: PreviousFigures(previous, generatedAt: "2026-06-30T06:00:00Z"),
          current: current), language: language))
  }

  @Test(arguments: ReportLanguage.allCases) func plainText(_ language: ReportLanguage) throws {
    try compare(Self.document(language).plainText(), with: "summary.\(language.rawValue).txt")
  }

  @Test(arguments: ReportLanguage.allCases) func markdown(_ language: ReportLanguage) throws {
    try compare(Self.document(language).markdown(), with: "summary.\(language.rawValue).md")
  }
}
