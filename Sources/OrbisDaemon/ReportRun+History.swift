import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisIngest
import OrbisReports

/// The run's state and history: temporaries, the lock, the database, its repair, the trends.
extension ReportRun {
  /// Removes the temporary directories an interrupted run left beside the published reports.
  public func removeStaleTemporaries(logger: Logger) {
    for name in publisher.removeStale() {
      logger.notice(
        "removed the temporary directory of an interrupted run", metadata: ["file.path": "\(name)"])
    }
  }

  /// `STATE/run.lock`: runs sharing a state directory take it in turn.
  static func lockPath(_ stateDirectory: String) -> String {
    (stateDirectory as NSString).appendingPathComponent("run.lock")
  }

  /// The history of the reports directory this run publishes into: the state directory's for
  /// the configured one; a run with `--out` elsewhere (a trial) keeps its own beside its
  /// reports, so that it never enters the office's history.
  public var historyPath: String {
    /// Absolute (from the working directory), without `.`, `..` or symbolic links.
    func resolved(_ path: String) -> String {
      URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
    guard let reportsDirectory,
      resolved(reportsDirectory) != resolved(configuration.reportsDirectory)
    else { return HistoryStore.path(in: configuration.stateDirectory) }
    return (reportsDirectory as NSString).appendingPathComponent(".history.sqlite")
  }

  /// Set to `after_publish`, the run kills itself (SIGKILL) right after publishing, before
  /// the history's commit: how the tests check the repair.
  public static let failpointVariable = "ORBIS_FAILPOINT"

  /// Imports into the history the published reports of this name it lacks (logged).
  static func repair(
    _ history: HistoryStore, _ publisher: Publisher, logger: Logger
  ) throws(HistoryError) {
    let repair = try history.repair(publisher)
    for directory in repair.imported {
      logger.notice(
        "imported into the history: a report published without being recorded (interrupted run)",
        metadata: ["report.directory": "\(directory)"])
    }
    for (directory, reason) in repair.unreadable {
      logger.warning(
        "a published report cannot be imported into the history: \(reason); restore or remove the folder",
        metadata: ["report.directory": "\(directory)"])
    }
  }

  /// The trends' points before the as-of date: from the history where a report of this name
  /// was published as of that date, else recomputed from `dataset` (when `trends.recompute`).
  /// Nil when `trends.periods` is 0. Computed beside the run's own figures; `queried` is
  /// called once the history is no longer needed (after its read, failed or not, or at once
  /// when there is none), before the points are recomputed.
  func trendPoints(
    _ definition: Configuration.ReportDefinition, reportName: String, asOf day: Day,
    _ dataset: Dataset, _ history: HistoryStore, queried: () -> Void = {}
  ) throws(HistoryError) -> [(TrendFigures, TrendPoint.Source)]? {
    let settings = definition.trends
    guard settings.periods > 0 else {
      queried()
      return nil
    }
    let dates = settings.period.ends(before: day, count: settings.periods)
    let read = Result { () throws(HistoryError) in
      try history.trendFigures(report: reportName, at: dates)
    }
    queried()
    let published = try read.get()
    let missing = settings.recompute ? dates.filter { published[$0] == nil } : []
    var figures: [Day: (TrendFigures, TrendPoint.Source)] = [:]
    for point in Trends.recompute(dataset, at: missing, host: configuration.hostCountry) {
      figures[point.date] = (point, .recomputed)
    }
    for (date, point) in published { figures[date] = (point, .published) }
    return dates.compactMap { figures[$0] }
  }

  /// The trends from their earlier points (`trendPoints`) and this run's figures.
  func trends(
    _ definition: Configuration.ReportDefinition, _ points: [(TrendFigures, TrendPoint.Source)],
    _ statistics: Statistics
  ) -> Trends {
    Trends.assemble(
      period: definition.trends.period,
      points + [(TrendFigures(statistics: statistics), .recomputed)],
      types: configuration.programmeTypes, hostCountry: configuration.hostCountry.country.alpha2)
  }
}
