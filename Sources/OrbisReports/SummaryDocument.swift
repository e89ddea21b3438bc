import OrbisCore

/// The content of `summary.txt` and `summary.md`: sections of lines and tables, built once
/// from the record and rendered as plain text or Markdown.
struct SummaryDocument {
  enum Block {
    case line(String)
    case table(TextTable)
  }

  struct Section {
    var title: String
    var blocks: [Block] = []
  }

  var title: String
  var preamble: [String]
  var sections: [Section] = []

  /// Rows of the long tables shown; the workbook has them all.
  static let rowsShown = 20

  init(record r: ReportRecord) {
    let s = r.statistics
    title = "Orbis report \"\(r.report)\" as of \(r.asOf)"
    preamble = [
      "As of \(r.asOf) (\(r.timeZone)); generated \(r.generatedAt) by Orbis \(r.orbisVersion).",
      "Host country: \(s.hostCountry). Shares of 100% tables are rounded by largest remainder.",
    ]
    sections.append(Self.keyFigures(r))
    sections.append(Self.nationalities(s.staff))
    sections.append(Self.continents(s.staff))
    sections.append(Self.units(s.staff))
    sections.append(Self.categories(s.staff))
    if !s.staff.countryGroups.isEmpty { sections.append(Self.countryGroups(s.staff)) }
    sections.append(Self.programmes(s.programmes))
    sections.append(Self.agreements(s.agreements))
    sections.append(Self.changes(r.changes))
    if let trends = r.trends { sections.append(Self.trends(trends)) }
    sections.append(Self.dataQuality(r))
    sections.append(Self.inputs(r))
  }

  private static func more(_ total: Int, sheet: String) -> Block? {
    total > rowsShown
      ? .line("… and \(total - rowsShown) more in report.xlsx (sheet \(sheet)).") : nil
  }

  static func keyFigures(_ r: ReportRecord) -> Section {
    let staff = r.statistics.staff
    var t = TextTable([("Figure", .left), ("Value", .right), ("Share", .right)])
    t.add(["Staff present", TextFormat.integer(staff.headcount), ""])
    t.add(["Full-time equivalent", TextFormat.fte(staff.fte), ""])
    t.add([
      "Foreign staff", TextFormat.integer(staff.foreign), TextFormat.percent(staff.foreignShare),
    ])
    t.add([
      "Holding no \(r.statistics.hostCountry) nationality",
      TextFormat.integer(staff.noHostNationality),
      TextFormat.percent(staff.noHostNationalityShare),
    ])
    t.add(["Nationalities (primary)", TextFormat.integer(staff.distinctPrimaryNationalities), ""])
    t.add(["Nationalities (all held)", TextFormat.integer(staff.distinctNationalitiesHeld), ""])
    t.add(["More than one nationality", TextFormat.integer(staff.multipleNationalities), ""])
    t.add(["Stateless", TextFormat.integer(staff.stateless), ""])
    t.add(["Nationality unknown", TextFormat.integer(staff.unknownNationality), ""])
    t.add(["Programmes active", TextFormat.integer(r.statistics.programmes.active), ""])
    for type in r.statistics.programmes.byType {
      t.add(["  \(type.code) \(type.label)", TextFormat.integer(type.count), ""])
    }
    t.add(["Agreements in force", TextFormat.integer(r.statistics.agreements.inForce), ""])
    t.add(["Rows rejected", TextFormat.integer(r.rejected.total), ""])
    var section = Section(title: "Key figures", blocks: [.table(t)])
    if staff.unknownNationality > 0 {
      section.blocks.append(
        .line(
          "Shares are of the \(TextFormat.integer(staff.knownNationality)) staff of known nationality."
        ))
    }
    return section
  }

  static func nationalities(_ staff: StaffStatistics) -> Section {
    var t = TextTable([
      ("Nationality", .left), ("Code", .left), ("Continent", .left), ("Staff", .right),
      ("Share", .right),
    ])
    for row in staff.nationalities.prefix(rowsShown) {
      t.add([
        row.name, row.code, row.continent, TextFormat.integer(row.count),
        TextFormat.percent(row.shownShare),
      ])
    }
    return Section(
      title: "Nationalities (primary)",
      blocks: [.table(t)]
        + [more(staff.nationalities.count, sheet: "Nationalities")].compactMap { $0 })
  }

  static func continents(_ staff: StaffStatistics) -> Section {
    var t = TextTable([("Continent", .left), ("Staff", .right), ("Share", .right)])
    for row in staff.continents {
      t.add([row.name, TextFormat.integer(row.count), TextFormat.percent(row.shownShare)])
    }
    return Section(title: "Continents (UN M49 regions)", blocks: [.table(t)])
  }

