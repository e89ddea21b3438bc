/// Why a row was rejected, by the contract's fixed identifiers (used alike in `orbis check
/// --json`, `stats.json` and metrics).
public enum DiagnosticKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
  case wrongFieldCount = "wrong_field_count"
  case missingRequiredField = "missing_required_field"
  case unknownCountry = "unknown_country"
  case badDate = "bad_date"
  case endBeforeStart = "end_before_start"
  case badNumber = "bad_number"
  case duplicateID = "duplicate_id"

  public static func < (a: DiagnosticKind, b: DiagnosticKind) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// Counts keyed by identifier with every kind present, zero or not, as JSON outputs give them.
  public static func everyKind(_ counts: [DiagnosticKind: Int]) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, counts[$0] ?? 0) })
  }
}

/// A rejected row: where, which column, the raw value, and why.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  /// The column's header as written in the file (empty for a whole-record defect).
  public var column: String
  public var value: String
  public var kind: DiagnosticKind
  /// The reason in words, e.g. `unknown country "Frence" (did you mean France?)`.
  public var reason: String

  public init(
    location: SourceLocation, column: String, value: String, kind: DiagnosticKind, reason: String
  ) {
    self.location = location
    self.column = column
    self.value = value
    self.kind = kind
    self.reason = reason
  }

  /// `staff.csv:12: nationality: unknown country (did you mean France?) ("Frence")`
  public var description: String {
    let column = column.isEmpty ? "" : "\(column): "
    return "\(location): \(column)\(reason) (\(DiagnosticText.quoted(value)))"
  }
}

public enum DiagnosticText {
  /// A raw value quoted for a one-line message: control characters escaped, long values cut.
  public static func quoted(_ value: String, limit: Int = 80) -> String {
    var out = "\""
    var count = 0
    for scalar in value.unicodeScalars {
      if count == limit {
        out += "…"
        break
      }
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
      count += 1
    }
    return out + "\""
  }
}

/// Diagnostics of one run: all are counted by kind, the first `cap` are kept to be listed.
public struct DiagnosticLog: Sendable {
  public let cap: Int
  public private(set) var kept: [Diagnostic] = []
  public private(set) var countsByKind: [DiagnosticKind: Int] = [:]
  public private(set) var total = 0

  public init(cap: Int) { self.cap = cap }

  public mutating func record(_ diagnostic: Diagnostic) {
    total += 1
    countsByKind[diagnostic.kind, default: 0] += 1
    if kept.count < cap { kept.append(diagnostic) }
  }

  /// Diagnostics counted but not kept, beyond the cap.
  public var dropped: Int { total - kept.count }
}
