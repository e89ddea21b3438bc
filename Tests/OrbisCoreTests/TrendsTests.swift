import TestSupport
import Testing

@testable import OrbisCore

/// The trends' one-pass recomputation against the statistics computed at each date.
@Suite struct TrendsTests {
  static let configuration = StatisticsTests.configuration
  static let host = StatisticsTests.country("FR")

  /// A seeded dataset whose dates spread over 2010–2030, open bounds included.
  static func dataset(seed: UInt64, staff: Int) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    let codes = ["FR", "DE", "IT", "JP", "CN", "US", "BR", "SN", "IN", "AR"]
    func day() -> Day? {
      Int.random(in: 0..<5, using: &rng) == 0
        ? nil
        : Day(daysSinceEpoch: Int.random(in: 14_610...22_280, using: &rng))  // 2010–2030
    }
    func interval() -> DayInterval {
      let (a, b) = (day(), day())
      if let a, let b, b < a { return DayInterval(start: b, end: a) }
      return DayInterval(start: a, end: b)
    }
    var dataset = Dataset()
    for i in 0..<staff {
      let pick = Int.random(in: 0..<(codes.count + 2), using: &rng)
      let nationality: Nationality =
        pick == codes.count
        ? .stateless
        : pick == codes.count + 1
          ? .unknown : .country(StatisticsTests.country(codes[pick]))
      dataset.staff.append(
        StaffMember(
          id: "s\(i)", nationality: nationality, period: interval(),
          fte: Double(Int.random(in: 1...10, using: &rng)) / 10))
    }
    for i in 0..<staff / 10 {
      dataset.programmes.append(
        Programme(
          id: "p\(i)", type: ["IEA", "IRN", "IRP", "IRL", "PHC"].randomElement(using: &rng)!,
          period: interval()))
      let agreement = interval()
      dataset.agreements.append(
        Agreement(partner: "a\(i)", signed: agreement.start, end: agreement.end))
    }
    return dataset
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func recomputedPointsEqualTheStatisticsOfEachDate(seed: UInt64) {
    let data = Self.dataset(seed: seed, staff: 2000)
    let dates = TrendPeriod.quarter.ends(before: Day(iso: "2026-05-17")!, count: 40)
    let points = Trends.recompute(data, at: dates, host: Self.host)
    #expect(points.map(\.date) == dates)
    for point in points {
      let s = Statistics.compute(dataset: data, asOf: point.date, configuration: Self.configuration)
      var expected = TrendFigures(statistics: s)
      // Types with no programme are absent from a recomputed point, zero in the statistics.
      expected.programmesByType = expected.programmesByType.filter { $0.value > 0 }
      #expect(point.headcount == expected.headcount, "\(point.date)")
      #expect(point.fte == expected.fte, "\(point.date)")
      #expect(point.foreign == expected.foreign, "\(point.date)")
      #expect(point.knownNationality == expected.knownNationality, "\(point.date)")
      #expect(point.stateless == expected.stateless, "\(point.date)")
      #expect(point.unknownNationality == expected.unknownNationality, "\(point.date)")
      #expect(
        point.distinctPrimaryNationalities == expected.distinctPrimaryNationalities,
        "\(point.date)")
      #expect(point.programmesActive == expected.programmesActive, "\(point.date)")
      #expect(point.programmesByType == expected.programmesByType, "\(point.date)")
      #expect(point.agreementsInForce == expected.agreementsInForce, "\(point.date)")
      #expect(
        Set(point.nationalities) == Set(expected.nationalities), "\(point.date)")
    }
  }

  /// Exact figures on the hand-made fixture: s8 left on 29 June 2026, s9 arrives on 1 July,
  /// s10's last day is 30 June.
  @Test func pointsOnTheDaysAroundADeparture() {
    let dates = ["2026-06-29", "2026-06-30", "2026-07-01"].map { Day(iso: $0)! }
    let points = Trends.recompute(StatisticsTests.dataset, at: dates, host: Self.host)
    #expect(points.map(\.headcount) == [9, 8, 8])
    // Foreign: DE s2, IT s3, stateless s4, JP s7, then s8 (DE), s10 (DE), s9 (CN).
    #expect(points.map(\.foreign) == [6, 5, 5])
    #expect(points.map(\.unknownNationality) == [1, 1, 1])
  }

  @Test func assembleOrdersTypesAndFollowsTheTopNationalities() {
    var a = TrendFigures(date: Day(iso: "2024-12-31")!)
    a.headcount = 10
    a.knownNationality = 8
    a.foreign = 2
    a.programmesByType = ["IRP": 1, "PHC": 2]
    a.nationalities = [
      NationalityCount(key: "FR", label: "France", count: 6),
      NationalityCount(key: "DE", label: "Germany", count: 2),
    ]
    var b = TrendFigures(date: Day(iso: "2025-12-31")!)
    b.headcount = 12
    b.knownNationality = 0
    b.nationalities = [
      NationalityCount(key: "FR", label: "France", count: 7),
      NationalityCount(key: "IT", label: "Italy", count: 3),
      NationalityCount(key: "DE", label: "Germany", count: 3),
    ]
    let trends = Trends.assemble(
      period: .year, [(a, .published), (b, .recomputed)],
      types: Configuration.defaultProgrammeTypes, hostCountry: "FR")
    #expect(trends.points.map(\.source) == [.published, .recomputed])
    #expect(trends.points[0].foreignShare == 0.25)
    #expect(trends.points[1].foreignShare == nil)
    #expect(
      trends.points[0].programmesByType.map(\.code) == ["IEA", "IRN", "IRP", "IRL", "PHC"])
    #expect(trends.points[0].programmesByType.map(\.count) == [0, 0, 1, 0, 2])
    #expect(trends.points[1].programmesByType.map(\.count) == [0, 0, 0, 0, 0])
    // Ties by name; the host country is left out.
    #expect(trends.topForeignNationalities.map(\.code) == ["DE", "IT"])
    #expect(trends.topForeignNationalities.map(\.counts) == [[2, 3], [0, 3]])
  }
}
