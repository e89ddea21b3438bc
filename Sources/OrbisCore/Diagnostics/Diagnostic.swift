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
  /// Whose row it is, for the reports scoped by unit or category; nil for a row of agreements.
  public var scope: RowScope?

  public init(
    location: SourceLocation, column: String, value: String, kind: DiagnosticKind, reason: String,
    scope: RowScope? = nil
  ) {
    self.scope = scope
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

/// The unit and category a rejected row of staff or programmes gives (as written, nil when
/// blank or absent), so that a report scoped by unit lists only the rejected rows of its scope.
/// A class: a million rejected rows of one unit share one, by reference (`RowParser` keeps the
/// last made), rather than each carrying two strings.
public final class RowScope: Hashable, Sendable {
  public let unit: String?
  /// The staff category; nil for a programme.
  public let category: String?
  /// A staff row (a category scope applies to it), or a programme (only a unit scope does).
  public let isStaff: Bool

  public init(unit: String?, category: String?, isStaff: Bool) {
    self.unit = unit
    self.category = category
    self.isStaff = isStaff
  }

  public static func == (a: RowScope, b: RowScope) -> Bool {
    a.unit == b.unit && a.category == b.category && a.isStaff == b.isStaff
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(unit)
    hasher.combine(category)
    hasher.combine(isStaff)
  }
}

/// Diagnostics of one run: all are counted by kind, the first `cap` are kept to be listed.
public struct DiagnosticLog: Sendable {
  public let cap: Int
  public private(set) var kept: [Diagnostic] = []
  public private(set) var countsByKind: [DiagnosticKind: Int] = [:]
  public private(set) var total = 0
  /// Counts by the rows' scope (unit, category) and kind, for reports scoped by unit.
  public private(set) var countsByScope: [RowScope?: [DiagnosticKind: Int]] = [:]

  public init(cap: Int) { self.cap = cap }

  public mutating func record(_ diagnostic: Diagnostic) {
    total += 1
    countsByKind[diagnostic.kind, default: 0] += 1
    countsByScope[diagnostic.scope, default: [:]][diagnostic.kind, default: 0] += 1
    if kept.count < cap { kept.append(diagnostic) }
  }

  /// Diagnostics counted but not kept, beyond the cap.
  public var dropped: Int { total - kept.count }
}
