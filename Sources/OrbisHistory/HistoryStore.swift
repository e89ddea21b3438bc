import Foundation
import GRDB
import OrbisCore
import OrbisReports

/// The history database: every published report's figures, kept whatever the folders'
/// retention (SQLite in WAL mode, one file in the state directory). Written once per report,
/// in one transaction committed right after the report is published; read for the changes
/// since the previous report, the trends, and `orbis history`.
///
/// A file that cannot be opened, is not a database or was written by a newer schema is an
/// error naming it: the store never recreates it. A damaged page is an error when it is read
/// (SQLite checks each page it reads); the whole file is not checked at each open, which
/// would cost a read of every page, more as the history grows.
public final class HistoryStore: Sendable {
  /// The database file.
  public let path: String
  let queue: DatabaseQueue

  /// `history.sqlite`
  public static let fileName = "history.sqlite"

  public static func path(in stateDirectory: String) -> String {
    (stateDirectory as NSString).appendingPathComponent(fileName)
  }

  /// How a store is opened.
  public enum Access: Sendable {
    /// Creating the directory and an empty database when there is none, and bringing the
    /// schema up to date.
    case readWrite
    /// Reading an existing database as it is (`orbis history` by a user who may not write it).
    case readOnly
  }

  /// Opens the database at `path`.
  public init(path: String, access: Access = .readWrite) throws(HistoryError) {
    self.path = path
    if access == .readOnly {
      var configuration = GRDB.Configuration()
      configuration.readonly = true
      configuration.label = "history"
      do {
        queue = try DatabaseQueue(path: path, configuration: configuration)
        let complete = try queue.read { try HistorySchema.migrator.hasCompletedMigrations($0) }
        guard complete else {
          throw HistoryError(
            path: path, reason: "it was written by another version of Orbis",
            advice: "run orbis run as the service's user once: it brings the schema up to date")
        }
      } catch {
        throw HistoryError(path: path, error)
      }
      return
    }
    let directory = (path as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o750])
    } catch {
      throw HistoryError(
        path: path, reason: "its directory cannot be created: \(error.localizedDescription)",
        advice: "check that the state directory (paths.state) is writable by Orbis")
    }
    var configuration = GRDB.Configuration()
    configuration.journalMode = .wal
    // `orbis serve` runs reports in child processes: a writer waits for another's commit.
    configuration.busyMode = .timeout(30)
    configuration.label = "history"
    do {
      queue = try DatabaseQueue(path: path, configuration: configuration)
      let migrator = HistorySchema.migrator
      if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
        throw HistoryError(
          path: path, reason: "it was written by a newer Orbis (unknown schema migrations)",
          advice: "run that version of Orbis, or restore a backup made by this one")
      }
      try migrator.migrate(queue)
    } catch let error as HistoryError {
      throw error
    } catch {
      throw HistoryError(path: path, error)
    }
  }

  static let restoreAdvice =
    "Orbis never recreates it: restore it from a backup, or move it away to start a new history (the published reports still on disk are imported into the new one)"

  /// Runs `body` reading, mapping SQLite's errors to `HistoryError`.
  func read<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
    do {
      return try queue.read(body)
    } catch {
      throw HistoryError(path: path, error)
    }
  }

  /// Runs `body` in one write transaction, mapping SQLite's errors to `HistoryError`.
  func write<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
    do {
      return try queue.write(body)
    } catch {
      throw HistoryError(path: path, error)
    }
  }

  // MARK: Writing

  /// Records a published report and every figure it shows, in one transaction. Idempotent: a
  /// report whose directory is already recorded is left as it is (returns false).
  @discardableResult
  public func record(_ record: ReportRecord, directory: String) throws(HistoryError) -> Bool {
    try write { db in
      guard try ReportRow.filter(Column("directory") == directory).fetchCount(db) == 0 else {
        return false
      }
      try Self.insert(record, directory: directory, db)
      return true
    }
  }

  /// Records a report while it is being published: its rows are written now, in a transaction
  /// that `published` decides, called once they are written. It returns the directory the
  /// report was published in, and the transaction is committed; or nil (nothing published),
  /// and it is rolled back. The rows, tens of thousands of programmes at the largest, are thus
  /// written beside the rendering, and only the commit follows the publish. A crash before the
  /// commit leaves nothing recorded: the next run imports the published directory (`repair`).
  /// Runs take turns (the state directory's run lock); other writers (`orbis history`'s import
  /// of published folders, `--prune-before`) wait for the commit, up to the busy timeout.
  /// Returns whether the report was recorded; false also for a directory already recorded.
  public func record(
    _ record: ReportRecord, published: () -> String?
  ) throws(HistoryError) -> Bool {
    do {
      var recorded = false
      try queue.writeWithoutTransaction { db in
        try db.inTransaction {
          // Not a path, so no report has it: the row is renamed before the commit.
          let id = try Self.insert(record, directory: "(being published)", db)
          guard let directory = published(),
            try ReportRow.filter(Column("directory") == directory).fetchCount(db) == 0
          else { return .rollback }
          try db.execute(
            sql: "UPDATE report SET directory = ? WHERE id = ?", arguments: [directory, id])
          recorded = true
          return .commit
        }
      }
      return recorded
    } catch {
      throw HistoryError(path: path, error)
    }
  }

  /// Inserts a report's rows; returns its id.
  @discardableResult
  static func insert(
    _ record: ReportRecord, directory: String, _ db: Database
  ) throws -> Int64 {
    let report = ReportRow(
      id: nil, name: record.report, asOf: record.asOf.description,
      generatedAt: record.generatedAt, timeZone: record.timeZone, directory: directory,
      configSha256: record.configSha256, orbisVersion: record.orbisVersion,
      rowsRejected: record.rejected.total)
    try report.insert(db)
    let id = db.lastInsertedRowID
    for (i, input) in record.inputs.enumerated() {
      try InputRow(
        reportId: id, position: i, file: input.file, dataset: input.dataset.rawValue,
        format: input.format, size: input.size, sha256: input.sha256, rowsRead: input.rowsRead,
        rowsAccepted: input.rowsAccepted
      ).insert(db)
    }
    for figure in HistoryFigure.allCases {
      try FigureRow(reportId: id, key: figure.rawValue, value: figure.value(in: record))
        .insert(db)
    }
    for row in breakdownRows(record.statistics, reportId: id) { try row.insert(db) }
    for (i, unit) in record.statistics.staff.units.enumerated() {
      try UnitRowRecord(
        reportId: id, position: i, unit: unit.unit, headcount: unit.headcount.value,
        fte: unit.fte.value, knownNationality: unit.knownNationality.value,
        foreign: unit.foreign.value, foreignShare: unit.foreignShare,
        nationalities: unit.nationalities.value
      ).insert(db)
    }
    // Tens of thousands of rows: one prepared statement, not a record encoded per row
    // (0.4 s for 50,000 programmes that way).
    let programme = try db.makeStatement(
      sql: """
        INSERT INTO programme (report_id, position, programme_id, type, acronym, title,
          partner_countries, unit, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (i, p) in record.statistics.programmes.list.enumerated() {
      try programme.execute(arguments: [
        id, i, p.id, p.type, p.acronym, p.title, p.partnerCountries.joined(separator: ","),
        p.unit, p.start?.description, p.end?.description,
      ])
    }
    return id
  }

  static func breakdownRows(_ s: Statistics, reportId: Int64) -> [BreakdownRow] {
    var rows: [BreakdownRow] = []
    func add(
      _ breakdown: HistoryBreakdown, _ items: [(String, String, Int?, Double?, Double?)]
    ) {
      for (i, item) in items.enumerated() {
        rows.append(
          BreakdownRow(
            reportId: reportId, breakdown: breakdown.rawValue, position: i, key: item.0,
            label: item.1, count: item.2, fte: item.3, share: item.4))
      }
    }
    add(
      .staffNationality,
      s.staff.nationalities.map { ($0.code, $0.name, $0.count.value, nil, $0.share.value) })
    add(
      .staffContinent,
      s.staff.continents.map { ($0.code, $0.name, $0.count.value, nil, $0.share.value) })
    add(
      .staffCategory,
      s.staff.categories.map {
        ($0.category, $0.category, $0.headcount.value, $0.fte.value, $0.share.value)
      })
    add(
      .countryGroup, s.staff.countryGroups.map { ($0.name, $0.name, $0.count.value, nil, $0.share) }
    )
    add(.programmesByType, s.programmes.byType.map { ($0.code, $0.label, $0.count, nil, nil) })
    add(.programmesByCountry, s.programmes.byCountry.map { ($0.code, $0.name, $0.count, nil, nil) })
    add(
      .programmesByContinent,
      s.programmes.byContinent.map { ($0.key, $0.label, $0.count, nil, nil) })
    add(.programmesByUnit, s.programmes.byUnit.map { ($0.key, $0.label, $0.count, nil, nil) })
    add(
      .agreementsByCategory, s.agreements.byCategory.map { ($0.key, $0.label, $0.count, nil, nil) })
    add(.agreementsByKind, s.agreements.byKind.map { ($0.key, $0.label, $0.count, nil, nil) })
    return rows
  }

  /// Removes the reports as of a day before `day`, with their figures, and remembers their
  /// directories so that the repair does not import them back. Returns how many.
  public func prune(before day: Day) throws(HistoryError) -> Int {
    try write { db in
      let old = ReportRow.filter(Column("as_of") < day.description)
      for directory in try String.fetchAll(db, old.select(Column("directory"))) {
        try db.execute(
          sql: "INSERT OR IGNORE INTO pruned (directory) VALUES (?)", arguments: [directory])
      }
      return try old.deleteAll(db)
    }
  }

  // MARK: Repair

  /// What `repair` did.
  public struct Repair: Sendable {
    /// Directories imported.
    public var imported: [String] = []
    /// Directories whose `stats.json` could not be imported, and why.
    public var unreadable: [(directory: String, reason: String)] = []
  }

  /// Imports the published reports of `publisher`'s folder the history lacks (a run killed
  /// between the publish and the history's commit), from their `stats.json`. Idempotent.
  public func repair(_ publisher: Publisher) throws(HistoryError) -> Repair {
    var repair = Repair()
    let known = try directories(report: publisher.reportName).union(prunedDirectories())
    for name in publisher.published() {
      let directory = (publisher.directory as NSString).appendingPathComponent(name)
      guard !known.contains(directory) else { continue }
      let file = (directory as NSString).appendingPathComponent(ReportRenderer.statsName)
      guard let data = FileManager.default.contents(atPath: file) else {
        repair.unreadable.append((directory, "no readable \(ReportRenderer.statsName)"))
        continue
      }
      switch ReportRecord.decode(data) {
      case .success(let record) where record.report != publisher.reportName:
        repair.unreadable.append(
          (
            directory,
            "its \(ReportRenderer.statsName) is of the report \"\(record.report)\", not \"\(publisher.reportName)\""
          ))
      case .success(let record):
        if try self.record(record, directory: directory) { repair.imported.append(directory) }
      case .failure(let error):
        repair.unreadable.append((directory, "\(ReportRenderer.statsName): \(error)"))
      }
    }
    return repair
  }

  /// The directories recorded for a report name.
  public func directories(report: String) throws(HistoryError) -> Set<String> {
    try read { db in
      Set(
        try String.fetchAll(
          db, sql: "SELECT directory FROM report WHERE name = ?", arguments: [report]))
    }
  }

  /// The directories `prune` removed.
  func prunedDirectories() throws(HistoryError) -> Set<String> {
    try read { db in Set(try String.fetchAll(db, sql: "SELECT directory FROM pruned")) }
  }
}

/// The history database cannot be used: which file, why, and what to do.
public struct HistoryError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var advice: String

  public init(path: String, reason: String, advice: String) {
    self.path = path
    self.reason = reason
    self.advice = advice
  }

  /// From SQLite's error: a damaged file is to be restored; a file that cannot be opened or
  /// written (permissions, space, limits) is left as it is, with what the system says of it.
  init(path: String, _ error: any Error) {
    if let error = error as? HistoryError {
      self = error
      return
    }
    guard let error = error as? DatabaseError else {
      self.init(path: path, reason: "\(error)", advice: HistoryStore.restoreAdvice)
      return
    }
    let code = error.extendedResultCode
    var reason = "SQLite error \(code.rawValue): \(error.message ?? "\(code)")"
    switch code.primaryResultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB:
      self.init(path: path, reason: reason, advice: HistoryStore.restoreAdvice)
    case .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
      if let cause = Self.systemCause(path) { reason += " (\(cause))" }
      self.init(
        path: path, reason: reason,
        advice:
          "Check the free space, the file-size limit and that the state directory (paths.state) and the file are writable by Orbis; the history is left as it is"
      )
    default:
      self.init(path: path, reason: reason, advice: "Try again; if it persists, see the log")
    }
  }

  /// What the system says of the file SQLite could not open or write, when it says something:
  /// a directory or file that is not writable, a full device, a file-size limit (RLIMIT_FSIZE)
  /// below what a database and its write-ahead log need. Looks only; changes nothing.
  static func systemCause(_ path: String) -> String? {
    let directory = (path as NSString).deletingLastPathComponent
    for (file, what) in [(directory, "the state directory"), (path, "the file")]
    where access(file, F_OK) == 0 && access(file, R_OK | W_OK) != 0 {
      return "\(what) is not writable: \(String(cString: strerror(errno)))"
    }
    var limit = rlimit()
    if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0,
      limit.rlim_cur < 1 << 20
    {
      return
        "the process's file-size limit (RLIMIT_FSIZE) is \(limit.rlim_cur) bytes: \(String(cString: strerror(EFBIG)))"
    }
    var space = statvfs()
    if statvfs(directory, &space) == 0, UInt64(space.f_bavail) * UInt64(space.f_frsize) < 1 << 20 {
      return "less than 1 MiB free on its device: \(String(cString: strerror(ENOSPC)))"
    }
    return nil
  }

  public var description: String {
    "the history database \(path) cannot be used: \(reason). \(advice)"
  }
}
