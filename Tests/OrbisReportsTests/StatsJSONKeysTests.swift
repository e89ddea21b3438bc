import Foundation
import Testing

@testable import OrbisCore
@testable import OrbisReports

/// `stats.json` is encoded without converting keys (`ReportRecord.json`): every type in it
/// spells its snake_case keys out. A record with every optional part shows that converting
/// would change nothing, and that the document reads back whole.
@Suite struct StatsJSONKeysTests {
  static func fullRecord() -> ReportRecord {
    let asOf = Day(iso: "2026-11-23")!
    let stats = Statistics.compute(
      dataset: ReportFixture.dataset, asOf: asOf, configuration: ReportFixture.configuration)
    let (protected, summary) = stats.protected(
      minCount: 2, groups: ReportFixture.configuration.countryGroups)
    let figures = Trends.recompute(
      ReportFixture.dataset, at: [Day(iso: "2025-12-31")!, asOf],
      host: ReportFixture.country("FR"))
    let trends = Trends.assemble(
      period: .year, [(figures[0], .published), (figures[1], .recomputed)],
      types: Configuration.defaultProgrammeTypes, hostCountry: "FR")
    var record = ReportFixture.record(
      changes: Changes(
        previous: PreviousFigures(stats, generatedAt: "2026-10-01T00:00:00Z"), current: protected
      ).protected(minCount: 2))
    record.statistics = protected
    record.trends = trends.protected(minCount: 2)
    record.protection = summary
    record.scope = ReportScope(units: ["LAPP"], categories: ["engineer"])
    return record
  }

  @Test func keysNeedNoConversionAndReadBack() throws {
    let record = Self.fullRecord()
    #expect(record.changes != nil && record.trends != nil && record.protection != nil)
    let written = record.json()
    #expect(written == ReportRecord.encodeJSON(record, keys: .convertToSnakeCase))
    // Read back and written again, the same document: nothing is lost on the way (a count
    // below the minimum reads back as suppressed, which is written alike).
    #expect(try ReportRecord.decode(written).get().json() == written)
    let text = String(decoding: written, as: UTF8.self)
    for key in [
      "\"top_foreign_nationalities\"", "\"shown_share\"", "\"partner_countries\"",
      "\"suppressed_cells\"", "\"config_sha256\"", "\"rows_rejected\"",
    ] {
      #expect(text.contains(key), "\(key)")
    }
  }

  /// The programme and agreement lists' rows are encoded by hand (dates passed as text): the
  /// same text as the synthesized encoding, a missing date left out, and read back equal.
  @Test func listRowsAreWrittenAsBefore() throws {
    let programme = ProgrammeRow(
      id: "P-1", type: "IRP", acronym: "ACR", title: "Titre \"é\"",
      partnerCountries: ["DE", "JP"], unit: "LAPP", start: Day(iso: "2024-02-29"), end: nil)
    let agreement = AgreementRow(
      partner: "CERN", acronym: "", category: "IGO", kind: "MoU", signed: nil,
      end: Day(iso: "2030-12-31"), country: "CH", status: .notYetSigned)
    #expect(
      String(decoding: ReportRecord.encodeJSON(programme, keys: .useDefaultKeys), as: UTF8.self)
        == """
        {
          "acronym" : "ACR",
          "id" : "P-1",
          "partner_countries" : [
            "DE",
            "JP"
          ],
          "start" : "2024-02-29",
          "title" : "Titre \\"é\\"",
          "type" : "IRP",
          "unit" : "LAPP"
        }
        """ + "\n")
    #expect(
      String(decoding: ReportRecord.encodeJSON(agreement, keys: .useDefaultKeys), as: UTF8.self)
        == """
        {
          "acronym" : "",
          "category" : "IGO",
          "country" : "CH",
          "end" : "2030-12-31",
          "kind" : "MoU",
          "partner" : "CERN",
          "status" : "not_yet_signed"
        }
        """ + "\n")
    let decoder = JSONDecoder()
    #expect(
      try decoder.decode(ProgrammeRow.self, from: ReportRecord.encodeJSON(programme)) == programme)
    #expect(
      try decoder.decode(AgreementRow.self, from: ReportRecord.encodeJSON(agreement)) == agreement)
  }
}
