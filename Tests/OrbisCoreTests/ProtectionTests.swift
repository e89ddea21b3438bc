import Foundation
import Testing

@testable import OrbisCore

/// Cell suppression on small tables worked out by hand, and its use on a report's figures.
@Suite struct CellSuppressionTests {
  /// A column of `values` under a published total.
  func column(_ values: [Int]) -> (CellSuppression, [Int]) {
    var p = CellSuppression()
    let total = p.add(values.reduce(0, +), .fixed)
    let cells = values.map { p.add($0) }
    p.sum(total, of: cells)
    return (p, cells)
  }

  @Test func oneSmallCellTakesTheNextSmallestWithIt() {
    // 40 + 12 + 7 + 2 = 61: the 2 alone would be 61 − 59; the 7 goes with it (2 + 7 ≥ 3).
    let (p, cells) = column([40, 12, 7, 2])
    let result = p.suppress(minCount: 3)
    #expect(result.primary == [cells[3]])
    #expect(result.suppressed == [cells[3], cells[2]])
    #expect(result.exposed.isEmpty)
  }

  @Test func twoSmallCellsWorthLessThanKTakeAThird() {
    // 1 + 1 = 2 < 5: the smallest other cell (6) goes too: 8 ≥ 5 across three unknowns.
    let (p, cells) = column([30, 6, 9, 1, 1])
    let result = p.suppress(minCount: 5)
    #expect(result.suppressed == [cells[3], cells[4], cells[1]])
  }

  @Test func zerosAndLargeCountsStay() {
    let (p, _) = column([30, 0, 9, 0])
    #expect(p.suppress(minCount: 3).suppressed.isEmpty)
  }

  @Test func aSubtotalCannotGiveAwayItsCell() {
    // Europe (FR 20, DE 5, MT 1) and Asia (JP 4); known = 30. MT alone under Europe's total:
    // DE goes too. Then the two tables are checked together: nothing can be solved for.
    var p = CellSuppression()
    let known = p.add(30, .fixed)
    let (fr, de, mt, jp) = (p.add(20), p.add(5), p.add(1), p.add(4))
    let (europe, asia) = (p.add(26), p.add(4))
    p.sum(known, of: [fr, de, mt, jp])
    p.sum(europe, of: [fr, de, mt])
    p.sum(asia, of: [jp])
    p.sum(known, of: [europe, asia])
    let result = p.suppress(minCount: 3)
    #expect(result.suppressed.isSuperset(of: [mt, de]))
    #expect(result.exposed.isEmpty)
    #expect(p.solved(result.suppressed).isEmpty)
  }

  @Test func overlappingGroupsAreSolvedTogether() {
    // Malta 1, Cyprus 2 and Iceland 2 (all below 3) under Europe (5), Malta and Cyprus also
    // under the EU (3); Germany 25; known 30. Each sum keeps two unknowns worth 3 or more, yet
    // Iceland = Europe − EU = 2: only solving the sums together finds it. One more cell goes.
    var p = CellSuppression()
    let known = p.add(30, .fixed)
    let (malta, cyprus, iceland, germany) = (p.add(1), p.add(2), p.add(2), p.add(25))
    let (europe, eu) = (p.add(5), p.add(3))
    p.sum(known, of: [malta, cyprus, iceland, germany])
    p.sum(europe, of: [malta, cyprus, iceland])
    p.sum(eu, of: [malta, cyprus])
    #expect(p.solved([malta, cyprus, iceland]) == [iceland])
    let result = p.suppress(minCount: 3)
    #expect(result.primary == [malta, cyprus, iceland])
    #expect(result.suppressed == [malta, cyprus, iceland, eu])
    #expect(p.solved(result.suppressed).isEmpty && result.exposed.isEmpty)
  }

  @Test func aCellOnlyKeptTotalsGiveAwayIsReported() {
    // known = foreign + host: both totals stay, so a small host count cannot be protected.
    var p = CellSuppression()
    let known = p.add(12, .fixed)
    let foreign = p.add(10, .total)
    let host = p.add(2)
    p.sum(known, of: [foreign, host])
    let result = p.suppress(minCount: 3)
    #expect(result.suppressed == [host])
    #expect(result.exposed == [host])
  }

  @Test func aTotalBelowKIsSuppressedButNeverToProtectAnother() {
    var p = CellSuppression()
    let known = p.add(12, .fixed)
    let foreign = p.add(2, .total)
    let host = p.add(10)
    p.sum(known, of: [foreign, host])
    let result = p.suppress(minCount: 3)
    // The foreign total (2) is below K; the host count goes with it, or known − host gives it.
    #expect(result.suppressed == [foreign, host])
    #expect(result.exposed.isEmpty)
  }

  @Test func linkedCellsGoTogether() {
    var p = CellSuppression()
    let headcount = p.add(2)
    let foreign = p.add(9)
    p.link(headcount, along: [foreign])
    #expect(p.suppress(minCount: 3).suppressed == [headcount, foreign])
  }
}

