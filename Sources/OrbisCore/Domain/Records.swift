/// Where a record came from: the input file and the physical line where it starts (for XLSX,
/// the row number).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int

  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  public var description: String { "\(file):\(line)" }
}

/// A member of staff, one row of a staff file.
///
/// The stored properties are declared widest first, so that the small ones share the last
/// eight bytes: 96 bytes a row instead of 104 (a million rows are held at once).
public struct StaffMember: Hashable, Sendable {
  public var id: String
  public var unit: String?
  public var category: String?
  public var gender: String?
  /// Further nationalities, in the order listed (dual nationality).
  public var otherNationalities: [Nationality]
  /// Full-time equivalent in (0, 1]; 1 when not given.
  public var fte: Double
  /// The primary nationality (the first listed).
  public var nationality: Nationality
  public var period: DayInterval

  public init(
    id: String, nationality: Nationality, otherNationalities: [Nationality] = [],
    unit: String? = nil, category: String? = nil, period: DayInterval = .init(start: nil, end: nil),
    fte: Double = 1, gender: String? = nil
  ) {
    self.id = id
    self.nationality = nationality
    self.otherNationalities = otherNationalities
    self.unit = unit
    self.category = category
    self.period = period
    self.fte = fte
    self.gender = gender
  }

  /// Every nationality held, primary first.
  public var nationalities: [Nationality] { [nationality] + otherNationalities }
}

/// An international cooperation programme (IEA, IRN, IRP, IRL…).
public struct Programme: Hashable, Sendable {
  public var id: String
  /// The type code as given, upper-cased (`IRP`).
  public var type: String
  public var acronym: String?
  public var title: String?
  public var partnerCountries: [CountryID]
  public var unit: String?
  public var period: DayInterval

  public init(
    id: String, type: String, acronym: String? = nil, title: String? = nil,
    partnerCountries: [CountryID] = [], unit: String? = nil,
    period: DayInterval = .init(start: nil, end: nil)
  ) {
    self.id = id
    self.type = type
    self.acronym = acronym
    self.title = title
    self.partnerCountries = partnerCountries
    self.unit = unit
    self.period = period
  }
}

/// An agreement with an organisation (WHO, ESO, the European Commission…).
public struct Agreement: Hashable, Sendable {
  public var partner: String
  public var acronym: String?
  public var category: String?
  public var kind: String?
  public var signed: Day?
  public var end: Day?
  /// The partner's seat.
  public var country: CountryID?

  public init(
    partner: String, acronym: String? = nil, category: String? = nil, kind: String? = nil,
    signed: Day? = nil, end: Day? = nil, country: CountryID? = nil
  ) {
    self.partner = partner
    self.acronym = acronym
    self.category = category
    self.kind = kind
    self.signed = signed
    self.end = end
    self.country = country
  }
}

/// The three datasets of the contract.
public enum DatasetKind: String, CaseIterable, Hashable, Sendable, Codable {
  case staff, programmes, agreements
}

/// Everything read from a data directory that passed validation.
public struct Dataset: Sendable {
  public var staff: [StaffMember] = []
  public var programmes: [Programme] = []
  public var agreements: [Agreement] = []

  public init(
    staff: [StaffMember] = [], programmes: [Programme] = [], agreements: [Agreement] = []
  ) {
    self.staff = staff
    self.programmes = programmes
    self.agreements = agreements
  }
}
