import Foundation
import Logging
import OrbisCore
import Synchronization
import TestSupport
import Testing

@testable import OrbisDaemon
@testable import OrbisReports

/// Reports for one laboratory, one per laboratory, and small-count protection, run on the
/// sample data (`Data/`) and on small files.
@Suite struct ScopedReportTests {
  let root: String
  let logger = Logger(label: "test")
  static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data").path

  init() throws { root = try RunDirectory.make(prefix: "orbis-scope") }

  /// Runs `report` of `extra`'s configuration on `data`; returns the outcome and how many times
  /// the data directory was read.
  func run(
    _ report: String, extra: String, data: String? = nil
  ) throws -> (ReportRun.Outcome, Int) {
    try RunDirectory.writeConfiguration(root, extra: extra)
    let loaded = try ConfigurationFile.read(path: root + "/orbis.toml", environment: [:])
    var run = ReportRun(
      loaded: loaded, reportName: report, dataDirectory: data, asOf: Day(iso: "2026-06-30"))
    let reads = Mutex(0)
    run.readData = { reader in
      reads.withLock { $0 += 1 }
      return reader.read()
    }
    let outcome = run.run(now: Date(timeIntervalSince1970: 1_795_413_600), logger: logger)
    return (outcome, reads.withLock { $0 })
  }

  func record(_ folder: String) throws -> ReportRecord {
    let data = try Data(
      contentsOf: URL(fileURLWithPath: "\(root)/reports/\(folder)/latest/stats.json"))
    return try ReportRecord.decode(data).get()
  }