@Suite struct StatisticsProtectionTests {
  static func staff(_ rows: [(String, String, String)]) -> Dataset {
    Dataset(
      staff: rows.enumerated().map { i, row in
        StaffMember(
          id: "s\(i)",
          nationality: row.0 == "XXA"
            ? .stateless : .country(CountryTable.country(alpha2: row.0)!),
          unit: row.1, category: row.2)
      })
  }

  static let configuration = try! Configuration.parse(
    toml: """
      [institute]
      host_country = "FR"
      [country_groups]
      "EU" = ["FR", "DE", "IT"]
      """, file: "t.toml", baseDirectory: "/")

  /// 20 French, 6 German, 3 Italian, 2 Japanese, 1 Namibian in two units.
  static let dataset = staff(
    Array(repeating: ("FR", "LAPP", "researcher"), count: 14)
      + Array(repeating: ("FR", "LPSC", "engineer"), count: 6)
      + Array(repeating: ("DE", "LAPP", "researcher"), count: 6)
      + Array(repeating: ("IT", "LPSC", "researcher"), count: 3)
      + [("JP", "LAPP", "researcher"), ("JP", "LPSC", "researcher"), ("NA", "LPSC", "postdoc")])

  @Test func smallCountsAndTheirProtectorsAreSuppressed() throws {
    let raw = Statistics.compute(
      dataset: Self.dataset, asOf: Day(iso: "2026-06-30")!, configuration: Self.configuration)
    let (s, summary) = raw.protected(minCount: 3, groups: Self.configuration.countryGroups)
    let rows = s.staff.nationalities
    // JP (2) and NA (1) are below 3; shown last, by name, not by count.
    #expect(rows.map(\.code) == ["FR", "DE", "IT", "JP", "NA"])
    #expect(rows.map(\.count) == [20, 6, 3, .belowMinimum, .belowMinimum])
    #expect(rows[3].share == .suppressed && rows[3].suppressed == true)
    #expect(rows[0].suppressed == nil)
    // Asia holds JP alone (2) and Africa NA (1): both continents are below 3 too.
    #expect(s.staff.continents.map(\.count) == [29, .belowMinimum, .belowMinimum])
    // Categories: postdoc 1 → suppressed, and engineer (6) with it so that 32 − 25 hides it.
    #expect(s.staff.categories.map(\.category) == ["researcher", "engineer", "postdoc"])
    #expect(s.staff.categories.map(\.headcount) == [25, .suppressed, .belowMinimum])
    // Totals stay: 32 staff, 12 foreign.
    #expect(s.staff.headcount == 32 && s.staff.foreign == 12)
    #expect(summary.minCount == 3 && summary.exposed == nil)
    #expect(summary.suppressedCells == 6)
    // Programmes and agreements are not about people.
    #expect(s.programmes == raw.programmes && s.agreements == raw.agreements)
  }

  @Test func aCountOnlyTheTotalsGiveAwayDoesNotBlankTheReport() {
    // 2 French among 42: France is known − foreign whatever is suppressed; it is reported,
    // and the foreign nationalities (10 each and more) stay.
    let dataset = Self.staff(
      Array(repeating: ("FR", "LAPP", "researcher"), count: 2)
        + Array(repeating: ("DE", "LAPP", "researcher"), count: 10)
        + Array(repeating: ("IT", "LAPP", "researcher"), count: 12)
        + Array(repeating: ("ES", "LAPP", "engineer"), count: 18))
    let raw = Statistics.compute(
      dataset: dataset, asOf: Day(iso: "2026-06-30")!, configuration: Self.configuration)
    let (s, summary) = raw.protected(minCount: 3, groups: Self.configuration.countryGroups)
    #expect(s.staff.nationalities.map(\.count) == [18, 12, 10, .belowMinimum])
    #expect(summary.exposed == ["nationalities: FR"])
    #expect(s.staff.categories.map(\.headcount) == [24, 18])
  }

  @Test func theInstituteCannotBeDifferencedAgainstTheUnitsReports() {
    // LAPP's own report shows 5 Germans, LPSC's "< 3" for its 2: the institute's 7 Germans
    // would give LPSC's 2 away (7 − 5), so the institute suppresses its German count too.
    let dataset = Self.staff(
      Array(repeating: ("FR", "LAPP", "researcher"), count: 20)
        + Array(repeating: ("DE", "LAPP", "researcher"), count: 5)
        + Array(repeating: ("FR", "LPSC", "researcher"), count: 20)
        + Array(repeating: ("DE", "LPSC", "researcher"), count: 2)
        + Array(repeating: ("IT", "LPSC", "researcher"), count: 9)
        + Array(repeating: ("ES", "LPSC", "researcher"), count: 9))
    let asOf = Day(iso: "2026-06-30")!
    var elsewhere = PublishedElsewhere()
    for unit in ["LAPP", "LPSC"] {
      let raw = Statistics.compute(
        dataset: ReportScope.unit(unit).filter(dataset), asOf: asOf,
        configuration: Self.configuration)
      let protected = raw.protected(minCount: 3, groups: Self.configuration.countryGroups)
      elsewhere.add(unit: unit, raw: raw, protected: protected.0)
    }
    let raw = Statistics.compute(dataset: dataset, asOf: asOf, configuration: Self.configuration)
    let alone = raw.protected(minCount: 3, groups: Self.configuration.countryGroups).0
    #expect(alone.staff.nationalities.first { $0.code == "DE" }?.count == 7)
    let linked = raw.protected(
      minCount: 3, groups: Self.configuration.countryGroups, elsewhere: elsewhere
    ).0
    #expect(linked.staff.nationalities.first { $0.code == "DE" }?.count == .suppressed)
  }

