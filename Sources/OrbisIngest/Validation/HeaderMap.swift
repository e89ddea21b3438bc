import OrbisCore

/// Which column of a file holds which field of its dataset, from the header row.
struct HeaderMap: Sendable {
  /// Headers as written (trimmed).
  let headers: [String]
  /// Mapped columns in file order: column index and field name.
  let columns: [(index: Int, field: String)]
  /// Headers that map to no field (or to a field an earlier header already took).
  let ignored: [String]
  /// Required fields no header maps to: the row is not a header of this dataset.
  let missing: [String]
  /// Headers that name a field another header already took: (field, the one read, the one
  /// ignored).
  let repeated: [(field: String, kept: String, ignored: String)]

  /// Maps headers to fields: the field's own name, the contract's English and French aliases,
  /// then the configuration's mappings, all compared folded (case, accents, spaces, `_`, `-`).
  init(headers raw: [String], kind: DatasetKind, extra: [String: String]) {
    headers = raw.map { String($0.trimmingSpaces) }
    var byKey: [String: String] = [:]
    for field in kind.fields {
      for alias in field.aliases { byKey[TextKey.fold(alias)] = field.name }
    }
    for (key, field) in extra { byKey[key] = field }
    for field in kind.fields { byKey[TextKey.fold(field.name)] = field.name }

    var taken: [String: Int] = [:]
    var ignored: [String] = []
    var repeated: [(field: String, kept: String, ignored: String)] = []
    for (i, header) in headers.enumerated() {
      let key = TextKey.fold(header)
      guard let field = byKey[key] else {
        if !header.isEmpty { ignored.append(header) }
        continue
      }
      if let previous = taken[field] {
        // Two headers for one field: the one spelled as the field's own name wins.
        if key == TextKey.fold(field) && TextKey.fold(headers[previous]) != key {
          ignored.append(headers[previous])
          repeated.append((field, header, headers[previous]))
          taken[field] = i
        } else {
          ignored.append(header)
          repeated.append((field, headers[previous], header))
        }
        continue
      }
      taken[field] = i
    }
    missing = kind.fields.filter { $0.required && taken[$0.name] == nil }.map(\.name)
    columns = taken.map { (index: $0.value, field: $0.key) }.sorted { $0.index < $1.index }
    self.ignored = ignored
    self.repeated = repeated
  }

  /// The `missing_column` error of a row taken for the header.
  func missingColumnError(kind: DatasetKind, file: String) -> InputError {
    let found = headers.filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: ", ")
    let aliases = kind.fields.filter { missing.contains($0.name) }
      .map { ([$0.name] + $0.aliases).joined(separator: "/") }.joined(separator: "; ")
    return InputError(
      file: file, kind: .missingColumn,
      reason:
        "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) "
        + "for \(kind.rawValue) (accepted headers: \(aliases)); columns found: \(found.isEmpty ? "none" : found)"
    )
  }

  func column(of field: String) -> Int? { columns.first { $0.field == field }?.index }

  /// One sentence per repeated column, for the file's notes.
  var repeatedNotes: [String] {
    repeated.map {
      "columns \"\($0.kept)\" and \"\($0.ignored)\" both name \($0.field): \"\($0.ignored)\" is not read"
    }
  }
}

/// Finds a file's header: the first row, among its first `maxRows` non-empty rows, that maps
/// every required column of the dataset. HR exports put a title, a date or blank rows above it;
/// those rows are skipped and reported once, never rejected as records.
struct HeaderSearch {
  static let maxRows = 20

  let kind: DatasetKind
  let extra: [String: String]
  let file: String
  /// Lines (rows) of the non-empty rows above the header.
  private(set) var linesAbove: [Int] = []
  /// The candidate that mapped the most columns: its error is the one shown.
  private var best: HeaderMap?

  init(kind: DatasetKind, extra: [String: String], file: String) {
    self.kind = kind
    self.extra = extra
    self.file = file
  }

  /// Offers the next row; returns its map when it is the header. Blank rows are passed over.
  /// Throws when `maxRows` non-empty rows were offered and none was the header.
  mutating func offer(_ cells: [String], line: Int) throws(InputError) -> HeaderMap? {
    guard cells.contains(where: { !$0.trimmingSpaces.isEmpty }) else { return nil }
    let map = HeaderMap(headers: cells, kind: kind, extra: extra)
    if map.missing.isEmpty { return map }
    if best == nil || map.columns.count > best!.columns.count { best = map }
    linesAbove.append(line)
    if linesAbove.count >= Self.maxRows { throw noHeader() }
    return nil
  }

  /// The error when no row was the header: the file is empty, or the most complete candidate's
  /// missing columns.
  func noHeader(blankLines: Bool = false) -> InputError {
    guard let best else {
      return InputError(
        file: file, kind: blankLines ? .noHeader : .empty,
        reason:
          "is empty\(blankLines ? " (blank lines only)" : ""): it needs a header row, then one row per record"
      )
    }
    var error = best.missingColumnError(kind: kind, file: file)
    if linesAbove.count >= Self.maxRows {
      error.reason +=
        "; no row among the first \(Self.maxRows) non-empty rows is a header (it must be within them)"
    }
    return error
  }
}
