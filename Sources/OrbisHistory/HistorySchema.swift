import GRDB

/// The history database's tables, one `Codable` record type each (columns in snake_case). The
/// README's "History database" section documents them for offices querying the file with
/// `sqlite3`; `HistorySchema.migrator` creates and upgrades them.
enum HistorySchema {
  /// Versioned migrations: an empty file is brought to the current schema, an older one
  /// upgraded, each migration once and in its own transaction.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.create(table: "report") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull()
        t.column("as_of", .text).notNull()
        t.column("generated_at", .text).notNull()
        t.column("time_zone", .text).notNull()
        t.column("directory", .text).notNull().unique()
        t.column("config_sha256", .text).notNull()
        t.column("orbis_version", .text).notNull()
        t.column("rows_rejected", .integer).notNull()
      }
      try db.create(index: "report_name_as_of", on: "report", columns: ["name", "as_of"])
      try db.create(table: "input") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.column("file", .text).notNull()
        t.column("dataset", .text).notNull()
        t.column("format", .text).notNull()
        t.column("size", .integer).notNull()
        t.column("sha256", .text).notNull()
        t.column("rows_read", .integer).notNull()
        t.column("rows_accepted", .integer).notNull()
        t.primaryKey(["report_id", "position"])
      }
      try db.create(table: "figure") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("key", .text).notNull()
        t.column("value", .double)
        t.primaryKey(["report_id", "key"])
      }
      try db.create(table: "breakdown") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("breakdown", .text).notNull()
        t.column("position", .integer).notNull()
        t.column("key", .text).notNull()
        t.column("label", .text).notNull()
        t.column("count", .integer).notNull()
        t.column("fte", .double)
        t.column("share", .double)
        t.primaryKey(["report_id", "breakdown", "position"])
      }
      try db.create(table: "staff_unit") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.column("unit", .text).notNull()
        t.column("headcount", .integer).notNull()
        t.column("fte", .double).notNull()
        t.column("known_nationality", .integer).notNull()
        t.column("foreign", .integer).notNull()
        t.column("foreign_share", .double)
        t.column("nationalities", .integer).notNull()
        t.primaryKey(["report_id", "position"])
      }
      try db.create(table: "programme") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.column("programme_id", .text).notNull()
        t.column("type", .text).notNull()
        t.column("acronym", .text).notNull()
        t.column("title", .text).notNull()
        t.column("partner_countries", .text).notNull()
        t.column("unit", .text).notNull()
        t.column("start", .text)
        t.column("end", .text)
        t.primaryKey(["report_id", "position"])
      }
    }
    migrator.registerMigration("v2: pruned directories") { db in
      // What `--prune-before` removed, so that the repair does not import it back.
      try db.create(table: "pruned") { t in
        t.primaryKey("directory", .text)
      }
    }
    migrator.registerMigration("v3: suppressed counts") { db in
      // Small-count protection (`min_count`) publishes some counts of people as suppressed:
      // NULL. SQLite cannot drop a NOT NULL constraint, so the two tables are rebuilt.
      try db.create(table: "new_breakdown") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("breakdown", .text).notNull()
        t.column("position", .integer).notNull()
        t.column("key", .text).notNull()
        t.column("label", .text).notNull()
        t.column("count", .integer)
        t.column("fte", .double)
        t.column("share", .double)
        t.primaryKey(["report_id", "breakdown", "position"])
      }
      try db.execute(sql: "INSERT INTO new_breakdown SELECT * FROM breakdown")
      try db.drop(table: "breakdown")
      try db.rename(table: "new_breakdown", to: "breakdown")
      try db.create(table: "new_staff_unit") { t in
        t.column("report_id", .integer).notNull().references("report", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.column("unit", .text).notNull()
        t.column("headcount", .integer)
        t.column("fte", .double)
        t.column("known_nationality", .integer)
        t.column("foreign", .integer)
        t.column("foreign_share", .double)
        t.column("nationalities", .integer)
        t.primaryKey(["report_id", "position"])
      }
      try db.execute(sql: "INSERT INTO new_staff_unit SELECT * FROM staff_unit")
      try db.drop(table: "staff_unit")
      try db.rename(table: "new_staff_unit", to: "staff_unit")
    }
    return migrator
  }
}

/// A snake_case table row.
protocol HistoryRow: Codable, FetchableRecord, PersistableRecord {}

extension HistoryRow {
  static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
    .convertFromSnakeCase
  }
  static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy {
    .convertToSnakeCase
  }
}

/// `report`: one published report.
struct ReportRow: HistoryRow {
  static let databaseTableName = "report"
  var id: Int64?
  var name: String
  /// `YYYY-MM-DD`
  var asOf: String
  /// ISO 8601, UTC.
  var generatedAt: String
  var timeZone: String
  /// The published directory, absolute.
  var directory: String
  var configSha256: String
  var orbisVersion: String
  var rowsRejected: Int
}

/// `input`: one input file of a report.
struct InputRow: HistoryRow {
  static let databaseTableName = "input"
  var reportId: Int64
  var position: Int
  var file: String
  var dataset: String
  var format: String
  var size: Int
  var sha256: String
  var rowsRead: Int
  var rowsAccepted: Int
}

/// `figure`: one key figure of a report (`HistoryFigure`).
struct FigureRow: HistoryRow {
  static let databaseTableName = "figure"
  var reportId: Int64
  var key: String
  var value: Double?
}

/// `breakdown`: one row of one of a report's tables (`HistoryBreakdown`).
struct BreakdownRow: HistoryRow {
  static let databaseTableName = "breakdown"
  var reportId: Int64
  var breakdown: String
  var position: Int
  var key: String
  var label: String
  /// NULL: suppressed by small-count protection.
  var count: Int?
  var fte: Double?
  var share: Double?
}

/// `staff_unit`: one unit of a report's staff.
struct UnitRowRecord: HistoryRow {
  static let databaseTableName = "staff_unit"
  var reportId: Int64
  var position: Int
  var unit: String
  /// NULL: suppressed by small-count protection.
  var headcount: Int?
  var fte: Double?
  var knownNationality: Int?
  var foreign: Int?
  var foreignShare: Double?
  var nationalities: Int?
}
