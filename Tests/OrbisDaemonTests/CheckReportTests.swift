import Foundation
import OrbisCore
import OrbisIngest
import Testing

@testable import OrbisDaemon

/// What `orbis check` says about how files were read, and what it warns of.
@Suite struct CheckReportTests {
  @Test func notesWarningsAndHintsInTextAndJSON() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-check-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    func write(_ name: String, _ bytes: [UInt8]) throws {
      try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
    }
    try write(
      "staff.csv",
      Array("Liste au 30/11/2026\n\nid;nationalit".utf8) + [0xE9] + Array("\n1;FR\n".utf8))
    try write("staff-2.csv", Array("id,nationality\n".utf8))
    try write("Export RH.csv", Array("matricule,pays\n3,IT\n".utf8))
    var reader = DataDirectoryReader(directory: directory)
    reader.lookalikeHints = true
    let result = reader.read()
    let report = CheckReport(result: result, dataDirectory: "/d", asOf: Day(iso: "2026-11-30")!)
    #expect(
      report.text(limit: nil) == """
        Data directory: /d

        file         dataset  read  accepted  rejected  by kind
        staff-2.csv  staff       0         0         0
        staff.csv    staff       1         1         0

        As of 2026-11-30: 1 staff present, 0 programmes active, 0 agreements.

        How files were read:
          staff.csv: read as Windows-1252: it is not valid UTF-8 (inputs.encoding = "auto")
          staff.csv: header on line 3; line 1 above it skipped (a title, a date or notes)

        Warnings:
          staff-2.csv: no data row: the file has a header (line 1) and nothing below it

        Not read:
          Export RH.csv: it looks like a staff file: name it staff….csv or add a rule under [inputs.files]

        Every row is valid.

        """)
    let json = try JSONSerialization.jsonObject(with: Data(report.json(limit: nil).utf8))
    let files = try #require((json as? [String: Any])?["files"] as? [[String: Any]])
    #expect(files.map { $0["encoding"] as? String } == ["UTF-8", "Windows-1252"])
    #expect(files.map { $0["header_line"] as? Int } == [1, 3])
    #expect(files.map { ($0["warnings"] as? [String])?.count } == [1, 0])
  }
}
