import Foundation
import OrbisCore

/// Everything one published report says, as `stats.json` records it (snake_case keys; the
/// schema is documented in the README). Every renderer works from this value alone, and the
/// next run reads it back to compute the changes.
public struct ReportRecord: Codable, Hashable, Sendable {
  /// Raised when a field is added or its meaning changes.
  public static let currentSchemaVersion = 1

  public var schemaVersion: Int
  /// The report definition's name (its folder under the reports directory).
  public var report: String
  public var orbisVersion: String
  /// When the run started, ISO 8601 in UTC (`2026-11-23T06:00:00Z`).
  public var generatedAt: String
  /// The IANA time zone of the as-of date.
  public var timeZone: String
  public var asOf: Day
  /// SHA-256 of the configuration file's bytes.
  public var configSha256: String
  public var inputs: [InputRecord]
  public var rejected: RejectedRecord
  public var statistics: Statistics
  /// Nil on the first report of this name.
  public var changes: Changes?
  /// Nil when the report's `trends.periods` is 0.
  public var trends: Trends?
  /// The language of the report's texts (`en`, `fr`); nil in records of Orbis before 0.3,
  /// which wrote English.
  public var language: ReportLanguage?
  /// The units and categories the report counts; nil for the whole institute.
  public var scope: ReportScope?
  /// Small-count protection (`min_count`); nil when off.
  public var protection: ProtectionSummary?

  /// The wording and formatters of the report's language.
  public var locale: ReportLocale {
    ReportLocale(language ?? .en, minCount: protection?.minCount)
  }

  public init(
    report: String, orbisVersion: String, generatedAt: Date, timeZone: String, asOf: Day,
    configSha256: String, inputs: [InputRecord], rejected: RejectedRecord, statistics: Statistics,
    changes: Changes?, trends: Trends? = nil, language: ReportLanguage = .en,
    scope: ReportScope? = nil, protection: ProtectionSummary? = nil
  ) {
    self.protection = protection
    self.language = language
    self.scope = scope
    schemaVersion = Self.currentSchemaVersion
    self.report = report
    self.orbisVersion = orbisVersion
    self.generatedAt = Self.utcTimestamp(generatedAt)
    self.timeZone = timeZone
    self.asOf = asOf
    self.configSha256 = configSha256
    self.inputs = inputs
    self.rejected = rejected
    self.statistics = statistics
    self.changes = changes
    self.trends = trends
  }

  /// What the report counts, in its words: "units LAPP; categories engineer".
  public var scopeDescription: String {
    locale.words.scopeValue(units: scope?.units, categories: scope?.categories)
  }

  /// Its small-count protection, in its words.
  public var protectionDescription: String {
    let l = locale
    guard let p = protection else { return l.words.protectionOff }
    return l.words.protectionValue(
      k: l.integer(p.minCount), below: l.mark(Protected<Int>.belowMinimum),
      largest: l.integer(p.minCount - 1), cells: l.integer(p.suppressedCells))
  }

  /// `2026-11-23T06:00:00Z`
  public static func utcTimestamp(_ date: Date) -> String {
    date.formatted(.iso8601)
  }

  /// The fingerprint a daemon-triggered run compares to skip an unchanged report: the inputs'
  /// hashes, the configuration's hash, the Orbis version and the as-of date.
  public var fingerprint: Fingerprint {
    Fingerprint(
      inputs: inputs.map { "\($0.file)=\($0.sha256)" }, configSha256: configSha256,
      orbisVersion: orbisVersion, asOf: asOf)
  }

  public struct Fingerprint: Hashable, Sendable {
    public var inputs: [String]
    public var configSha256: String
    public var orbisVersion: String
    public var asOf: Day

    public init(inputs: [String], configSha256: String, orbisVersion: String, asOf: Day) {
      self.inputs = inputs
      self.configSha256 = configSha256
      self.orbisVersion = orbisVersion
      self.asOf = asOf
    }
  }

  // MARK: JSON

  /// `stats.json`. Its types spell their snake_case keys out (`CodingKeys`): converting the
  /// keys took a fifth of the encoding, for the hundreds of thousands of keys of a large
  /// report's lists.
  public func json() -> Data { Self.encodeJSON(self, keys: .useDefaultKeys) }

