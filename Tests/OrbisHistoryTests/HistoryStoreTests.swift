import Foundation
import GRDB
import OrbisCore
import OrbisReports
import Testing

@testable import OrbisHistory

/// The history database through a real SQLite file in a temporary directory.
@Suite struct HistoryStoreTests {
  let directory: String
  var path: String { directory + "/state/history.sqlite" }

  init() {
    directory =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-history-\(UUID().uuidString)").path
  }

  func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

  static func nat(_ code: String) -> Nationality {
    .country(CountryTable.country(alpha2: code)!)
  }

  static let configuration = try! Configuration.parse(
    toml: "[institute]\nhost_country = \"FR\"\n", file: "t.toml", baseDirectory: "/")

  /// Staff FR, FR, IT, DE (left end of 2025), stateless, unknown; programmes IRP (AR) and IEA.
  static func record(
    asOf: String, report: String = "annual", at seconds: Double = 0
  )
    -> ReportRecord
  {
    let dataset = Dataset(
      staff: [
        StaffMember(id: "1", nationality: nat("FR"), unit: "LAPP", category: "researcher"),
        StaffMember(id: "2", nationality: nat("FR"), unit: "LAPP", fte: 0.5),
        StaffMember(id: "3", nationality: nat("IT"), unit: "CPPM"),
        StaffMember(
          id: "4", nationality: nat("DE"),
          period: DayInterval(start: nil, end: Day(iso: "2025-12-31"))),
        StaffMember(id: "5", nationality: .stateless),
        StaffMember(id: "6", nationality: .unknown),
      ],
      programmes: [
        Programme(
          id: "P1", type: "IRP", acronym: "ALFA",
          partnerCountries: [CountryTable.country(alpha2: "AR")!], unit: "LAPP",
          period: DayInterval(start: Day(iso: "2024-01-01"), end: nil)),
        Programme(id: "P2", type: "IEA"),
      ],
      agreements: [Agreement(partner: "CERN", category: "EIROforum", kind: "MoU")])
    let day = Day(iso: asOf)!
    return ReportRecord(
      report: report, orbisVersion: "1.2.3",
      generatedAt: Date(timeIntervalSince1970: 1_795_413_600 + seconds), timeZone: "Europe/Paris",
      asOf: day, configSha256: String(repeating: "c", count: 64),
      inputs: [
        InputRecord(
          file: "staff.csv", dataset: .staff, format: "csv", size: 100,
          sha256: String(repeating: "a", count: 64), rowsRead: 7, rowsAccepted: 6,
          rejectedByKind: [:]),
        InputRecord(
          file: "programmes.csv", dataset: .programmes, format: "csv", size: 50,
          sha256: String(repeating: "b", count: 64), rowsRead: 2, rowsAccepted: 2,
          rejectedByKind: [:]),
      ],
      rejected: RejectedRecord(log: DiagnosticLog(cap: 10)),
      statistics: Statistics.compute(dataset: dataset, asOf: day, configuration: configuration),
      changes: nil)
  }

  @Test func migratesAnEmptyFileToTheCurrentSchema() throws {
    defer { cleanUp() }
    try FileManager.default.createDirectory(
      atPath: directory + "/state", withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    let store = try HistoryStore(path: path)
    let tables = try store.read { db in
      try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    }
    #expect(
      tables == [
        "breakdown", "figure", "grdb_migrations", "input", "programme", "pruned", "report",
        "sqlite_sequence", "staff_unit",
      ])
    let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
  }

