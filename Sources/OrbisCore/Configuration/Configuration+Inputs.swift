import TOMLKit

/// The `[inputs]` and `[countries]` keys that say how values are read: file rules, encodings,
/// enumerated choices, the office's country aliases.
extension TOMLReader {
  /// `[countries.aliases]`: the office's spellings (folded) → country. An alias must name a
  /// known country, hold letters or digits, not redefine a spelling Orbis knows as another
  /// country, and not contradict another alias; each error names its line.
  func countryAliases(_ aliasTable: TOMLTable) throws(ConfigurationError) -> [String: CountryID] {
    var countryAliases: [String: CountryID] = [:]
    for alias in aliasTable.keys {
      let key = "countries.aliases.\(alias)"
      let line = line(ofKey: alias, inSection: "countries.aliases")
      guard let value = aliasTable[alias]?.string else {
        throw ConfigurationError(
          file: file, key: key, line: line, reason: "must be a country code in quotes, e.g. \"RS\"")
      }
      guard case .found(.country(let id)) = CountryTable.lookup(value) else {
        throw ConfigurationError(
          file: file, key: key, line: line,
          reason:
            "\"\(value)\" is not a known country; use an ISO 3166-1 code such as \"RS\" (or \"XK\" for Kosovo)"
        )
      }
      let folded = TextKey.fold(alias)
      guard !folded.isEmpty else {
        throw ConfigurationError(
          file: file, key: key, line: line, reason: "an alias needs letters or digits")
      }
      // An alias must not redefine a spelling Orbis knows as another country (`"Fr" = "DE"`).
      if case .found(.country(let known)) = CountryTable.lookup(alias), known != id {
        throw ConfigurationError(
          file: file, key: key, line: line,
          reason:
            "\"\(alias)\" already means \(known.country.englishName) (\(known.country.alpha2)); an alias cannot redefine it"
        )
      }
      if let other = aliasTable.keys.first(where: {
        $0 != alias && TextKey.fold($0) == folded && aliasTable[$0]?.string != value
      }) {
        throw ConfigurationError(
          file: file, key: key, line: line,
          reason:
            "\"\(alias)\" and \"\(other)\" (line \(self.line(ofKey: other, inSection: "countries.aliases").map(String.init) ?? "?")) are the same spelling for two countries; keep one"
        )
      }
      countryAliases[folded] = id
    }
    return countryAliases
  }

  /// `[inputs.files]`: `"glob" = "dataset"` or `"glob" = { dataset = "…", encoding = "…" }`,
  /// in file order.
  func fileRules(_ rules: TOMLTable) throws(ConfigurationError) -> [Configuration.FileRule] {
    let datasets = DatasetKind.allCases.map(\.rawValue)
    var result: [Configuration.FileRule] = []
    for pattern in orderedKeys(of: rules, section: "inputs.files") {
      let key = "inputs.files.\"\(pattern)\""
      let line = line(ofKey: pattern, inSection: "inputs.files")
      func error(_ key: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, key: key, line: line, reason: reason)
      }
      guard !pattern.isEmpty, !pattern.contains("/") else {
        throw error(key, "must be a file name pattern such as \"Extraction agents*.xlsx\" (no /)")
      }
      var datasetName = rules[pattern]?.string
      var encoding: Configuration.InputEncoding?
      if let rule = rules[pattern]?.table {
        do {
          try allow(rule, key, ["dataset", "encoding"])
          datasetName = try string(rule, key, "dataset")
          encoding = try self.encoding(rule, section: key, key: "encoding")
        } catch {
          throw ConfigurationError(file: file, key: error.key, line: line, reason: error.reason)
        }
      }
      guard let datasetName else {
        throw error(
          key,
          "must name a dataset (\(datasets.joined(separator: ", "))), or be a table "
            + "{ dataset = \"staff\", encoding = \"windows-1252\" }")
      }
      guard let dataset = DatasetKind(rawValue: datasetName) else {
        throw error(
          key, "unknown dataset \"\(datasetName)\"; use \(datasets.joined(separator: ", "))")
      }
      result.append(.init(pattern: pattern, dataset: dataset, encoding: encoding))
    }
    return result
  }

  /// A key whose value is one of an enumeration's raw values (case ignored).
  func choice<T: RawRepresentable & CaseIterable>(
    _ parent: TOMLTable, _ section: String, _ key: String, _ type: T.Type
  ) throws(ConfigurationError) -> T? where T.RawValue == String {
    guard let value = try string(parent, section, key) else { return nil }
    guard let chosen = T(rawValue: value.lowercased()) else {
      throw error(
        "\(section).\(key)",
        "unknown value \"\(value)\"; use \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))"
      )
    }
    return chosen
  }

  /// An `encoding` key: auto, utf-8 or windows-1252 (case ignored; `cp1252` too).
  func encoding(
    _ parent: TOMLTable, section: String, key: String
  ) throws(ConfigurationError) -> Configuration.InputEncoding? {
    let dottedKey = "\(section).\(key)"
    guard let value = try string(parent, section, key) else { return nil }
    let lower = value.lowercased()
    if let encoding = Configuration.InputEncoding(rawValue: lower) { return encoding }
    switch lower {
    case "utf8": return .utf8
    case "cp1252", "windows1252": return .windows1252
    case "macroman", "mac_roman", "macintosh": return .macRoman
    default:
      throw error(
        dottedKey,
        "unknown encoding \"\(value)\"; use \"auto\", \"utf-8\", \"windows-1252\" or \"mac-roman\"")
    }
  }
}
