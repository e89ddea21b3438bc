/// The figures of one report, computed from a validated dataset on an as-of date (see
/// `Statistics.compute`). Shares are exact fractions of integer counts; `shownShare` fields
/// are rounded to 0.1 % by the largest-remainder method so that a table's shown shares add
/// up to 100 %. Encoded as-is in `stats.json` (snake_case keys).
public struct Statistics: Codable, Hashable, Sendable {
  public var asOf: Day
  /// ISO 3166-1 alpha-2 code of the host country.
  public var hostCountry: String
  public var staff: StaffStatistics
  public var programmes: ProgrammeStatistics
  public var agreements: AgreementStatistics

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case asOf = "as_of"
    case hostCountry = "host_country"
    case staff
    case programmes
    case agreements
  }
}

/// Staff present on the as-of date.
public struct StaffStatistics: Codable, Hashable, Sendable {
  public var headcount: Int
  /// Sum of full-time equivalents, to 4 decimals.
  public var fte: Double
  /// Present staff whose primary nationality is known (a country, or stateless): the
  /// denominator of nationality, continent, foreign and country-group shares.
  public var knownNationality: Int
  public var unknownNationality: Int
  public var stateless: Protected<Int>
  /// Primary nationality other than the host country (stateless included); suppressed only
  /// when it is itself below `min_count`.
  public var foreign: Protected<Int>
  /// nil when undefined or suppressed.
  public var foreignShare: Double?
  /// Known nationality, and none of the nationalities held is the host country's.
  public var noHostNationality: Protected<Int>
  /// nil when undefined or suppressed.
  public var noHostNationalityShare: Double?
  /// Staff holding more than one nationality.
  public var multipleNationalities: Protected<Int>
  /// Distinct countries among primary nationalities.
  public var distinctPrimaryNationalities: Int
  /// Distinct countries among all nationalities held.
  public var distinctNationalitiesHeld: Int
  /// Per primary nationality, most frequent first; stateless is its own row (`code` "XXA").
  public var nationalities: [NationalityRow]
  /// Per UN M49 region of the primary nationality; stateless is its own row.
  public var continents: [ContinentRow]
  public var units: [UnitRow]
  public var categories: [CategoryRow]
  public var countryGroups: [CountryGroupRow]

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case headcount
    case fte
    case knownNationality = "known_nationality"
    case unknownNationality = "unknown_nationality"
    case stateless
    case foreign
    case foreignShare = "foreign_share"
    case noHostNationality = "no_host_nationality"
    case noHostNationalityShare = "no_host_nationality_share"
    case multipleNationalities = "multiple_nationalities"
    case distinctPrimaryNationalities = "distinct_primary_nationalities"
    case distinctNationalitiesHeld = "distinct_nationalities_held"
    case nationalities
    case continents
    case units
    case categories
    case countryGroups = "country_groups"
  }
}

public struct NationalityRow: Codable, Hashable, Sendable {
  /// ISO 3166-1 alpha-2, or `XXA` for stateless.
  public var code: String
  public var name: String
  public var continent: String
  public var count: Protected<Int>
  public var share: Protected<Double>
  public var shownShare: Protected<Double>
  /// True when small-count protection suppressed the row's figures; absent otherwise.
  public var suppressed: Bool?

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case code
    case name
    case continent
    case count
    case share
    case shownShare = "shown_share"
    case suppressed
  }
}

public struct ContinentRow: Codable, Hashable, Sendable {
  /// UN M49 code (`150` Europe), or `XXA` for stateless.
  public var code: String
  public var name: String
  public var count: Protected<Int>
  public var share: Protected<Double>
  public var shownShare: Protected<Double>
  /// True when small-count protection suppressed the row's figures; absent otherwise.
  public var suppressed: Bool?

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case code
    case name
    case count
    case share
    case shownShare = "shown_share"
    case suppressed
  }
}

public struct UnitRow: Codable, Hashable, Sendable {
  public var unit: String
  public var headcount: Protected<Int>
  public var fte: Protected<Double>
  public var knownNationality: Protected<Int>
  public var foreign: Protected<Int>
  /// Foreign among those of known nationality in the unit; nil when undefined or when
  /// `foreign` is suppressed.
  public var foreignShare: Double?
  /// Distinct countries among the unit's primary nationalities (suppressed with the headcount).
  public var nationalities: Protected<Int>
  /// True when small-count protection suppressed some of the row's figures; absent otherwise.
  public var suppressed: Bool?

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case unit
    case headcount
    case fte
    case knownNationality = "known_nationality"
    case foreign
    case foreignShare = "foreign_share"
    case nationalities
    case suppressed
  }
}

public struct CategoryRow: Codable, Hashable, Sendable {
  public var category: String
  public var headcount: Protected<Int>
  public var fte: Protected<Double>
  /// Of the headcount.
  public var share: Protected<Double>
  public var shownShare: Protected<Double>
  /// True when small-count protection suppressed the row's figures; absent otherwise.
  public var suppressed: Bool?

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case category
    case headcount
    case fte
    case share
    case shownShare = "shown_share"
    case suppressed
  }
}

