/// What changed since the previous published report of the same name.
public struct Changes: Codable, Hashable, Sendable {
  public var previousAsOf: Day
  /// When the previous report was generated (ISO 8601, UTC), as it recorded it.
  public var previousGeneratedAt: String
  public var headcount: Delta<Int>
  public var foreignShare: Delta<Double?>
  public var distinctPrimaryNationalities: Delta<Int>
  public var activeProgrammes: Delta<Int>
  public var agreementsInForce: Delta<Int>
  /// Primary nationalities present now and absent before (alpha-2 codes and names).
  public var nationalitiesGained: [NationalityCount]
  public var nationalitiesLost: [NationalityCount]
  /// Programmes active now and not before.
  public var programmesAdded: [ProgrammeRow]
  /// Programmes active before and not now.
  public var programmesEnded: [ProgrammeRow]

  public struct Delta<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var previous: Value
    public var current: Value

    public init(previous: Value, current: Value) {
      self.previous = previous
      self.current = current
    }
  }

  /// - Parameters:
  ///   - previous: the figures of the previous published report of the same name (from the
  ///     history database).
  ///   - current: this report's.
  public init(previous: PreviousFigures, current: Statistics) {
    previousAsOf = previous.asOf
    previousGeneratedAt = previous.generatedAt
    headcount = Delta(previous: previous.headcount, current: current.staff.headcount)
    foreignShare = Delta(previous: previous.foreignShare, current: current.staff.foreignShare)
    distinctPrimaryNationalities = Delta(
      previous: previous.distinctPrimaryNationalities,
      current: current.staff.distinctPrimaryNationalities)
    activeProgrammes = Delta(
      previous: previous.activeProgrammes, current: current.programmes.active)
    agreementsInForce = Delta(
      previous: previous.agreementsInForce, current: current.agreements.inForce)

    let before = Set(previous.nationalities.map(\.key))
    let now = Set(current.staff.nationalities.map(\.code))
    nationalitiesGained = current.staff.nationalities.filter { !before.contains($0.code) }
      .map { NationalityCount(key: $0.code, label: $0.name, count: $0.count) }
    nationalitiesLost = previous.nationalities.filter { !now.contains($0.key) }

    let activeBefore = Set(previous.programmes.map(\.id))
    let activeNow = Set(current.programmes.list.map(\.id))
    programmesAdded = current.programmes.list.filter { !activeBefore.contains($0.id) }
    programmesEnded = previous.programmes.filter { !activeNow.contains($0.id) }
  }

  /// The change of the foreign share in percentage points, when both are defined.
  public var foreignSharePoints: Double? {
    guard let a = foreignShare.previous, let b = foreignShare.current else { return nil }
    return (b - a) * 100
  }

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case previousAsOf = "previous_as_of"
    case previousGeneratedAt = "previous_generated_at"
    case headcount
    case foreignShare = "foreign_share"
    case distinctPrimaryNationalities = "distinct_primary_nationalities"
    case activeProgrammes = "active_programmes"
    case agreementsInForce = "agreements_in_force"
    case nationalitiesGained = "nationalities_gained"
    case nationalitiesLost = "nationalities_lost"
    case programmesAdded = "programmes_added"
    case programmesEnded = "programmes_ended"
  }
}

/// What `Changes` compares a report with: the figures of the previous published report.
public struct PreviousFigures: Hashable, Sendable {
  public var asOf: Day
  /// ISO 8601, UTC, as that report recorded it.
  public var generatedAt: String
  public var headcount: Int
  public var foreignShare: Double?
  public var distinctPrimaryNationalities: Int
  public var activeProgrammes: Int
  public var agreementsInForce: Int
  /// Per primary nationality, as its table listed them (stateless `XXA` included): key alpha-2,
  /// label the name.
  public var nationalities: [NationalityCount]
  /// The programmes active then.
  public var programmes: [ProgrammeRow]

  public init(
    asOf: Day, generatedAt: String, headcount: Int, foreignShare: Double?,
    distinctPrimaryNationalities: Int, activeProgrammes: Int, agreementsInForce: Int,
    nationalities: [NationalityCount], programmes: [ProgrammeRow]
  ) {
    self.asOf = asOf
    self.generatedAt = generatedAt
    self.headcount = headcount
    self.foreignShare = foreignShare
    self.distinctPrimaryNationalities = distinctPrimaryNationalities
    self.activeProgrammes = activeProgrammes
    self.agreementsInForce = agreementsInForce
    self.nationalities = nationalities
    self.programmes = programmes
  }

  /// A report's own figures.
  public init(_ statistics: Statistics, generatedAt: String) {
    self.init(
      asOf: statistics.asOf, generatedAt: generatedAt, headcount: statistics.staff.headcount,
      foreignShare: statistics.staff.foreignShare,
      distinctPrimaryNationalities: statistics.staff.distinctPrimaryNationalities,
      activeProgrammes: statistics.programmes.active,
      agreementsInForce: statistics.agreements.inForce,
      nationalities: statistics.staff.nationalities.map {
        NationalityCount(key: $0.code, label: $0.name, count: $0.count)
      }, programmes: statistics.programmes.list)
  }
}

/// Staff of one primary nationality: key alpha-2 (`XXA` stateless), label the name.
public struct NationalityCount: Codable, Hashable, Sendable {
  public var key: String
  public var label: String
  public var count: Protected<Int>

  public init(key: String, label: String, count: Protected<Int>) {
    self.key = key
    self.label = label
    self.count = count
  }
}
