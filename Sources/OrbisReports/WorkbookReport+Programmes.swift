import OrbisCore
import XLSXWriter

extension WorkbookReport.Layout {
  /// By type (and its chart below), by partner country, by continent and by unit, side by side.
  func programmes(
    _ s: inout SheetWriter, _ p: ProgrammeStatistics, book: borrowing Workbook
  ) throws(XLSXError) {
    let byType = try s.table(
      title: w.byType, row: 0, column: 0, headers: [w.type, w.label, w.active],
      count: p.byType.count
    ) { i in [.text(p.byType[i].code), .text(p.byType[i].label), .integer(p.byType[i].count)] }
    s.repeatedRow = 1
    try s.table(
      title: w.byPartnerCountry, row: 0, column: 4,
      headers: [w.country, w.code, w.continent, w.programmes], count: p.byCountry.count
    ) { i in
      let c = p.byCountry[i]
      return [
        .text(l.country(c.code, fallback: c.name)), .text(c.code), .text(l.continent(c.continent)),
        .integer(c.count),
      ]
    }
    try s.table(
      title: w.byContinent, row: 0, column: 9, headers: [w.continent, w.programmes],
      count: p.byContinent.count
    ) { i in [.text(l.continent(p.byContinent[i].label)), .integer(p.byContinent[i].count)] }
    try s.table(
      title: w.byUnit, row: 0, column: 12, headers: [w.unit, w.programmes],
      count: p.byUnit.count
    ) { i in [.text(l.given(p.byUnit[i].label)), .integer(p.byUnit[i].count)] }
    try s.sheet.freezePanes(row: 2, column: 0)
    guard !p.byType.isEmpty else { return }
    let chart = try WorkbookReport.chart(
      .column, book: book, title: w.chartProgrammesByType, name: w.active, sheet: s.sheet.name,
      categories: byType.column(0), values: byType.column(2), labels: "#,##0", axis: "#,##0")
    // Within the by-type table's columns: the partner countries' table starts at column 4.
    try s.insert(
      chart, row: byType.lastDataRow + 2, column: 0, width: min(400, s.pixels(0..<4) - 8),
      height: 260)
  }

  /// The active programmes, and those starting or ending soon beside them.
  func programmeList(_ s: inout SheetWriter, _ p: ProgrammeStatistics) throws(XLSXError) {
    s.repeatedRow = 1
    try s.table(
      title: w.activeProgrammes, row: 0, column: 0,
      headers: [
        w.id, w.type, w.acronym, w.title, w.partnerCountries, w.unit, w.start, w.end,
      ],
      count: p.list.count
    ) { i in
      let row = p.list[i]
      return [
        .text(row.id), .text(row.type), .text(row.acronym), .text(row.title),
        .text(row.partnerCountries.joined(separator: ", ")), .text(l.given(row.unit)),
        .date(row.start), .date(row.end),
      ]
    }
    try s.table(
      title: w.upcoming(days: p.upcomingDays, l.integer(p.upcomingDays)), row: 0, column: 9,
      headers: [w.date, w.inDays, w.event, w.type, w.id, w.acronym], count: p.upcoming.count
    ) { i in
      let u = p.upcoming[i]
      return [
        .date(u.date), .integer(u.inDays), .text(w.eventName(u.event)), .text(u.type), .text(u.id),
        .text(u.acronym),
      ]
    }
    try s.sheet.freezePanes(row: 2, column: 0)
  }

  func agreements(_ s: inout SheetWriter, _ a: AgreementStatistics) throws(XLSXError) {
    for (title, header, rows, column) in [
      (w.inForceByCategory, w.category, a.byCategory, 0), (w.inForceByKind, w.kind, a.byKind, 3),
    ] {
      try s.table(
        title: title, row: 0, column: column, headers: [header, w.agreements], count: rows.count
      ) { i in [.text(l.given(rows[i].label)), .integer(rows[i].count)] }
    }
    s.repeatedRow = 1
    try s.table(
      title: w.allAgreements, row: 0, column: 6,
      headers: [w.partner, w.acronym, w.category, w.kind, w.signed, w.end, w.seat, w.status],
      count: a.list.count
    ) { i in
      let row = a.list[i]
      return [
        .text(row.partner), .text(row.acronym), .text(l.given(row.category)),
        .text(l.given(row.kind)), .date(row.signed), .date(row.end), .text(row.country),
        .text(w.statusName(row.status)),
      ]
    }
    try s.sheet.freezePanes(row: 2, column: 0)
  }
}