public struct CountryGroupRow: Codable, Hashable, Sendable {
  public var name: String
  /// Present staff whose primary nationality is a member.
  public var count: Protected<Int>
  /// Of staff of known nationality; nil when undefined or suppressed.
  public var share: Double?
  /// True when small-count protection suppressed the count; absent otherwise.
  public var suppressed: Bool?
}

/// Programmes active on the as-of date.
public struct ProgrammeStatistics: Codable, Hashable, Sendable {
  public var active: Int
  /// Every configured type in the configured order (zero included), then other types.
  public var byType: [ProgrammeTypeRow]
  /// A programme counts once under each of its partner countries.
  public var byCountry: [PartnerCountryRow]
  /// A programme counts once under each continent of its partner countries.
  public var byContinent: [CountRow]
  public var byUnit: [CountRow]
  /// Active programmes with no partner country given.
  public var withoutPartnerCountry: Int
  public var list: [ProgrammeRow]
  /// The window of `upcoming`, in days after the as-of date.
  public var upcomingDays: Int
  /// Programmes starting (after the as-of date) or ending (on or after it) within the window,
  /// soonest first.
  public var upcoming: [UpcomingRow]

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case active
    case byType = "by_type"
    case byCountry = "by_country"
    case byContinent = "by_continent"
    case byUnit = "by_unit"
    case withoutPartnerCountry = "without_partner_country"
    case list
    case upcomingDays = "upcoming_days"
    case upcoming
  }
}

public struct ProgrammeTypeRow: Codable, Hashable, Sendable {
  public var code: String
  public var label: String
  public var count: Int
}

public struct PartnerCountryRow: Codable, Hashable, Sendable {
  public var code: String
  public var name: String
  public var continent: String
  public var count: Int
}

/// A label and a count (a continent, a unit, a category…).
public struct CountRow: Codable, Hashable, Sendable {
  public var key: String
  public var label: String
  public var count: Int

  public init(key: String, label: String, count: Int) {
    self.key = key
    self.label = label
    self.count = count
  }
}

public struct ProgrammeRow: Codable, Hashable, Sendable {
  public var id: String
  public var type: String
  public var acronym: String
  public var title: String
  /// Alpha-2 codes, as listed.
  public var partnerCountries: [String]
  public var unit: String
  public var start: Day?
  public var end: Day?

  public init(
    id: String, type: String, acronym: String, title: String, partnerCountries: [String],
    unit: String, start: Day?, end: Day?
  ) {
    self.id = id
    self.type = type
    self.acronym = acronym
    self.title = title
    self.partnerCountries = partnerCountries
    self.unit = unit
    self.start = start
    self.end = end
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case id
    case type
    case acronym
    case title
    case partnerCountries = "partner_countries"
    case unit
    case start
    case end
  }

  /// As the synthesized encoding would write it, but with the dates passed as text: a
  /// `Day?` goes through the encoder's generic path (its type checked against Foundation's
  /// special cases), and `stats.json` lists 100,000 programmes at the largest.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(type, forKey: .type)
    try c.encode(acronym, forKey: .acronym)
    try c.encode(title, forKey: .title)
    try c.encode(partnerCountries, forKey: .partnerCountries)
    try c.encode(unit, forKey: .unit)
    try c.encodeIfPresent(start?.description, forKey: .start)
    try c.encodeIfPresent(end?.description, forKey: .end)
  }
}

public struct UpcomingRow: Codable, Hashable, Sendable {
  public enum Event: String, Codable, Hashable, Sendable { case starts, ends }
  public var id: String
  public var type: String
  public var acronym: String
  public var event: Event
  public var date: Day
  /// Days from the as-of date.
  public var inDays: Int

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case id
    case type
    case acronym
    case event
    case date
    case inDays = "in_days"
  }
}

/// Agreements with organisations; counts are of those in force on the as-of date (signed on
/// or before it or undated, and not ended before it).
public struct AgreementStatistics: Codable, Hashable, Sendable {
  public var total: Int
  public var inForce: Int
  public var byCategory: [CountRow]
  public var byKind: [CountRow]
  /// Every agreement, in force first, in file order.
  public var list: [AgreementRow]

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case total
    case inForce = "in_force"
    case byCategory = "by_category"
    case byKind = "by_kind"
    case list
  }
}

public struct AgreementRow: Codable, Hashable, Sendable {
  public enum Status: String, Codable, Hashable, Sendable {
    case inForce = "in_force"
    case notYetSigned = "not_yet_signed"
    case ended
  }
  public var partner: String
  public var acronym: String
  public var category: String
  public var kind: String
  public var signed: Day?
  public var end: Day?
  /// Alpha-2 code of the partner's seat, or empty.
  public var country: String
  public var status: Status

  enum CodingKeys: String, CodingKey {
    case partner, acronym, category, kind, signed, end, country, status
  }

  /// As the synthesized encoding would write it, with the dates and the status passed as
  /// text (see `ProgrammeRow.encode(to:)`).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(partner, forKey: .partner)
    try c.encode(acronym, forKey: .acronym)
    try c.encode(category, forKey: .category)
    try c.encode(kind, forKey: .kind)
    try c.encodeIfPresent(signed?.description, forKey: .signed)
    try c.encodeIfPresent(end?.description, forKey: .end)
    try c.encode(country, forKey: .country)
    try c.encode(status.rawValue, forKey: .status)
  }
}
