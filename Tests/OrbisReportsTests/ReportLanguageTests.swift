import Foundation
import OrbisCore
import TestSupport
import Testing

@testable import OrbisReports

/// The same record in English and in French: texts in each language, numbers as each writes
/// them in text, and workbook number cells identical (only texts differ).
@Suite struct ReportLanguageTests {
  static func render(_ language: ReportLanguage) throws -> (TemporaryDirectory, XLSXPackage) {
    let record = ReportFixture.record(language: language)
    let dir = try TemporaryDirectory()
    try ReportRenderer.render(record, into: dir.path)
    return (dir, try XLSXPackage(contentsOf: URL(fileURLWithPath: dir.join("report.xlsx"))))
  }

  @Test func numbersAndDatesAsEachLanguageWritesThem() {
    let fr = ReportLocale(.fr)
    // CLDR's French: a narrow no-break space (U+202F) groups digits, a no-break space (U+00A0)
    // precedes %.
    #expect(fr.integer(3055) == "3\u{202F}055")
    #expect(fr.percent(0.301) == "30,1\u{00A0}%")
    #expect(fr.fte(2702.7) == "2\u{202F}702,70")
    #expect(fr.points(1.25) == "+1,3\u{00A0}pts")
    #expect(fr.longDate(Day(iso: "2026-06-30")!) == "30 juin 2026")
    #expect(fr.date(Day(iso: "2026-12-31")) == "31 déc. 2026")
    let en = ReportLocale(.en)
    #expect(en.integer(3055) == "3,055")
    #expect(en.percent(0.301) == "30.1%")
    #expect(en.fte(2702.7) == "2,702.70")
    #expect(en.points(-0.04) == "0.0 pts")
    #expect(en.points(-0.05) == "-0.1 pts")
    #expect(fr.points(-0.04) == "0,0\u{00A0}pts")
    #expect(en.longDate(Day(iso: "2026-06-30")!) == "30 June 2026")
    #expect(en.percent(nil) == "–")
    // Half away from zero, as the tables round.
    #expect(en.percent(0.0005) == "0.1%")
    #expect(en.fte(0.125) == "0.13")
  }

  @Test func namesInEachLanguage() {
    let fr = ReportLocale(.fr)
    #expect(fr.country("DE", fallback: "Germany") == "Allemagne")
    #expect(fr.country("XXA", fallback: "Stateless") == "Apatrides")
    #expect(fr.continent("Americas") == "Amériques")
    #expect(fr.given(Statistics.notGiven) == "(non renseigné)")
    let en = ReportLocale(.en)
    #expect(en.country("DE", fallback: "?") == "Germany")
    #expect(en.continent("Oceania") == "Oceania")
  }

  @Test func frenchWorkbookTexts() throws {
    let (dir, package) = try Self.render(.fr)
    defer { dir.remove() }
    let names = try package.xml("xl/workbook.xml").all("sheet").compactMap { $0["name"] }
    #expect(
      names == [
        "Synthèse", "Nationalités", "Unités", "Programmes", "Liste des programmes", "Accords",
        "Écarts", "Tendances", "Qualité des données", "Provenance", "Données des graphiques",
      ])
    #expect(names == WorkbookReport.sheetNames(.fr))
    let nationalities = try package.cells(ofSheet: "Nationalités")
    #expect(nationalities["A1"]?.text == "Nationalité")
    #expect(nationalities["A2"]?.text == "France")
    #expect(nationalities["A3"]?.text == "Allemagne")
    #expect(nationalities["A6"]?.text == "Apatrides")
    #expect(nationalities["G1"]?.text == "Continents (régions M49 de l’ONU)")
    let summary = try package.cells(ofSheet: "Synthèse")
    #expect(summary["A1"]?.text == "Rapport Orbis «\u{00A0}default\u{00A0}»")
    #expect(summary.values.contains { $0.text == "Effectif" })
    #expect(summary.values.contains { $0.text == "Sans la nationalité du pays d’accueil (France)" })
    let quality = try package.cells(ofSheet: "Qualité des données")
    #expect(quality["E3"]?.text == "pays inconnu")
    let titles = try ReportFilesTests.charts(package).map(\.title).sorted()
    #expect(
      titles == [
        "Part d’étrangers par unité", "Personnels étrangers par continent",
        "Personnels étrangers\u{00A0}: les 4 premières nationalités", "Programmes actifs par type",
      ])
    let sheet = try package.xml(try package.worksheetPart(named: "Unités"))
    #expect(
      sheet.first("oddHeader")?.text
        == "&LRapport Orbis «\u{00A0}default\u{00A0}»&RSituation au 23 novembre 2026")
    #expect(sheet.first("oddFooter")?.text == "&L&A&RPage &P sur &N")
  }

  /// Every number cell of every sheet is the same in both languages; only texts differ. And no
  /// number is written with a decimal comma, whatever the language.
  @Test func numberCellsIdenticalAcrossLanguages() throws {
    let (enDir, en) = try Self.render(.en)
    let (frDir, fr) = try Self.render(.fr)
    defer {
      enDir.remove()
      frDir.remove()
    }
    var compared = 0
    for (enName, frName) in zip(WorkbookReport.sheetNames(.en), WorkbookReport.sheetNames(.fr)) {
      let a = try en.cells(ofSheet: enName).filter { $0.value.text == nil }
      let b = try fr.cells(ofSheet: frName).filter { $0.value.text == nil }
      #expect(a.mapValues(\.value) == b.mapValues(\.value), "\(enName) / \(frName)")
      for cell in b.values {
        if let value = cell.value {
          #expect(value.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?(E[-+]?[0-9]+)?/) != nil, "\(value)")
        }
      }
      compared += a.count
    }
    #expect(compared > 50)
  }

  @Test func statsJSONRecordsTheLanguageAndKeepsEnglishKeys() throws {
    let (dir, _) = try Self.render(.fr)
    defer { dir.remove() }
    let data = try Data(contentsOf: URL(fileURLWithPath: dir.join("stats.json")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["language"] as? String == "fr")
    let staff = try #require((json["statistics"] as? [String: Any])?["staff"] as? [String: Any])
    #expect(staff["headcount"] as? Int == 7)
  }
}
