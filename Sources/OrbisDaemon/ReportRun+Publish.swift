import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisIngest
import OrbisReports
import OrbisSystem

extension ReportRun {
  /// Computes, renders and publishes one report of the run from the data read.
  func publish(
    _ target: Target, _ ingest: inout IngestResult, release: Bool,
    protected: (Statistics, ProtectionSummary)?, history: HistoryStore,
    now: Date, timings: Timings, start: ContinuousClock.Instant, logger: Logger
  ) -> Outcome {
    var timings = timings
    let reportName = target.name
    let publisher = self.publisher(reportName)
    if reportName != self.reportName {
      // A unit's report: its own folder, cleaned and repaired like the definition's.
      for name in publisher.removeStale() {
        logger.notice(
          "removed the temporary directory of an interrupted run",
          metadata: ["file.path": "\(name)"])
      }
      do throws(HistoryError) {
        try Self.repair(history, publisher, logger: logger)
      } catch {
        logger.error("nothing published: \(error)")
        return .historyFailed(error)
      }
    }
    var step = ContinuousClock.now
    let definition = self.definition
    let day = asOf ?? definition.asOfDay(at: now)
    let dataset = target.scope.filter(ingest.dataset)
    // Beside the figures: the trends' earlier points (from the history, the missing ones
    // recomputed from the rows), and the previous report. The history's one connection
    // serializes their reads: the points' small one goes first, so that their recomputing
    // does not wait for the previous report's (its whole programme list).
    let pointsQueried = Pending<Void>.Slot()
    let pendingPoints = Pending { [self] in
      let step = ContinuousClock.now
      return (
        Result { () throws(HistoryError) in
          try self.trendPoints(
            definition, reportName: reportName, asOf: day, dataset, history,
            queried: { pointsQueried.fill(()) })
        }, lap(step)
      )
    }
    let pendingPrevious = Pending { [reportName] in
      pointsQueried.wait()
      let step = ContinuousClock.now
      return (
        Result { () throws(HistoryError) in try history.previous(report: reportName) }, lap(step)
      )
    }
    let statistics =
      protected?.0
      ?? Statistics.compute(
        dataset: dataset, asOf: day, configuration: configuration,
        language: definition.language)
    let protection = protected?.1
    if let k = definition.minCount, let protection {
      logger.info(
        "small-count protection (min_count = \(k)): \(protection.suppressedCells) cells suppressed"
      )
      for cell in protection.exposed ?? [] {
        logger.warning(
          "small-count protection: \(cell) can still be worked out from counts that stay published (the headcount, known-nationality and foreign totals, the units' own reports)"
        )
      }
    }
    timings.statistics = lap(step)
    step = ContinuousClock.now
    let (pointsResult, pointsDuration) = pendingPoints.wait()
    let trends: Trends?
    switch pointsResult {
    case .success(let points):
      trends = points.map { points in
        let trends = self.trends(definition, points, statistics)
        return definition.minCount.map { trends.protected(minCount: $0) } ?? trends
      }
    case .failure(let error):
      logger.error("nothing published: \(error)")
      return .historyFailed(error)
    }
    // The rows are no longer needed: free them before the workbook is built.
    if release {
      ingest.dataset = Dataset()
      // And what the readers freed in their own malloc arenas, before the renderers (the
      // workbook's cells, the JSON encoder's tree) allocate theirs.
      Memory.releaseFree()
    }
    timings.trends = pointsDuration + lap(step)

    let (previousResult, previousDuration) = pendingPrevious.wait()
    timings.previous = previousDuration
    let previous: PublishedReport?
    switch previousResult {
    case .success(let report): previous = report
    case .failure(let error):
      logger.error("nothing published: \(error)")
      return .historyFailed(error)
    }
    let record = ReportRecord(
      report: reportName, orbisVersion: OrbisVersion.current, generatedAt: now,
      timeZone: definition.timeZone, asOf: day, configSha256: loaded.sha256,
      inputs: ingest.files.map {
        InputRecord(
          file: $0.file.name, dataset: $0.file.dataset, format: $0.file.format.rawValue,
          size: $0.file.size, sha256: $0.sha256, rowsRead: $0.rowsRead,
          rowsAccepted: $0.rowsAccepted, rejectedByKind: $0.rejectedByKind,
          encoding: $0.details.encoding?.rawValue, notes: $0.details.notes + $0.warnings)
      },
      rejected: RejectedRecord(
        log: ingest.diagnostics, scope: target.scope, listed: definition.minCount == nil),
      statistics: statistics,
      changes: previous.map { previous in
        let changes = Changes(previous: previous.figures, current: statistics)
        return definition.minCount.map { changes.protected(minCount: $0) } ?? changes
      },
      trends: trends, language: definition.language,
      scope: target.scope.isInstitute ? nil : target.scope, protection: protection)
    let maxDrop = configuration.maxDropPercent
    if let previous {
      let drops = DatasetDrop.find(
        previous: previous.inputs, current: record.inputs, maxPercent: maxDrop)
      if !drops.isEmpty, !acceptDrop {
        for drop in drops {
          logger.error(
            "nothing published: \(drop) against the previous report; \(DatasetDrop.advice(maxPercent: maxDrop))",
            metadata: ["report.directory": "\(previous.directory)"])
        }
        return .refused(drops: drops, previous: previous.directory, maxPercent: maxDrop)
      }
      for drop in drops {
        logger.warning("\(drop): accepted (--accept-drop)")
      }
    }
    if !force, let previous, previous.fingerprint == record.fingerprint {
      logger.info(
        "inputs, configuration, version and as-of date unchanged: not published again",
        metadata: ["report.directory": "\(previous.directory)"])
      return .unchanged(directory: previous.directory)
    }

    step = ContinuousClock.now
    // The report's rows go into the history while it is rendered; the commit waits for the
    // publish, and is rolled back when nothing is published.
    let published = Pending<String?>.Slot()
    let pendingHistory = Pending(.lower) {
      Result { () throws(HistoryError) in try history.record(record) { published.wait() } }
    }
    var renderTimings = ReportRenderer.Timings()
    let directory: String
    var abandoned = false
    do throws(PublishError) {
      directory = try publisher.publish(at: now) { temporary in
        renderTimings = try ReportRenderer.render(
          record, into: temporary, formats: definition.formats)
        if !shouldPublish() {
          abandoned = true
          throw Abandoned()
        }
      }
    } catch {
      published.fill(nil)
      _ = pendingHistory.wait()
      if abandoned {
        logger.warning("run abandoned before publishing; latest is unchanged")
        return .abandoned
      }
      logger.error("\(error)")
      return .publishFailed(error)
    }
    timings.publish = lap(step)
    if ProcessInfo.processInfo.environment[Self.failpointVariable] == "after_publish" {
      // A crash between the publish and the history's commit, for the tests of the repair.
      kill(getpid(), SIGKILL)
    }
    step = ContinuousClock.now
    published.fill(directory)
    if case .failure(let error) = pendingHistory.wait() {
      logger.error(
        "published, but not recorded in the history (the next run imports it): \(error)",
        metadata: ["report.directory": "\(directory)"])
    }
    timings.history = lap(step)
    timings.workbook = renderTimings.workbook
    timings.text = renderTimings.text
    timings.json = renderTimings.json
    timings.total = lap(start)
    logger.info(
      "published",
      metadata: [
        "report.directory": "\(directory)",
        "duration.read.s": "\(Self.format(timings.read))",
        "duration.statistics.s": "\(Self.format(timings.statistics))",
        "duration.previous.s": "\(Self.format(timings.previous))",
        "duration.trends.s": "\(Self.format(timings.trends))",
        "duration.history.s": "\(Self.format(timings.history))",
        "duration.json.s": "\(Self.format(timings.json))",
        "duration.publish.s": "\(Self.format(timings.publish))",
        "duration.workbook.s": "\(Self.format(timings.workbook))",
        "duration.text.s": "\(Self.format(timings.text))",
        "duration.total.s": "\(Self.format(timings.total))",
      ])
    return .published(directory: directory, record: record, timings: timings)
  }
}