  @Test func suppressedCountsAreNullWithAMarkerInJSON() throws {
    let raw = Statistics.compute(
      dataset: Self.dataset, asOf: Day(iso: "2026-06-30")!, configuration: Self.configuration)
    let (s, _) = raw.protected(minCount: 3, groups: Self.configuration.countryGroups)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let json = String(decoding: try encoder.encode(s.staff.nationalities[4]), as: UTF8.self)
    #expect(
      json
        == #"{"code":"NA","continent":"Africa","count":null,"name":"Namibia","share":null,"shown_share":null,"suppressed":true}"#
    )
    let shown = String(decoding: try encoder.encode(s.staff.nationalities[0]), as: UTF8.self)
    #expect(!shown.contains("suppressed"))
    // Read back, a suppressed count stays suppressed.
    let decoder = JSONDecoder()
    let row = try decoder.decode(NationalityRow.self, from: Data(json.utf8))
    #expect(row.count.isSuppressed && row.count.value == nil)
  }
}

@Suite struct ReportScopeTests {
  @Test func namesMatchIgnoringCaseAccentsAndSpaces() {
    let scope = ReportScope(units: ["Lab Annecy", "IJCLAB"], categories: ["Ingénieur"])
    #expect(scope.includes(unit: "LABANNECY"))
    #expect(scope.includes(unit: "ijclab"))
    #expect(!scope.includes(unit: "LAPP"))
    #expect(!scope.includes(unit: nil))
    #expect(scope.includes(category: "ingenieur"))
    #expect(!scope.includes(category: nil))
    // One unit of for_each_unit matches as written.
    #expect(ReportScope.unit("LAPP").includes(unit: "LAPP"))
    #expect(!ReportScope.unit("LAPP").includes(unit: "Lapp"))
  }

  @Test func filtersStaffAndProgrammesNotAgreements() {
    let dataset = Dataset(
      staff: [
        StaffMember(id: "1", nationality: .unknown, unit: "LAPP", category: "engineer"),
        StaffMember(id: "2", nationality: .unknown, unit: "LAPP", category: "researcher"),
        StaffMember(id: "3", nationality: .unknown, unit: "LPSC", category: "engineer"),
      ],
      programmes: [
        Programme(id: "P1", type: "IRP", unit: "lapp"), Programme(id: "P2", type: "IRP"),
        Programme(id: "P3", type: "IRP", unit: "LPSC"),
      ],
      agreements: [Agreement(partner: "CERN")])
    let scoped = ReportScope(units: ["LAPP"], categories: ["engineer"]).filter(dataset)
    #expect(scoped.staff.map(\.id) == ["1"])
    // Categories are of staff; a programme with no unit is out of a unit scope.
    #expect(scoped.programmes.map(\.id) == ["P1"])
    #expect(scoped.agreements.count == 1)
    let unmatched = ReportScope(units: ["LAPP", "CPPM"]).unmatched(in: dataset)
    #expect(unmatched.map(\.name) == ["CPPM"])
    #expect(ReportScope.institute.unitsFound(in: dataset) == ["LAPP", "LPSC", "lapp"])
  }

  @Test func configurationReadsScopeAndProtection() throws {
    let c = try Configuration.parse(
      toml: """
        [institute]
        host_country = "FR"
        [[report]]
        name = "public"
        units = ["LAPP", "LPSC"]
        categories = ["engineer"]
        for_each_unit = true
        min_count = 3
        """, file: "t.toml", baseDirectory: "/")
    let report = try #require(c.reports.first)
    #expect(report.scope == ReportScope(units: ["LAPP", "LPSC"], categories: ["engineer"]))
    #expect(report.forEachUnit && report.minCount == 3)
    for (text, error) in [
      ("min_count = 1", "orbis.toml:5: report[0].min_count: 1 is out of range; use 2 to 100"),
      ("units = []", "report[0].units: must be a non-empty list of names"),
      ("units = [\"LAPP\", \"lapp\"]", "report[0].units: \"lapp\" is listed twice"),
      ("units = [3]", "report[0].units: 3 is not a name"),
      ("for_each_unit = \"yes\"", "report[0].for_each_unit: must be true or false"),
    ] {
      do {
        _ = try Configuration.parse(
          toml: "[institute]\nhost_country = \"FR\"\n[[report]]\nname = \"p\"\n\(text)\n",
          file: "orbis.toml", baseDirectory: "/")
        Issue.record("no error for \(text)")
      } catch let thrown {
        #expect("\(thrown)".contains(error), "\(thrown)")
      }
    }
  }
}
