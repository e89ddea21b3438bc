import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisIngest
import OrbisReports

/// The reports one run publishes, and their protected figures.
extension ReportRun {
  /// With `min_count`, every report's figures protected: the units' own reports first, then
  /// the scope's, which must not let anyone difference the units' suppressed counts out of its
  /// own. Keyed by target name; empty without `min_count`.
  func protectedFigures(
    _ definition: Configuration.ReportDefinition, _ targets: [Target], _ dataset: Dataset,
    asOf day: Day
  ) -> [String: (Statistics, ProtectionSummary)] {
    guard let k = definition.minCount else { return [:] }
    func raw(_ target: Target) -> Statistics {
      Statistics.compute(
        dataset: target.scope.filter(dataset), asOf: day, configuration: configuration,
        language: definition.language)
    }
    var result: [String: (Statistics, ProtectionSummary)] = [:]
    var elsewhere = PublishedElsewhere()
    for target in targets where target.scope.exact {
      let figures = raw(target)
      let protected = figures.protected(minCount: k, groups: configuration.countryGroups)
      elsewhere.add(unit: target.scope.units![0], raw: figures, protected: protected.0)
      result[target.name] = protected
    }
    for target in targets where !target.scope.exact {
      result[target.name] = raw(target).protected(
        minCount: k, groups: configuration.countryGroups, elsewhere: elsewhere)
    }
    return result
  }

  /// One report a run publishes: the definition's (`REPORTS/<name>/`) or one unit's
  /// (`REPORTS/<name>/<unit folder>/`).
  struct Target {
    /// The report's name in the history and its folder under the reports directory.
    var name: String
    var scope: ReportScope
  }

  /// The reports a run of `definition` publishes from `dataset`: its scope's, unless
  /// `for_each_unit` is set with `units`; then, with `for_each_unit`, one per unit found. With
  /// `min_count` = K, a unit of fewer than K staff present has no report: its headcount, a
  /// total, would be a count below K.
  func targets(
    _ definition: Configuration.ReportDefinition, _ dataset: Dataset, asOf day: Day,
    logger: Logger
  ) -> [Target] {
    var targets: [Target] = []
    if !definition.forEachUnit || definition.scope.units == nil {
      targets.append(Target(name: reportName, scope: definition.scope))
    }
    if definition.forEachUnit {
      var units = definition.scope.unitsFound(in: dataset)
      if let k = definition.minCount {
        var headcount: [String: Int] = [:]
        var matcher = ReportScope.Matcher(definition.scope)
        for member in dataset.staff where member.period.contains(day) {
          if let unit = member.unit, matcher.includes(category: member.category) {
            headcount[unit, default: 0] += 1
          }
        }
        let small = units.filter { (headcount[$0] ?? 0) < k }
        if !small.isEmpty {
          logger.notice(
            "report \(reportName): \(small.count) units have fewer than min_count = \(k) staff present and no report of their own: \(small.map { "\"\($0)\"" }.joined(separator: ", "))"
          )
        }
        units.removeAll { (headcount[$0] ?? 0) < k }
      }
      let folders = UnitFolders.names(
        units, existing: UnitFolders.existing(in: publisher.directory))
      for unit in units {
        targets.append(
          Target(
            name: "\(reportName)/\(folders[unit]!)",
            scope: .unit(unit, categories: definition.scope.categories)))
      }
    }
    return targets
  }
}
