import TestSupport
import Testing

@testable import OrbisCore

/// Figures on a small fixture, computed by hand in the comments.
@Suite struct StatisticsTests {
  static func country(_ code: String) -> CountryID { CountryTable.country(alpha2: code)! }
  static func nat(_ code: String) -> Nationality { .country(country(code)) }
  static func day(_ text: String) -> Day { Day(iso: text)! }
  static func period(_ start: String?, _ end: String?) -> DayInterval {
    DayInterval(start: start.map(day), end: end.map(day))
  }

  static let asOf = day("2026-06-30")

  static let configuration: Configuration = {
    var c = try! Configuration.parse(
      toml: """
        [institute]
        host_country = "FR"
        [programme_types]
        IEA = "International Emerging Action"
        IRN = "International Research Network"
        IRP = "International Research Project"
        IRL = "International Research Laboratory"
        [country_groups]
        "EU" = ["FR", "DE", "IT"]
        "East Asia" = ["JP", "CN"]
        """, file: "t.toml", baseDirectory: "/")
    c.upcomingDays = 180
    return c
  }()

  static let dataset = Dataset(
    staff: [
      StaffMember(id: "s1", nationality: nat("FR"), unit: "LAPP", category: "researcher"),
      StaffMember(
        id: "s2", nationality: nat("DE"), otherNationalities: [nat("FR")], unit: "LAPP",
        category: "researcher", fte: 0.5),
      StaffMember(id: "s3", nationality: nat("IT"), unit: "LAPP", category: "engineer"),
      StaffMember(id: "s4", nationality: .stateless, unit: "IJCLab", category: "postdoc"),
      StaffMember(
        id: "s5", nationality: .unknown, unit: "IJCLab", category: "engineer", fte: 0.8),
      StaffMember(
        id: "s6", nationality: nat("FR"), otherNationalities: [nat("US")], unit: "IJCLab",
        category: "researcher"),
      StaffMember(id: "s7", nationality: nat("JP"), unit: "IJCLab", category: "doctoral"),
      // Gone the day before.
      StaffMember(
        id: "s8", nationality: nat("DE"), category: "researcher",
        period: period("2020-01-01", "2026-06-29")),
      // Arrives the day after.
      StaffMember(
        id: "s9", nationality: nat("CN"), unit: "CPPM", category: "postdoc",
        period: period("2026-07-01", nil)),
      // Last day.
      StaffMember(
        id: "s10", nationality: nat("DE"), unit: "CPPM", category: "researcher",
        period: period(nil, "2026-06-30"), fte: 0.75),
    ],
    programmes: [
      Programme(
        id: "p1", type: "IRP", acronym: "ALFA", partnerCountries: [country("AR")], unit: "LAPP",
        period: period("2024-01-01", "2028-12-31")),
      Programme(
        id: "p2", type: "IRL", acronym: "FCPPL", partnerCountries: [country("CN"), country("JP")],
        unit: "IJCLab", period: period("2020-01-01", "2026-09-30")),
      Programme(
        id: "p3", type: "IEA", partnerCountries: [country("JP")],
        period: period("2026-01-01", "2027-12-31")),
      Programme(
        id: "p4", type: "IEA", partnerCountries: [country("US")],
        period: period("2026-08-01", nil)),
      Programme(
        id: "p5", type: "IRN", partnerCountries: [country("DE"), country("IT")],
        period: period("2021-01-01", "2025-12-31")),
      Programme(id: "p6", type: "PHC", partnerCountries: [country("BR")], unit: "LAPP"),
    ],
    agreements: [
      Agreement(
        partner: "CERN", category: "EIROforum", kind: "Cooperation agreement",
        signed: day("2010-01-01")),
      Agreement(
        partner: "World Health Organization", acronym: "WHO", category: "UN system",
        kind: "Cooperation agreement"),
      Agreement(
        partner: "ESO", category: "EIROforum", kind: "Memorandum", end: day("2025-01-01")),
      Agreement(partner: "ITER", category: "Bilateral", signed: day("2027-01-01")),
    ])

