import Foundation
import OrbisCore
import OrbisIngest
import OrbisReports

/// What `orbis check` shows: per-file counts, file errors, then the diagnostics, as text for a
/// person or as one JSON document for scripts.
public struct CheckReport: Sendable {
  public let result: IngestResult
  public let dataDirectory: String
  public let asOf: Day

  /// The configured reports, whose units and categories the data should have.
  public let reports: [Configuration.ReportDefinition]

  public init(
    result: IngestResult, dataDirectory: String, asOf: Day,
    reports: [Configuration.ReportDefinition] = []
  ) {
    self.result = result
    self.dataDirectory = dataDirectory
    self.asOf = asOf
    self.reports = reports
  }

  /// Configured units and categories that no row has.
  var scopeWarnings: [String] {
    reports.flatMap { $0.scope.unmatchedWarnings(report: $0.name, in: result.dataset) }
  }

  /// 0 when every row is valid, 1 when some rows were rejected, 2 when a file could not be read.
  public var exitCode: Int32 {
    if !result.errors.isEmpty { return 2 }
    return result.diagnostics.total > 0 ? 1 : 0
  }

  var staffPresent: Int { result.dataset.staff.count { $0.period.contains(asOf) } }
  var programmesActive: Int { result.dataset.programmes.count { $0.period.contains(asOf) } }

  /// The text report; `limit` diagnostics are listed (nil: all that were kept).
  public func text(limit: Int?) -> String {
    var out = "Data directory: \(dataDirectory)\n\n"
    let rows = result.files.map { f -> [String] in
      let kinds = f.rejectedByKind.sorted { $0.key < $1.key }.map {
        "\($0.key.rawValue) \($0.value)"
      }
      return [
        Printable.escaped(f.file.name), f.file.dataset.rawValue, String(f.rowsRead),
        String(f.rowsAccepted),
        String(f.rowsRejected), kinds.joined(separator: ", "),
      ]
    }
    if rows.isEmpty && result.errors.isEmpty {
      out += "No input files (names start with staff, programmes, programs or agreements).\n"
    } else if rows.isEmpty {
      out += "No input file could be read (below).\n"
    } else {
      var table = TextTable([
        ("file", .left), ("dataset", .left), ("read", .right), ("accepted", .right),
        ("rejected", .right), ("by kind", .left),
      ])
      rows.forEach { table.add($0) }
      out += table.render(indent: 0, maxWidth: .max)
    }
    out +=
      "\nAs of \(asOf): \(staffPresent) staff present, \(programmesActive) programmes active, "
      + "\(result.dataset.agreements.count) agreements.\n"
    let notes = result.files.flatMap { f in f.details.notes.map { (f.file.name, $0) } }
    if !notes.isEmpty {
      out += "\nHow files were read:\n"
      for (name, note) in notes { out += "  \(Printable.escaped("\(name): \(note)"))\n" }
    }
    let warnings =
      result.files.flatMap { f in f.warnings.map { "\(f.file.name): \($0)" } } + scopeWarnings
    if !warnings.isEmpty {
      out += "\nWarnings:\n"
      for warning in warnings { out += "  \(Printable.escaped(warning))\n" }
    }
    if !result.skipped.isEmpty {
      out += "\nNot read:\n"
      for s in result.skipped { out += "  \(Printable.escaped("\(s.name): \(s.reason)"))\n" }
    }
    if !result.errors.isEmpty {
      out += "\nFiles that cannot be read (nothing would be published):\n"
      for e in result.errors { out += "  \(Printable.escaped("\(e)"))\n" }
    }
    let log = result.diagnostics
    if log.total > 0 {
      let shown = limit.map { min($0, log.kept.count) } ?? log.kept.count
      out += "\nRejected rows: \(log.total) (listing \(shown)"
      out +=
        log.dropped > 0
        ? "; \(log.dropped) beyond inputs.max_listed_diagnostics are only counted)\n" : ")\n"
      for d in log.kept.prefix(shown) { out += "\(Printable.escaped("\(d)"))\n" }
      if shown < log.kept.count { out += "… \(log.kept.count - shown) more: orbis check --all\n" }
    } else if result.errors.isEmpty {
      out += "\nEvery row is valid.\n"
    }
    return out
  }

