/// What small-count protection did to a report (`stats.json` `protection`).
public struct ProtectionSummary: Codable, Hashable, Sendable {
  /// K: counts of people from 1 to K − 1 are suppressed.
  public var minCount: Int
  /// Cells suppressed in the staff tables and key figures (primary and secondary).
  public var suppressedCells: Int
  /// Suppressed cells that the totals the rule keeps (headcount, known nationality, foreign)
  /// still give away, as "table: row"; absent when none.
  public var exposed: [String]?

  public init(minCount: Int, suppressedCells: Int, exposed: [String]) {
    self.minCount = minCount
    self.suppressedCells = suppressedCells
    self.exposed = exposed.isEmpty ? nil : exposed
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case minCount = "min_count"
    case suppressedCells = "suppressed_cells"
    case exposed
  }
}

/// The same staff's counts as other reports of a run publish them (`for_each_unit`: each
/// unit's own report), so that the institute's report cannot be differenced against them: its
/// nationality count less the units' shown ones must not give away a unit's suppressed one.
public struct PublishedElsewhere: Sendable {
  /// Per cell (named as `ProtectionSummary.exposed` names them): the sum of the counts shown
  /// elsewhere, and how many are suppressed there and their sum.
  var parts: [String: (shown: Int, suppressed: Int, suppressedValue: Int)] = [:]
  /// Units whose own report shows their headcount and known-nationality count; and their
  /// foreign count.
  var units: Set<String> = []
  var unitsForeign: Set<String> = []

  public init() {}

  /// Adds the report of one unit: its figures before and after protection.
  public mutating func add(unit: String, raw: Statistics, protected: Statistics) {
    units.insert(unit)
    if !protected.staff.foreign.isSuppressed { unitsForeign.insert(unit) }
    let shown = Dictionary(
      protected.cells().map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    for (name, value) in raw.cells() {
      guard let raw = value.value else { continue }
      var part = parts[name] ?? (0, 0, 0)
      if let value = shown[name]?.value {
        part.shown += value
      } else {
        part.suppressed += 1
        part.suppressedValue += raw
      }
      parts[name] = part
    }
  }
}

/// The names of protected cells, in `ProtectionSummary.exposed` and between a run's reports
/// (`PublishedElsewhere`): one spelling for both.
enum CellName {
  static func nationality(_ code: String) -> String { "nationalities: \(code)" }
  static func continent(_ name: String) -> String { "continents: \(name)" }
  static func group(_ name: String) -> String { "country groups: \(name)" }
  static func category(_ name: String) -> String { "categories: \(name)" }
  static let multiple = "more than one nationality"
  static let noHost = "not holding the host country's nationality"
}

extension Statistics {
  /// The counts of people of the breakdowns, by the names `ProtectionSummary.exposed` uses.
  func cells() -> [(name: String, value: Protected<Int>)] {
    let s = staff
    return s.nationalities.map { (CellName.nationality($0.code), $0.count) }
      + s.continents.filter { $0.code != Statistics.statelessCode }.map {
        (CellName.continent($0.name), $0.count)
      }
      + s.countryGroups.map { (CellName.group($0.name), $0.count) }
      + s.categories.map { (CellName.category($0.category), $0.headcount) }
      + [
        (CellName.multiple, s.multipleNationalities),
        (CellName.noHost, s.noHostNationality),
      ]
  }

