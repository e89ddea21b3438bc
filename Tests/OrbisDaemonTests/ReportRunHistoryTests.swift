import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisReports
import Testing

@testable import OrbisDaemon

/// A run and the history database: changes read from it, trends from it, a crash between the
/// publish and the commit repaired, a corrupt database refused.
@Suite struct ReportRunHistoryTests {
  let root: String
  let logger = Logger(label: "test")

  init() throws {
    root = try RunDirectory.make(
      prefix: "orbis-history-run",
      extra: """
        [[report]]
        name = "annual"
        as_of = "end_of_previous_year"
        trends.periods = 3
        """)
    // FR always; IT from 2023; DE until the end of 2023; JP from 2025.
    try """
    id,nationality,start_date,end_date
    1,FR,,
    2,IT,2023-01-01,
    3,DE,,2023-12-31
    4,JP,2025-01-01,
    """.write(toFile: root + "/data/staff.csv", atomically: true, encoding: .utf8)
  }

  var historyPath: String { root + "/state/history.sqlite" }

  func run(asOf: String? = nil, at seconds: TimeInterval = 0) throws -> ReportRun.Outcome {
    let loaded = try ConfigurationFile.read(path: root + "/orbis.toml", environment: [:])
    // 2026-11-23T06:00:00Z: the annual report is as of 2025-12-31.
    return ReportRun(loaded: loaded, reportName: "annual", asOf: asOf.flatMap(Day.init(iso:)))
      .run(now: Date(timeIntervalSince1970: 1_795_413_600 + seconds), logger: logger)
  }

  @Test func trendsComeFromPublishedReportsElseAreRecomputed() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    guard case .published(_, let past, _) = try run(asOf: "2023-12-31") else {
      Issue.record("not published")
      return
    }
    #expect(
      past.trends?.points.map(\.source) == [.recomputed, .recomputed, .recomputed, .recomputed])
    guard case .published(_, let record, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    #expect(record.asOf == Day(iso: "2025-12-31"))
    let points = try #require(record.trends?.points)
    #expect(
      points.map(\.date.description) == ["2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31"])
    #expect(points.map(\.source) == [.recomputed, .published, .recomputed, .recomputed])
    #expect(points.map(\.headcount) == [2, 3, 2, 3])
    #expect(points.map(\.foreign) == [1, 2, 1, 2])
    #expect(record.trends?.topForeignNationalities.map(\.code) == ["IT", "JP"])
    #expect(record.trends?.topForeignNationalities.map(\.counts) == [[0, 1, 1, 1], [0, 0, 0, 1]])
    // The changes come from the history: the previous folder's stats.json is not read.
    #expect(record.changes?.previousAsOf == Day(iso: "2023-12-31"))
    #expect(record.changes?.headcount == .init(previous: 3, current: 3))
    #expect(record.changes?.nationalitiesGained.map(\.key) == ["JP"])
    #expect(record.changes?.nationalitiesLost.map(\.key) == ["DE"])
  }

  @Test func theChangesDoNotNeedThePreviousFolder() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    guard case .published(let first, _, _) = try run(asOf: "2024-12-31") else {
      Issue.record("not published")
      return
    }
    try FileManager.default.removeItem(atPath: first + "/stats.json")
    guard case .published(_, let record, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    #expect(record.changes?.previousAsOf == Day(iso: "2024-12-31"))
  }

  /// A run killed between the publish and the history's commit (its folder published, its
  /// figures not recorded): the next run imports it first, and compares with it.
  @Test func aReportPublishedButNotRecordedIsImportedByTheNextRun() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    guard case .published(let first, let r1, _) = try run(asOf: "2024-12-31") else {
      Issue.record("not published")
      return
    }
    // What the killed run left: a published folder the history lacks.
    let publisher = Publisher(
      reportsDirectory: root + "/reports", reportName: "annual", retention: 30)
    var orphan = r1
    orphan.asOf = Day(iso: "2025-06-30")!
    orphan.generatedAt = "2026-11-23T06:00:30Z"
    let crashed = try publisher.publish(at: Date(timeIntervalSince1970: 1_795_413_630)) {
      try orphan.json().write(to: URL(fileURLWithPath: $0 + "/stats.json"))
    }
    #expect(try HistoryStore(path: historyPath).directories(report: "annual") == [first])

    guard case .published(let third, let r3, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    #expect(
      try HistoryStore(path: historyPath).directories(report: "annual") == [first, crashed, third])
    #expect(r3.changes?.previousAsOf == Day(iso: "2025-06-30"))
    // Once only.
    _ = try run(at: 120)
    #expect(try HistoryStore(path: historyPath).entries(report: "annual").count == 4)
  }

  /// A trial run with `--out` elsewhere keeps its own history beside its reports.
  @Test func aTrialRunElsewhereStaysOutOfTheOfficesHistory() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = try run(asOf: "2024-12-31")
    let loaded = try ConfigurationFile.read(path: root + "/orbis.toml", environment: [:])
    let trial = ReportRun(
      loaded: loaded, reportName: "annual", reportsDirectory: root + "/trial",
      asOf: Day(iso: "2025-06-30"))
    #expect(trial.historyPath == root + "/trial/.history.sqlite")
    guard case .published(_, let record, _) = trial.run(now: Date(), logger: logger) else {
      Issue.record("not published")
      return
    }
    #expect(record.changes == nil)
    #expect(try HistoryStore(path: historyPath).entries().map(\.asOf.description) == ["2024-12-31"])
    #expect(
      try HistoryStore(path: trial.historyPath).entries().map(\.asOf.description) == ["2025-06-30"])
    guard case .published(_, let next, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    #expect(next.changes?.previousAsOf == Day(iso: "2024-12-31"))
  }

  @Test func aCorruptDatabaseRefusesToRunAndNamesIt() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(
      atPath: root + "/state", withIntermediateDirectories: true)
    let garbage = Data(repeating: 0x5A, count: 8192)
    #expect(FileManager.default.createFile(atPath: historyPath, contents: garbage))
    let outcome = try run()
    guard case .historyFailed(let error) = outcome else {
      Issue.record("ran despite a corrupt history: \(outcome)")
      return
    }
    #expect(outcome.exitCode == 2)
    let text = RunSummary.text(outcome, reportName: "annual")
    #expect(
      text.hasPrefix(
        "Nothing published for \"annual\": the history database \(historyPath) cannot be used: "))
    #expect(text.contains("restore it from a backup, or move it away"))
    #expect(error.path == historyPath)
    #expect(!FileManager.default.fileExists(atPath: root + "/reports/annual"))
    #expect(FileManager.default.contents(atPath: historyPath) == garbage)
  }

  @Test func withoutRecomputeOnlyPublishedPointsAndTheAsOfDate() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    var text = try String(contentsOfFile: root + "/orbis.toml", encoding: .utf8)
    text += "\ntrends.recompute = false\n"
    try text.write(toFile: root + "/orbis.toml", atomically: true, encoding: .utf8)
    _ = try run(asOf: "2023-12-31")
    guard case .published(_, let record, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    #expect(record.trends?.points.map(\.date.description) == ["2023-12-31", "2025-12-31"])
    #expect(record.trends?.points.map(\.source) == [.published, .recomputed])
  }
}