  @Test func writtenThenReadBackThroughANewConnection() throws {
    defer { cleanUp() }
    let record = Self.record(asOf: "2025-12-31")
    #expect(try HistoryStore(path: path).record(record, directory: "/r/annual/A"))

    let store = try HistoryStore(path: path)
    let previous = try #require(try store.previous(report: "annual"))
    #expect(previous.directory == "/r/annual/A")
    #expect(previous.asOf == Day(iso: "2025-12-31"))
    #expect(previous.generatedAt == "2026-11-23T06:00:00Z")
    #expect(previous.fingerprint == record.fingerprint)
    #expect(previous.inputs.map(\.rowsAccepted) == [6, 2])
    #expect(previous.figures == PreviousFigures(record.statistics, generatedAt: record.generatedAt))
    #expect(try store.previous(report: "monthly") == nil)

    let entries = try store.entries(report: "annual")
    #expect(entries.count == 1)
    // FR, FR, IT, DE, stateless present; one unknown: 6 staff, 5 of known nationality.
    #expect(entries[0].figures[.headcount] == 6)
    #expect(entries[0].figures[.foreign] == 3)
    #expect(entries[0].figures[.foreignShare] == 0.6)
    #expect(entries[0].figures[.fte] == 5.5)
    #expect(entries[0].figures[.programmesActive] == 2)
    #expect(entries[0].figures[.agreementsInForce] == 1)

    let points = try store.trendFigures(
      report: "annual", at: [Day(iso: "2024-12-31")!, Day(iso: "2025-12-31")!])
    #expect(points.keys.map(\.description) == ["2025-12-31"])
    let point = try #require(points[Day(iso: "2025-12-31")!])
    #expect(point.headcount == 6)
    #expect(point.knownNationality == 5)
    #expect(point.programmesByType == ["IEA": 1, "IRP": 1, "IRN": 0, "IRL": 0])
    #expect(Set(point.nationalities.map(\.key)) == ["FR", "IT", "DE"])

    let irp = try store.breakdownSeries(report: nil, .programmesByType, key: "IRP")
    #expect(irp.map(\.count) == [1])
    let units = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT unit, headcount, fte FROM staff_unit ORDER BY position")
        .map { "\($0["unit"] as String):\($0["headcount"] as Int):\($0["fte"] as Double)" }
    }
    #expect(units == ["(not given):3:3.0", "LAPP:2:1.5", "CPPM:1:1.0"])
  }

  @Test func recordingTheSameDirectoryTwiceKeepsOne() throws {
    defer { cleanUp() }
    let store = try HistoryStore(path: path)
    let record = Self.record(asOf: "2025-12-31")
    #expect(try store.record(record, directory: "/r/annual/A"))
    #expect(try store.record(record, directory: "/r/annual/A") == false)
    #expect(try store.entries().count == 1)
  }

  /// Recorded beside the publish: the rows are written before the publish answers, committed
  /// under the directory it gives, rolled back when nothing was published, and visible to
  /// another connection only once committed.
  @Test func recordingBesideThePublishCommitsOnlyWhatWasPublished() throws {
    defer { cleanUp() }
    let store = try HistoryStore(path: path)
    let record = Self.record(asOf: "2025-12-31")
    var seenByAnotherConnection: Int?
    #expect(
      try store.record(record) {
        // Written in this transaction, not yet visible elsewhere.
        seenByAnotherConnection = try? HistoryStore(path: path, access: .readOnly).entries().count
        return nil
      } == false)
    #expect(seenByAnotherConnection == 0)
    #expect(try store.entries().isEmpty)
    let programmes = { () throws -> Int in
      try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM programme") ?? -1 }
    }
    #expect(try programmes() == 0)

    #expect(try store.record(record) { "/r/annual/A" })
    #expect(try HistoryStore(path: path).entries().map(\.directory) == ["/r/annual/A"])
    #expect(try store.previous(report: "annual")?.fingerprint == record.fingerprint)
    #expect(record.statistics.programmes.list.count > 0)
    #expect(try programmes() == record.statistics.programmes.list.count)
    // A directory already recorded: nothing added.
    #expect(try store.record(record) { "/r/annual/A" } == false)
    #expect(try store.entries().count == 1)
  }

  @Test func theLatestPublishedOfADateGivesItsPointAndThePrevious() throws {
    defer { cleanUp() }
    let store = try HistoryStore(path: path)
    var first = Self.record(asOf: "2025-12-31")
    first.statistics.staff.headcount = 99
    try store.record(first, directory: "/r/annual/A")
    try store.record(Self.record(asOf: "2025-12-31", at: 60), directory: "/r/annual/B")
    try store.record(Self.record(asOf: "2024-12-31", at: 30), directory: "/r/annual/C")
    let points = try store.trendFigures(report: "annual", at: [Day(iso: "2025-12-31")!])
    #expect(points.values.map(\.headcount) == [6])
    #expect(try store.previous(report: "annual")?.directory == "/r/annual/B")
  }

  @Test func pruneRemovesOldReportsAndTheirFigures() throws {
    defer { cleanUp() }
    let store = try HistoryStore(path: path)
    try store.record(Self.record(asOf: "2023-12-31"), directory: "/r/annual/A")
    try store.record(Self.record(asOf: "2024-12-31", at: 1), directory: "/r/annual/B")
    try store.record(Self.record(asOf: "2025-12-31", at: 2), directory: "/r/annual/C")
    #expect(try store.prune(before: Day(iso: "2025-01-01")!) == 2)
    #expect(try store.entries().map(\.asOf.description) == ["2025-12-31"])
    let orphans = try store.read { db in
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM figure WHERE report_id NOT IN (SELECT id FROM report)")
    }
    #expect(orphans == 0)
  }

  /// What `--prune-before` removed is not imported back from folders still on disk, and a
  /// folder whose stats.json names another report is not imported under this one.
  @Test func prunedAndMisnamedFoldersAreNotImported() throws {
    defer { cleanUp() }
    let publisher = Publisher(
      reportsDirectory: directory + "/reports", reportName: "annual", retention: 10)
    func publish(_ record: ReportRecord, at seconds: Double) throws -> String {
      try publisher.publish(at: Date(timeIntervalSince1970: 1_795_413_600 + seconds)) {
        try record.json().write(to: URL(fileURLWithPath: $0 + "/" + ReportRenderer.statsName))
      }
    }
    let old = try publish(Self.record(asOf: "2023-12-31"), at: 0)
    let kept = try publish(Self.record(asOf: "2024-12-31", at: 1), at: 1)
    let misnamed = try publish(Self.record(asOf: "2025-12-31", report: "default", at: 2), at: 2)
    let store = try HistoryStore(path: path)
    let first = try store.repair(publisher)
    #expect(first.imported == [old, kept])
    #expect(first.unreadable.map(\.directory) == [misnamed])
    #expect(
      first.unreadable.first?.reason.contains("of the report \"default\", not \"annual\"") == true)
    #expect(try store.prune(before: Day(iso: "2024-01-01")!) == 1)
    #expect(try store.repair(publisher).imported.isEmpty)
    #expect(try store.entries().map(\.directory) == [kept])
  }

  /// A database another user may not write is read as it is (`orbis history`).
  @Test func aDatabaseIsReadOnlyWhenAsked() throws {
    defer { cleanUp() }
    try HistoryStore(path: path).record(Self.record(asOf: "2025-12-31"), directory: "/r/a/A")
    let reader = try HistoryStore(path: path, access: .readOnly)
    #expect(try reader.entries().count == 1)
    #expect {
      try reader.record(Self.record(asOf: "2024-12-31"), directory: "/r/a/B")
    } throws: { error in
      "\(error)".contains("readonly")
    }
    #expect {
      try HistoryStore(path: directory + "/state/missing.sqlite", access: .readOnly)
    } throws: { error in
      "\(error)".contains("missing.sqlite")
    }
  }

  @Test func aFileThatIsNotADatabaseIsRefusedByNameAndLeftAsItIs() throws {
    defer { cleanUp() }
    try FileManager.default.createDirectory(
      atPath: directory + "/state", withIntermediateDirectories: true)
    let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
    #expect(FileManager.default.createFile(atPath: path, contents: garbage))
    #expect {
      try HistoryStore(path: path)
    } throws: { error in
      let text = "\(error)"
      return text.contains(path) && text.contains("never recreates it")
        && text.contains("not a database")
    }
    #expect(FileManager.default.contents(atPath: path) == garbage)
  }

  @Test func aDatabaseOfANewerSchemaIsRefused() throws {
    defer { cleanUp() }
    _ = try HistoryStore(path: path)
    let store = try HistoryStore(path: path)
    try store.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
    }
    #expect {
      try HistoryStore(path: path)
    } throws: { error in
      "\(error)".contains(path) && "\(error)".contains("newer Orbis")
    }
  }

  @Test func repairImportsPublishedReportsOnce() throws {
    defer { cleanUp() }
    let publisher = Publisher(
      reportsDirectory: directory + "/reports", reportName: "annual", retention: 10)
    var published: [String] = []
    for (i, asOf) in ["2023-12-31", "2024-12-31"].enumerated() {
      let record = Self.record(asOf: asOf, at: Double(i))
      published.append(
        try publisher.publish(at: Date(timeIntervalSince1970: 1_795_413_600 + Double(i))) {
          try record.json().write(
            to: URL(fileURLWithPath: $0 + "/" + ReportRenderer.statsName))
        })
    }
    // A folder whose stats.json is not one: said, not imported.
    _ = try publisher.publish(at: Date(timeIntervalSince1970: 1_795_413_700)) {
      try Data("{}".utf8).write(to: URL(fileURLWithPath: $0 + "/" + ReportRenderer.statsName))
    }
    let store = try HistoryStore(path: path)
    let repair = try store.repair(publisher)
    #expect(repair.imported == published)
    #expect(repair.unreadable.count == 1)
    #expect(try store.repair(publisher).imported.isEmpty)
    #expect(try store.entries().map(\.asOf.description) == ["2023-12-31", "2024-12-31"])
  }
}