  var stats: Statistics {
    Statistics.compute(dataset: Self.dataset, asOf: Self.asOf, configuration: Self.configuration)
  }

  @Test func staffTotals() {
    let s = stats.staff
    // Present: s1–s7 and s10.
    #expect(s.headcount == 8)
    #expect(s.fte == 7.05)
    #expect(s.knownNationality == 7)
    #expect(s.unknownNationality == 1)
    #expect(s.stateless == 1)
    // DE, IT, stateless, JP, DE.
    #expect(s.foreign == 5)
    #expect(s.foreignShare == 5.0 / 7.0)
    // s3, s4, s7, s10 hold no French nationality (s2 does, as second nationality).
    #expect(s.noHostNationality == 4)
    #expect(s.noHostNationalityShare == 4.0 / 7.0)
    #expect(s.multipleNationalities == 2)
    #expect(s.distinctPrimaryNationalities == 4)
    #expect(s.distinctNationalitiesHeld == 5)
  }

  @Test func nationalitiesUseLargestRemainder() {
    let rows = stats.staff.nationalities
    #expect(rows.map(\.code) == ["FR", "DE", "IT", "JP", "XXA"])
    #expect(rows.map(\.count) == [2, 2, 1, 1, 1])
    #expect(rows.map(\.continent) == ["Europe", "Europe", "Europe", "Asia", "Stateless"])
    // 2/7 = 28.571 %, 1/7 = 14.286 %: floors 285, 285, 142 ×3 leave 4 tenths, given to the
    // largest remainders (6/7 for the 1s, then 5/7 for France, the earlier of the 2s).
    #expect(rows.map(\.shownShare) == [0.286, 0.285, 0.143, 0.143, 0.143])
    #expect(rows[0].share == .shown(2.0 / 7.0))
    let continents = stats.staff.continents
    #expect(continents.map(\.name) == ["Europe", "Asia", "Stateless"])
    #expect(continents.map(\.code) == ["150", "142", "XXA"])
    #expect(continents.map(\.count) == [5, 1, 1])
    #expect(continents.map(\.shownShare) == [0.714, 0.143, 0.143])
  }

  @Test func unitsCategoriesGroups() {
    let units = stats.staff.units
    #expect(units.map(\.unit) == ["IJCLab", "LAPP", "CPPM"])
    #expect(units.map(\.headcount) == [4, 3, 1])
    #expect(units.map(\.fte) == [3.8, 2.5, 0.75])
    #expect(units.map(\.knownNationality) == [3, 3, 1])
    #expect(units.map(\.foreign) == [2, 2, 1])
    #expect(units.map(\.foreignShare) == [2.0 / 3.0, 2.0 / 3.0, 1])
    #expect(units.map(\.nationalities) == [2, 3, 1])
    let categories = stats.staff.categories
    #expect(categories.map(\.category) == ["researcher", "engineer", "doctoral", "postdoc"])
    #expect(categories.map(\.headcount) == [4, 2, 1, 1])
    #expect(categories.map(\.fte) == [3.25, 1.8, 1.0, 1.0])
    #expect(categories.map(\.shownShare) == [0.5, 0.25, 0.125, 0.125])
    #expect(stats.staff.countryGroups.map(\.name) == ["EU", "East Asia"])
    #expect(stats.staff.countryGroups.map(\.count) == [5, 1])
    #expect(stats.staff.countryGroups.map(\.share) == [5.0 / 7.0, 1.0 / 7.0])
  }