  /// The figures with small counts of people suppressed (`CellSuppression`, threshold
  /// `minCount`): nationalities, continents, country groups, units (headcount, FTE, known
  /// nationality, foreign, nationalities), categories (headcount, FTE), and the stateless,
  /// more-than-one-nationality and no-host-nationality counts. Their shares go with them. The
  /// headcount, FTE and known-nationality totals stay, and the foreign total unless it is below
  /// K itself; programmes and agreements are not about people and stay.
  ///
  /// - Parameters:
  ///   - groups: the configured country groups, whose counts add up nationalities.
  ///   - elsewhere: the same staff's counts in the run's other reports (the units' own).
  public func protected(
    minCount k: Int, groups: [Configuration.CountryGroup],
    elsewhere: PublishedElsewhere = PublishedElsewhere()
  ) -> (Statistics, ProtectionSummary) {
    var p = CellSuppression()
    var names: [Int: String] = [:]
    let s = staff
    let known = p.add(s.knownNationality, .fixed)
    let foreign = p.add(s.foreign.value ?? 0, .total)
    let headcount = p.add(s.headcount, .fixed)
    names[foreign] = "foreign"

    let nationalities = s.nationalities.map { row in
      let cell = p.add(row.count.value ?? 0)
      names[cell] = CellName.nationality(row.code)
      return cell
    }
    let byCode = Dictionary(
      uniqueKeysWithValues: zip(s.nationalities.map(\.code), nationalities))
    p.sum(known, of: nationalities)
    if let host = byCode[hostCountry] { p.sum(known, of: [foreign, host]) }
    let continents = s.continents.map { row in
      if row.code == Statistics.statelessCode, let cell = byCode[row.code] { return cell }
      let cell = p.add(row.count.value ?? 0)
      names[cell] = CellName.continent(row.name)
      p.sum(
        cell,
        of: s.nationalities.indices.filter {
          s.nationalities[$0].continent == row.name
            && s.nationalities[$0].code != Statistics.statelessCode
        }.map { nationalities[$0] })
      return cell
    }
    p.sum(known, of: continents)
    let groupCells = zip(s.countryGroups, groups).map { row, group in
      let cell = p.add(row.count.value ?? 0)
      names[cell] = CellName.group(row.name)
      p.sum(cell, of: Set(group.members).compactMap { byCode[$0.country.alpha2] })
      return cell
    }
    var units: [(headcount: Int, known: Int, foreign: Int)] = []
    for row in s.units {
      // A unit with its own report shows its headcount and known-nationality count there.
      let own = elsewhere.units.contains(row.unit)
      let cells = (
        p.add(row.headcount.value ?? 0, own ? .fixed : .cell),
        p.add(row.knownNationality.value ?? 0, own ? .fixed : .cell),
        p.add(row.foreign.value ?? 0, elsewhere.unitsForeign.contains(row.unit) ? .fixed : .cell)
      )
      names[cells.0] = "units: \(row.unit) (headcount)"
      names[cells.1] = "units: \(row.unit) (known nationality)"
      names[cells.2] = "units: \(row.unit) (foreign)"
      // A unit's smaller counts bound its larger ones: they go with them.
      p.link(cells.0, along: [cells.1, cells.2])
      p.link(cells.1, along: [cells.2])
      units.append(cells)
    }
    p.sum(headcount, of: units.map(\.headcount))
    p.sum(known, of: units.map(\.known))
    p.sum(foreign, of: units.map(\.foreign))
    let categories = s.categories.map { row in
      let cell = p.add(row.headcount.value ?? 0)
      names[cell] = CellName.category(row.category)
      return cell
    }
    p.sum(headcount, of: categories)
    let multiple = p.add(s.multipleNationalities.value ?? 0)
    let noHost = p.add(s.noHostNationality.value ?? 0)
    names[multiple] = CellName.multiple
    names[noHost] = CellName.noHost
    // Each count is the sum of the same count in the units' own reports and of the staff that
    // has none (units below K, no unit), which no report shows.
    for (cell, name) in names.sorted(by: { $0.key < $1.key }) {
      guard let part = elsewhere.parts[name] else { continue }
      var members = [p.add(part.shown, .fixed)]
      if part.suppressed > 0 {
        members.append(
          p.addSuppressedElsewhere(part.suppressedValue, cells: part.suppressed))
      }
      let rest = p.values[cell] - part.shown - part.suppressedValue
      if rest > 0 { members.append(p.add(rest, .hidden)) }
      p.sum(cell, of: members)
    }

    let result = p.suppress(minCount: k)
    let hidden = result.suppressed
    /// A suppressed count: `< K` when it is one, else hidden to protect one.
    func mark(_ cell: Int) -> Protected<Int> {
      result.primary.contains(cell) ? .belowMinimum : .suppressed
    }
    var out = self
    for (i, cell) in nationalities.enumerated() where hidden.contains(cell) {
      out.staff.nationalities[i].count = mark(cell)
      out.staff.nationalities[i].share = .suppressed
      out.staff.nationalities[i].shownShare = .suppressed
      out.staff.nationalities[i].suppressed = true
    }
    if let cell = byCode[Statistics.statelessCode], hidden.contains(cell) {
      out.staff.stateless = mark(cell)
    }
    for (i, cell) in continents.enumerated() where hidden.contains(cell) {
      out.staff.continents[i].count = mark(cell)
      out.staff.continents[i].share = .suppressed
      out.staff.continents[i].shownShare = .suppressed
      out.staff.continents[i].suppressed = true
    }
    for (i, cell) in groupCells.enumerated() where hidden.contains(cell) {
      out.staff.countryGroups[i].count = mark(cell)
      out.staff.countryGroups[i].share = nil
      out.staff.countryGroups[i].suppressed = true
    }
    for (i, cells) in units.enumerated() {
      var row = out.staff.units[i]
      if hidden.contains(cells.headcount) {
        row.headcount = mark(cells.headcount)
        row.fte = .suppressed
        row.nationalities = .suppressed
      }
      if hidden.contains(cells.known) { row.knownNationality = mark(cells.known) }
      if hidden.contains(cells.foreign) {
        row.foreign = mark(cells.foreign)
        row.foreignShare = nil
      }
      if row != out.staff.units[i] { row.suppressed = true }
      out.staff.units[i] = row
    }
    for (i, cell) in categories.enumerated() where hidden.contains(cell) {
      out.staff.categories[i].headcount = mark(cell)
      out.staff.categories[i].fte = .suppressed
      out.staff.categories[i].share = .suppressed
      out.staff.categories[i].shownShare = .suppressed
      out.staff.categories[i].suppressed = true
    }
    if hidden.contains(foreign) {
      out.staff.foreign = mark(foreign)
      out.staff.foreignShare = nil
    }
    if hidden.contains(multiple) { out.staff.multipleNationalities = mark(multiple) }
    if hidden.contains(noHost) {
      out.staff.noHostNationality = mark(noHost)
      out.staff.noHostNationalityShare = nil
    }

    // Tables are by count: suppressed rows go last, by name, so that their order does not
    // rank them.
    func last<Row>(_ rows: inout [Row], _ hidden: (Row) -> Bool, _ name: (Row) -> String) {
      rows =
        rows.filter { !hidden($0) }
        + rows.filter(hidden).sorted { name($0).utf8.lexicographicallyPrecedes(name($1).utf8) }
    }
    last(&out.staff.nationalities, { $0.count.isSuppressed }, \.name)
    last(&out.staff.continents, { $0.count.isSuppressed }, \.name)
    last(&out.staff.units, { $0.headcount.isSuppressed }, \.unit)
    last(&out.staff.categories, { $0.headcount.isSuppressed }, \.category)

    return (
      out,
      ProtectionSummary(
        minCount: k, suppressedCells: hidden.count,
        exposed: result.exposed.sorted().compactMap { names[$0] })
    )
  }
}

extension Trends {
  /// The trends with small counts suppressed at each point: the stateless count and the top
  /// nationalities' counts, with the foreign total (which stays) and the nationalities no
  /// series follows (never published) as their sum. The last point is the report's own
  /// figures, already protected: its published counts stay, its suppressed ones stay so.
  public func protected(minCount k: Int) -> Trends {
    var out = self
    for i in points.indices {
      var p = CellSuppression()
      let role: CellSuppression.Role = i == points.count - 1 ? .fixed : .cell
      var initially = Set<Int>()
      func cell(_ value: Protected<Int>, _ role: CellSuppression.Role) -> Int {
        guard let n = value.value else {
          let cell = p.add(0)
          initially.insert(cell)
          return cell
        }
        return p.add(n, role)
      }
      func cell(_ value: Protected<Int>) -> Int { cell(value, role) }
      // The foreign total: suppressed only when below K (the last point's as published).
      func cellOrTotal(_ value: Protected<Int>) -> Int {
        cell(value, i == points.count - 1 ? .fixed : .total)
      }
      let foreign = cellOrTotal(points[i].foreign)
      let stateless = cell(points[i].stateless)
      let series = topForeignNationalities.map { cell($0.counts[i]) }
      let shown = ([points[i].stateless] + topForeignNationalities.map { $0.counts[i] })
        .compactMap(\.value)
      let rest = p.add(max(0, (points[i].foreign.value ?? 0) - shown.reduce(0, +)), .hidden)
      p.sum(foreign, of: [stateless] + series + [rest])
      let result = p.suppress(minCount: k, initially: initially)
      func mark(_ cell: Int, _ value: Protected<Int>) -> Protected<Int> {
        guard result.suppressed.contains(cell), !value.isSuppressed else { return value }
        return result.primary.contains(cell) ? .belowMinimum : .suppressed
      }
      out.points[i].stateless = mark(stateless, points[i].stateless)
      out.points[i].foreign = mark(foreign, points[i].foreign)
      if out.points[i].foreign.isSuppressed { out.points[i].foreignShare = nil }
      for (j, cell) in series.enumerated() {
        out.topForeignNationalities[j].counts[i] = mark(cell, topForeignNationalities[j].counts[i])
      }
    }
    return out
  }
}

extension Changes {
  /// The changes with the previous report's small counts suppressed too: that report may have
  /// been published without protection (`min_count` just set), and its nationalities lost
  /// since are listed with their count then.
  public func protected(minCount k: Int) -> Changes {
    var out = self
    for i in out.nationalitiesLost.indices {
      if let n = out.nationalitiesLost[i].count.value, (1..<k).contains(n) {
        out.nationalitiesLost[i].count = .belowMinimum
      }
    }
    return out
  }
}
