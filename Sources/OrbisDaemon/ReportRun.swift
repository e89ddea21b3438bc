import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisIngest
import OrbisReports
import OrbisSystem

/// Seconds since `since`, for the run's timings.
@Sendable func lap(_ since: ContinuousClock.Instant) -> Double {
  (ContinuousClock.now - since).seconds
}

/// One run of one report: read the data directory, compute the figures and trends, compare
/// with the previous published report, render, publish, and record the figures in the history
/// database. Used alike by `orbis run` and the daemon.
public struct ReportRun: Sendable {
  public var loaded: LoadedConfiguration
  public var reportName: String
  /// Overrides of the configuration's directories (`--data`, `--out`).
  public var dataDirectory: String?
  public var reportsDirectory: String?
  /// The as-of date (`--as-of`); nil: the report's `as_of` rule, in its time zone.
  public var asOf: Day?
  /// Publish even when nothing changed since the last published report.
  public var force: Bool
  /// Publish even when a dataset's accepted rows fell by more than
  /// `inputs.max_drop_percent` (`orbis run --accept-drop`).
  public var acceptDrop = false
  /// Asked just before publishing: false abandons the run (timed out, or the daemon stops).
  public var shouldPublish: @Sendable () -> Bool = { true }
  /// Reads the data directory: once per run, for every report it publishes (the tests count).
  var readData: @Sendable (DataDirectoryReader) -> IngestResult = { $0.read() }

  public init(
    loaded: LoadedConfiguration, reportName: String, dataDirectory: String? = nil,
    reportsDirectory: String? = nil, asOf: Day? = nil, force: Bool = true
  ) {
    self.loaded = loaded
    self.reportName = reportName
    self.dataDirectory = dataDirectory
    self.reportsDirectory = reportsDirectory
    self.asOf = asOf
    self.force = force
  }

  /// Seconds per step.
  public struct Timings: Sendable, Codable {
    public var read = 0.0
    public var statistics = 0.0
    /// Reading the previous report from the history (beside the statistics, on another thread).
    public var previous = 0.0
    /// The trends' points (read from the history or recomputed, beside the statistics).
    public var trends = 0.0
    /// Recording the report in the history database.
    public var history = 0.0
    public var workbook = 0.0
    public var json = 0.0
    public var text = 0.0
    public var publish = 0.0
    public var total = 0.0
  }

  public enum Outcome: Sendable, Codable {
    /// Published into `directory`.
    case published(directory: String, record: ReportRecord, timings: Timings)
    /// Inputs, configuration, version and as-of date unchanged since `directory`.
    case unchanged(directory: String)
    /// Files that cannot be read: nothing was published.
    case inputErrors([InputError])
    case publishFailed(PublishError)
    /// Abandoned before publishing (`shouldPublish` said no).
    case abandoned
    /// The process that ran the report ended without saying how the run went (`orbis serve`
    /// runs each report in a child process): `reason` is how it ended.
    case crashed(reason: String)
    /// Nothing published: datasets fell implausibly against the report in `previous`.
    case refused(drops: [DatasetDrop], previous: String, maxPercent: Double)
    /// Nothing published: the history database cannot be opened or read.
    case historyFailed(HistoryError)

    /// As for `orbis check`: 0 published clean, 1 published with rejected rows, 2 nothing
    /// published because of an error.
    public var exitCode: Int32 {
      switch self {
      case .published(_, let record, _): record.rejected.total > 0 ? 1 : 0
      case .unchanged: 0
      case .inputErrors, .publishFailed, .abandoned, .crashed, .refused, .historyFailed: 2
      }
    }
  }

  var configuration: Configuration { loaded.configuration }

  /// The `[[report]]` this run publishes (a default one if the name is not defined).
  var definition: Configuration.ReportDefinition {
    configuration.reports.first { $0.name == reportName }
      ?? .init(name: reportName, timeZone: configuration.timeZone)
  }

  /// The publisher of the definition's report (`REPORTS/<name>/`).
  public var publisher: Publisher { publisher(reportName) }

  /// The publisher of one of the run's reports: the definition's, or one unit's
  /// (`<name>/<unit folder>`).
  func publisher(_ name: String) -> Publisher {
    Publisher(
      reportsDirectory: reportsDirectory ?? configuration.reportsDirectory,
      reportName: name, retention: configuration.retention)
  }

