import Foundation
import OrbisCore
import OrbisSystem

/// The Prometheus node-exporter textfile (`[daemon] metrics_file`): per report the last run's
/// outcome, time and duration, the last success, and the key figures of the last published
/// report. Rewritten atomically after each run.
public enum Metrics {
  /// Key figures of a report's last published record.
  public struct Figures: Sendable {
    public var staff: Int
    public var foreignShare: Double?
    public var nationalities: Int
    public var programmes: [(type: String, count: Int)]
    public var agreements: Int
    public var rejectedRows: Int

    public init(statistics s: Statistics, rejectedRows: Int) {
      staff = s.staff.headcount
      foreignShare = s.staff.foreignShare
      nationalities = s.staff.distinctPrimaryNationalities
      programmes = s.programmes.byType.map { ($0.code, $0.count) }
      agreements = s.agreements.inForce
      self.rejectedRows = rejectedRows
    }
  }

  /// The file's text for `state` (runs) and `figures` (last published records).
  public static func text(state: DaemonState, figures: [String: Figures]) -> String {
    var families: [(name: String, help: String, samples: [String])] = [
      ("orbis_last_run_timestamp_seconds", "Start of the last run (Unix time).", []),
      ("orbis_last_run_success", "1 if the last run published or found nothing to publish.", []),
      ("orbis_last_run_duration_seconds", "Duration of the last run.", []),
      ("orbis_last_success_timestamp_seconds", "Start of the last successful run.", []),
      ("orbis_consecutive_failures", "Failed runs in a row.", []),
      ("orbis_staff_present", "Staff present on the as-of date.", []),
      ("orbis_foreign_staff_ratio", "Share of staff with a foreign primary nationality.", []),
      ("orbis_nationalities", "Distinct primary nationalities of staff present.", []),
      ("orbis_programmes_active", "Active programmes by type.", []),
      ("orbis_agreements_in_force", "Agreements in force.", []),
      ("orbis_rows_rejected", "Input rows rejected in the last published report.", []),
      (
        "orbis_refused_drop_rows",
        "While a run is refused for an implausible drop: a dataset's accepted rows in the previous report and now.",
        []
      ),
    ]
    func add(_ index: Int, _ labels: String, _ value: Double) {
      let number =
        value == value.rounded() && abs(value) < 1e15
        ? String(Int64(value)) : String(format: "%.6f", value)
      families[index].samples.append("\(families[index].name){\(labels)} \(number)")
    }
    for name in state.reports.keys.sorted() {
      let report = state.reports[name]!
      let label = "report=\"\(escape(name))\""
      if let run = report.lastRun { add(0, label, run.timeIntervalSince1970) }
      if let outcome = report.outcome {
        add(1, label, outcome == "published" || outcome == "unchanged" ? 1 : 0)
      }
      if let duration = report.durationSeconds { add(2, label, duration) }
      if let success = report.lastSuccess { add(3, label, success.timeIntervalSince1970) }
      add(4, label, Double(report.failures))
      for drop in report.drops ?? [] {
        let dataset = "\(label),dataset=\"\(drop.dataset.rawValue)\""
        add(11, "\(dataset),when=\"previous\"", Double(drop.previous))
        add(11, "\(dataset),when=\"current\"", Double(drop.current))
      }
    }
    for name in figures.keys.sorted() {
      let f = figures[name]!
      let label = "report=\"\(escape(name))\""
      add(5, label, Double(f.staff))
      if let share = f.foreignShare { add(6, label, share) }
      add(7, label, Double(f.nationalities))
      for (type, count) in f.programmes {
        add(8, "\(label),type=\"\(escape(type))\"", Double(count))
      }
      add(9, label, Double(f.agreements))
      add(10, label, Double(f.rejectedRows))
    }
    return families.filter { !$0.samples.isEmpty }.map { family in
      "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"
        + family.samples.map { "\($0)\n" }.joined()
    }.joined()
  }

  static func escape(_ value: String) -> String {
    value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  public static func write(_ text: String, to path: String) throws(SystemError) {
    try FileSystem.writeAtomically(Array(text.utf8), to: path, mode: 0o644)
  }
}
