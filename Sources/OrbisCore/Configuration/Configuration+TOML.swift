import Foundation
import TOMLKit

extension Configuration {
  /// Decodes and validates a configuration file's text.
  ///
  /// - Parameters:
  ///   - file: the file's name, for messages.
  ///   - baseDirectory: relative paths in the file are taken from here (the file's directory).
  ///   - environment: `ORBIS_DATA_DIR`, `ORBIS_REPORTS_DIR`, `ORBIS_STATE_DIR` override the
  ///     directories (relative ones from the current directory, given as `workingDirectory`).
  ///   - systemTimeZone: the default when `institute.time_zone` is absent.
  public static func parse(
    toml text: String, file: String, baseDirectory: String, environment: [String: String] = [:],
    workingDirectory: String = "/", systemTimeZone: String = "UTC"
  ) throws(ConfigurationError) -> Configuration {
    let reader: TOMLReader
    do {
      reader = TOMLReader(text: text, file: file, root: try TOMLTable(string: text))
    } catch let error as TOMLParseError {
      throw ConfigurationError(
        file: file, key: "", line: error.source.begin.line,
        reason: "not valid TOML: \(error.description)")
    } catch {
      throw ConfigurationError(file: file, key: "", line: nil, reason: "not valid TOML: \(error)")
    }
    return try reader.configuration(
      baseDirectory: baseDirectory, environment: environment, workingDirectory: workingDirectory,
      systemTimeZone: systemTimeZone)
  }
}

/// Reads typed values out of a parsed TOML table, with errors naming the key and its line.
struct TOMLReader {
  let text: String
  let file: String
  let root: TOMLTable

