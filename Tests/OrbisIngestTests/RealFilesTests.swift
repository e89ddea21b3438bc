import Foundation
import OrbisCore
import Testing

@testable import OrbisIngest

/// Files as spreadsheet programs and HR systems write them (Tests/Inputs/RealFiles, written by
/// Tools/make-real-file-inputs.py): each is read whole, with exact rows, lines and notes, or
/// refused by name. check_real_files.py compares the same files cell by cell with Python.
@Suite struct RealFilesTests {
  static let inputs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Inputs/RealFiles").path

  func read(
    _ folder: String, encoding: Configuration.InputEncoding = .auto,
    rules: [Configuration.FileRule] = [], hints: Bool = false
  ) -> IngestResult {
    var reader = DataDirectoryReader(
      directory: "\(Self.inputs)/\(folder)", encoding: encoding, fileRules: rules)
    reader.lookalikeHints = hints
    return reader.read()
  }

  func staff(_ result: IngestResult) -> [String] {
    result.dataset.staff.map { s in
      let code = if case .country(let id) = s.nationality { id.country.alpha2 } else { "?" }
      return "\(s.id) \(code) \(s.unit ?? "-")"
    }
  }

  func diagnostics(_ result: IngestResult) -> [String] {
    result.diagnostics.kept.map(\.description)
  }

  // MARK: 1. Silent loss