  @Test func programmes() {
    let p = stats.programmes
    #expect(p.active == 4)
    #expect(p.byType.map(\.code) == ["IEA", "IRN", "IRP", "IRL", "PHC"])
    #expect(p.byType.map(\.count) == [1, 0, 1, 1, 1])
    #expect(p.byType[4].label == "PHC")
    #expect(p.byType[2].label == "International Research Project")
    #expect(p.byCountry.map(\.code) == ["JP", "AR", "BR", "CN"])
    #expect(p.byCountry.map(\.count) == [2, 1, 1, 1])
    #expect(p.byContinent.map(\.label) == ["Americas", "Asia"])
    #expect(p.byContinent.map(\.count) == [2, 2])
    #expect(p.byUnit.map(\.label) == ["LAPP", "(not given)", "IJCLab"])
    #expect(p.byUnit.map(\.count) == [2, 1, 1])
    #expect(p.withoutPartnerCountry == 0)
    #expect(p.list.map(\.id) == ["p3", "p1", "p2", "p6"])
    #expect(p.list[2].partnerCountries == ["CN", "JP"])
    #expect(
      p.upcoming == [
        UpcomingRow(
          id: "p4", type: "IEA", acronym: "", event: .starts, date: Self.day("2026-08-01"),
          inDays: 32),
        UpcomingRow(
          id: "p2", type: "IRL", acronym: "FCPPL", event: .ends, date: Self.day("2026-09-30"),
          inDays: 92),
      ])
  }

  @Test func agreements() {
    let a = stats.agreements
    #expect(a.total == 4)
    #expect(a.inForce == 2)
    #expect(a.byCategory.map(\.label) == ["EIROforum", "UN system"])
    #expect(a.byCategory.map(\.count) == [1, 1])
    #expect(a.byKind.map(\.label) == ["Cooperation agreement"])
    #expect(a.byKind.map(\.count) == [2])
    #expect(a.list.map(\.partner) == ["CERN", "World Health Organization", "ESO", "ITER"])
    #expect(a.list.map(\.status) == [.inForce, .inForce, .ended, .notYetSigned])
  }

  @Test func changesSinceAnEarlierReport() {
    let later = Statistics.compute(
      dataset: Self.dataset, asOf: Self.day("2026-10-01"), configuration: Self.configuration)
    let changes = Changes(
      previous: PreviousFigures(stats, generatedAt: "2026-06-30T06:00:00Z"), current: later)
    // s10 left, s9 arrived: still 8; China gained, no nationality lost (s2 is German).
    #expect(changes.headcount == .init(previous: 8, current: 8))
    #expect(changes.nationalitiesGained.map(\.key) == ["CN"])
    #expect(changes.nationalitiesLost.isEmpty)
    #expect(changes.programmesAdded.map(\.id) == ["p4"])
    #expect(changes.programmesEnded.map(\.id) == ["p2"])
    #expect(changes.activeProgrammes == .init(previous: 4, current: 4))
    // Before: 5 of 7 foreign; after: DE, IT, stateless, JP, CN = 5 of 7.
    #expect(changes.foreignSharePoints == 0)
    #expect(changes.previousAsOf == Self.asOf)
  }

  @Test func emptyDatasetHasNoShares() {
    let s = Statistics.compute(
      dataset: Dataset(), asOf: Self.asOf, configuration: Self.configuration)
    #expect(s.staff.headcount == 0)
    #expect(s.staff.foreignShare == nil)
    #expect(s.staff.nationalities.isEmpty)
    #expect(s.programmes.byType.map(\.count) == [0, 0, 0, 0])
  }

  @Test func largestRemainderAddsUp() {
    #expect(LargestRemainder.apportion([1, 1, 1]) == [334, 333, 333])
    #expect(LargestRemainder.apportion([0, 0]) == [0, 0])
    #expect(LargestRemainder.apportion([]) == [])
    // Random tables (seeded) always add up to 1000.
    var generator = SeededGenerator(seed: 2026)
    for _ in 0..<500 {
      let counts = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
        Int.random(in: 0...5000, using: &generator)
      }
      let shares = LargestRemainder.apportion(counts)
      if counts.reduce(0, +) > 0 { #expect(shares.reduce(0, +) == 1000) }
      // Each is its quota rounded down or up.
      let total = max(1, counts.reduce(0, +))
      for (c, s) in zip(counts, shares) {
        #expect(abs(Double(s) - Double(c * 1000) / Double(total)) < 1)
      }
    }
  }
}