  @Test func oneReportPerUnitFromOneRead() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (outcome, reads) = try run(
      "labs", extra: "[[report]]\nname = \"labs\"\nfor_each_unit = true\nformats = [\"txt\"]",
      data: Self.sampleData)
    guard case .published(_, let institute, _) = outcome else {
      Issue.record("not published: \(outcome)")
      return
    }
    #expect(reads == 1)
    let units = institute.statistics.staff.units.map(\.unit).filter { $0 != Statistics.notGiven }
    #expect(units.count == 16)
    let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/reports/labs")
      .filter { !Publisher.isStamp($0) && $0 != "latest" }
    #expect(Set(folders) == Set(units))
    // Each laboratory's report has the institute's figures for that laboratory.
    for row in institute.statistics.staff.units where row.unit != Statistics.notGiven {
      let lab = try record("labs/\(row.unit)")
      #expect(lab.report == "labs/\(row.unit)")
      #expect(lab.scope == .unit(row.unit))
      let staff = lab.statistics.staff
      #expect(staff.headcount == row.headcount.value)
      #expect(staff.fte == row.fte.value)
      #expect(staff.knownNationality == row.knownNationality.value)
      #expect(staff.foreign == row.foreign)
      #expect(staff.foreignShare == row.foreignShare)
      #expect(staff.distinctPrimaryNationalities == row.nationalities.value)
      #expect(
        lab.statistics.programmes.active
          == (institute.statistics.programmes.byUnit.first { $0.key == row.unit }?.count ?? 0))
      // Agreements are institute-wide.
      #expect(lab.statistics.agreements == institute.statistics.agreements)
      let text = try String(
        contentsOfFile: "\(root)/reports/labs/\(row.unit)/latest/summary.txt", encoding: .utf8)
      #expect(text.contains("Orbis report “labs/\(row.unit)”"))
    }
  }

  @Test func unitsWithHostileNamesGetSafeDistinctFolders() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let long = String(repeating: "x", count: 300)
    var rows = "id,nationality,unit\n"
    for (i, unit) in ["LAPP", "Lapp", "Lápp", "../x", long, "latest"].enumerated() {
      rows += "\(i),FR,\(unit)\n"
    }
    try rows.write(toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
    let (outcome, _) = try run("labs", extra: "[[report]]\nname = \"labs\"\nfor_each_unit = true")
    guard case .published = outcome else {
      Issue.record("not published: \(outcome)")
      return
    }
    let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/reports/labs")
      .filter { !Publisher.isStamp($0) && $0 != "latest" }
    #expect(folders.count == 6)
    #expect(Set(folders.map(UnitFolders.key)).count == 6)
    #expect(folders.allSatisfy { !$0.hasPrefix(".") && $0.utf8.count <= 80 })
    // Nothing outside the report's folder.
    #expect(!FileManager.default.fileExists(atPath: root + "/reports/x"))
    for folder in folders {
      let lab = try record("labs/\(folder)")
      #expect(lab.statistics.staff.headcount == 1)
    }
  }

  @Test func aUnitKeepsItsFolderWhenOthersCome() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let extra = "[[report]]\nname = \"labs\"\nfor_each_unit = true\nformats = [\"txt\"]"
    try "id,nationality,unit\n1,FR,lapp\n".write(
      toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
    _ = try run("labs", extra: extra)
    // LAPP sorts before lapp, yet lapp keeps the folder its reports and history are in.
    try "id,nationality,unit\n1,FR,lapp\n2,FR,LAPP\n".write(
      toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
    _ = try run("labs", extra: extra)
    #expect(try record("labs/lapp").scope == .unit("lapp"))
    let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/reports/labs")
      .filter { $0.hasPrefix("LAPP") }
    #expect(folders == ["LAPP-\(UnitFolders.hash("LAPP", 8))"])
  }

  @Test func aScopedReportListsOnlyItsRejectedRows() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try """
    id,nationality,unit,category
    1,FR,LAPP,engineer
    2,Frence,LAPP,engineer
    3,Allemagnee,LPSC,engineer
    4,FR,lapp,researcher
    5,Itly,LAPP,researcher
    """.write(toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
    try "partner,signed\nCERN,2099-99-99\n".write(
      toFile: root + "/data/agreements.csv", atomically: true, encoding: .utf8)
    let (outcome, _) = try run(
      "lapp",
      extra:
        "[[report]]\nname = \"lapp\"\nunits = [\"Lapp\", \"CPPM\"]\ncategories = [\"Engineer\"]")
    guard case .published(_, let r, _) = outcome else {
      Issue.record("not published: \(outcome)")
      return
    }
    #expect(r.statistics.staff.headcount == 1)
    // LAPP engineers' rejected row and the agreement's: not LPSC's, not a researcher's.
    #expect(r.rejected.rows.map(\.line) == [3, 2])
    #expect(r.rejected.total == 2 && r.rejected.notListed == 0)
    #expect(r.scope == ReportScope(units: ["Lapp", "CPPM"], categories: ["Engineer"]))
  }

  @Test func aProtectedReportSuppressesSmallCountsEverywhere() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    var rows = "id,nationality,unit,category\n"
    for i in 0..<20 { rows += "f\(i),FR,LAPP,researcher\n" }
    for i in 0..<6 { rows += "d\(i),DE,LAPP,researcher\n" }
    rows += "n1,NA,LAPP,researcher\nj1,JP,LAPP,researcher\nj2,JP,LAPP,researcher\n"
    rows += "x1,Namibiaa,LAPP,researcher\n"
    try rows.write(toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
    let (outcome, _) = try run(
      "public", extra: "[[report]]\nname = \"public\"\nmin_count = 3\ntrends.periods = 2")
    guard case .published(let directory, let r, _) = outcome else {
      Issue.record("not published: \(outcome)")
      return
    }
    #expect(r.protection?.minCount == 3)
    // Rejected rows are counted, not listed: their values may be personal data.
    #expect(r.rejected.total == 1 && r.rejected.rows.isEmpty && r.rejected.notListed == 1)
    #expect(r.statistics.staff.nationalities.map(\.count) == [20, 6, .belowMinimum, .belowMinimum])
    let json = try String(contentsOfFile: directory + "/stats.json", encoding: .utf8)
    #expect(json.contains("\"count\" : null"))
    #expect(json.contains("\"suppressed\" : true"))
    #expect(json.contains("\"min_count\" : 3"))
    let text = try String(contentsOfFile: directory + "/summary.txt", encoding: .utf8)
    #expect(text.contains("  Namibia      NA    Africa       < 3      x\n"))
    // The trend points are protected too, and the history keeps the suppressed counts as such.
    let last = try #require(r.trends?.topForeignNationalities.first { $0.code == "DE" })
    #expect(last.counts.last == 6)
    #expect(r.trends?.topForeignNationalities.contains { $0.code == "JP" } == false)
    let (again, _) = try run(
      "public", extra: "[[report]]\nname = \"public\"\nmin_count = 3\ntrends.periods = 2")
    guard case .published(_, let second, _) = again else {
      Issue.record("not published again")
      return
    }
    let changes = try #require(second.changes)
    #expect(changes.nationalitiesGained.isEmpty && changes.nationalitiesLost.isEmpty)
  }
}
