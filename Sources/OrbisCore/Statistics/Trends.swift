/// How the figures evolved up to a report's as-of date: one point per period end before it,
/// then the as-of date itself (`[[report]] trends.*`). Encoded in `stats.json` as `trends`.
public struct Trends: Codable, Hashable, Sendable {
  public var period: TrendPeriod
  /// Oldest first; the last is the report's own as-of date.
  public var points: [TrendPoint]
  /// The ten largest foreign primary nationalities of the last point (most frequent first, then
  /// by English name), with their headcount at every point (`counts[i]` is at `points[i]`).
  public var topForeignNationalities: [NationalitySeries]

  public init(
    period: TrendPeriod, points: [TrendPoint], topForeignNationalities: [NationalitySeries]
  ) {
    self.period = period
    self.points = points
    self.topForeignNationalities = topForeignNationalities
  }

  /// How many nationalities `topForeignNationalities` follows.
  public static let topCount = 10

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case period
    case points
    case topForeignNationalities = "top_foreign_nationalities"
  }
}

/// The figures of one point of the trends. Counts are of staff present, programmes active and
/// agreements in force on `date`, with the same rules as the report's own figures.
public struct TrendPoint: Codable, Hashable, Sendable {
  public enum Source: String, Codable, Hashable, Sendable {
    /// From the history: the report of this name published as of exactly this date.
    case published
    /// Computed by this run from the current input files, as of this date.
    case recomputed
  }

  public var date: Day
  public var source: Source
  public var headcount: Int
  /// Sum of full-time equivalents, to 4 decimals.
  public var fte: Double
  public var knownNationality: Int
  /// Primary nationality other than the host country's (stateless included).
  public var foreign: Protected<Int>
  /// `foreign / knownNationality`; nil when no nationality is known.
  public var foreignShare: Double?
  public var distinctPrimaryNationalities: Int
  public var stateless: Protected<Int>
  public var unknownNationality: Int
  public var programmesActive: Int
  /// Every configured type in the configured order (zero included), then other types seen at
  /// any point, by code.
  public var programmesByType: [ProgrammeTypeRow]
  public var agreementsInForce: Int

  /// `stats.json`'s keys, spelled out (`ReportRecord.encodeJSON`).
  enum CodingKeys: String, CodingKey {
    case date
    case source
    case headcount
    case fte
    case knownNationality = "known_nationality"
    case foreign
    case foreignShare = "foreign_share"
    case distinctPrimaryNationalities = "distinct_primary_nationalities"
    case stateless
    case unknownNationality = "unknown_nationality"
    case programmesActive = "programmes_active"
    case programmesByType = "programmes_by_type"
    case agreementsInForce = "agreements_in_force"
  }
}

/// One nationality's headcount at every point of the trends.
public struct NationalitySeries: Codable, Hashable, Sendable {
  /// ISO 3166-1 alpha-2.
  public var code: String
  public var name: String
  public var counts: [Protected<Int>]
}

/// The figures a trend point is made of, from a published report (the history) or computed
/// from records; `Trends.assemble` turns them into points.
public struct TrendFigures: Hashable, Sendable {
  public var date: Day
  public var headcount = 0
  public var fte = 0.0
  public var knownNationality = 0
  public var foreign: Protected<Int> = 0
  public var stateless: Protected<Int> = 0
  public var unknownNationality = 0
  public var distinctPrimaryNationalities = 0
  public var programmesActive = 0
  /// Type code → programmes active.
  public var programmesByType: [String: Int] = [:]
  public var agreementsInForce = 0
  /// Staff per primary nationality (countries only): key alpha-2, label the English name.
  public var nationalities: [NationalityCount] = []

  public init(date: Day) { self.date = date }

  /// A report's own figures.
  public init(statistics s: Statistics) {
    date = s.asOf
    headcount = s.staff.headcount
    fte = s.staff.fte
    knownNationality = s.staff.knownNationality
    foreign = s.staff.foreign
    stateless = s.staff.stateless
    unknownNationality = s.staff.unknownNationality
    distinctPrimaryNationalities = s.staff.distinctPrimaryNationalities
    programmesActive = s.programmes.active
    programmesByType = Dictionary(
      s.programmes.byType.map { ($0.code, $0.count) }, uniquingKeysWith: +)
    agreementsInForce = s.agreements.inForce
    nationalities = s.staff.nationalities.filter { $0.code != Statistics.statelessCode }
      .map { NationalityCount(key: $0.code, label: $0.name, count: $0.count) }
  }
}

