import Foundation

/// Which staff and programmes a report counts (`[[report]] units`, `categories`): staff of a
/// listed unit and a listed category; programmes of a listed unit (a programme with no unit is
/// left out of a unit scope). Agreements are institute-wide: every scope shows them all.
///
/// Configured names match the data ignoring case, accents and spaces (`"Lab Annecy"` matches
/// `LABANNECY`); the units of `for_each_unit` match exactly, as the data writes them, like the
/// rows of the Units table. Encoded in `stats.json` as `scope` (absent: the whole institute).
public struct ReportScope: Codable, Hashable, Sendable {
  /// nil: every unit (and staff with no unit).
  public var units: [String]?
  /// nil: every category.
  public var categories: [String]?
  /// True for one unit of `for_each_unit`: `units` holds its name exactly as written.
  public var exact: Bool

  public init(units: [String]? = nil, categories: [String]? = nil, exact: Bool = false) {
    self.units = units
    self.categories = categories
    self.exact = exact
  }

  /// Every row of the data directory.
  public static let institute = ReportScope()

  /// One unit of `for_each_unit`, as the data writes it, within `categories`.
  public static func unit(_ name: String, categories: [String]? = nil) -> ReportScope {
    ReportScope(units: [name], categories: categories, exact: true)
  }

  public var isInstitute: Bool { units == nil && categories == nil }

  /// The key names are compared by: case, accents (diacritics), width and white space folded.
  public static func key(_ name: String) -> String {
    name.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
    )
    .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
    .map(String.init).joined()
  }

  /// Whether staff (or a programme) of `unit` is in the scope's units.
  public func includes(unit: String?) -> Bool {
    var matcher = Matcher(self)
    return matcher.includes(unit: unit)
  }

  /// Whether staff of `category` is in the scope's categories.
  public func includes(category: String?) -> Bool {
    var matcher = Matcher(self)
    return matcher.includes(category: category)
  }

  /// Whether a rejected row is one of the scope's (a row of agreements always is).
  public func includes(_ row: RowScope?) -> Bool {
    var matcher = Matcher(self)
    return matcher.includes(row)
  }

  /// Matches names against a scope, folding each distinct name once (a million rows hold a
  /// few dozen units and categories).
  public struct Matcher {
    let scope: ReportScope
    let unitKeys: Set<String>
    let categoryKeys: Set<String>?
    var units: [String: Bool] = [:]
    var categories: [String: Bool] = [:]

    public init(_ scope: ReportScope) {
      self.scope = scope
      unitKeys = Set((scope.units ?? []).map(ReportScope.key))
      categoryKeys = scope.categories.map { Set($0.map(ReportScope.key)) }
    }

    public mutating func includes(unit: String?) -> Bool {
      guard let listed = scope.units else { return true }
      guard let unit else { return false }
      if scope.exact { return listed.contains(unit) }
      if let known = units[unit] { return known }
      let result = unitKeys.contains(ReportScope.key(unit))
      units[unit] = result
      return result
    }

    /// Whether a rejected row is one of the scope's (a row of agreements always is).
    public mutating func includes(_ row: RowScope?) -> Bool {
      guard let row else { return true }
      return includes(unit: row.unit) && (!row.isStaff || includes(category: row.category))
    }

    public mutating func includes(category: String?) -> Bool {
      guard let categoryKeys else { return true }
      guard let category else { return false }
      if let known = categories[category] { return known }
      let result = categoryKeys.contains(ReportScope.key(category))
      categories[category] = result
      return result
    }
  }

  /// The rows of `dataset` the scope counts.
  public func filter(_ dataset: Dataset) -> Dataset {
    guard !isInstitute else { return dataset }
    var matcher = Matcher(self)
    return Dataset(
      staff: dataset.staff.filter {
        matcher.includes(unit: $0.unit) && matcher.includes(category: $0.category)
      },
      programmes: dataset.programmes.filter { matcher.includes(unit: $0.unit) },
      agreements: dataset.agreements)
  }

  /// The configured units and categories that no staff or programme of `dataset` has, as
  /// `("units", name)` or `("categories", name)`: worth a warning, not an error.
  public func unmatched(in dataset: Dataset) -> [(key: String, name: String)] {
    guard !isInstitute else { return [] }
    // The distinct names first: folding is per name, not per row.
    var rawUnits = Set<String>()
    var rawCategories = Set<String>()
    for member in dataset.staff {
      if let unit = member.unit { rawUnits.insert(unit) }
      if let category = member.category { rawCategories.insert(category) }
    }
    for programme in dataset.programmes {
      if let unit = programme.unit { rawUnits.insert(unit) }
    }
    let units = Set(rawUnits.map(Self.key))
    let categories = Set(rawCategories.map(Self.key))
    return (self.units ?? []).filter { !units.contains(Self.key($0)) }.map { ("units", $0) }
      + (self.categories ?? []).filter { !categories.contains(Self.key($0)) }.map {
        ("categories", $0)
      }
  }

  /// The warnings of `unmatched`, for the log and `orbis check`.
  public func unmatchedWarnings(report: String, in dataset: Dataset) -> [String] {
    unmatched(in: dataset).map { key, name in
      "report \(report): \(key) lists \"\(name)\", which no staff or programme has; check its "
        + "spelling in the configuration"
    }
  }

  /// The units of the scope found among `dataset`'s staff and programmes, as written, in byte
  /// order: the reports of `for_each_unit`. Rows with no unit have no report of their own.
  public func unitsFound(in dataset: Dataset) -> [String] {
    var found = Set<String>()
    for member in dataset.staff { if let unit = member.unit { found.insert(unit) } }
    for programme in dataset.programmes { if let unit = programme.unit { found.insert(unit) } }
    return found.filter { includes(unit: $0) }.sorted {
      Array($0.utf8).lexicographicallyPrecedes($1.utf8)
    }
  }
}
