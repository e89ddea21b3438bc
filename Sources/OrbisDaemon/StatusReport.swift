import Foundation
import OrbisCore
import OrbisReports

/// What `orbis status` and `orbis schedule` print.
public enum StatusReport {
  /// Per report: its last run from the state file, its schedule and next fire times.
  public static func text(configuration: Configuration, state: DaemonState, now: Date) -> String {
    var out = "State: \(DaemonState.path(in: configuration.stateDirectory))\n"
    if let watch = state.watch { out += "Watching: \(watch) (as orbis serve last set it)\n" }
    for report in configuration.reports {
      let zone = TimeZone(identifier: report.timeZone) ?? .current
      out += "\nReport \"\(report.name)\" (\(report.timeZone))\n"
      let entry = state.reports[report.name]
      if let entry, let last = entry.lastRun {
        let duration = entry.durationSeconds.map { String(format: " in %.2f s", $0) } ?? ""
        out +=
          "  Last run:     \(StatusFormat.local(last, in: zone)), \(entry.outcome ?? "?")\(duration)\n"
      } else {
        out += "  Last run:     none yet\n"
      }
      if let success = entry?.lastSuccess {
        out += "  Last success: \(StatusFormat.local(success, in: zone))\n"
      }
      if let published = entry?.lastPublished { out += "  Published:    \(published)\n" }
      if let error = entry?.error {
        out += "  Last error:   \(Printable.escaped(error))\n"
        if let failures = entry?.failures, failures > 1 {
          out += "                (\(failures) failures in a row)\n"
        }
      }
      if let inputs = entry?.inputs, !inputs.isEmpty {
        out += "  Inputs:       \(inputs.keys.sorted().joined(separator: ", "))\n"
      }
      out += schedule(report, after: now, count: 3)
    }
    return out
  }

  /// The as-of rule, the schedule line and the next `count` fire times, local and UTC, each
  /// with the as-of date a run then uses.
  public static func schedule(
    _ report: Configuration.ReportDefinition, after now: Date, count: Int
  ) -> String {
    var out = "  As of:        \(report.asOf)"
    if case .fixed = report.asOf {} else { out += " (a run now: \(report.asOfDay(at: now)))" }
    out += "\n"
    guard let expression = report.schedule else {
      return out + "  Schedule:     none (runs when the data directory changes)\n"
    }
    let zone = TimeZone(identifier: report.timeZone) ?? .current
    out += "  Schedule:     \(expression.text)\n"
    for fire in expression.fires(after: now, in: zone, count: count) {
      out +=
        "  Next:         \(StatusFormat.local(fire, in: zone))  (\(StatusFormat.utc(fire)))"
        + "  as of \(report.asOfDay(at: fire))\n"
    }
    return out
  }
}

/// Dates as `orbis status`, `orbis schedule` and `STATUS=` show them.
public enum StatusFormat {
  /// `2026-11-24 06:00:00 +01:00`
  public static func local(_ date: Date, in zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxxxx"
    return formatter.string(from: date)
  }

  /// `2026-11-24T05:00:00Z`
  public static func utc(_ date: Date) -> String { ReportRecord.utcTimestamp(date) }
}