  /// Orbis's JSON documents (`stats.json`, `orbis check --json`): snake_case keys (converted
  /// from the properties' names, unless `keys` says otherwise), pretty-printed with sorted
  /// keys so that two documents diff line by line, and a final newline. For plain values,
  /// whose encoding cannot fail.
  public static func encodeJSON(
    _ value: some Encodable, keys: JSONEncoder.KeyEncodingStrategy = .convertToSnakeCase
  ) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = keys
    // Appended in place: `+` would copy the whole document.
    var data = try! encoder.encode(value)
    data.append(0x0A)
    return data
  }

  /// Reads a `stats.json`; nil with the reason when it is not one this version understands.
  public static func decode(_ data: Data) -> Result<ReportRecord, ReportRecordError> {
    let decoder = JSONDecoder()
    struct Version: Decodable {
      var schemaVersion: Int
      enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
    }
    guard let version = try? decoder.decode(Version.self, from: data) else {
      return .failure(ReportRecordError(reason: "not a stats.json document (no schema_version)"))
    }
    guard version.schemaVersion == currentSchemaVersion else {
      return .failure(
        ReportRecordError(
          reason:
            "schema_version \(version.schemaVersion), this Orbis reads \(currentSchemaVersion)"))
    }
    do {
      return .success(try decoder.decode(ReportRecord.self, from: data))
    } catch {
      return .failure(ReportRecordError(reason: "unreadable: \(error)"))
    }
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version"
    case report
    case orbisVersion = "orbis_version"
    case generatedAt = "generated_at"
    case timeZone = "time_zone"
    case asOf = "as_of"
    case configSha256 = "config_sha256"
    case inputs
    case rejected
    case statistics
    case changes
    case trends
    case language
    case scope
    case protection
  }
}

public struct ReportRecordError: Error, Hashable, Sendable, CustomStringConvertible {
  public var reason: String
  public var description: String { reason }
}

/// One input file as the report records it.
public struct InputRecord: Codable, Hashable, Sendable {
  public var file: String
  public var dataset: DatasetKind
  public var format: String
  public var size: Int
  public var sha256: String
  public var rowsRead: Int
  public var rowsAccepted: Int
  public var rowsRejected: Int
  /// Every kind, zero or not.
  public var rejectedByKind: [String: Int]
  /// Text files: the encoding read (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `Windows-1252`).
  public var encoding: String?
  /// How the file was read, and warnings, one sentence each (Data quality lists them).
  public var notes: [String]?

  public init(
    file: String, dataset: DatasetKind, format: String, size: Int, sha256: String, rowsRead: Int,
    rowsAccepted: Int, rejectedByKind: [DiagnosticKind: Int], encoding: String? = nil,
    notes: [String] = []
  ) {
    self.encoding = encoding
    self.notes = notes.isEmpty ? nil : notes
    self.file = file
    self.dataset = dataset
    self.format = format
    self.size = size
    self.sha256 = sha256
    self.rowsRead = rowsRead
    self.rowsAccepted = rowsAccepted
    self.rowsRejected = rowsRead - rowsAccepted
    self.rejectedByKind = DiagnosticKind.everyKind(rejectedByKind)
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case file
    case dataset
    case format
    case size
    case sha256
    case rowsRead = "rows_read"
    case rowsAccepted = "rows_accepted"
    case rowsRejected = "rows_rejected"
    case rejectedByKind = "rejected_by_kind"
    case encoding
    case notes
  }
}

/// The rejected rows of a run: counted by kind, listed up to the configured cap.
public struct RejectedRecord: Codable, Hashable, Sendable {
  public var total: Int
  public var byKind: [String: Int]
  /// Rows beyond `inputs.max_listed_diagnostics`, counted and not listed.
  public var notListed: Int
  public var rows: [RejectedRow]

  /// The rejected rows of `log` in `scope` (a scoped report lists only its own); counted and
  /// not listed unless `listed` (a protected report: their values may be personal data).
  public init(log: DiagnosticLog, scope: ReportScope = .institute, listed: Bool = true) {
    var counts = log.countsByKind
    var kept = log.kept
    if !scope.isInstitute {
      counts = [:]
      var matcher = ReportScope.Matcher(scope)
      for (row, byKind) in log.countsByScope where matcher.includes(row) {
        counts.merge(byKind, uniquingKeysWith: +)
      }
      kept = kept.filter { matcher.includes($0.scope) }
    }
    if !listed { kept = [] }
    total = counts.values.reduce(0, +)
    byKind = DiagnosticKind.everyKind(counts)
    notListed = total - kept.count
    rows = kept.map {
      RejectedRow(
        file: $0.location.file, line: $0.location.line, column: $0.column, value: $0.value,
        kind: $0.kind.rawValue, reason: $0.reason)
    }
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case total
    case byKind = "by_kind"
    case notListed = "not_listed"
    case rows
  }
}

public struct RejectedRow: Codable, Hashable, Sendable {
  public var file: String
  public var line: Int
  public var column: String
  public var value: String
  public var kind: String
  public var reason: String
}