  func configuration(
    baseDirectory: String, environment: [String: String], workingDirectory: String,
    systemTimeZone: String
  ) throws(ConfigurationError) -> Configuration {
    try allow(
      root, "",
      [
        "paths", "institute", "inputs", "countries", "programme_types", "country_groups",
        "reports", "report", "daemon",
      ])

    let paths = try table(root, "paths")
    try allow(paths, "paths", ["data", "reports", "state"])
    func directory(
      _ key: String, _ variable: String, _ fallback: String
    ) throws(ConfigurationError) -> String {
      if let value = environment[variable], !value.isEmpty {
        return Self.absolute(value, from: workingDirectory)
      }
      let value = try string(paths, "paths", key) ?? fallback
      guard !value.isEmpty else { throw error("paths.\(key)", "must not be empty") }
      return Self.absolute(value, from: baseDirectory)
    }
    let data = try directory("data", "ORBIS_DATA_DIR", "/var/lib/orbis/data")
    let reports = try directory("reports", "ORBIS_REPORTS_DIR", "/var/lib/orbis/reports")
    let state = try directory("state", "ORBIS_STATE_DIR", "/var/lib/orbis/state")

    let institute = try table(root, "institute")
    try allow(institute, "institute", ["host_country", "time_zone", "language"])
    guard let hostValue = try string(institute, "institute", "host_country") else {
      throw error(
        "institute.host_country",
        "is required: the ISO 3166-1 code of the host country, e.g. \"FR\"")
    }
    guard case .country(let host)? = CountryTable.resolve(hostValue) else {
      throw error(
        "institute.host_country",
        "unknown country \"\(hostValue)\"; use an ISO 3166-1 code such as \"FR\"")
    }
    let timeZone = try string(institute, "institute", "time_zone") ?? systemTimeZone
    guard TimeZone(identifier: timeZone) != nil else {
      throw error(
        "institute.time_zone",
        "unknown time zone \"\(timeZone)\"; use an IANA name such as \"Europe/Paris\"")
    }

    let inputs = try table(root, "inputs")
    try allow(
      inputs, "inputs",
      [
        "max_file_size_mb", "max_listed_diagnostics", "encoding", "date_order", "fte_scale",
        "max_drop_percent", "columns", "files",
      ])
    let maxMB = try int(inputs, "inputs", "max_file_size_mb", in: 1...1_048_576)
    let maxListed = try int(inputs, "inputs", "max_listed_diagnostics", in: 0...10_000_000)
    var mappings: [DatasetKind: [String: String]] = [:]
    let columns = try table(inputs, "columns", prefix: "inputs")
    try allow(columns, "inputs.columns", DatasetKind.allCases.map(\.rawValue))
    for kind in DatasetKind.allCases {
      let mapping = try table(columns, kind.rawValue, prefix: "inputs.columns")
      let fieldNames = kind.fields.map(\.name)
      for header in mapping.keys {
        let key = "inputs.columns.\(kind.rawValue).\(header)"
        guard let field = mapping[header]?.string else {
          throw error(key, "must be a field name (a string)")
        }
        guard fieldNames.contains(field) else {
          throw error(
            key,
            "unknown \(kind.rawValue) field \"\(field)\"; fields are \(fieldNames.joined(separator: ", "))"
          )
        }
        mappings[kind, default: [:]][TextKey.fold(header)] = field
      }
    }

    let inputEncoding = try encoding(inputs, section: "inputs", key: "encoding") ?? .auto
    let fileRules = try fileRules(try table(inputs, "files", prefix: "inputs"))
    let dateOrder = try choice(inputs, "inputs", "date_order", Configuration.DateOrder.self) ?? .dmy
    let fteScale = try choice(inputs, "inputs", "fte_scale", Configuration.FTEScale.self) ?? .auto
    let maxDrop = try int(inputs, "inputs", "max_drop_percent", in: 0...100) ?? 50

    let countries = try table(root, "countries")
    try allow(countries, "countries", ["aliases"])
    let countryAliases = try countryAliases(try table(countries, "aliases", prefix: "countries"))

    var programmeTypes = Configuration.defaultProgrammeTypes
    if root["programme_types"] != nil {
      let types = try table(root, "programme_types")
      programmeTypes = []
      for code in orderedKeys(of: types, section: "programme_types") {
        programmeTypes.append(try programmeType(types, code))
      }
    }

    var groups: [Configuration.CountryGroup] = []
    let groupTable = try table(root, "country_groups")
    for name in orderedKeys(of: groupTable, section: "country_groups") {
      let key = "country_groups.\(name)"
      guard let array = groupTable[name]?.array else {
        throw error(key, "must be a list of country codes")
      }
      var members: [CountryID] = []
      for item in array {
        guard let code = item.string else {
          throw error(key, "must be a list of country codes (strings)")
        }
        guard case .country(let id)? = CountryTable.resolve(code) else {
          throw error(key, "unknown country \"\(code)\"; use ISO 3166-1 codes such as \"DE\"")
        }
        if !members.contains(id) { members.append(id) }
      }
      groups.append(.init(name: name, members: members))
    }

    let reportsTable = try table(root, "reports")
    try allow(reportsTable, "reports", ["upcoming_days", "retention"])
    let upcoming = try int(reportsTable, "reports", "upcoming_days", in: 0...3660)
    let retention = try int(reportsTable, "reports", "retention", in: 1...100_000)

    let language =
      try choice(institute, "institute", "language", ReportLanguage.self) ?? .en
    let definitions = try reportDefinitions(timeZone: timeZone, language: language)

    let daemonTable = try table(root, "daemon")
    try allow(
      daemonTable, "daemon",
      [
        "settle_seconds", "run_timeout_seconds", "retry_attempts", "retry_delay_seconds",
        "metrics_file", "watch", "poll_seconds", "rescan_seconds",
      ])
    var daemon = Configuration.Daemon()
    daemon.settleDelay =
      try seconds(daemonTable, "daemon", "settle_seconds", in: 0...3600) ?? daemon.settleDelay
    daemon.runTimeout =
      try seconds(daemonTable, "daemon", "run_timeout_seconds", in: 1...86400)
      ?? daemon.runTimeout
    daemon.retryAttempts =
      try int(daemonTable, "daemon", "retry_attempts", in: 1...100) ?? daemon.retryAttempts
    daemon.retryDelay =
      try seconds(daemonTable, "daemon", "retry_delay_seconds", in: 0...86400)
      ?? daemon.retryDelay
    daemon.watch =
      try choice(daemonTable, "daemon", "watch", Configuration.Daemon.WatchMode.self)
      ?? daemon.watch
    daemon.pollSeconds =
      try seconds(daemonTable, "daemon", "poll_seconds", in: 1...3600) ?? daemon.pollSeconds
    daemon.rescanSeconds =
      try seconds(daemonTable, "daemon", "rescan_seconds", in: 0...86400) ?? daemon.rescanSeconds
    if daemon.rescanSeconds > 0, daemon.rescanSeconds < 1 {
      throw error("daemon.rescan_seconds", "must be 0 (no rescan) or at least 1 second")
    }
    if let metrics = try string(daemonTable, "daemon", "metrics_file") {
      guard metrics.hasSuffix(".prom") else {
        throw error(
          "daemon.metrics_file",
          "must end in .prom (node-exporter's textfile collector reads only those)")
      }
      daemon.metricsFile = Self.absolute(metrics, from: baseDirectory)
    }

    return Configuration(
      dataDirectory: data, reportsDirectory: reports, stateDirectory: state, hostCountry: host,
      timeZone: timeZone,
      maxInputFileSize: maxMB.map { $0 << 20 } ?? Configuration.defaultMaxInputFileSize,
      maxListedDiagnostics: maxListed ?? Configuration.defaultMaxListedDiagnostics,
      columnMappings: mappings, inputEncoding: inputEncoding, fileRules: fileRules,
      dateOrder: dateOrder, fteScale: fteScale, maxDropPercent: Double(maxDrop),
      countryAliases: countryAliases,
      countryGroups: groups, programmeTypes: programmeTypes,
      upcomingDays: upcoming ?? Configuration.defaultUpcomingDays,
      retention: retention ?? Configuration.defaultRetention, reports: definitions,
      daemon: daemon)
  }