  /// Process-wide settings of a process that runs reports (`orbis run`, and the process
  /// `orbis serve` starts for each run), made before its threads start.
  public static func prepareProcess() {
    Memory.disableFastBins()
  }

  /// Runs once; `now` is the run's start, used for the as-of date and the directory name.
  public func run(now: Date, logger: Logger) -> Outcome {
    var logger = logger
    logger[metadataKey: "report.name"] = "\(reportName)"
    let start = ContinuousClock.now
    var timings = Timings()

    let publisher = self.publisher
    // One run at a time per state directory: each sees the one before it in the history.
    let lock: FileLock
    do {
      try FileManager.default.createDirectory(
        atPath: configuration.stateDirectory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o750])
      lock = try FileLock(path: Self.lockPath(configuration.stateDirectory)) {
        logger.notice("another run of this state directory is in progress; waiting for it")
      }
    } catch {
      let failure = PublishError(
        step: "lock the state directory", path: configuration.stateDirectory,
        reason: (error as? SystemError).map { "\($0.call): \($0.message)" } ?? "\(error)",
        advice: "check that the state directory (paths.state) is writable by Orbis")
      logger.error("\(failure)")
      return .publishFailed(failure)
    }
    defer { lock.unlock() }
    removeStaleTemporaries(logger: logger)
    // The history is opened and repaired while the data directory is read; its failure still
    // stops the run first, before anything read is looked at.
    let pendingHistory = Pending { [historyPath, logger] in
      Result { () throws(HistoryError) in
        let history = try HistoryStore(path: historyPath)
        try Self.repair(history, publisher, logger: logger)
        return history
      }
    }

    let step = ContinuousClock.now
    let reader = DataDirectoryReader(configuration: configuration, directory: dataDirectory)
    var ingest = readData(reader)
    timings.read = lap(step)
    let history: HistoryStore
    switch pendingHistory.wait() {
    case .success(let store): history = store
    case .failure(let error):
      logger.error("nothing published: \(error)")
      return .historyFailed(error)
    }
    for file in ingest.skipped {
      logger.notice("not read: \(file.reason)", metadata: ["file.path": "\(file.name)"])
    }
    guard ingest.errors.isEmpty else {
      for error in ingest.errors {
        logger.error("\(error)", metadata: ["file.path": "\(error.file)"])
      }
      logger.error("nothing published: a file cannot be read or used; latest is unchanged")
      return .inputErrors(ingest.errors)
    }
    for file in ingest.files {
      for note in file.details.notes {
        logger.info("\(note)", metadata: ["file.path": "\(file.file.name)"])
      }
      for warning in file.warnings {
        logger.warning("\(warning)", metadata: ["file.path": "\(file.file.name)"])
      }
    }
    if ingest.files.isEmpty {
      logger.warning(
        "no input file in the data directory: the report shows no staff, programmes or agreements",
        metadata: ["file.path": "\(reader.directory)"])
    }
    let rowsRead = ingest.files.reduce(0) { $0 + $1.rowsRead }
    logger.info(
      "read \(ingest.files.count) files, \(rowsRead) rows, \(ingest.diagnostics.total) rejected",
      metadata: ["duration.s": "\(Self.format(timings.read))"])

    let definition = self.definition
    for warning in definition.scope.unmatchedWarnings(report: reportName, in: ingest.dataset) {
      logger.warning("\(warning)")
    }
    // One read for every report of the definition: the scope's, then one per unit.
    let day = asOf ?? definition.asOfDay(at: now)
    let targets = self.targets(definition, ingest.dataset, asOf: day, logger: logger)
    if targets.isEmpty {
      logger.warning(
        "report \(reportName): for_each_unit found no unit of the scope in the data: nothing published"
      )
    }
    let protected = protectedFigures(definition, targets, ingest.dataset, asOf: day)
    var outcome: Outcome?
    for (i, target) in targets.enumerated() {
      var logger = logger
      logger[metadataKey: "report.name"] = "\(target.name)"
      let result = publish(
        target, &ingest, release: i == targets.count - 1, protected: protected[target.name],
        history: history, now: now, timings: timings, start: start, logger: logger)
      // The first report's outcome, unless a later one failed.
      if outcome == nil || result.exitCode > outcome!.exitCode { outcome = result }
      if case .abandoned = result { break }
    }
    return outcome ?? .inputErrors([])
  }

  struct Abandoned: Error {}

  static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
