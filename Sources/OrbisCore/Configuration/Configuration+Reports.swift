import Foundation
import TOMLKit

extension TOMLReader {
  /// The `[[report]]` tables: name, schedule, time zone, formats, as-of rule and trends; one
  /// `default` report (in the institute's time zone) when there is none.
  func reportDefinitions(
    timeZone: String, language: ReportLanguage
  ) throws(ConfigurationError)
    -> [Configuration.ReportDefinition]
  {
    var definitions: [Configuration.ReportDefinition] = []
    if let value = root["report"] {
      guard let array = value.array else {
        throw error("report", "must be an array of tables: [[report]]")
      }
      for (i, item) in array.enumerated() {
        guard let report = item.table else {
          throw error("report", "must be an array of tables: [[report]]")
        }
        let section = "report[\(i)]"
        try allow(
          report, section,
          [
            "name", "schedule", "time_zone", "formats", "as_of", "trends", "language", "units",
            "categories", "for_each_unit", "min_count",
          ])
        let name = try string(report, section, "name") ?? "default"
        guard Self.isReportName(name) else {
          throw error(
            "\(section).name",
            "\"\(name)\" must be 1 to 64 letters, digits, '.', '_' or '-' (it names a folder)")
        }
        guard !definitions.contains(where: { $0.name == name }) else {
          throw error("\(section).name", "\"\(name)\" is defined twice")
        }
        var schedule: CronExpression?
        if let text = try string(report, section, "schedule") {
          do {
            schedule = try CronExpression(text)
          } catch let cron {
            throw error("\(section).schedule", "\(cron.reason)")
          }
        }
        let zone = try string(report, section, "time_zone") ?? timeZone
        guard TimeZone(identifier: zone) != nil else {
          throw error(
            "\(section).time_zone",
            "unknown time zone \"\(zone)\"; use an IANA name such as \"Europe/Paris\"")
        }
        var formats = Configuration.OutputFormat.allCases
        if let value = report["formats"] {
          let names = Configuration.OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
          guard let array = value.array else {
            throw error("\(section).formats", "must be a list, e.g. [\"xlsx\", \"txt\"]")
          }
          formats = []
          for item in array {
            guard let format = item.string.flatMap(Configuration.OutputFormat.init(rawValue:))
            else {
              throw error(
                "\(section).formats", "\(item.debugDescription) is not a format; use \(names)")
            }
            if !formats.contains(format) { formats.append(format) }
          }
        }
        var asOf = AsOfRule.today
        if let text = try string(report, section, "as_of") {
          if text.first?.isNumber == true, let problem = Day.asOfProblem(text) {
            throw error("\(section).as_of", problem)
          }
          guard let rule = AsOfRule(text) else {
            throw error(
              "\(section).as_of",
              "\"\(text)\" is not an as-of rule; use \(AsOfRule.keywords.joined(separator: ", ")) or a date YYYY-MM-DD"
            )
          }
          asOf = rule
        }
        let trendsTable = try table(report, "trends", prefix: section)
        try allow(trendsTable, "\(section).trends", ["period", "periods", "recompute"])
        var trends = Configuration.ReportDefinition.Trends()
        trends.period =
          try choice(trendsTable, "\(section).trends", "period", TrendPeriod.self) ?? trends.period
        trends.periods =
          try int(trendsTable, "\(section).trends", "periods", in: 0...120) ?? trends.periods
        trends.recompute =
          try bool(trendsTable, "\(section).trends", "recompute") ?? trends.recompute
        let reportLanguage =
          try choice(report, section, "language", ReportLanguage.self) ?? language
        let scope = ReportScope(
          units: try names(report, section, "units"),
          categories: try names(report, section, "categories"))
        definitions.append(
          .init(
            name: name, schedule: schedule, timeZone: zone, formats: formats, asOf: asOf,
            trends: trends, language: reportLanguage, scope: scope,
            forEachUnit: try bool(report, section, "for_each_unit") ?? false,
            minCount: try int(report, section, "min_count", in: 2...100)))
      }
    }
    return definitions.isEmpty
      ? [.init(name: "default", timeZone: timeZone, language: language)] : definitions
  }
}

extension TOMLReader {
  /// A non-empty list of distinct, non-blank names (`units`, `categories`); nil when absent.
  func names(
    _ parent: TOMLTable, _ section: String, _ key: String
  ) throws(ConfigurationError) -> [String]? {
    guard let value = parent[key] else { return nil }
    guard let array = value.array, !array.isEmpty else {
      throw error(
        "\(section).\(key)", "must be a non-empty list of names, e.g. [\"LAPP\", \"LPSC\"]")
    }
    var names: [String] = []
    for item in array {
      guard let name = item.string?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
        throw error(
          "\(section).\(key)", "\(item.debugDescription) is not a name (a string in quotes)")
      }
      guard !names.contains(where: { ReportScope.key(name) == ReportScope.key($0) }) else {
        throw error("\(section).\(key)", "\"\(name)\" is listed twice")
      }
      names.append(name)
    }
    return names
  }
}

extension TOMLReader {
  /// Whether `name` can name a report (and its folder): 1 to 64 ASCII letters, digits, `.`,
  /// `_` or `-`, starting with a letter or a digit. Checked byte by byte: a line break at the
  /// end is refused (a regular expression's `$` lets one through).
  static func isReportName(_ name: String) -> Bool {
    (1...64).contains(name.utf8.count)
      && name.utf8.enumerated().allSatisfy { offset, byte in
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"):
          true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): offset > 0
        default: false
        }
      }
  }
}
