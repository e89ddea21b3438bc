import OrbisCore
import XLSXWriter

extension WorkbookReport.Layout {
  /// Three line charts at the top (headcount; foreign share in per cent; programmes active by
  /// type), then one row per point and the top foreign nationalities across the points.
  /// libxlsxwriter 1.1.4 (Debian 12) has no secondary axis, so headcount and share are two
  /// charts side by side. The charts sit in the first rows, so no page break cuts them.
  func trends(
    _ s: inout SheetWriter, _ trends: Trends?, book: borrowing Workbook
  ) throws(XLSXError) {
    guard let trends, !trends.points.isEmpty else {
      try s.label(w.noTrends, row: 0, column: 0)
      return
    }
    let points = trends.points
    try s.label(
      w.trendsTitle(period: trends.period, points: points.count, shown: l.integer(points.count)),
      row: 0, column: 0, format: s.formats.title)
    try s.label(w.trendsNote, row: 1, column: 0, format: s.formats.note)
    let chartRow = 3
    let chartHeight = 260.0
    let tableRow = chartRow + Int(chartHeight / 20) + 2
    let types = points.last?.programmesByType ?? []
    let headers =
      [
        w.date, w.source, w.headcount, w.fte, w.foreign, w.foreignShare, w.nationalities,
        w.stateless, w.unknownNationality,
      ] + types.map(\.code) + [w.programmesActive, w.agreementsInForce]
    s.repeatedRow = tableRow
    let table = try s.table(
      title: nil, row: tableRow, column: 0, headers: headers, count: points.count
    ) { i in
      let p = points[i]
      return [
        .date(p.date), .text(w.sourceName(p.source)), .integer(p.headcount), .decimal(p.fte),
        .count(p.foreign, l), .percent(p.foreignShare), .integer(p.distinctPrimaryNationalities),
        .count(p.stateless, l), .integer(p.unknownNationality),
      ] + p.programmesByType.map { .integer($0.count) }
        + [.integer(p.programmesActive), .integer(p.agreementsInForce)]
    }
    try s.sheet.freezePanes(row: tableRow + 1, column: 1)

    let top = trends.topForeignNationalities
    let topRow = table.lastDataRow + 3
    try s.label(w.topNationalitiesAtEveryPoint(Trends.topCount), row: topRow - 1, column: 0)
    // The dates as ISO text: the chart's category labels, one per point (a date axis would
    // label its own ticks).
    try s.table(
      title: nil, row: topRow, column: 0,
      headers: [w.nationality] + points.map(\.date.description), count: top.count,
      emptyNote: w.noForeignStaff
    ) { i in
      [.text(l.country(top[i].code, fallback: top[i].name))] + top[i].counts.map { .count($0, l) }
    }
    let dates = CellRange(
      firstRow: topRow, firstColumn: 1, lastRow: topRow, lastColumn: points.count)

    let headcount = try book.addChart(.line)
    try headcount.addSeries(
      name: w.headcount, sheet: s.sheet.name, categories: dates, values: table.column(2))
    try headcount.setTitle(w.chartHeadcountTrend, size: 12)
    try headcount.setAxisNumberFormats(value: "#,##0")
    try headcount.setLegend(.none)
    try s.insert(headcount, row: chartRow, column: 0, height: chartHeight)

    let share = try book.addChart(.line)
    try share.addSeries(
      name: w.foreignShare, sheet: s.sheet.name, categories: dates, values: table.column(5))
    try share.setTitle(w.chartForeignShareTrend, size: 12)
    try share.setAxisNumberFormats(value: "0.0%")
    try share.setLegend(.none)
    let second = s.column(after: 0, pixels: 500)
    try s.insert(share, row: chartRow, column: second, height: chartHeight)

    guard !types.isEmpty else { return }
    let programmes = try book.addChart(.line)
    for (i, type) in types.enumerated() {
      try programmes.addSeries(
        name: type.code, sheet: s.sheet.name, categories: dates, values: table.column(9 + i))
    }
    try programmes.setTitle(w.chartProgrammesTrend, size: 12)
    try programmes.setAxisNumberFormats(value: "#,##0")
    try programmes.setLegend(.right)
    try s.insert(
      programmes, row: chartRow, column: s.column(after: second, pixels: 500),
      height: chartHeight)
  }
}