  static func units(_ staff: StaffStatistics) -> Section {
    var t = TextTable([
      ("Unit", .left), ("Staff", .right), ("FTE", .right), ("Foreign", .right),
      ("Foreign share", .right), ("Nationalities", .right),
    ])
    for row in staff.units.prefix(rowsShown) {
      t.add([
        row.unit, TextFormat.integer(row.headcount), TextFormat.fte(row.fte),
        TextFormat.integer(row.foreign), TextFormat.percent(row.foreignShare),
        TextFormat.integer(row.nationalities),
      ])
    }
    return Section(
      title: "Units",
      blocks: [.table(t)] + [more(staff.units.count, sheet: "Units")].compactMap { $0 })
  }

  static func categories(_ staff: StaffStatistics) -> Section {
    var t = TextTable([("Category", .left), ("Staff", .right), ("FTE", .right), ("Share", .right)])
    for row in staff.categories.prefix(rowsShown) {
      t.add([
        row.category, TextFormat.integer(row.headcount), TextFormat.fte(row.fte),
        TextFormat.percent(row.shownShare),
      ])
    }
    return Section(
      title: "Categories",
      blocks: [.table(t)] + [more(staff.categories.count, sheet: "Summary")].compactMap { $0 })
  }

  static func countryGroups(_ staff: StaffStatistics) -> Section {
    var t = TextTable([("Country group", .left), ("Staff", .right), ("Share", .right)])
    for row in staff.countryGroups {
      t.add([row.name, TextFormat.integer(row.count), TextFormat.percent(row.share)])
    }
    return Section(title: "Country groups (primary nationality)", blocks: [.table(t)])
  }

  static func programmes(_ p: ProgrammeStatistics) -> Section {
    var byType = TextTable([("Type", .left), ("Label", .left), ("Active", .right)])
    for row in p.byType { byType.add([row.code, row.label, TextFormat.integer(row.count)]) }
    var byCountry = TextTable([
      ("Partner country", .left), ("Continent", .left), ("Programmes", .right),
    ])
    for row in p.byCountry.prefix(rowsShown) {
      byCountry.add([row.name, row.continent, TextFormat.integer(row.count)])
    }
    var byContinent = TextTable([("Continent", .left), ("Programmes", .right)])
    for row in p.byContinent { byContinent.add([row.label, TextFormat.integer(row.count)]) }
    var blocks: [Block] = [
      .line("\(TextFormat.count(p.active, "programme")) active."), .table(byType),
      .table(byCountry),
    ]
    if let more = more(p.byCountry.count, sheet: "Programmes") { blocks.append(more) }
    blocks.append(.table(byContinent))
    if p.upcoming.isEmpty {
      blocks.append(.line("No programme starts or ends within \(p.upcomingDays) days."))
    } else {
      blocks.append(.line("Starting or ending within \(p.upcomingDays) days:"))
      var t = TextTable([
        ("Date", .left), ("In days", .right), ("Event", .left), ("Type", .left), ("Id", .left),
        ("Acronym", .left),
      ])
      for row in p.upcoming.prefix(rowsShown) {
        t.add([
          row.date.description, String(row.inDays), row.event.rawValue, row.type, row.id,
          row.acronym,
        ])
      }
      blocks.append(.table(t))
      if let more = more(p.upcoming.count, sheet: "Programmes") { blocks.append(more) }
    }
    return Section(title: "Programmes", blocks: blocks)
  }

  static func agreements(_ a: AgreementStatistics) -> Section {
    var byCategory = TextTable([("Category", .left), ("In force", .right)])
    for row in a.byCategory { byCategory.add([row.label, TextFormat.integer(row.count)]) }
    var byKind = TextTable([("Kind", .left), ("In force", .right)])
    for row in a.byKind { byKind.add([row.label, TextFormat.integer(row.count)]) }
    return Section(
      title: "Agreements",
      blocks: [
        .line(
          "\(TextFormat.integer(a.inForce)) in force of \(TextFormat.integer(a.total)) listed."),
        .table(byCategory), .table(byKind),
      ])
  }

  static func trends(_ trends: Trends) -> Section {
    var t = TextTable(
      [
        ("Date", .left), ("Source", .left), ("Staff", .right), ("FTE", .right),
        ("Foreign", .right), ("Share", .right), ("Nationalities", .right),
        ("Programmes", .right), ("Agreements", .right),
      ])
    for p in trends.points {
      t.add(
        [
          p.date.description, p.source.rawValue, TextFormat.integer(p.headcount),
          TextFormat.fte(p.fte), TextFormat.integer(p.foreign), TextFormat.percent(p.foreignShare),
          TextFormat.integer(p.distinctPrimaryNationalities),
          TextFormat.integer(p.programmesActive),
          TextFormat.integer(p.agreementsInForce),
        ])
    }
    return Section(
      title:
        "Trends (\(TextFormat.count(trends.points.count, "point")), by \(trends.period.rawValue))",
      blocks: [
        .table(t),
        .line("Programmes by type at each point: report.xlsx, sheet Trends."),
        .line(Self.trendsNote),
      ])
  }

