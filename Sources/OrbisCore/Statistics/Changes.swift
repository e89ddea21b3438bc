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
  public var nationalitiesGained: [CountRow]
  public var nationalitiesLost: [CountRow]
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

  public init(previous: Statistics, previousGeneratedAt: String, current: Statistics) {
    previousAsOf = previous.asOf
    self.previousGeneratedAt = previousGeneratedAt
    headcount = Delta(previous: previous.staff.headcount, current: current.staff.headcount)
    foreignShare = Delta(
      previous: previous.staff.foreignShare, current: current.staff.foreignShare)
    distinctPrimaryNationalities = Delta(
      previous: previous.staff.distinctPrimaryNationalities,
      current: current.staff.distinctPrimaryNationalities)
    activeProgrammes = Delta(
      previous: previous.programmes.active, current: current.programmes.active)
    agreementsInForce = Delta(
      previous: previous.agreements.inForce, current: current.agreements.inForce)

    let before = Dictionary(
      previous.staff.nationalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let now = Dictionary(
      current.staff.nationalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    nationalitiesGained = current.staff.nationalities.filter { before[$0.code] == nil }
      .map { CountRow(key: $0.code, label: $0.name, count: $0.count) }
    nationalitiesLost = previous.staff.nationalities.filter { now[$0.code] == nil }
      .map { CountRow(key: $0.code, label: $0.name, count: $0.count) }

    let activeBefore = Set(previous.programmes.list.map(\.id))
    let activeNow = Set(current.programmes.list.map(\.id))
    programmesAdded = current.programmes.list.filter { !activeBefore.contains($0.id) }
    programmesEnded = previous.programmes.list.filter { !activeNow.contains($0.id) }
  }

  /// The change of the foreign share in percentage points, when both are defined.
  public var foreignSharePoints: Double? {
    guard let a = foreignShare.previous, let b = foreignShare.current else { return nil }
    return (b - a) * 100
  }
}