  /// `[programme_types] IRP = "label"`, or a table of labels per language
  /// (`[programme_types.IRP] en = "…"`, `fr = "…"`).
  func programmeType(
    _ types: TOMLTable, _ code: String
  ) throws(ConfigurationError) -> Configuration.ProgrammeType {
    let key = "programme_types.\(code)"
    if let label = types[code]?.string, !label.isEmpty {
      return .init(code: code.uppercased(), label: label)
    }
    guard let table = types[code]?.table else {
      throw error(
        key,
        "must be the type's label, e.g. \"International Research Project\", or labels per "
          + "language: { en = \"…\", fr = \"…\" }")
    }
    try allow(table, key, ReportLanguage.allCases.map(\.rawValue))
    var labels: [ReportLanguage: String] = [:]
    for language in ReportLanguage.allCases {
      guard let label = try string(table, key, language.rawValue) else { continue }
      guard !label.isEmpty else { throw error("\(key).\(language.rawValue)", "must not be empty") }
      labels[language] = label
    }
    guard let first = labels[.en] ?? ReportLanguage.allCases.lazy.compactMap({ labels[$0] }).first
    else { throw error(key, "gives no label; add en = \"…\" and fr = \"…\"") }
    return .init(code: code.uppercased(), label: first, labels: labels)
  }

  // MARK: typed access

  func error(_ key: String, _ reason: String) -> ConfigurationError {
    ConfigurationError(file: file, key: key, line: line(of: key), reason: reason)
  }

  func table(
    _ parent: TOMLTable, _ key: String, prefix: String = ""
  ) throws(ConfigurationError) -> TOMLTable {
    let full = prefix.isEmpty ? key : "\(prefix).\(key)"
    guard let value = parent[key] else { return TOMLTable() }
    guard let table = value.table else { throw error(full, "must be a table ([\(full)])") }
    return table
  }

  func string(
    _ parent: TOMLTable, _ section: String, _ key: String
  ) throws(ConfigurationError) -> String? {
    guard let value = parent[key] else { return nil }
    guard let string = value.string else {
      throw error("\(section).\(key)", "must be a string (in quotes)")
    }
    return string
  }

  func int(
    _ parent: TOMLTable, _ section: String, _ key: String, in range: ClosedRange<Int>
  )
    throws(ConfigurationError) -> Int?
  {
    guard let value = parent[key] else { return nil }
    guard let int = value.int else { throw error("\(section).\(key)", "must be a whole number") }
    guard range.contains(int) else {
      throw error(
        "\(section).\(key)",
        "\(int) is out of range; use \(range.lowerBound) to \(range.upperBound)")
    }
    return int
  }

