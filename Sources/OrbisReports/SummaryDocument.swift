import OrbisCore

/// The content of `summary.txt` and `summary.md`: sections of lines and tables, built once
/// from the record in its language and rendered as plain text or Markdown.
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
    let l = r.locale
    let w = l.words
    let s = r.statistics
    title = w.titleAsOf(w.reportTitle(r.report), l.longDate(r.asOf))
    preamble = [
      w.generatedLine(
        asOf: l.longDate(r.asOf), timeZone: r.timeZone, generatedAt: r.generatedAt,
        version: r.orbisVersion),
      w.hostLine(l.country(s.hostCountry, fallback: s.hostCountry)),
    ]
    if r.scope != nil { preamble.append(w.scopeNote(r.scopeDescription)) }
    if r.protection != nil { preamble.append(w.listLine(w.protection, r.protectionDescription)) }
    let b = Builder(l: l, r: r)
    sections.append(b.keyFigures())
    sections.append(b.nationalities())
    sections.append(b.continents())
    sections.append(b.units())
    sections.append(b.categories())
    if !s.staff.countryGroups.isEmpty { sections.append(b.countryGroups()) }
    sections.append(b.programmes())
    sections.append(b.agreements())
    sections.append(b.changes())
    if let trends = r.trends { sections.append(b.trends(trends)) }
    sections.append(b.dataQuality())
    sections.append(b.inputs())
  }

  /// The sections of one record in one language.
  private struct Builder {
    let l: ReportLocale
    let r: ReportRecord
    var w: any Wording { l.words }
    var staff: StaffStatistics { r.statistics.staff }

    func more(_ total: Int, sheet: String) -> Block? {
      total > rowsShown
        ? .line(w.moreInWorkbook(l.integer(total - rowsShown), sheet: sheet)) : nil
    }

    func keyFigures() -> Section {
      var t = TextTable([(w.figure, .left), (w.value, .right), (w.share, .right)])
      t.add([w.staffPresent, l.integer(staff.headcount), ""])
      t.add([w.fullTimeEquivalent, l.fte(staff.fte), ""])
      t.add([
        w.foreignStaff, l.integer(staff.foreign), l.share(staff.foreignShare, of: staff.foreign),
      ])
      let host = l.country(r.statistics.hostCountry, fallback: r.statistics.hostCountry)
      t.add([
        w.noHostNationality(host), l.integer(staff.noHostNationality),
        l.share(staff.noHostNationalityShare, of: staff.noHostNationality),
      ])
      t.add([w.nationalitiesPrimary, l.integer(staff.distinctPrimaryNationalities), ""])
      t.add([w.nationalitiesHeld, l.integer(staff.distinctNationalitiesHeld), ""])
      t.add([w.multipleNationalities, l.integer(staff.multipleNationalities), ""])
      t.add([w.stateless, l.integer(staff.stateless), ""])
      t.add([w.nationalityUnknown, l.integer(staff.unknownNationality), ""])
      t.add([w.programmesActive, l.integer(r.statistics.programmes.active), ""])
      for type in r.statistics.programmes.byType {
        t.add(["  \(type.code) \(type.label)", l.integer(type.count), ""])
      }
      t.add([w.agreementsInForce, l.integer(r.statistics.agreements.inForce), ""])
      t.add([w.rowsRejected, l.integer(r.rejected.total), ""])
      var section = Section(title: w.keyFigures, blocks: [.table(t)])
      if staff.unknownNationality > 0 {
        section.blocks.append(.line(w.sharesOfKnown(l.integer(staff.knownNationality))))
      }
      return section
    }

    func nationalities() -> Section {
      var t = TextTable([
        (w.nationality, .left), (w.code, .left), (w.continent, .left), (w.staff, .right),
        (w.share, .right),
      ])
      for row in staff.nationalities.prefix(rowsShown) {
        t.add([
          l.country(row.code, fallback: row.name), row.code, l.continent(row.continent),
          l.integer(row.count), l.percent(row.shownShare),
        ])
      }
      return Section(
        title: w.nationalitiesPrimary,
        blocks: [.table(t)]
          + [more(staff.nationalities.count, sheet: w.sheetNationalities)].compactMap { $0 })
    }

    func continents() -> Section {
      var t = TextTable([(w.continent, .left), (w.staff, .right), (w.share, .right)])
      for row in staff.continents {
        t.add([l.continent(row.name), l.integer(row.count), l.percent(row.shownShare)])
      }
      return Section(title: w.continents, blocks: [.table(t)])
    }

    func units() -> Section {
      var t = TextTable([
        (w.unit, .left), (w.staff, .right), (w.fte, .right), (w.foreign, .right),
        (w.foreignShare, .right), (w.nationalities, .right),
      ])
      for row in staff.units.prefix(rowsShown) {
        t.add([
          l.given(row.unit), l.integer(row.headcount), l.fte(row.fte), l.integer(row.foreign),
          l.share(row.foreignShare, of: row.foreign), l.integer(row.nationalities),
        ])
      }
      return Section(
        title: w.units,
        blocks: [.table(t)] + [more(staff.units.count, sheet: w.sheetUnits)].compactMap { $0 })
    }

    func categories() -> Section {
      var t = TextTable([
        (w.category, .left), (w.staff, .right), (w.fte, .right), (w.share, .right),
      ])
      for row in staff.categories.prefix(rowsShown) {
        t.add([
          l.given(row.category), l.integer(row.headcount), l.fte(row.fte),
          l.percent(row.shownShare),
        ])
      }
      return Section(
        title: w.categories,
        blocks: [.table(t)]
          + [more(staff.categories.count, sheet: w.sheetSummary)].compactMap { $0 })
    }

    func countryGroups() -> Section {
      var t = TextTable([(w.countryGroup, .left), (w.staff, .right), (w.share, .right)])
      for row in staff.countryGroups {
        t.add([row.name, l.integer(row.count), l.share(row.share, of: row.count)])
      }
      return Section(title: w.countryGroups, blocks: [.table(t)])
    }

    func programmes() -> Section {
      let p = r.statistics.programmes
      var byType = TextTable([(w.type, .left), (w.label, .left), (w.active, .right)])
      for row in p.byType { byType.add([row.code, row.label, l.integer(row.count)]) }
      var byCountry = TextTable([
        (w.partnerCountry, .left), (w.continent, .left), (w.programmes, .right),
      ])
      for row in p.byCountry.prefix(rowsShown) {
        byCountry.add([
          l.country(row.code, fallback: row.name), l.continent(row.continent),
          l.integer(row.count),
        ])
      }
      var byContinent = TextTable([(w.continent, .left), (w.programmes, .right)])
      for row in p.byContinent { byContinent.add([l.continent(row.label), l.integer(row.count)]) }
      var blocks: [Block] = [
        .line(w.programmesActiveSentence(p.active, l.integer(p.active))), .table(byType),
        .table(byCountry),
      ]
      if let more = more(p.byCountry.count, sheet: w.sheetProgrammes) { blocks.append(more) }
      blocks.append(.table(byContinent))
      let days = l.integer(p.upcomingDays)
      if p.upcoming.isEmpty {
        blocks.append(.line(w.noUpcoming(days: p.upcomingDays, days)))
      } else {
        blocks.append(.line(w.upcoming(days: p.upcomingDays, days)))
        var t = TextTable([
          (w.date, .left), (w.inDays, .right), (w.event, .left), (w.type, .left), (w.id, .left),
          (w.acronym, .left),
        ])
        for row in p.upcoming.prefix(rowsShown) {
          t.add([
            l.date(row.date), l.integer(row.inDays), w.eventName(row.event), row.type, row.id,
            row.acronym,
          ])
        }
        blocks.append(.table(t))
        if let more = more(p.upcoming.count, sheet: w.sheetProgrammeList) { blocks.append(more) }
      }
      return Section(title: w.programmes, blocks: blocks)
    }

    func agreements() -> Section {
      let a = r.statistics.agreements
      var byCategory = TextTable([(w.category, .left), (w.inForce, .right)])
      for row in a.byCategory { byCategory.add([l.given(row.label), l.integer(row.count)]) }
      var byKind = TextTable([(w.kind, .left), (w.inForce, .right)])
      for row in a.byKind { byKind.add([l.given(row.label), l.integer(row.count)]) }
      return Section(
        title: w.agreements,
        blocks: [
          .line(
            w.agreementsSentence(inForce: l.integer(a.inForce), listed: a.total, l.integer(a.total))
          ),
          .table(byCategory), .table(byKind),
        ])
    }

    func trends(_ trends: Trends) -> Section {
      var t = TextTable(
        [
          (w.date, .left), (w.source, .left), (w.headcount, .right), (w.fte, .right),
          (w.foreign, .right), (w.share, .right), (w.nationalities, .right),
          (w.programmes, .right), (w.agreements, .right),
        ])
      for p in trends.points {
        t.add(
          [
            l.date(p.date), w.sourceName(p.source), l.integer(p.headcount), l.fte(p.fte),
            l.integer(p.foreign), l.share(p.foreignShare, of: p.foreign),
            l.integer(p.distinctPrimaryNationalities), l.integer(p.programmesActive),
            l.integer(p.agreementsInForce),
          ])
      }
      let count = trends.points.count
      return Section(
        title: w.trendsTitle(period: trends.period, points: count, shown: l.integer(count)),
        blocks: [
          .table(t), .line(w.programmesByTypeAtEachPoint(sheet: w.sheetTrends)),
          .line(w.trendsNote),
        ])
    }

    func changes() -> Section {
      guard let c = r.changes else {
        return Section(title: w.changes, blocks: [.line(w.noPreviousReport)])
      }
      var t = TextTable([
        (w.figure, .left), (w.before, .right), (w.now, .right), (w.change, .right),
      ])
      func add(_ name: String, _ d: Changes.Delta<Int>) {
        t.add([
          name, l.integer(d.previous), l.integer(d.current), l.signed(d.current - d.previous),
        ])
      }
      add(w.staffPresent, c.headcount)
      t.add([
        w.foreignShare, l.percent(c.foreignShare.previous), l.percent(c.foreignShare.current),
        l.points(c.foreignSharePoints),
      ])
      add(w.nationalitiesPrimary, c.distinctPrimaryNationalities)
      add(w.programmesActive, c.activeProgrammes)
      add(w.agreementsInForce, c.agreementsInForce)
      func list(_ rows: [String]) -> String {
        rows.isEmpty
          ? w.none
          : rows.count > rowsShown
            ? rows.prefix(rowsShown).joined(separator: ", ")
              + w.andMore(l.integer(rows.count - rowsShown))
            : rows.joined(separator: ", ")
      }
      func names(_ rows: [NationalityCount]) -> [String] {
        rows.map { l.country($0.key, fallback: $0.label) }
      }
      return Section(
        title: w.changesSince(
          asOf: l.longDate(c.previousAsOf), generatedAt: c.previousGeneratedAt),
        blocks: [
          .table(t),
          .line(w.listLine(w.nationalitiesGained, list(names(c.nationalitiesGained)))),
          .line(w.listLine(w.nationalitiesLost, list(names(c.nationalitiesLost)))),
          .line(w.listLine(w.programmesAdded, list(c.programmesAdded.map(\.id)))),
          .line(w.listLine(w.programmesEnded, list(c.programmesEnded.map(\.id)))),
        ])
    }

    func dataQuality() -> Section {
      // How files were read (an encoding guessed, a header below a title, text cleaned).
      let notes: [Block] = r.inputs.flatMap { input in
        (input.notes ?? []).map { Block.line(w.listLine(input.file, $0)) }
      }
      let scoped: [Block] =
        r.protection != nil
        ? [.line(w.rejectedCountedOnly)] : r.scope != nil ? [.line(w.rejectedOfScopeOnly)] : []
      guard r.rejected.total > 0 else {
        return Section(title: w.dataQuality, blocks: [.line(w.everyRowAccepted)] + scoped + notes)
      }
      var byKind = TextTable([(w.kind, .left), (w.rows, .right)])
      for kind in DiagnosticKind.allCases where (r.rejected.byKind[kind.rawValue] ?? 0) > 0 {
        byKind.add([w.diagnosticKind(kind), l.integer(r.rejected.byKind[kind.rawValue]!)])
      }
      var rows = TextTable([
        (w.file, .left), (w.line, .right), (w.column, .left), (w.reason, .left),
        (w.value, .left),
      ])
      for row in r.rejected.rows.prefix(rowsShown) {
        rows.add([row.file, l.integer(row.line), row.column, row.reason, row.value])
      }
      var blocks: [Block] =
        [.line(w.rejectedSentence(r.rejected.total, l.integer(r.rejected.total)))] + scoped + [
          .table(byKind)
        ] + (r.rejected.rows.isEmpty ? [] : [.table(rows)])
      if r.rejected.total > rowsShown, !r.rejected.rows.isEmpty {
        blocks.append(
          .line(
            w.moreRejected(
              l.integer(r.rejected.total - rowsShown),
              notListed: r.rejected.notListed > 0 ? l.integer(r.rejected.notListed) : nil,
              sheet: w.sheetDataQuality)))
      }
      return Section(title: w.dataQuality, blocks: blocks + notes)
    }

    func inputs() -> Section {
      var t = TextTable([
        (w.file, .left), (w.dataset, .left), (w.rows, .right), (w.rejected, .right),
        ("SHA-256", .left),
      ])
      for input in r.inputs {
        t.add([
          input.file, w.datasetName(input.dataset), l.integer(input.rowsRead),
          l.integer(input.rowsRejected), String(input.sha256.prefix(16)) + "…",
        ])
      }
      return Section(
        title: w.inputs,
        blocks: [
          .table(t), .line(w.configurationHashLine(String(r.configSha256.prefix(16)))),
          .line(w.listLine(w.scope, r.scopeDescription)),
          .line(w.listLine(w.protection, r.protectionDescription)),
        ])
    }
  }
}