  /// What the sources of trend points mean (the README says more).
  static let trendsNote =
    "published: as the report of this name published as of that date said; recomputed: from the current input files as of that date, as complete as they are (a roster that drops people who left undercounts the past)."

  static func changes(_ c: Changes?) -> Section {
    guard let c else {
      return Section(
        title: "Changes", blocks: [.line("No previous report of this name to compare with.")])
    }
    var t = TextTable([("Figure", .left), ("Before", .right), ("Now", .right), ("Change", .right)])
    func add(_ name: String, _ d: Changes.Delta<Int>) {
      t.add([
        name, TextFormat.integer(d.previous), TextFormat.integer(d.current),
        TextFormat.signed(d.current - d.previous),
      ])
    }
    add("Staff present", c.headcount)
    t.add([
      "Foreign share", TextFormat.percent(c.foreignShare.previous),
      TextFormat.percent(c.foreignShare.current), TextFormat.points(c.foreignSharePoints),
    ])
    add("Nationalities (primary)", c.distinctPrimaryNationalities)
    add("Programmes active", c.activeProgrammes)
    add("Agreements in force", c.agreementsInForce)
    func list(_ rows: [String]) -> String {
      rows.isEmpty
        ? "none"
        : rows.count > rowsShown
          ? rows.prefix(rowsShown).joined(separator: ", ") + " and \(rows.count - rowsShown) more"
          : rows.joined(separator: ", ")
    }
    return Section(
      title:
        "Changes since the report as of \(c.previousAsOf) (generated \(c.previousGeneratedAt))",
      blocks: [
        .table(t),
        .line("Nationalities gained: \(list(c.nationalitiesGained.map(\.label)))."),
        .line("Nationalities lost: \(list(c.nationalitiesLost.map(\.label)))."),
        .line("Programmes added: \(list(c.programmesAdded.map(\.id)))."),
        .line("Programmes ended: \(list(c.programmesEnded.map(\.id)))."),
      ])
  }

  static func dataQuality(_ r: ReportRecord) -> Section {
    // How files were read (an encoding guessed, a header below a title, text cleaned).
    let notes: [Block] = r.inputs.flatMap { input in
      (input.notes ?? []).map { Block.line("\(input.file): \($0).") }
    }
    guard r.rejected.total > 0 else {
      return Section(title: "Data quality", blocks: [.line("Every row was accepted.")] + notes)
    }
    var byKind = TextTable([("Kind", .left), ("Rows", .right)])
    for kind in DiagnosticKind.allCases where (r.rejected.byKind[kind.rawValue] ?? 0) > 0 {
      byKind.add([kind.rawValue, TextFormat.integer(r.rejected.byKind[kind.rawValue]!)])
    }
    var rows = TextTable([
      ("File", .left), ("Line", .right), ("Column", .left), ("Reason", .left), ("Value", .left),
    ])
    for row in r.rejected.rows.prefix(rowsShown) {
      rows.add([row.file, String(row.line), row.column, row.reason, row.value])
    }
    var blocks: [Block] = [
      .line(
        "\(TextFormat.count(r.rejected.total, "row")) rejected; they are left out of every figure."),
      .table(byKind), .table(rows),
    ]
    if r.rejected.total > rowsShown {
      blocks.append(
        .line(
          "… and \(TextFormat.integer(r.rejected.total - rowsShown)) more: report.xlsx, sheet Data quality"
            + (r.rejected.notListed > 0
              ? " (\(TextFormat.integer(r.rejected.notListed)) beyond the cap are only counted)."
              : ".")))
    }
    return Section(title: "Data quality", blocks: blocks + notes)
  }

  static func inputs(_ r: ReportRecord) -> Section {
    var t = TextTable([
      ("File", .left), ("Dataset", .left), ("Rows", .right), ("Rejected", .right),
      ("SHA-256", .left),
    ])
    for input in r.inputs {
      t.add([
        input.file, input.dataset.rawValue, TextFormat.integer(input.rowsRead),
        TextFormat.integer(input.rowsRejected), String(input.sha256.prefix(16)) + "…",
      ])
    }
    return Section(
      title: "Inputs",
      blocks: [
        .table(t),
        .line("Configuration SHA-256 \(r.configSha256.prefix(16))…; full hashes in stats.json."),
      ])
  }
}