  func bool(
    _ parent: TOMLTable, _ section: String, _ key: String
  ) throws(ConfigurationError) -> Bool? {
    guard let value = parent[key] else { return nil }
    guard let bool = value.bool else { throw error("\(section).\(key)", "must be true or false") }
    return bool
  }

  /// A duration in seconds, written as a whole or decimal number.
  func seconds(
    _ parent: TOMLTable, _ section: String, _ key: String, in range: ClosedRange<Double>
  ) throws(ConfigurationError) -> Double? {
    guard let value = parent[key] else { return nil }
    guard let number = value.double ?? value.int.map(Double.init) else {
      throw error("\(section).\(key)", "must be a number of seconds")
    }
    guard range.contains(number) else {
      func shown(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
      }
      throw error(
        "\(section).\(key)",
        "\(shown(number)) is out of range; use \(shown(range.lowerBound)) to \(shown(range.upperBound)) seconds"
      )
    }
    return number
  }

  /// Refuses keys the configuration does not know (a typo would otherwise be silently ignored).
  func allow(_ table: TOMLTable, _ section: String, _ known: [String]) throws(ConfigurationError) {
    for key in table.keys where !known.contains(key) {
      let full = section.isEmpty ? key : "\(section).\(key)"
      throw error(full, "unknown key; known keys here: \(known.joined(separator: ", "))")
    }
  }

  /// The keys of a table in the order they appear in the file (TOMLKit sorts them).
  func orderedKeys(of table: TOMLTable, section: String) -> [String] {
    table.keys.sorted {
      (line(ofKey: $0, inSection: section) ?? .max) < (line(ofKey: $1, inSection: section) ?? .max)
    }
  }

  /// The line where a dotted key is set: its section header, then the key inside it.
  func line(of dottedKey: String) -> Int? {
    if let match = dottedKey.firstMatch(of: /^(\w+)\[(\d+)\]\.([\w.]+)$/), let index = Int(match.2)
    {
      return line(ofKey: String(match.3), inArrayTable: String(match.1), index: index)
    }
    var parts = dottedKey.split(separator: ".").map(String.init)
    if let last = parts.last, let bracket = last.firstIndex(of: "[") {
      parts[parts.count - 1] = String(last[..<bracket])
    }
    guard let key = parts.last else { return nil }
    if let found = line(ofKey: key, inSection: parts.dropLast().joined(separator: ".")) {
      return found
    }
    // A key of an inline table (`IRP = { fr = "…" }`): the line of the table's own key.
    return parts.count > 2 ? line(of: parts.dropLast().joined(separator: ".")) : nil
  }

  /// The line where `key` (which may hold dots) is set in `[section]`, else the section's line.
  func line(ofKey key: String, inSection section: String) -> Int? {
    let dottedKey = "\(section).\(key)"
    var current = ""
    var sectionLine: Int?
    for (number, line) in numberedLines {
      if line.hasPrefix("[") {
        current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        if current == dottedKey { return number }
        if current == section { sectionLine = number }
      } else if current == section, Self.keySet(by: line) == key {
        return number
      }
    }
    return sectionLine
  }

  /// The line of `key` in the `index`-th `[[table]]`, else that table's header line.
  func line(ofKey key: String, inArrayTable table: String, index: Int) -> Int? {
    var seen = -1
    var headerLine: Int?
    for (number, line) in numberedLines {
      if line.hasPrefix("[") {
        if seen == index { return headerLine }
        if line.replacingOccurrences(of: " ", with: "") == "[[\(table)]]" {
          seen += 1
          if seen == index { headerLine = number }
        }
      } else if seen == index, Self.keySet(by: line) == key {
        return number
      }
    }
    return headerLine
  }

  /// The file's lines, trimmed, numbered from 1.
  var numberedLines: [(number: Int, line: String)] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      ($0.offset + 1, $0.element.trimmingCharacters(in: .whitespaces))
    }
  }

  /// The key a `key = value` line sets (quotes removed).
  static func keySet(by line: String) -> String? {
    line.split(separator: "=", maxSplits: 1).first?
      .trimmingCharacters(in: CharacterSet(charactersIn: "\" '\t"))
  }

  static func absolute(_ path: String, from base: String) -> String {
    let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    return (joined as NSString).standardizingPath
  }
}
