import Foundation
import Logging
import OrbisCore
import OrbisReports
import TestSupport
import Testing

@testable import OrbisDaemon

/// `orbis run`'s job on real directories: publish, compare with the previous report, refuse
/// unreadable files, skip an unchanged report when the daemon asks.
@Suite struct ReportRunTests {
  let root: String
  let logger = Logger(label: "test")

  init() throws { root = try RunDirectory.make(prefix: "orbis-run") }

  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: "\(root)/data/\(name)", atomically: true, encoding: .utf8)
  }

  func run(force: Bool = true, at time: TimeInterval = 0) throws -> ReportRun.Outcome {
    let loaded = try ConfigurationFile.read(path: root + "/orbis.toml", environment: [:])
    return ReportRun(
      loaded: loaded, reportName: "default", asOf: Day(iso: "2026-11-23"), force: force
    ).run(now: Date(timeIntervalSince1970: 1_795_413_600 + time), logger: logger)
  }

  var latest: String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/reports/default/latest")
  }

  @Test func publishesThenShowsTheChanges() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("staff.csv", "id,nationality\n1,FR\n2,IT\n3,DE\n")
    try write("programmes.csv", "id,type\nP1,IRP\nP2,IRL\n")
    guard case .published(let first, let r1, _) = try run() else {
      Issue.record("not published")
      return
    }
    #expect(first.hasSuffix("/reports/default/2026-11-23T060000Z"))
    #expect(r1.changes == nil)
    #expect(r1.statistics.staff.foreign == 2)
    #expect(r1.inputs.map(\.file) == ["staff.csv", "programmes.csv"])

    try write("staff.csv", "id,nationality\n1,FR\n2,IT\n4,JP\n5,JP|FR\n")
    try write("programmes.csv", "id,type\nP1,IRP\nP3,IEA\n")
    guard case .published(_, let r2, _) = try run(at: 60) else {
      Issue.record("not published")
      return
    }
    let changes = try #require(r2.changes)
    #expect(changes.headcount == .init(previous: 3, current: 4))
    #expect(changes.nationalitiesGained.map(\.key) == ["JP"])
    #expect(changes.nationalitiesLost.map(\.key) == ["DE"])
    #expect(changes.programmesAdded.map(\.id) == ["P3"])
    #expect(changes.programmesEnded.map(\.id) == ["P2"])
    #expect(changes.previousGeneratedAt == "2026-11-23T06:00:00Z")
    #expect(latest == "2026-11-23T060100Z")
  }

  /// `orbis serve` gets each outcome from the report's process as JSON: nothing is lost.
  @Test func outcomesCrossTheProcessBoundaryWhole() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("staff.csv", "id,nationality\n1,FR\n2,IT\n3,XX\n")
    let published = try run()
    try write("staff-2.csv", "")
    let failed = try run(at: 60)
    let outcomes: [ReportRun.Outcome] = [
      published, failed, .unchanged(directory: "/r/x"), .abandoned, .crashed(reason: "signal 9"),
      .publishFailed(.init(step: "rename", path: "/r", reason: "ENOSPC", advice: "free space")),
    ]
    for outcome in outcomes {
      let decoded = try JSONDecoder().decode(
        ReportRun.Outcome.self, from: JSONEncoder().encode(outcome))
      #expect(
        RunSummary.text(decoded, reportName: "default")
          == RunSummary.text(outcome, reportName: "default"))
      #expect(decoded.exitCode == outcome.exitCode)
    }
    guard case .published(let directory, let record, let timings) = published,
      case .published(let directory2, let record2, let timings2) = try JSONDecoder().decode(
        ReportRun.Outcome.self, from: JSONEncoder().encode(published))
    else {
      Issue.record("not published")
      return
    }
    #expect(directory2 == directory)
    #expect(record2 == record)
    #expect(record2.rejected.total == 1)
    #expect(timings2.total == timings.total)
    guard case .inputErrors(let errors) = failed else {
      Issue.record("not failed")
      return
    }
    #expect(errors.map(\.file) == ["staff-2.csv"])
  }

  @Test func anUnreadableFilePublishesNothing() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("staff.csv", "id,nationality\n1,FR\n")
    _ = try run()
    #expect(latest == "2026-11-23T060000Z")
    // Bytes that are neither UTF-8 nor Windows-1252 (0x81) in a second roster: the whole run
    // stops.
    try Data(Array("id,nationality\n1,".utf8) + [0xE9, 0x81, 0x0A]).write(
      to: URL(fileURLWithPath: root + "/data/staff-2.csv"))
    let outcome = try run(at: 60)
    guard case .inputErrors(let errors) = outcome else {
      Issue.record("published despite an unreadable file")
      return
    }
    #expect(outcome.exitCode == 2)
    #expect(errors.map(\.file) == ["staff-2.csv"])
    #expect(RunSummary.text(outcome, reportName: "default").contains("staff-2.csv: neither UTF-8"))
    #expect(latest == "2026-11-23T060000Z")
    let entries = try FileManager.default.contentsOfDirectory(atPath: root + "/reports/default")
    #expect(entries.sorted() == ["2026-11-23T060000Z", "latest"])
  }

  @Test func anUnchangedReportIsSkippedUnlessForced() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("staff.csv", "id,nationality\n1,FR\n2,XX\n")
    #expect(try run().exitCode == 1)  // one rejected row
    guard case .unchanged = try run(force: false, at: 60) else {
      Issue.record("published again with nothing changed")
      return
    }
    guard case .published = try run(force: true, at: 120) else {
      Issue.record("an explicit run must publish")
      return
    }
    try write("staff.csv", "id,nationality\n1,FR\n")
    guard case .published(_, let record, _) = try run(force: false, at: 180) else {
      Issue.record("changed inputs must publish")
      return
    }
    #expect(record.rejected.total == 0)
  }

  /// Odd text from a roster (a control character, a NUL, a value over Excel's cell limit)
  /// publishes a workbook every part of which is well-formed XML, with the text cleaned,
  /// shortened only in the workbook, and both said in Data quality.
  @Test func oddTextPublishesAWellFormedWorkbook() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let long = String(repeating: "L", count: 40_000)
    try write(
      "staff.csv", "id,nationality,unit\n1,FR,Lab\u{1}X\n2,DE,A\u{0}B\n3,IT,\(long)\n4,IT,\(long)\n"
    )
    guard case .published(let directory, let record, _) = try run() else {
      Issue.record("not published")
      return
    }
    #expect(Set(record.statistics.staff.units.map(\.unit)) == ["AB", "LabX", long])
    #expect(
      record.inputs.first?.notes == [
        "2 control characters removed (C0 codes or NUL, which reports cannot carry)"
      ])
    let package = try XLSXPackage(
      contentsOf: URL(fileURLWithPath: directory + "/report.xlsx"))
    for (name, data) in package.parts where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
      #expect(throws: Never.self, "\(name)") { _ = try XMLNode.parse(data) }
    }
    let units = try package.cells(ofSheet: "Units").values.compactMap(\.text)
    #expect(units.contains("LabX"))
    #expect(units.contains(String(repeating: "L", count: 32_766) + "…"))
    let quality = try package.cells(ofSheet: "Data quality").values.compactMap(\.text)
    #expect(
      quality.contains(
        "1 cell is longer than Excel's 32,767 characters and shortened with … in this workbook; stats.json and the text reports hold the whole text."
      ))
    #expect(
      quality.contains("2 control characters removed (C0 codes or NUL, which reports cannot carry)")
    )
    let stats = try String(contentsOfFile: directory + "/stats.json", encoding: .utf8)
    #expect(stats.contains(long))
  }

  func staffFile(_ count: Int) -> String {
    "id,nationality\n" + (1...max(count, 1)).prefix(count).map { "\($0),FR\n" }.joined()
  }

  /// A truncated export: nothing published, latest kept, the drop named with what to do;
  /// `--accept-drop` publishes it; a fall to zero is refused too.
  @Test func anImplausibleDropPublishesNothingUntilAccepted() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("staff.csv", staffFile(10))
    try write("programmes.csv", "id,type\nP1,IRP\n")
    guard case .published = try run() else {
      Issue.record("a first report must publish")
      return
    }
    let first = latest
    try write("staff.csv", staffFile(4))
    let outcome = try run(at: 60)
    guard case .refused(let drops, let previous, _) = outcome else {
      Issue.record("published a 60% drop")
      return
    }
    #expect(drops == [DatasetDrop(dataset: .staff, previous: 10, current: 4)])
    #expect(previous.hasSuffix("/reports/default/\(first!)"))
    #expect(latest == first)
    #expect(outcome.exitCode == 2)
    #expect(
      RunSummary.text(outcome, reportName: "default")
        == "Nothing published for \"default\": staff fell from 10 accepted rows to 4 (-60%) against the previous report (\(previous)); latest is unchanged.\n"
        + "  If the files are right, publish with `orbis run --accept-drop` (or raise inputs.max_drop_percent, now 50, and `orbis serve` publishes); otherwise fix or replace the files.\n"
    )
    // 50% exactly is not more than the limit.
    try write("staff.csv", staffFile(5))
    guard case .published = try run(at: 90) else {
      Issue.record("a 50% fall is within the limit")
      return
    }
    try write("staff.csv", staffFile(2))
    var accepted = ReportRun(
      loaded: try ConfigurationFile.read(path: root + "/orbis.toml", environment: [:]),
      reportName: "default", asOf: Day(iso: "2026-11-23"), force: true)
    accepted.acceptDrop = true
    guard
      case .published(_, let record, _) = accepted.run(
        now: Date(timeIntervalSince1970: 1_795_413_600 + 120), logger: logger)
    else {
      Issue.record("--accept-drop must publish")
      return
    }
    #expect(record.statistics.staff.headcount == 2)
    try FileManager.default.removeItem(atPath: root + "/data/programmes.csv")
    guard case .refused(let zero, _, _) = try run(at: 180) else {
      Issue.record("a fall to zero must be refused")
      return
    }
    #expect(zero == [DatasetDrop(dataset: .programmes, previous: 1, current: 0)])
  }

  @Test func refusedDropsShowInTheMetrics() {
    #expect(
      DatasetDrop(dataset: .staff, previous: 2001, current: 1000).description
        == "staff fell from 2,001 accepted rows to 1,000 (-50.02%)")
    var state = DaemonState()
    var report = DaemonState.ReportState()
    report.outcome = "refused"
    report.drops = [DatasetDrop(dataset: .staff, previous: 1200, current: 300)]
    state.reports["default"] = report
    let text = Metrics.text(state: state, figures: [:])
    #expect(text.contains("orbis_last_run_success{report=\"default\"} 0\n"))
    #expect(
      text.contains(
        "orbis_refused_drop_rows{report=\"default\",dataset=\"staff\",when=\"previous\"} 1200\n"
          + "orbis_refused_drop_rows{report=\"default\",dataset=\"staff\",when=\"current\"} 300\n"))
  }
}