  @Test func bareCRLineEndsAreRecords() {
    let result = read("cr-line-ends")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["1 FR LAPP", "2 DE LAPP"])
    #expect(result.files.first?.warnings == [])
  }

  @Test func mixedLineEndsCountEveryKindOfLine() {
    let result = read("mixed-line-ends")
    // LF, CRLF and CR (inside quotes too) each end a physical line.
    #expect(staff(result) == ["1 FR LAPP", "2 DE LA\rPP", "3 IT LPSC"])
    #expect(
      diagnostics(result) == [
        "mixed-line-ends/staff.csv:7: nationality: unknown country \"XX\" (\"XX\")"
          .replacingOccurrences(of: "mixed-line-ends/", with: "")
      ])
  }

  @Test func xmlTextInEveryFormReachesTheCell() {
    let result = read("xml-text")
    #expect(result.errors.isEmpty)
    // CDATA header, rich-text runs joined, phonetic runs left out, character references,
    // entities, CDATA inside text; shared and inline strings alike.
    #expect(
      staff(result) == ["1 FR Lab détecteurs", "2 DE R&D détecteurs", "3 IT Labo <cdata> & 中"])
  }

  @Test func aFileWithNoDataRowOrNoAcceptedRowIsAWarning() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff.csv", "id,nationality\n")
    try fixture.write("staff-2.csv", "id,nationality\n1,Atlantis\n2,\n")
    let result = fixture.read()
    #expect(
      result.files.map(\.warnings) == [
        ["every data row was rejected (2): it adds nothing to the figures; see the rejected rows"],
        ["no data row: the file has a header (line 1) and nothing below it"],
      ])
  }

  // MARK: 2. Files every spreadsheet program opens

  @Test func partsAreFoundThroughRelationships() {
    let result = read("relationships")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["10 PT -"])
    #expect(
      result.files.first?.details.notes == [
        "worksheet \"Agents\" read (the first in the workbook)"
      ])
  }

  @Test func aPackageWithoutItsRelationshipsUsesTheUsualNames() {
    let result = read("no-package-relationships")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["8 AT -"])
  }

  @Test func partNamesIgnoreCaseAndBackslashes() {
    let result = read("case-and-backslashes")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["5 ES -"])
  }

  @Test func emptySharedStringAndNumberCellsAreEmpty() {
    let result = read("empty-values")
    #expect(result.errors.isEmpty)
    #expect(result.dataset.staff.map(\.fte) == [1, 0.5])
    #expect(result.dataset.staff.map(\.unit) == [nil, nil])
  }

  @Test func strictNamespacesRowsWithoutReferencesErrorsAnd1904Dates() throws {
    let result = read("strict-and-oddities")
    #expect(result.errors.isEmpty)
    let first = try #require(result.dataset.staff.first)
    #expect(first.period.start == Day(iso: "2020-03-01"))  // t="d"
    #expect(first.period.end == Day(iso: "2026-12-31"))  // 44925 in the 1904 system
    #expect(staff(result) == ["1 NL LAPP", "3 SE -"])
    #expect(
      diagnostics(result) == [
        "staff.xlsx:4: nationality: nationality is required; the cell holds the spreadsheet error #N/A (\"\")"
      ])
    #expect(
      result.files.first?.details.notes == [
        "worksheet \"Hidden roster\" read (the first in the workbook; it is hidden)",
        "2 cells holding a spreadsheet error (#N/A, #REF!…) read as empty",
      ])
  }

  @Test func utf16WithAByteOrderMarkIsDecoded() {
    let result = read("utf16")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["3 GR Ελληνικά", "1 FR Équipe été", "2 CN 中文"])
    #expect(result.files.map(\.details.notes) == [["read as UTF-16BE"], ["read as UTF-16LE"]])
    #expect(result.files.map { $0.details.delimiter } == [0x2C, 0x09])
  }

  @Test func utf32AndUTF16WithoutAMarkAreRefusedByName() {
    let advice =
      "save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice), or as UTF-16 with its byte-order mark (Excel's \"Unicode Text\")"
    #expect(
      read("utf32").errors.map(\.description) == [
        "staff.csv: it is UTF-32 (its byte-order mark says so), which Orbis does not read; \(advice)"
      ])
    #expect(read("utf32").errors.first?.kind == .unsupportedEncoding)
    #expect(
      read("utf16-without-mark").errors.map(\.description) == [
        "staff.csv: it looks like UTF-16LE without a byte-order mark (every other byte is NUL), which cannot be read safely; \(advice)"
      ])
  }

  @Test func windows1252IsReadUnderAutoAndSaidSo() {
    let result = read("windows-1252")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["1 DE Équipe €uro", "2 CI Laboratoire œnologie"])
    #expect(
      result.files.first?.details.notes == [
        "read as Windows-1252: it is not valid UTF-8 (inputs.encoding = \"auto\")"
      ])
    #expect(
      read("windows-1252", encoding: .utf8).errors.map(\.description) == [
        "staff.csv: not UTF-8: invalid byte 0xE9 at byte offset 13 (line 1); it looks like Windows-1252: set inputs.encoding = \"auto\" or re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
      ])
    // A file rule's encoding wins over inputs.encoding.
    let ruled = read(
      "windows-1252", encoding: .utf8,
      rules: [.init(pattern: "STAFF.CSV", dataset: .staff, encoding: .windows1252)])
    #expect(staff(ruled) == ["1 DE Équipe €uro", "2 CI Laboratoire œnologie"])
    #expect(ruled.files.first?.details.notes == ["read as Windows-1252"])
  }

  @Test func bytesNeitherUTF8NorWindows1252AreRefused() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff.csv", bytes: Array("id,nationality\n1,".utf8) + [0xE9, 0x81, 0x0A])
    #expect(
      fixture.read().errors.map(\.description) == [
        "staff.csv: neither UTF-8 (invalid byte 0xE9 at byte offset 17 (line 2)) nor Windows-1252 (byte 0x81 at byte offset 18 (line 2) is undefined in Windows-1252); re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
      ])
  }

  @Test func excelsSeparatorLineNamesTheDelimiter() {
    let result = read("sep-line")
    #expect(staff(result) == ["1 FR LAPP, Annecy"])
    // Line numbers stay physical: the sep= line is line 1.
    #expect(
      diagnostics(result) == [
        "staff.csv:4: nationality: nationality is required (\"\")"
      ])
    #expect(
      result.files.first?.details.notes == ["delimiter semicolon named by its sep= first line"])
  }

  @Test func theHeaderMayStandBelowATitle() {
    let result = read("title-above-header")
    #expect(result.errors.isEmpty)
    #expect(result.diagnostics.total == 0)
    #expect(staff(result) == ["A7 CA IJCLab", "1 FR LAPP", "2 JP LPSC"])
    #expect(
      result.files.map(\.details.notes) == [
        [
          "worksheet \"Sheet1\" read (the first in the workbook)",
          "header on line 4; 2 lines (1–2) above it skipped (a title, a date or notes)",
        ],
        ["header on line 4; line 1 above it skipped (a title, a date or notes)"],
      ])
  }

  @Test func noHeaderInTheFirstRowsNamesTheMostCompleteCandidate() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff.csv", "Liste du personnel\n" + "id;unit\n" + String(repeating: "1;LAPP\n", count: 30))
    #expect(
      fixture.read().errors.map(\.description) == [
        "staff.csv: missing required column nationality for staff (accepted headers: nationality/nationalite/nationalité/country/pays); columns found: \"id\", \"unit\"; no row among the first 20 non-empty rows is a header (it must be within them)"
      ])
  }

  @Test func filesNamedOtherwiseAreReadByARuleOrHintedAt() {
    let rule = Configuration.FileRule(pattern: "extraction AGENTS*.xlsx", dataset: .staff)
    let result = read("file-rules", rules: [rule], hints: true)
    #expect(staff(result) == ["1 MA -"])
    #expect(
      result.skipped.map { "\($0.name): \($0.reason)" } == [
        "Export RH.csv: it looks like a staff file: name it staff….csv or add a rule under [inputs.files]"
      ])
    #expect(read("file-rules").dataset.staff.isEmpty)
    // A run does not open files it does not read.
    #expect(
      read("file-rules", rules: [rule]).skipped.map(\.reason) == [
        "not an input file (names start with staff, programmes, programs or agreements, or match a rule under [inputs.files])"
      ])
  }

  // MARK: 3. Text a workbook cannot hold

  @Test func controlCharactersAreRemovedAndCountedLongTextKept() {
    let result = read("control-characters")
    #expect(result.errors.isEmpty)
    #expect(
      result.dataset.staff.map { $0.unit ?? "-" } == [
        "LabY\r", "Lit_x0041_ral", "LabX", "AB", "Tab\tkept", String(repeating: "L", count: 40_000),
      ])
    #expect(
      result.files.map(\.details.notes) == [
        [
          "worksheet \"Sheet1\" read (the first in the workbook)",
          "1 control character removed (C0 codes or NUL, which reports cannot carry)",
        ],
        ["4 control characters removed (C0 codes or NUL, which reports cannot carry)"],
      ])
  }

  /// The word-at-a-time count is exact for every byte value in every position of a word.
  @Test func controlCharactersAreCountedExactlyWordByWord() {
    for value in UInt8(0)..<0x80 {
      for position in 0..<20 {
        var bytes = [UInt8](repeating: 0x61, count: 24)
        bytes[position] = value
        bytes[(position + 9) % 24] = 0x0A
        bytes[(position + 3) % 24] = value
        let expected = UTF8Check.isDisallowedControl(value) ? 2 : 0
        let scan = bytes.withUnsafeBytes { UTF8Check.scan($0) }
        #expect(scan.controlCharacters == expected, "byte \(value) at \(position)")
        #expect(scan.firstInvalid == nil)
      }
    }
  }

  @Test func escapesDecodeAsExcelWritesThem() {
    #expect(StringText.unescaped("a_x000D_b_x005F_x0041_c_x12_") == "a\rb_x0041_c_x12_")
  }

  // MARK: Found by review: each read right, or refused by name

  @Test func aMacCSVIsMacOSRoman() {
    let result = read("mac-roman")
    #expect(result.errors.isEmpty)
    #expect(staff(result) == ["1 FR Génie électrique", "2 DZ Chimie"])
    #expect(
      result.files.first?.details.notes == [
        "read as Mac OS Roman: it is not valid UTF-8 and its lines end with CR alone, as Excel for Mac's \"CSV (Macintosh)\" (inputs.encoding = \"auto\")"
      ])
  }

  @Test func filesThatCannotBeReadRightAreRefusedByName() {
    #expect(
      read("mixed-encodings").errors.map(\.description) == [
        "staff.csv: it mixes encodings: UTF-8 text at byte offset 30 (line 2), but invalid byte 0xE9 at byte offset 51 (line 3); re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
      ])
    #expect(
      read("utf16-odd").errors.map(\.description) == [
        "staff.csv: its UTF-16 text has an odd number of bytes (53): the file is truncated; save it again"
      ])
    #expect(
      read("renamed-workbook").errors.map(\.description) == [
        "staff.csv: it is a ZIP package (an Excel .xlsx workbook renamed?), not a text file; give it its own extension, or save it as CSV"
      ])
    let advice = "; open it in Excel or LibreOffice and save it again as .xlsx"
    #expect(
      read("repeated-cell").errors.map(\.description) == [
        "staff.xlsx: cannot read this Excel file: its part xl/worksheets/sheet1.xml is not valid (line 1: cell A2 of row 2 comes after column B (a repeated or misplaced cell))\(advice)"
      ])
    #expect(
      read("repeated-entry").errors.map(\.description) == [
        "staff.xlsx: cannot read this Excel file: it holds two entries for one part (xl/worksheets/sheet1.xml and xl/worksheets/Sheet1.xml)\(advice)"
      ])
    #expect(
      read("dtd").errors.map(\.description) == [
        "staff.xlsx: cannot read this Excel file: its part xl/sharedStrings.xml declares a DTD, which Office files never hold\(advice)"
      ])
    let formats = read("unreadable-format")
    #expect(
      formats.errors.map(\.description) == [
        "staff-b.xls: a staff file in the old Excel format (.xls), which Orbis does not read; save it as .xlsx (or .csv UTF-8), or move it out of the data directory"
      ])
    #expect(formats.errors.first?.kind == .unsupportedFormat)
  }

  @Test func chartSheetsFormulasLongIdsAndMacroWorkbooks() {
    let result = read("formulas-and-charts")
    #expect(result.dataset.staff.map(\.id) == ["1000000000000000"])
    #expect(
      diagnostics(result) == [
        "staff.xlsx:2: nationality: nationality is required; the cell holds a formula with no computed value (open and save the file in Excel or LibreOffice) (\"\")"
      ])
    #expect(
      result.files.first?.details.notes == [
        "worksheet \"Data\" read (the first in the workbook; \"Chart1\" before it is a chart, dialog or macro sheet)",
        "2 cells holding a formula with no computed value read as empty: open and save the file in Excel or LibreOffice to compute them",
      ])
    let cells = try? FileReader(columnMappings: [:], maxFileSize: 1 << 30).cells(
      of: InputFile(
        name: "staff.xlsx", path: "\(Self.inputs)/formulas-and-charts/staff.xlsx", dataset: .staff,
        format: .xlsx, size: 0))
    #expect(cells?.rows.map(\.cells) == [["1234567890123456"], ["1000000000000000", "DE", "X"]])
    #expect(staff(read("macro-workbook")) == ["10 PT -"])
  }

  @Test func twoColumnsForOneFieldAreSaid() {
    let result = read("repeated-columns")
    #expect(
      result.files.first?.details.notes == [
        "columns \"pays\" and \"country\" both name nationality: \"country\" is not read"
      ])
    #expect(diagnostics(result) == ["staff.csv:2: pays: nationality is required (\"\")"])
  }

  @Test func aHeaderBeyondTheFirstRowsIsSaidSo() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff.csv",
      (1...20).map { "note \($0)\n" }.joined() + "id,nationality\n1,FR\n")
    #expect(
      fixture.read().errors.map(\.description) == [
        "staff.csv: missing required columns id, nationality for staff (accepted headers: id/matricule/identifiant; nationality/nationalite/nationalité/country/pays); columns found: \"note 1\"; no row among the first 20 non-empty rows is a header (it must be within them)"
      ])
  }

  @Test func aLongUnknownValueIsShortenedInItsReason() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff.csv", "id,nationality\n1," + String(repeating: "Z", count: 40_000) + "\n")
    let reason = try #require(fixture.read().diagnostics.kept.first?.reason)
    #expect(reason == "unknown country \"" + String(repeating: "Z", count: 60) + "…\"")
  }
}
