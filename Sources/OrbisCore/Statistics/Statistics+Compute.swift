extension Statistics {
  /// The label of a missing unit, category or kind.
  public static let notGiven = "(not given)"
  /// The code and name of the stateless row of nationality and continent tables.
  public static let statelessCode = "XXA"
  public static let statelessName = "Stateless"

  /// Computes every figure from validated records: no file, no clock. Programme types are
  /// labelled in `language`.
  public static func compute(
    dataset: Dataset, asOf: Day, configuration c: Configuration, language: ReportLanguage = .en
  ) -> Statistics {
    let types = c.programmeTypes.map {
      Configuration.ProgrammeType(code: $0.code, label: $0.label(in: language))
    }
    // The staff's figures and the programmes' and agreements' are independent: computed side
    // by side, on two cores.
    let (staff, others) = Parallel.sideBySide(
      { staffStatistics(dataset.staff, asOf: asOf, host: c.hostCountry, groups: c.countryGroups) },
      {
        (
          programmeStatistics(
            dataset.programmes, asOf: asOf, types: types, upcomingDays: c.upcomingDays),
          agreementStatistics(dataset.agreements, asOf: asOf)
        )
      })
    return Statistics(
      asOf: asOf, hostCountry: c.hostCountry.country.alpha2, staff: staff,
      programmes: others.0, agreements: others.1)
  }

  static func share(_ count: Int, of total: Int) -> Double? {
    total == 0 ? nil : Double(count) / Double(total)
  }

  /// FTE are summed in ten-thousandths so that the total does not depend on the order.
  static func fteUnits(_ fte: Double) -> Int { Int((fte * 10_000).rounded()) }
  static func fte(units: Int) -> Double { Double(units) / 10_000 }

  static func continentName(_ country: Country) -> String {
    CountryTable.region(code: country.regionCode)?.englishName ?? country.regionCode
  }

  // MARK: Staff

  struct UnitTally {
    var headcount = 0
    var fteUnits = 0
    var known = 0
    var foreign = 0
    var countries = CountrySet()
  }

  /// A set of countries of the reference table as a bit set: no hashing per row.
  struct CountrySet {
    private var words = [UInt64](repeating: 0, count: (CountryTable.entries.count + 63) / 64)
    private(set) var count = 0

    mutating func insert(_ id: CountryID) {
      let (word, bit) = (Int(id.index) >> 6, UInt64(1) << (id.index & 63))
      if words[word] & bit == 0 {
        words[word] |= bit
        count += 1
      }
    }
  }

  /// Tallies keyed by a name (unit, category), looked up once per row.
  struct NamedTallies<Tally> {
    var index: [String: Int] = [:]
    var names: [String] = []
    var tallies: [Tally] = []
    let empty: Tally

    /// Slots by the name's bytes, ahead of `index`: one look-up per row.
    var byBytes = ByteKeyTable()

    mutating func slot(_ name: String) -> Int {
      var bytes = name
      if let i = bytes.withUTF8({ byBytes.value(for: UnsafeRawBufferPointer($0)) }) { return i }
      let i: Int
      if let known = index[name] {
        i = known
      } else {
        i = names.count
        index[name] = i
        names.append(name)
        tallies.append(empty)
      }
      bytes.withUTF8 { byBytes.set(i, for: UnsafeRawBufferPointer($0)) }
      return i
    }
  }

  static func staffStatistics(
    _ staff: [StaffMember], asOf: Day, host: CountryID, groups: [Configuration.CountryGroup]
  ) -> StaffStatistics {
    var headcount = 0
    var totalFTE = 0
    var unknown = 0
    var stateless = 0
    var foreign = 0
    var noHost = 0
    var multiple = 0
    var countryCounts = [Int](repeating: 0, count: CountryTable.entries.count)
    var held = CountrySet()
    var units = NamedTallies(empty: UnitTally())
    var categories = NamedTallies(empty: (count: 0, fteUnits: 0))
    // Field by field: a `for member in` loop copies each row whole (its strings retained).
    for i in staff.indices where staff[i].period.contains(asOf) {
      headcount += 1
      let memberFTE = fteUnits(staff[i].fte)
      totalFTE += memberFTE
      let nationality = staff[i].nationality
      var holdsHost = nationality == .country(host)
      if case .country(let id) = nationality { held.insert(id) }
      if !staff[i].otherNationalities.isEmpty {
        multiple += 1
        for case .country(let id) in staff[i].otherNationalities {
          held.insert(id)
          if id == host { holdsHost = true }
        }
      }
      let u = units.slot(staff[i].unit ?? notGiven)
      units.tallies[u].headcount += 1
      units.tallies[u].fteUnits += memberFTE
      let c = categories.slot(staff[i].category ?? notGiven)
      categories.tallies[c].count += 1
      categories.tallies[c].fteUnits += memberFTE
      let isForeign: Bool
      switch nationality {
      case .unknown:
        unknown += 1
        continue
      case .stateless:
        stateless += 1
        isForeign = true
      case .country(let id):
        countryCounts[Int(id.index)] += 1
        units.tallies[u].countries.insert(id)
        isForeign = id != host
      }
      units.tallies[u].known += 1
      if isForeign {
        foreign += 1
        units.tallies[u].foreign += 1
      }
      if !holdsHost { noHost += 1 }
    }
    var byCountry: [CountryID: Int] = [:]
    for (i, n) in countryCounts.enumerated() where n > 0 { byCountry[CountryID(i)] = n }
    let known = headcount - unknown

    // Nationalities: most frequent first, then by name; stateless last.
    var nationalityKeys = byCountry.map { (id: $0.key, count: $0.value) }
      .sorted { ($1.count, $0.id.country.englishName) < ($0.count, $1.id.country.englishName) }
      .map {
        (
          code: $0.id.country.alpha2, name: $0.id.country.englishName,
          continent: continentName($0.id.country), count: $0.count
        )
      }
    if stateless > 0 {
      nationalityKeys.append((statelessCode, statelessName, statelessName, stateless))
    }
    let nationalityShown = LargestRemainder.shownShares(nationalityKeys.map(\.count))
    let nationalities = nationalityKeys.enumerated().map { i, row in
      NationalityRow(
        code: row.code, name: row.name, continent: row.continent, count: .shown(row.count),
        share: .shown(Double(row.count) / Double(known)), shownShare: .shown(nationalityShown[i]))
    }

    var byRegion: [String: Int] = [:]
    for (id, count) in byCountry { byRegion[id.country.regionCode, default: 0] += count }
    var continentKeys = byRegion.map {
      (
        code: $0.key, name: CountryTable.region(code: $0.key)?.englishName ?? $0.key,
        count: $0.value
      )
    }.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
    if stateless > 0 { continentKeys.append((statelessCode, statelessName, stateless)) }
    let continentShown = LargestRemainder.shownShares(continentKeys.map(\.count))
    let continents = continentKeys.enumerated().map { i, row in
      ContinentRow(
        code: row.code, name: row.name, count: .shown(row.count),
        share: .shown(Double(row.count) / Double(known)), shownShare: .shown(continentShown[i]))
    }

    let unitRows = zip(units.names, units.tallies).map { name, t in
      UnitRow(
        unit: name, headcount: .shown(t.headcount), fte: .shown(fte(units: t.fteUnits)),
        knownNationality: .shown(t.known), foreign: .shown(t.foreign),
        foreignShare: share(t.foreign, of: t.known), nationalities: .shown(t.countries.count))
    }.sorted { ($1.headcount.value!, $0.unit) < ($0.headcount.value!, $1.unit) }

    let categoryKeys = zip(categories.names, categories.tallies).map { (key: $0, value: $1) }
      .sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
    let categoryShown = LargestRemainder.shownShares(categoryKeys.map(\.value.count))
    let categoryRows = categoryKeys.enumerated().map { i, entry in
      CategoryRow(
        category: entry.key, headcount: .shown(entry.value.count),
        fte: .shown(fte(units: entry.value.fteUnits)),
        share: .shown(Double(entry.value.count) / Double(headcount)),
        shownShare: .shown(categoryShown[i]))
    }

    let groupRows = groups.map { group in
      let count = Set(group.members).reduce(0) { $0 + (byCountry[$1] ?? 0) }
      return CountryGroupRow(
        name: group.name, count: .shown(count), share: share(count, of: known))
    }

    return StaffStatistics(
      headcount: headcount, fte: fte(units: totalFTE), knownNationality: known,
      unknownNationality: unknown, stateless: .shown(stateless), foreign: .shown(foreign),
      foreignShare: share(foreign, of: known), noHostNationality: .shown(noHost),
      noHostNationalityShare: share(noHost, of: known), multipleNationalities: .shown(multiple),
      distinctPrimaryNationalities: byCountry.count, distinctNationalitiesHeld: held.count,
      nationalities: nationalities, continents: continents, units: unitRows,
      categories: categoryRows, countryGroups: groupRows)
  }

  // MARK: Programmes

  static func programmeStatistics(
    _ programmes: [Programme], asOf: Day, types: [Configuration.ProgrammeType], upcomingDays: Int
  ) -> ProgrammeStatistics {
    var byType: [String: Int] = [:]
    var byCountry: [CountryID: Int] = [:]
    var byRegion: [String: Int] = [:]
    var byUnit: [String: Int] = [:]
    var withoutCountry = 0
    var list: [ProgrammeRow] = []
    var upcoming: [UpcomingRow] = []
    let today = asOf.daysSinceEpoch
    for p in programmes {
      if let start = p.period.start, start > asOf, start.daysSinceEpoch - today <= upcomingDays {
        upcoming.append(
          UpcomingRow(
            id: p.id, type: p.type, acronym: p.acronym ?? "", event: .starts, date: start,
            inDays: start.daysSinceEpoch - today))
      }
      guard p.period.contains(asOf) else { continue }
      if let end = p.period.end, end.daysSinceEpoch - today <= upcomingDays {
        upcoming.append(
          UpcomingRow(
            id: p.id, type: p.type, acronym: p.acronym ?? "", event: .ends, date: end,
            inDays: end.daysSinceEpoch - today))
      }
      byType[p.type, default: 0] += 1
      byUnit[p.unit ?? notGiven, default: 0] += 1
      let countries = Set(p.partnerCountries)
      if countries.isEmpty { withoutCountry += 1 }
      for id in countries { byCountry[id, default: 0] += 1 }
      for region in Set(countries.map(\.country.regionCode)) { byRegion[region, default: 0] += 1 }
      list.append(
        ProgrammeRow(
          id: p.id, type: p.type, acronym: p.acronym ?? "", title: p.title ?? "",
          partnerCountries: p.partnerCountries.map(\.country.alpha2), unit: p.unit ?? "",
          start: p.period.start, end: p.period.end))
    }
    let configured = Set(types.map(\.code))
    let typeRows =
      types.map { ProgrammeTypeRow(code: $0.code, label: $0.label, count: byType[$0.code] ?? 0) }
      + byType.keys.filter { !configured.contains($0) }.sorted().map {
        ProgrammeTypeRow(code: $0, label: $0, count: byType[$0]!)
      }
    let typeOrder = Dictionary(uniqueKeysWithValues: typeRows.enumerated().map { ($1.code, $0) })
    // By type, then id: each row's type position looked up once, not at each comparison.
    let position = list.map { typeOrder[$0.type]! }
    list = list.indices.sorted { (position[$0], list[$0].id) < (position[$1], list[$1].id) }
      .map { list[$0] }
    upcoming.sort { ($0.date, $0.id, $0.event.rawValue) < ($1.date, $1.id, $1.event.rawValue) }
    return ProgrammeStatistics(
      active: list.count, byType: typeRows,
      byCountry: byCountry.map {
        PartnerCountryRow(
          code: $0.key.country.alpha2, name: $0.key.country.englishName,
          continent: continentName($0.key.country), count: $0.value)
      }.sorted { ($1.count, $0.name) < ($0.count, $1.name) },
      byContinent: byRegion.map {
        CountRow(
          key: $0.key, label: CountryTable.region(code: $0.key)?.englishName ?? $0.key,
          count: $0.value)
      }.sorted(by: countOrder),
      byUnit: byUnit.map { CountRow(key: $0.key, label: $0.key, count: $0.value) }
        .sorted(by: countOrder),
      withoutPartnerCountry: withoutCountry, list: list, upcomingDays: upcomingDays,
      upcoming: upcoming)
  }

  static func countOrder(_ a: CountRow, _ b: CountRow) -> Bool {
    (b.count, a.label) < (a.count, b.label)
  }

  // MARK: Agreements

  static func agreementStatistics(_ agreements: [Agreement], asOf: Day) -> AgreementStatistics {
    var byCategory: [String: Int] = [:]
    var byKind: [String: Int] = [:]
    var rows: [AgreementRow] = []
    for a in agreements {
      let status: AgreementRow.Status =
        if let signed = a.signed, signed > asOf {
          .notYetSigned
        } else if let end = a.end, end < asOf {
          .ended
        } else {
          .inForce
        }
      if status == .inForce {
        byCategory[a.category ?? notGiven, default: 0] += 1
        byKind[a.kind ?? notGiven, default: 0] += 1
      }
      rows.append(
        AgreementRow(
          partner: a.partner, acronym: a.acronym ?? "", category: a.category ?? "",
          kind: a.kind ?? "", signed: a.signed, end: a.end,
          country: a.country?.country.alpha2 ?? "", status: status))
    }
    let inForce = rows.filter { $0.status == .inForce }
    return AgreementStatistics(
      total: rows.count, inForce: inForce.count,
      byCategory: byCategory.map { CountRow(key: $0.key, label: $0.key, count: $0.value) }
        .sorted(by: countOrder),
      byKind: byKind.map { CountRow(key: $0.key, label: $0.key, count: $0.value) }
        .sorted(by: countOrder),
      list: inForce + rows.filter { $0.status != .inForce })
  }
}
