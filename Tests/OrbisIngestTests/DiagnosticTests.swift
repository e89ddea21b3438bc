import Foundation
import OrbisCore
import OrbisIngest
import Testing

/// Each kind of defect on a small roster: the exact diagnostic a person reads.
@Suite struct DiagnosticTests {
  static let header = "id,nationality,unit,start_date,end_date,fte\n"

  func diagnostics(_ body: String, file: String = "staff.csv") throws -> [String] {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(file, Self.header + body)
    let result = fixture.read()
    #expect(result.errors.isEmpty)
    return result.diagnostics.kept.map(\.description)
  }

  @Test func eachKindNamesFileLineColumnReasonAndValue() throws {
    let lines = [
      "A1,FR,LAPP,2020-01-01,,1",  // 2: valid
      "A2,FR,LAPP,2020-01-01,,1,extra",  // 3: wrong_field_count
      ",FR,LAPP,2020-01-01,,1",  // 4: missing id
      "A4,Frence,LAPP,2020-01-01,,1",  // 5: unknown_country
      "A5,FR,LAPP,2026-02-30,,1",  // 6: bad_date
      "A6,FR,LAPP,2020-06-15,15/06/2019,1",  // 7: end_before_start
      "A7,FR,LAPP,2020-01-01,,\"1,5\"",  // 8: bad_number
      "A1,DE,CPPM,2021-01-01,,1",  // 9: duplicate_id
    ]
    let found = try diagnostics(lines.joined(separator: "\n") + "\n")
    #expect(
      found == [
        "staff.csv:3: 7 fields where the header has 6; the first extra one is field 7 (\"extra\")",
        "staff.csv:4: id: id is required (\"\")",
        "staff.csv:5: nationality: unknown country \"Frence\" (did you mean France, Greece?) (\"Frence\")",
        "staff.csv:6: start_date: not a date; use YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY or YYYY/MM/DD (\"2026-02-30\")",
        "staff.csv:7: end_date: ends 2019-06-15, before it starts 2020-06-15 (\"15/06/2019\")",
        "staff.csv:8: fte: FTE must be a number in (0, 1] (or a percentage such as 80 %); this file's FTE values are fractions: it also has \"1\" (\"1,5\")",
        "staff.csv:9: id: id \"A1\" is already used at staff.csv:2 (\"A1\")",
      ])
  }

  @Test func filesAreFingerprintedBySHA256() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    // `printf 'id,nationality\n1,FR\n' | sha256sum`
    try fixture.write("staff.csv", "id,nationality\n1,FR\n")
    try fixture.write("agreements.csv", "")
    let result = fixture.read()
    #expect(
      result.files.first?.sha256
        == "04c74333dcac952e49e342b1640999603c48b0d635736955a02cef693ea08693")
    #expect(Digest.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func theFirstDefectInColumnOrderWins() throws {
    // Unknown country (column 2) before a bad date (column 4); a duplicate id (column 1) first.
    let found = try diagnostics(
      "B1,FR,,,,\nB2,Atlantis,,2026-13-01,,\nB1,Atlantis,,2026-13-01,,\n")
    #expect(found.count == 2)
    #expect(found[0].hasPrefix("staff.csv:3: nationality: unknown country \"Atlantis\""))
    #expect(found[1].hasPrefix("staff.csv:4: id: id \"B1\" is already used at staff.csv:2"))
  }

  @Test func aSeparatorAloneIsNoCountry() throws {
    let found = try diagnostics("E1,|,,,,\nE2,FR|,,,,\n")
    #expect(
      found == ["staff.csv:2: nationality: no country in \"|\" (separate several with |) (\"|\")"])
  }

  @Test func duplicatesAcrossFilesNameBothPlaces() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff-a.csv", Self.header + "X1,FR,,,,\n")
    try fixture.write("staff-b.csv", "Matricule;Nationalité\nX2;IT\nX1;DE\n")
    let result = fixture.read()
    #expect(result.dataset.staff.map(\.id) == ["X1", "X2"])
    #expect(
      result.diagnostics.kept.map(\.description) == [
        "staff-b.csv:3: Matricule: id \"X1\" is already used at staff-a.csv:2 (\"X1\")"
      ])
    #expect(result.files.map(\.rowsRejected) == [0, 1])
  }

  /// An id is the same id however its accents are stored: precomposed (`É`, as Excel writes
  /// it) or as a letter and a combining mark (`E` + U+0301, as macOS may save it), and the
  /// Kelvin sign is the letter K; as `String` compares them, in a file or across files, for
  /// an accepted row and for a rejected one whose id comes before its defect.
  @Test func duplicateIdsAreFoundWhateverTheirUnicodeForm() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff-a.csv", Self.header + "REN\u{C9}-01,FR,,,,\n\u{212A}7,FR,,,,\nK8,IT,,,,\n")
    try fixture.write(
      "staff-b.csv",
      Self.header + "RENE\u{301}-01,DE,,,,\nK7,IT,,,,\n\u{212A}8,IT,,2020-99-99,,\n")
    let result = fixture.read()
    #expect(result.dataset.staff.map(\.id) == ["REN\u{C9}-01", "\u{212A}7", "K8"])
    #expect(result.diagnostics.countsByKind[.duplicateID] == 3)
    #expect(
      result.diagnostics.kept.map(\.description).prefix(2) == [
        "staff-b.csv:2: id: id \"REN\u{C9}-01\" is already used at staff-a.csv:2 (\"REN\u{C9}-01\")",
        "staff-b.csv:3: id: id \"K7\" is already used at staff-a.csv:3 (\"K7\")",
      ])
    #expect(result.files.map(\.rowsRejected) == [0, 3])
  }

  @Test func quotedFieldsWithNewlinesReportTheLineWhereTheRecordStarts() throws {
    let found = try diagnostics(
      "C1,\"France\",\"Lab\nwith a newline\",2020-01-01,,1\r\nC2,\"Nar\"\"nia\",LAPP,2020-01-01,,1\r\n"
    )
    #expect(found == ["staff.csv:4: nationality: unknown country \"Nar\"nia\" (\"Nar\\\"nia\")"])
  }

  @Test func diagnosticsBeyondTheCapAreCountedNotKept() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let rows = (1...50).map { "D\($0),Narnia,,,," }.joined(separator: "\n")
    try fixture.write("staff.csv", Self.header + rows + "\n")
    let result = fixture.read(cap: 10)
    #expect(result.diagnostics.total == 50)
    #expect(result.diagnostics.kept.count == 10)
    #expect(result.diagnostics.countsByKind == [.unknownCountry: 50])
  }

  @Test func valuesAreReadAsTheContractSays() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff.csv",
      "\u{FEFF}ID;Nationalité;Laboratoire;Date_Debut;date-fin;ETP;Genre;Notes\r\n"
        + "E1;Turquie|FR;LAPP;05/03/2021;;0,8;F;x\r\n"
        + "E2;apatride;CPPM;2019-01-01;2024-12-31;;M;\r\n"
        + "E3;XXX;;;;1;;\r\n")
    let result = fixture.read()
    #expect(result.diagnostics.total == 0)
    let staff = result.dataset.staff
    #expect(staff.count == 3)
    #expect(staff[0].nationality == CountryTable.resolve("TR"))
    #expect(staff[0].otherNationalities == [CountryTable.resolve("FR")!])
    #expect(staff[0].period.start == Day(year: 2021, month: 3, day: 5))
    #expect(staff[0].fte == 0.8)
    #expect(staff[0].gender == "F")
    #expect(staff[1].nationality == .stateless)
    #expect(staff[1].period.end == Day(year: 2024, month: 12, day: 31))
    #expect(staff[1].fte == 1)
    #expect(staff[2].nationality == .unknown)
    #expect(staff[2].unit == nil)
    #expect(result.files.first?.ignoredColumns == ["Notes"])
  }
}
