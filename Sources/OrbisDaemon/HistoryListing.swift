import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisReports

/// What `orbis history` prints: the published reports' figures over time, as a table or CSV.
public enum HistoryListing {
  /// Opens the history database of `configuration` and imports the published reports of every
  /// configured report it lacks (logged). With `create` false (`orbis history`) a missing
  /// database is not created (nil), and one this user may not write is read as it is, without
  /// the import: a command run by another user never leaves the service a file it cannot write.
  public static func open(
    _ configuration: Configuration, create: Bool = true, logger: Logger
  ) throws(HistoryError) -> HistoryStore? {
    let path = HistoryStore.path(in: configuration.stateDirectory)
    let exists = FileManager.default.fileExists(atPath: path)
    if !create {
      guard exists else { return nil }
      let directory = (path as NSString).deletingLastPathComponent
      guard access(path, R_OK | W_OK) == 0, access(directory, W_OK) == 0 else {
        logger.notice(
          "the history database is not writable by this user: read as it is, published reports it lacks are not imported",
          metadata: ["file.path": "\(path)"])
        return try HistoryStore(path: path, access: .readOnly)
      }
    }
    let store = try HistoryStore(path: path)
    for report in configuration.reports {
      let publisher = Publisher(
        reportsDirectory: configuration.reportsDirectory, reportName: report.name,
        retention: configuration.retention)
      try ReportRun.repair(store, publisher, logger: logger)
    }
    return store
  }

  /// What `--figure` names: a key figure, or one row of a breakdown (`programmes_by_type:IRP`).
  public enum Selection: Sendable {
    case figure(HistoryFigure)
    case breakdown(HistoryBreakdown, key: String)

    /// Nil with the reason when `text` names nothing the history keeps.
    public static func parse(_ text: String) -> Result<Selection, SelectionError> {
      if let figure = HistoryFigure(rawValue: text) { return .success(.figure(figure)) }
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      if parts.count == 2, let breakdown = HistoryBreakdown(rawValue: parts[0]), !parts[1].isEmpty {
        return .success(.breakdown(breakdown, key: parts[1]))
      }
      return .failure(
        SelectionError(
          reason:
            "--figure \(text) is not kept in the history; use one of "
            + HistoryFigure.allCases.map(\.rawValue).joined(separator: ", ")
            + ", or BREAKDOWN:KEY with a breakdown among "
            + HistoryBreakdown.allCases.map(\.rawValue).joined(separator: ", ")
            + " (e.g. programmes_by_type:IRP, staff_nationality:DE)"))
    }

    var header: String {
      switch self {
      case .figure(let figure): figure.rawValue
      case .breakdown(let breakdown, let key): "\(breakdown.rawValue):\(key)"
      }
    }
  }

  public struct SelectionError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
  }

  /// The figures shown for each report when no `--figure` is given (CSV has them all).
  static let tableFigures: [(HistoryFigure, String)] = [
    (.headcount, "Staff"), (.fte, "FTE"), (.foreign, "Foreign"), (.foreignShare, "Share"),
    (.distinctPrimaryNationalities, "Nationalities"), (.programmesActive, "Programmes"),
    (.agreementsInForce, "Agreements"),
  ]

  /// Every report recorded (of one name, or all), as-of date order within each name.
  public static func text(
    _ store: HistoryStore, report: String?, selection: Selection?, csv: Bool
  ) throws(HistoryError) -> String {
    let entries = try store.entries(report: report)
    switch selection {
    case nil:
      if csv {
        var out = csvLine(
          ["report", "as_of", "generated_at"] + HistoryFigure.allCases.map(\.rawValue)
            + ["directory"])
        for e in entries {
          out += csvLine(
            [e.name, e.asOf.description, e.generatedAt]
              + HistoryFigure.allCases.map { csvNumber(e.figures[$0]) } + [e.directory])
        }
        return out
      }
      guard !entries.isEmpty else { return emptyText(report) }
      var t = TextTable(
        [("Report", .left), ("As of", .left), ("Generated (UTC)", .left)]
          + tableFigures.map { ($0.1, .right) })
      for e in entries {
        t.add(
          [e.name, e.asOf.description, e.generatedAt]
            + tableFigures.map { shown(e.figures[$0.0], $0.0) })
      }
      return t.render(indent: 0, maxWidth: 160)
    case .figure(let figure)?:
      let values = entries.map { ($0, $0.figures[figure]) }
      return series(values, header: figure.rawValue, csv: csv, report: report) { _, value in
        if value == nil, figure.isProtectable { return suppressedText }
        return csv ? csvNumber(value) : shown(value, figure)
      }
    case .breakdown(let breakdown, let key)?:
      let series = try store.breakdownSeries(report: report, breakdown, key: key)
      if !series.isEmpty, series.allSatisfy({ $0.count == nil }) {
        let keys = try store.breakdownKeys(report: report, breakdown)
        throw HistoryError(
          path: store.path, reason: "no report has \"\(key)\" in \(breakdown.rawValue)",
          advice:
            "Its keys are: \(keys.prefix(30).joined(separator: ", "))\(keys.count > 30 ? ", …" : "")"
        )
      }
      let values = series.map { ($0.entry, $0.count?.value.map(Double.init)) }
      let suppressed = Set(series.filter { $0.count?.isSuppressed == true }.map(\.entry.directory))
      return Self.series(
        values, header: "\(breakdown.rawValue):\(key)", csv: csv, report: report
      ) { entry, value in
        if suppressed.contains(entry.directory) { return suppressedText }
        return csv ? csvNumber(value) : (value.map { TextFormat.integer(Int($0)) } ?? "–")
      }
    }
  }

  static func series(
    _ values: [(HistoryEntry, Double?)], header: String, csv: Bool, report: String?,
    format: (HistoryEntry, Double?) -> String
  ) -> String {
    if csv {
      return csvLine(["report", "as_of", "generated_at", "value"])
        + values.map {
          csvLine([$0.0.name, $0.0.asOf.description, $0.0.generatedAt, format($0.0, $0.1)])
        }
        .joined()
    }
    guard !values.isEmpty else { return emptyText(report) }
    var t = TextTable(
      [("Report", .left), ("As of", .left), ("Generated (UTC)", .left), (header, .right)])
    for (e, value) in values {
      t.add([e.name, e.asOf.description, e.generatedAt, format(e, value)])
    }
    return t.render(indent: 0, maxWidth: 160)
  }

  static func emptyText(_ report: String?) -> String {
    report.map { "No report named \"\($0)\" in the history yet.\n" }
      ?? "No report in the history yet.\n"
  }

  /// A count small-count protection suppressed (`min_count`), in tables and CSV.
  static let suppressedText = "suppressed"

  static func shown(_ value: Double?, _ figure: HistoryFigure) -> String {
    guard let value else { return figure.isProtectable ? suppressedText : "–" }
    if figure.isShare { return TextFormat.percent(value) }
    if figure.isCount { return TextFormat.integer(Int(value)) }
    return TextFormat.fte(value)
  }

  /// A number as CSV carries it: integers without decimals, shares and FTE in full
  /// (the shortest text that reads back as the same double), empty when undefined.
  static func csvNumber(_ value: Double?) -> String {
    guard let value else { return "" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// One RFC 4180 line: fields with a comma, quote or line break are quoted.
  static func csvLine(_ fields: [String]) -> String {
    fields.map { field in
      field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",") + "\r\n"
  }
}