extension Trends {
  /// The figures at each of `dates` (ascending, distinct) from the records, in one pass over
  /// them: a record present over an interval of days is present at a run of consecutive dates,
  /// so it adds to a difference array at the first of them and subtracts after the last, and a
  /// prefix sum gives every date's tally. O(records × log(dates) + dates × countries).
  public static func recompute(
    _ dataset: Dataset, at dates: [Day], host: CountryID
  ) -> [TrendFigures] {
    let n = dates.count
    guard n > 0 else { return [] }
    /// The run of dates an interval covers, as `lo..<hi` (empty when none).
    func span(_ interval: DayInterval) -> Range<Int> {
      let lo = interval.start.map { start in firstIndex(in: dates) { $0 >= start } } ?? 0
      let hi = interval.end.map { end in firstIndex(in: dates) { $0 > end } } ?? n
      return lo < hi ? lo..<hi : 0..<0
    }
    // One slot per date, plus one where every run ends.
    var headcount = [Int](repeating: 0, count: n + 1)
    var fteUnits = headcount
    var known = headcount
    var foreign = headcount
    var stateless = headcount
    var unknown = headcount
    let countries = CountryTable.entries.count
    var byCountry = [Int](repeating: 0, count: (n + 1) * countries)
    // Field by field: a `for member in` loop copies each row whole (its strings retained).
    let staff = dataset.staff
    for i in staff.indices {
      let run = span(staff[i].period)
      guard !run.isEmpty else { continue }
      func add(_ tally: inout [Int], _ value: Int = 1) {
        tally[run.lowerBound] += value
        tally[run.upperBound] -= value
      }
      add(&headcount)
      add(&fteUnits, Statistics.fteUnits(staff[i].fte))
      switch staff[i].nationality {
      case .unknown:
        add(&unknown)
      case .stateless:
        add(&known)
        add(&stateless)
        add(&foreign)
      case .country(let id):
        add(&known)
        if id != host { add(&foreign) }
        byCountry[run.lowerBound * countries + Int(id.index)] += 1
        byCountry[run.upperBound * countries + Int(id.index)] -= 1
      }
    }
    var types = Statistics.NamedTallies(empty: [Int](repeating: 0, count: n + 1))
    var programmes = [Int](repeating: 0, count: n + 1)
    for programme in dataset.programmes {
      let run = span(programme.period)
      guard !run.isEmpty else { continue }
      let slot = types.slot(programme.type)
      types.tallies[slot][run.lowerBound] += 1
      types.tallies[slot][run.upperBound] -= 1
      programmes[run.lowerBound] += 1
      programmes[run.upperBound] -= 1
    }
    var agreements = [Int](repeating: 0, count: n + 1)
    for agreement in dataset.agreements {
      // In force when signed on or before the date (or undated) and not ended before it.
      let run = span(DayInterval(start: agreement.signed, end: agreement.end))
      guard !run.isEmpty else { continue }
      agreements[run.lowerBound] += 1
      agreements[run.upperBound] -= 1
    }

    var figures: [TrendFigures] = []
    var running = (headcount: 0, fte: 0, known: 0, foreign: 0, stateless: 0, unknown: 0)
    var runningCountries = [Int](repeating: 0, count: countries)
    var runningTypes = [Int](repeating: 0, count: types.names.count)
    var runningProgrammes = 0
    var runningAgreements = 0
    for (i, date) in dates.enumerated() {
      running.headcount += headcount[i]
      running.fte += fteUnits[i]
      running.known += known[i]
      running.foreign += foreign[i]
      running.stateless += stateless[i]
      running.unknown += unknown[i]
      runningProgrammes += programmes[i]
      runningAgreements += agreements[i]
      var point = TrendFigures(date: date)
      point.headcount = running.headcount
      point.fte = Statistics.fte(units: running.fte)
      point.knownNationality = running.known
      point.foreign = .shown(running.foreign)
      point.stateless = .shown(running.stateless)
      point.unknownNationality = running.unknown
      for c in 0..<countries {
        runningCountries[c] += byCountry[i * countries + c]
        guard runningCountries[c] > 0 else { continue }
        let country = CountryID(c).country
        point.nationalities.append(
          NationalityCount(
            key: country.alpha2, label: country.englishName,
            count: .shown(runningCountries[c])))
      }
      point.distinctPrimaryNationalities = point.nationalities.count
      for t in runningTypes.indices {
        runningTypes[t] += types.tallies[t][i]
        if runningTypes[t] > 0 { point.programmesByType[types.names[t]] = runningTypes[t] }
      }
      point.programmesActive = runningProgrammes
      point.agreementsInForce = runningAgreements
      figures.append(point)
    }
    return figures
  }

  /// The first index of a sorted array whose element satisfies `isAtOrAfter` (false, then true
  /// along the array), or `count`.
  static func firstIndex(in dates: [Day], where isAtOrAfter: (Day) -> Bool) -> Int {
    var lo = 0
    var hi = dates.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if isAtOrAfter(dates[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// The points from their figures (oldest first) and where each came from.
  ///
  /// - Parameters:
  ///   - types: the configured programme types, listed first in each point.
  ///   - hostCountry: alpha-2 of the host country, left out of the top nationalities.
  public static func assemble(
    period: TrendPeriod, _ figures: [(TrendFigures, TrendPoint.Source)],
    types: [Configuration.ProgrammeType], hostCountry: String
  ) -> Trends {
    let configured = Set(types.map(\.code))
    let others = Set(figures.flatMap { $0.0.programmesByType.filter { $0.value > 0 }.keys })
      .subtracting(configured).sorted()
    let typeRows = types.map { ($0.code, $0.label) } + others.map { ($0, $0) }
    let points = figures.map { f, source in
      TrendPoint(
        date: f.date, source: source, headcount: f.headcount, fte: f.fte,
        knownNationality: f.knownNationality, foreign: f.foreign,
        foreignShare: f.foreign.value.flatMap { Statistics.share($0, of: f.knownNationality) },
        distinctPrimaryNationalities: f.distinctPrimaryNationalities, stateless: f.stateless,
        unknownNationality: f.unknownNationality, programmesActive: f.programmesActive,
        programmesByType: typeRows.map {
          ProgrammeTypeRow(code: $0.0, label: $0.1, count: f.programmesByType[$0.0] ?? 0)
        }, agreementsInForce: f.agreementsInForce)
    }
    let last = figures.last?.0.nationalities ?? []
    // Among the published counts: a suppressed one is small, and its rank would say so.
    let top = last.compactMap { row in row.count.value.map { (row, $0) } }
      .filter { $0.0.key != hostCountry }
      .sorted { ($1.1, $0.0.label) < ($0.1, $1.0.label) }
      .prefix(topCount).map(\.0)
    let series = top.map { row in
      NationalitySeries(
        code: row.key, name: row.label,
        counts: figures.map { f in f.0.nationalities.first { $0.key == row.key }?.count ?? 0 })
    }
    return Trends(period: period, points: points, topForeignNationalities: series)
  }
}
