import OrbisCore
import OrbisReports

/// The key figures the history keeps for every report (table `figure`, column `key`), and what
/// `orbis history --figure` accepts. Counts are of people, programmes or agreements; shares are
/// fractions in [0, 1].
public enum HistoryFigure: String, CaseIterable, Sendable {
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
  case programmesActive = "programmes_active"
  case programmesWithoutPartnerCountry = "programmes_without_partner_country"
  case agreementsTotal = "agreements_total"
  case agreementsInForce = "agreements_in_force"
  case rowsRejected = "rows_rejected"

  /// The figure in a report; nil for an undefined share or a count suppressed by small-count
  /// protection.
  public func value(in record: ReportRecord) -> Double? {
    let staff = record.statistics.staff
    switch self {
    case .headcount: return Double(staff.headcount)
    case .fte: return staff.fte
    case .knownNationality: return Double(staff.knownNationality)
    case .unknownNationality: return Double(staff.unknownNationality)
    case .stateless: return staff.stateless.value.map(Double.init)
    case .foreign: return staff.foreign.value.map(Double.init)
    case .foreignShare: return staff.foreignShare
    case .noHostNationality: return staff.noHostNationality.value.map(Double.init)
    case .noHostNationalityShare: return staff.noHostNationalityShare
    case .multipleNationalities: return staff.multipleNationalities.value.map(Double.init)
    case .distinctPrimaryNationalities: return Double(staff.distinctPrimaryNationalities)
    case .distinctNationalitiesHeld: return Double(staff.distinctNationalitiesHeld)
    case .programmesActive: return Double(record.statistics.programmes.active)
    case .programmesWithoutPartnerCountry:
      return Double(record.statistics.programmes.withoutPartnerCountry)
    case .agreementsTotal: return Double(record.statistics.agreements.total)
    case .agreementsInForce: return Double(record.statistics.agreements.inForce)
    case .rowsRejected: return Double(record.rejected.total)
    }
  }

  /// Whether small-count protection may suppress it (`min_count`): a count of people that is
  /// stored as NULL then.
  public var isProtectable: Bool {
    [.stateless, .foreign, .noHostNationality, .multipleNationalities].contains(self)
  }

  /// Whether the value is a whole count (printed without decimals).
  public var isCount: Bool { ![.fte, .foreignShare, .noHostNationalityShare].contains(self) }
  /// Whether the value is a share (printed as a percentage in tables, a fraction in CSV).
  public var isShare: Bool { [.foreignShare, .noHostNationalityShare].contains(self) }
}

/// The tables the history keeps for every report (table `breakdown`, column `breakdown`).
/// `orbis history --figure BREAKDOWN:KEY` follows one row of one, e.g.
/// `programmes_by_type:IRP` or `staff_nationality:DE`.
public enum HistoryBreakdown: String, CaseIterable, Sendable {
  /// Key alpha-2 (`XXA` stateless), count of staff, share of known nationality.
  case staffNationality = "staff_nationality"
  /// Key UN M49 code (`XXA` stateless), count of staff, share of known nationality.
  case staffContinent = "staff_continent"
  /// Key the category, count of staff, FTE, share of headcount.
  case staffCategory = "staff_category"
  /// Key the group's name, count of staff of a member nationality, share of known nationality.
  case countryGroup = "country_group"
  /// Key the type code, label its label, count of programmes active.
  case programmesByType = "programmes_by_type"
  /// Key alpha-2, count of programmes active with that partner country.
  case programmesByCountry = "programmes_by_country"
  /// Key UN M49 code, count of programmes active with a partner there.
  case programmesByContinent = "programmes_by_continent"
  case programmesByUnit = "programmes_by_unit"
  /// Count of agreements in force.
  case agreementsByCategory = "agreements_by_category"
  case agreementsByKind = "agreements_by_kind"
}