  // MARK: JSON

  struct JSONDocument: Encodable {
    var schemaVersion = 1
    var dataDirectory: String
    var asOf: String
    var status: String
    var files: [JSONFile]
    var fileErrors: [JSONFileError]
    var skipped: [JSONSkipped]
    var totals: JSONTotals
    var present: [String: Int]
    /// Units and categories of `[[report]]` scopes that no row has.
    var reportWarnings: [String]
    var diagnosticsTotal: Int
    var diagnosticsListed: Int
    var diagnostics: [JSONDiagnostic]
  }
  struct JSONFile: Encodable {
    var name: String
    var dataset: String
    var format: String
    var size: Int
    var rowsRead: Int
    var rowsAccepted: Int
    var rowsRejected: Int
    var rejectedByKind: [String: Int]
    var ignoredColumns: [String]
    /// Text files: the encoding read; XLSX: nil.
    var encoding: String?
    /// XLSX: the worksheet read.
    var worksheet: String?
    var headerLine: Int
    var linesAboveHeader: [Int]
    var controlCharactersRemoved: Int
    var notes: [String]
    var warnings: [String]
  }
  struct JSONFileError: Encodable {
    var file: String
    var kind: String
    var reason: String
  }
  struct JSONSkipped: Encodable {
    var name: String
    var reason: String
  }
  struct JSONTotals: Encodable {
    var rowsRead: Int
    var rowsAccepted: Int
    var rowsRejected: Int
    var rejectedByKind: [String: Int]
  }
  struct JSONDiagnostic: Encodable {
    var file: String
    var line: Int
    var column: String
    var value: String
    var kind: String
    var reason: String
  }

  /// The JSON document: every kind appears in every count, zero or not.
  public func json(limit: Int?) -> String {
    let log = result.diagnostics
    let listed = Array(log.kept.prefix(limit ?? log.kept.count))
    let document = JSONDocument(
      dataDirectory: dataDirectory, asOf: asOf.description,
      status: exitCode == 0 ? "ok" : exitCode == 1 ? "rejected_rows" : "file_errors",
      files: result.files.map {
        JSONFile(
          name: $0.file.name, dataset: $0.file.dataset.rawValue, format: $0.file.format.rawValue,
          size: $0.file.size, rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted,
          rowsRejected: $0.rowsRejected,
          rejectedByKind: DiagnosticKind.everyKind($0.rejectedByKind),
          ignoredColumns: $0.ignoredColumns, encoding: $0.details.encoding?.rawValue,
          worksheet: $0.details.worksheet, headerLine: $0.details.headerLine,
          linesAboveHeader: $0.details.linesAboveHeader,
          controlCharactersRemoved: $0.details.controlCharactersRemoved,
          notes: $0.details.notes, warnings: $0.warnings)
      },
      fileErrors: result.errors.map {
        JSONFileError(file: $0.file, kind: $0.kind.rawValue, reason: $0.reason)
      },
      skipped: result.skipped.map { JSONSkipped(name: $0.name, reason: $0.reason) },
      totals: JSONTotals(
        rowsRead: result.files.reduce(0) { $0 + $1.rowsRead },
        rowsAccepted: result.files.reduce(0) { $0 + $1.rowsAccepted },
        rowsRejected: result.files.reduce(0) { $0 + $1.rowsRejected },
        rejectedByKind: DiagnosticKind.everyKind(log.countsByKind)),
      present: [
        "staff": staffPresent, "programmes": programmesActive,
        "agreements": result.dataset.agreements.count,
      ],
      reportWarnings: scopeWarnings, diagnosticsTotal: log.total,
      diagnosticsListed: listed.count,
      diagnostics: listed.map {
        JSONDiagnostic(
          file: $0.location.file, line: $0.location.line, column: $0.column, value: $0.value,
          kind: $0.kind.rawValue, reason: $0.reason)
      })
    return String(decoding: ReportRecord.encodeJSON(document), as: UTF8.self)
  }
}
