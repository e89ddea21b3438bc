import Foundation
import OrbisCore
import OrbisIngest
import Testing
import XLSXWriter

/// Files that cannot be read at all: the error names the file and says what to do.
@Suite struct FileErrorTests {
  func errors(_ name: String, _ bytes: [UInt8], maxFileSize: Int = 1 << 30) throws -> [InputError] {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(name, bytes: bytes)
    return fixture.read(maxFileSize: maxFileSize).errors
  }

  @Test func latin1IsRefusedUnderUTF8OnlyWithTheOffsetAndAHint() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "staff.csv",
      bytes: Array("id,nationality\n1,FR\n2,".utf8) + [0x45, 0x73, 0x70, 0x61, 0xF1, 0x61] + [0x0A])
    let error = try #require(fixture.read(encoding: .utf8).errors.first)
    #expect(error.kind == .notUTF8)
    #expect(
      error.description
        == "staff.csv: not UTF-8: invalid byte 0xF1 at byte offset 26 (line 3); it looks like Windows-1252: set inputs.encoding = \"auto\" or re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
    )
  }

  @Test func missingRequiredColumnNamesItAndTheColumnsFound() throws {
    let error = try #require(try errors("staff.csv", Array("ID;Lab\n1;LAPP\n".utf8)).first)
    #expect(error.kind == .missingColumn)
    #expect(
      error.description
        == "staff.csv: missing required column nationality for staff (accepted headers: nationality/nationalite/nationalité/country/pays); columns found: \"ID\", \"Lab\""
    )
  }

  @Test func emptyFilesUnterminatedQuotesAndSizeLimit() throws {
    #expect(try errors("staff.csv", []).first?.kind == .empty)
    #expect(try errors("staff.csv", Array("\n\n".utf8)).first?.kind == .noHeader)
    let quote = try #require(
      try errors("staff.csv", Array("id,nationality\n1,\"FR\n2,DE\n".utf8)).first)
    #expect(quote.kind == .unterminatedQuote)
    #expect(quote.reason.hasPrefix("a quoted field opened on line 2 is never closed"))
    let big = try #require(
      try errors("staff.csv", Array(repeating: 0x41, count: 3 << 20), maxFileSize: 1 << 20).first)
    #expect(big.kind == .tooLarge)
    #expect(big.reason.contains("over the 1 MiB limit"))
  }

  @Test func corruptAndProtectedXLSX() throws {
    let notZip = try #require(try errors("staff.xlsx", Array("hello".utf8)).first)
    #expect(notZip.kind == .corruptXLSX)
    #expect(notZip.reason.contains("not a ZIP package"))
    let ole = try #require(
      try errors(
        "staff.xlsx",
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 512)
      ).first)
    #expect(ole.reason.contains("password-protected or in the old .xls format"))
  }

  /// A workbook written with XLSXWriter, then truncated or decompressing past the limit.
  @Test func truncatedAndOversizedXLSX() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let path = fixture.path("staff.xlsx")
    try writeRoster(path, rows: 20_000)
    let full = try Data(contentsOf: URL(fileURLWithPath: path))
    let ok = fixture.read()
    #expect(ok.errors.isEmpty)
    #expect(ok.dataset.staff.count == 20_000)
    // The sheet part decompresses to more than 64 KiB: a zip bomb stops at the limit.
    let bomb = fixture.read(maxFileSize: 64 << 10)
    #expect(bomb.errors.first?.kind == .tooLarge)
    try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: path))
    #expect(fixture.read().errors.first?.kind == .corruptXLSX)
  }

  @Test func xlsxCellsDatesAndGapsAreRead() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    var book = try Workbook(path: fixture.path("staff-x.xlsx"))
    let date = try book.addFormat(.date)
    let sheet = try book.addWorksheet(named: "Roster")
    try sheet.write(
      row: [.text("Matricule"), .text("Pays"), .text("Date début"), .text("ETP")], at: 0)
    try sheet.write(row: [.text("M1"), .text("Allemagne")], at: 1)
    try sheet.write(
      date: ExcelDateTime(year: 2024, month: 2, day: 29), row: 1, column: 2, format: date)
    try sheet.write(number: 0.5, row: 1, column: 3)
    // Row 3 empty; row 4 has a gap in column B.
    try sheet.write(text: "M2", row: 3, column: 0)
    try sheet.write(number: 1, row: 3, column: 3)
    try book.close()
    let result = fixture.read()
    #expect(result.errors.isEmpty)
    #expect(result.dataset.staff.count == 1)
    let m1 = try #require(result.dataset.staff.first)
    #expect(m1.nationality == CountryTable.resolve("DE"))
    #expect(m1.period.start == Day(year: 2024, month: 2, day: 29))
    #expect(m1.fte == 0.5)
    #expect(
      result.diagnostics.kept.map(\.description) == [
        "staff-x.xlsx:4: Pays: nationality is required (\"\")"
      ])
  }

  @Test func namesOfTheDataDirectory() {
    #expect(InputFile.classify("staff.csv") == .input(.staff, .csv))
    #expect(InputFile.classify("Programs-2026.XLSX") == .input(.programmes, .xlsx))
    #expect(InputFile.classify("agreements.tsv") == .input(.agreements, .tsv))
    #expect(InputFile.classify("staff.xls") == .unsupported(.staff, "xls"))
    for ignored in [
      ".staff.csv", "~$staff.xlsx", "staff.csv.tmp", "staff.csv.part", "staff.csv~",
      ".staff.csv.swp", "#staff.csv#",
    ] {
      #expect(InputFile.classify(ignored) == .ignored, "\(ignored)")
    }
    #expect(InputFile.classify("notes.txt") == .unrelated)
  }

  @Test func symlinksOutsideTheDataDirectoryAreNotFollowed() throws {
    let fixture = try Fixture()
    let outside = try Fixture()
    defer {
      fixture.remove()
      outside.remove()
    }
    try outside.write("secret.csv", "id,nationality\n1,FR\n")
    try FileManager.default.createSymbolicLink(
      atPath: fixture.path("staff.csv"), withDestinationPath: outside.path("secret.csv"))
    let result = fixture.read()
    #expect(result.files.isEmpty)
    #expect(result.skipped.first?.reason.contains("outside the data directory") == true)
  }

  /// A directory, a named pipe (which would block the reader) and a dangling link that bear
  /// an input's name are skipped as not regular files; a link to a file inside the data
  /// directory is read, with the file's size.
  @Test func onlyRegularFilesAreRead() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let roster = "id,nationality\n1,FR\n2,IT\n"
    try fixture.write("staff-1.csv", roster)
    try FileManager.default.createDirectory(
      atPath: fixture.path("staff-2.csv"), withIntermediateDirectories: false)
    #expect(mkfifo(fixture.path("staff-3.csv"), 0o600) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: fixture.path("staff-4.csv"), withDestinationPath: fixture.path("absent.csv"))
    try FileManager.default.createSymbolicLink(
      atPath: fixture.path("staff-5.csv"), withDestinationPath: fixture.path("staff-1.csv"))
    let result = fixture.read()
    #expect(result.files.map(\.file.name) == ["staff-1.csv", "staff-5.csv"])
    #expect(result.files.map(\.file.size) == [roster.utf8.count, roster.utf8.count])
    #expect(
      result.skipped.filter { $0.reason == "not a regular file" }.map(\.name)
        == ["staff-2.csv", "staff-3.csv", "staff-4.csv"])
  }

  func writeRoster(_ path: String, rows: Int) throws {
    let book = try Workbook(path: path)
    let sheet = try book.addWorksheet(named: "S")
    try sheet.write(row: [.text("id"), .text("nationality"), .text("unit")], at: 0)
    for r in 1...rows {
      try sheet.write(row: [.text("P\(r)"), .text("FR"), .text("Unit \(r % 7)")], at: r)
    }
    try book.close()
  }
}
