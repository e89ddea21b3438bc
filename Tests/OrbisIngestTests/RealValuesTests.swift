import Foundation
import OrbisCore
import Testing

@testable import OrbisIngest

/// Values as HR systems write them (Tests/Inputs/RealValues): nationality adjectives, World
/// Bank and other spellings, several nationalities, percentages, date forms; each read to the
/// exact value, or refused with the reason a person can act on.
@Suite struct RealValuesTests {
  static let inputs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Inputs/RealValues").path

  func read(_ folder: String, rules: ValueRules = ValueRules()) -> IngestResult {
    DataDirectoryReader(directory: "\(Self.inputs)/\(folder)", rules: rules).read()
  }

  func codes(_ member: StaffMember) -> String {
    ([member.nationality] + member.otherNationalities).map { n in
      if case .country(let id) = n { id.country.alpha2 } else { "\(n)" }
    }.joined(separator: "+")
  }

  func nationalities(_ result: IngestResult) -> [String] {
    result.dataset.staff.map { "\($0.id) \(codes($0))" }
  }

  func diagnostics(_ result: IngestResult) -> [String] {
    result.diagnostics.kept.map(\.description)
  }

  // MARK: 1–3. Nationalities

  @Test func nationalityAdjectivesInEnglishAndFrench() {
    let result = read("demonyms")
    #expect(
      nationalities(result) == [
        "1 FR", "2 FR", "3 FR", "4 DE", "5 IT", "6 CN", "7 GB", "8 US", "9 CI", "12 XK",
      ])
    // A demonym two states share is refused, naming both: never a guess.
    #expect(
      diagnostics(result) == [
        "staff.csv:11: nationalité: \"Congolese\" is shared by Congo - Kinshasa (CD) and Congo - Brazzaville (CG): write the country's code or name (\"Congolese\")",
        "staff.csv:12: nationalité: \"Congolaise\" is shared by Congo - Kinshasa (CD) and Congo - Brazzaville (CG): write the country's code or name (\"Congolaise\")",
      ])
  }

  @Test func otherSpellingsInTheWildAndTheOfficesAliases() {
    var rules = ValueRules()
    rules.countryAliases = [TextKey.fold("Ex-Yougoslavie"): CountryTable.country(alpha2: "RS")!]
    let result = read("spellings", rules: rules)
    #expect(
      nationalities(result) == [
        "1 KR", "2 CD", "3 IR", "4 CZ", "5 LA", "6 NL", "7 VA", "8 XK", "9 XK", "10 XK", "11 RS",
        "12 VE", "13 GM", "14 NL",
      ])
    #expect(result.diagnostics.total == 0)
    // Without the alias, the office's spelling is unknown.
    #expect(
      diagnostics(read("spellings")) == [
        "staff.csv:12: nationality: unknown country \"Ex-Yougoslavie\" (\"Ex-Yougoslavie\")"
      ])
  }

  @Test func severalNationalitiesWithSlashesAndSemicolons() {
    let result = read("separators")
    #expect(
      nationalities(result) == [
        "1 FR+DE", "2 FR+DE", "3 IT+ES", "4 KR", "5 GW", "6 PT+BR", "8 TT",
      ])
    #expect(
      diagnostics(result) == [
        "staff.csv:8: nationality: unknown country \"Atlantis\" (\"FR/Atlantis\")"
      ])
  }

  // MARK: 4. FTE

  @Test func aFileOfPercentagesIsReadAsSuchAndSaidOnce() {
    let result = read("percentages")
    #expect(result.dataset.staff.map(\.fte) == [1, 0.8, 0.5, 1, 0.8, 0.625])
    #expect(
      diagnostics(result) == [
        "staff.csv:7: quotité: FTE must be a number in (0, 1], or a percentage such as 80 % (\"0\")"
      ])
    #expect(
      result.files.first?.details.notes == [
        "FTE values read as percentages: all are between 0 and 100 and some above 1 (inputs.fte_scale = \"auto\")"
      ])
  }

  @Test func aFileOfFractionsRejectsValuesAboveOneInLineOrder() {
    let result = read("fractions")
    #expect(result.dataset.staff.map(\.fte) == [1, 0.8, 0.5, 0.8])
    #expect(
      diagnostics(result)
        == [
          "staff.csv:5: fte: FTE must be a number in (0, 1] (or a percentage such as 80 %); this file's FTE values are fractions: it also has \"1\" (\"80\")",
          "staff.csv:7: fte: FTE must be a number in (0, 1], or a percentage such as 80 % (\"150\")",
          // The FTE above 1 comes first in column order: it is the row's defect.
          "staff.csv:8: nationality: unknown country \"XX\" (\"XX\")",
        ].sorted())
    #expect(result.files.first?.details.ftePercentages == false)
  }

  /// Values of 1 with one of 1.5: a typo in a file of fractions, not a file of percentages.
  @Test func aFileMixingOneAndAboveIsFractionsAndSaysSo() {
    let result = read("mixed-fte")
    #expect(result.dataset.staff.map(\.fte) == [1, 1])
    #expect(
      diagnostics(result) == [
        "staff.csv:4: fte: FTE must be a number in (0, 1] (or a percentage such as 80 %); this file's FTE values are fractions: it also has \"1\" (\"1,5\")",
        "staff.csv:5: fte: FTE must be a number in (0, 1] (or a percentage such as 80 %); this file's FTE values are fractions: it also has \"1\" (\"100\")",
      ])
  }

  @Test func theFTEScaleCanBeForced() {
    var rules = ValueRules()
    rules.fteScale = .percent
    #expect(
      read("fractions", rules: rules).dataset.staff.map(\.fte) == [0.01, 0.008, 0.005, 0.8, 0.8])
    rules.fteScale = .fraction
    let fractions = read("percentages", rules: rules)
    #expect(fractions.dataset.staff.map(\.fte) == [1, 0.8])
    #expect(fractions.diagnostics.countsByKind[.badNumber] == 5)
  }

  // MARK: 5. Dates

  @Test func dateFormsAndZones() throws {
    var rules = ValueRules()
    rules.timeZone = TimeZone(identifier: "Europe/Paris")!
    let result = read("dates", rules: rules)
    #expect(
      result.dataset.staff.map { "\($0.id) \($0.period.start.map(\.description) ?? "-")" } == [
        "1 2020-06-30", "2 2020-06-30", "3 2020-07-01", "4 2020-07-01", "5 2020-06-30",
        "6 2020-06-30", "7 2020-06-30", "9 2020-06-30",
      ])
    #expect(result.dataset.staff[1].period.end == Day(iso: "2026-12-31"))
    #expect(
      diagnostics(result) == [
        "staff.csv:9: start_date: not a date as day/month/year (inputs.date_order = \"dmy\"); as month/day/year it would be 2020-06-30: set inputs.date_order = \"mdy\" if the file writes dates that way (\"6/30/2020\")",
        "staff.csv:11: start_date: not a date; use YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY or YYYY/MM/DD (\"2020-02-30\")",
      ])
  }

  @Test func monthFirstDatesWhenConfigured() {
    var rules = ValueRules()
    rules.dateOrder = .mdy
    let result = read("dates-mdy", rules: rules)
    #expect(
      result.dataset.staff.map { "\($0.id) \($0.period.start!)" } == [
        "1 2020-06-30", "3 2020-06-01",
      ])
    #expect(
      diagnostics(result) == [
        "staff.csv:3: start_date: not a date as month/day/year (inputs.date_order = \"mdy\"); as day/month/year it would be 2020-06-30: set inputs.date_order = \"dmy\" if the file writes dates that way (\"30/06/2020\")"
      ])
  }

  // MARK: 6. Two versions of one list

  @Test func twoVersionsOfOneListStopTheRunNamingBoth() {
    let result = read("two-versions")
    #expect(
      result.errors.map(\.description) == [
        "staff.csv: it and staff (1).csv look like two versions of the same list (4 of their ids are in both): keep one, and move the other out of the data directory"
      ])
    #expect(result.errors.first?.kind == .twoVersions)
    // Two halves sharing one id: one duplicate, read as usual.
    let halves = read("two-halves")
    #expect(halves.errors.isEmpty)
    #expect(halves.dataset.staff.count == 8)
    #expect(halves.diagnostics.countsByKind[.duplicateID] == 1)
  }

  /// `#N/A` and `N/A` are no country (they would fold to Namibia's code): an error written as
  /// text is an empty value, "not available" an unknown nationality; `NA` is Namibia.
  @Test func notAvailableIsNeverNamibia() {
    let result = read("not-available")
    #expect(nationalities(result) == ["2 unknown", "3 FR", "4 NA", "5 unknown"])
    #expect(result.dataset.staff.first?.unit == nil)
    #expect(
      diagnostics(result) == [
        "staff.csv:2: nationality: nationality is required; the cell holds the spreadsheet error #N/A (\"#N/A\")"
      ])
  }

  // MARK: Found by review

  func readText(_ text: String, rules: ValueRules = ValueRules()) throws -> IngestResult {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff.csv", text)
    return DataDirectoryReader(directory: fixture.directory, rules: rules).read()
  }

  @Test func reviewedSpellingsAndSeparators() throws {
    let result = try readText(
      """
      id;nationality
      1;N / A
      2;n\\a
      3;N-A
      4;NA
      5;FR/France
      6;FR/stateless
      7;RDC
      8;Rép. tchèque
      9;Fed. Rep. of Germany
      10;Hollandaise
      11;unknown/DE

      """)
    // Several values as written, the first being the primary (the contract's rule).
    #expect(
      nationalities(result) == [
        "1 unknown", "2 unknown", "3 unknown", "4 NA", "5 FR+FR", "6 FR+stateless", "7 CD",
        "8 CZ", "9 DE", "10 NL", "11 unknown+DE",
      ])
    #expect(result.diagnostics.total == 0)
  }

  @Test func reviewedDatesAndFTE() throws {
    var rules = ValueRules()
    rules.dateOrder = .mdy
    let result = try readText(
      """
      id,nationality,start_date,fte
      1,FR,6/30/2020 8:15 PM,80
      2,FR,2020-06-30 08:15 +02:00,50
      3,FR,2020-06-30T20:00:00+99:00,100
      4,FR,2020-06-30T08:15:00 Z,120

      """, rules: rules)
    // 120 is out of range; the others are a file of percentages.
    #expect(result.dataset.staff.map(\.fte) == [0.8, 0.5])
    #expect(
      result.dataset.staff.map { $0.period.start! } == [
        Day(iso: "2020-06-30")!, Day(iso: "2020-06-30")!,
      ])
    #expect(
      diagnostics(result) == [
        "staff.csv:4: start_date: not a date; use YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY or YYYY/MM/DD (\"2020-06-30T20:00:00+99:00\")",
        "staff.csv:5: fte: FTE must be a number in (0, 1], or a percentage such as 80 % (\"120\")",
      ])
  }
}
