import OrbisCore
import XLSXWriter

extension WorkbookReport {
  /// One row per point, the top foreign nationalities across the points, and three line
  /// charts: headcount, foreign share (as %), programmes active by type. libxlsxwriter 1.1.4
  /// (Debian 12) has no secondary axis, so headcount and share are two charts side by side.
  static func trends(
    _ w: inout SheetWriter, _ trends: Trends?, book: borrowing Workbook
  ) throws(XLSXError) {
    guard let trends, !trends.points.isEmpty else {
      try w.label("No trends: this report's trends.periods is 0.", row: 0, column: 0)
      return
    }
    let points = trends.points
    try w.label(
      "Trends by \(trends.period.rawValue): \(TextFormat.count(points.count, "point")) up to the as-of date",
      row: 0, column: 0, format: w.formats.title)
    try w.label(SummaryDocument.trendsNote, row: 1, column: 0, format: w.formats.note)
    let types = points.last?.programmesByType ?? []
    let headers =
      [
        "Date", "Source", "Headcount", "FTE", "Foreign", "Foreign share", "Nationalities",
        "Stateless", "Unknown nationality",
      ] + types.map(\.code) + ["Programmes active", "Agreements in force"]
    let table = try w.table(
      title: nil, row: 3, column: 0, headers: headers, count: points.count
    ) { i in
      let p = points[i]
      return [
        .date(p.date), .text(p.source.rawValue), .integer(p.headcount), .decimal(p.fte),
        .integer(p.foreign), .percent(p.foreignShare), .integer(p.distinctPrimaryNationalities),
        .integer(p.stateless), .integer(p.unknownNationality),
      ] + p.programmesByType.map { .integer($0.count) }
        + [.integer(p.programmesActive), .integer(p.agreementsInForce)]
    }
    try w.sheet.freezePanes(row: 4, column: 1)

    let top = trends.topForeignNationalities
    let topRow = table.lastDataRow + 3
    try w.label(
      "The \(Trends.topCount) largest foreign nationalities of the as-of date, at every point",
      row: topRow - 1, column: 0)
    try w.table(
      title: nil, row: topRow, column: 0,
      headers: ["Nationality"] + points.map(\.date.description), count: top.count,
      emptyNote: "no foreign staff"
    ) { i in [.text(top[i].name)] + top[i].counts.map { .integer($0) } }

    let chartColumn = headers.count + 1
    // The dates as text (the header of the nationalities' table): one label per point, where a
    // date axis would label its own ticks.
    let dates = CellRange(
      firstRow: topRow, firstColumn: 1, lastRow: topRow, lastColumn: points.count)
    let headcount = try book.addChart(.line)
    try headcount.addSeries(
      name: "Headcount", sheet: w.sheet.name, categories: dates,
      values: table.column(2))
    try headcount.setTitle("Staff present (headcount)")
    try headcount.setAxisNumberFormats(value: "#,##0")
    try headcount.setLegend(.none)
    try w.sheet.insertChart(headcount, row: 3, column: chartColumn)

    let share = try book.addChart(.line)
    try share.addSeries(
      name: "Foreign share", sheet: w.sheet.name, categories: dates,
      values: table.column(5))
    try share.setTitle("Foreign staff (share of known nationality)")
    try share.setAxisNumberFormats(value: "0%")
    try share.setLegend(.none)
    try w.sheet.insertChart(share, row: 3, column: chartColumn + 8)

    guard !types.isEmpty else { return }
    let programmes = try book.addChart(.line)
    for (i, type) in types.enumerated() {
      try programmes.addSeries(
        name: type.code, sheet: w.sheet.name, categories: dates,
        values: table.column(9 + i))
    }
    try programmes.setTitle("Programmes active by type")
    try programmes.setAxisNumberFormats(value: "0")
    try programmes.setLegend(.bottom)
    try w.sheet.insertChart(programmes, row: 19, column: chartColumn)
  }
}
