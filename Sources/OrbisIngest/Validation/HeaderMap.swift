import OrbisCore

/// Which column of a file holds which field of its dataset, from the header row.
struct HeaderMap: Sendable {
  /// Headers as written (trimmed).
  let headers: [String]
  /// Mapped columns in file order: column index and field name.
  let columns: [(index: Int, field: String)]
  /// Headers that map to no field (or to a field an earlier header already took).
  let ignored: [String]

  /// Maps headers to fields: the field's own name, the contract's English and French aliases,
  /// then the configuration's mappings, all compared folded (case, accents, spaces, `_`, `-`).
  init(
    headers raw: [String], kind: DatasetKind, extra: [String: String], file: String
  )
    throws(InputError)
  {
    headers = raw.map { String($0.trimmingSpaces) }
    var byKey: [String: String] = [:]
    for field in kind.fields {
      for alias in field.aliases { byKey[TextKey.fold(alias)] = field.name }
    }
    for (key, field) in extra { byKey[key] = field }
    for field in kind.fields { byKey[TextKey.fold(field.name)] = field.name }

    var taken: [String: Int] = [:]
    var ignored: [String] = []
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
          taken[field] = i
        } else {
          ignored.append(header)
        }
        continue
      }
      taken[field] = i
    }
    let missing = kind.fields.filter { $0.required && taken[$0.name] == nil }.map(\.name)
    guard missing.isEmpty else {
      let found = headers.filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: ", ")
      let aliases = kind.fields.filter { missing.contains($0.name) }
        .map { ([$0.name] + $0.aliases).joined(separator: "/") }.joined(separator: "; ")
      throw InputError(
        file: file, kind: .missingColumn,
        reason:
          "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) "
          + "for \(kind.rawValue) (accepted headers: \(aliases)); columns found: \(found.isEmpty ? "none" : found)"
      )
    }
    columns = taken.map { (index: $0.value, field: $0.key) }.sorted { $0.index < $1.index }
    self.ignored = ignored
  }

  func column(of field: String) -> Int? { columns.first { $0.field == field }?.index }
}
