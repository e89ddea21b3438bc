import Foundation
import OrbisCore
import OrbisIngest
import TestSupport
import Testing
import XLSXWriter

/// Seeded hostile inputs: nothing crashes, every outcome is rows or a file-level error.
@Suite struct HostileInputTests {
  static let pieces: [[UInt8]] = [
    Array("id,nationality,unit,start_date,end_date,fte\n".utf8), Array("\"".utf8),
    Array("\"\"".utf8),
    Array(",".utf8), Array(";".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
    Array("FR".utf8), Array("2026-02-30".utf8), Array("é".utf8), [0xFF], [0xC3],
    [0xEF, 0xBB, 0xBF],
    Array("=HYPERLINK(\"x\")".utf8), Array(repeating: 0x41, count: 5000), [0], Array("|".utf8),
  ]

  @Test func randomCSVBytesNeverCrash() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    var rng = SeededGenerator(seed: 20_261_123)
    var outcomes = (rows: 0, errors: 0)
    for _ in 0..<2_000 {
      var bytes: [UInt8] = []
      if Bool.random(using: &rng) { bytes += Self.pieces[0] }
      for _ in 0..<Int.random(in: 0..<40, using: &rng) {
        if Int.random(in: 0..<4, using: &rng) == 0 {
          bytes.append(UInt8.random(in: 0...255, using: &rng))
        } else {
          bytes += Self.pieces.randomElement(using: &rng)!
        }
      }
      try fixture.write("staff.csv", bytes: bytes)
      let result = fixture.read()
      outcomes.rows += result.files.first?.rowsRead ?? 0
      outcomes.errors += result.errors.count
      #expect(result.files.count + result.errors.count == 1)
    }
    #expect(outcomes.rows > 0)
    #expect(outcomes.errors > 0)
  }

  @Test func damagedXLSXNeverCrashes() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let path = fixture.path("staff.xlsx")
    let book = try Workbook(path: path)
    let sheet = try book.addWorksheet(named: "S")
    try sheet.write(row: [.text("id"), .text("nationality")], at: 0)
    for r in 1...200 { try sheet.write(row: [.text("I\(r)"), .text("FR")], at: r) }
    try book.close()
    let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var rng = SeededGenerator(seed: 42)
    for i in 0..<300 {
      var bytes = original
      if i % 3 == 0 {
        bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
      } else {
        for _ in 0..<Int.random(in: 1...20, using: &rng) {
          bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(
            in: 0...255, using: &rng)
        }
      }
      try fixture.write("staff.xlsx", bytes: bytes)
      let result = fixture.read()
      #expect(result.files.count + result.errors.count == 1)
    }
  }

  @Test func formulaPayloadsStayLiteralText() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write(
      "agreements.csv",
      "partner,acronym\n\"=HYPERLINK(\"\"http://x\"\")\",@SUM(1)\n\"+cmd|' /C calc'!A0\",-2\n")
    let result = fixture.read()
    #expect(
      result.dataset.agreements.map(\.partner) == [
        "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0",
      ])
    #expect(result.dataset.agreements.map(\.acronym) == ["@SUM(1)", "-2"])
  }

  /// A dataset file whose name is not UTF-8 stops the run, named with its bytes escaped (it
  /// is not dropped silently); an unrelated one is skipped with the same spelling.
  @Test func namesThatAreNotUTF8AreNamedNotDropped() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff.csv", "id,nationality\nA1,FR\n")
    for name: [UInt8] in [Array("staff-".utf8) + [0xFF, 0xFE] + Array(".csv".utf8), [0xC3, 0x28]] {
      let path = Array(fixture.directory.utf8) + [0x2F] + name + [0]
      let fd = path.withUnsafeBufferPointer {
        $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
      }
      #expect(fd >= 0)
      close(fd)
    }
    let result = fixture.read()
    #expect(result.files.map(\.file.name) == ["staff.csv"])
    #expect(
      result.errors == [
        InputError(
          file: "staff-\\xFF\\xFE.csv", kind: .badFileName,
          reason:
            "the file name is not valid UTF-8 (bytes shown as \\xFF); rename it, for example to staff-2.csv"
        )
      ])
    #expect(result.skipped.map(\.name) == ["\\xC3("])
  }

  /// A line break in a name is read like any other character; messages spell it out.
  @Test func namesWithLineBreaksAreReadAndEscapedInMessages() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.write("staff-a\nb.csv", "id,nationality\nA1,FR\nA2,Atlantis\n")
    let result = fixture.read()
    #expect(result.files.map(\.file.name) == ["staff-a\nb.csv"])
    #expect(result.diagnostics.total == 1)
    #expect(Printable.escaped("\(result.diagnostics.kept[0])").contains("staff-a\\nb.csv"))
    #expect(!Printable.escaped("\(result.diagnostics.kept[0])").contains("\n"))
  }

  @Test func printableSpellsOutControlsAndInvalidBytes() {
    #expect(
      Printable.escaped("a\nb\tc\r\u{1B}[0m\u{7F}\u{85}é") == "a\\nb\\tc\\r\\x1B[0m\\x7F\\x85é")
    #expect(
      Printable.escaped(bytes: [0x61, 0xFF, 0xC3, 0xA9, 0xE2, 0x82, 0x0A]) == "a\\xFFé\\xE2\\x82\\n"
    )
  }
}
