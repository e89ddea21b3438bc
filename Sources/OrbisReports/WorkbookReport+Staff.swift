import OrbisCore
import XLSXWriter

extension WorkbookReport.Layout {
  /// Nationalities, the continents beside them, and two bar charts of foreign staff (by
  /// nationality: the largest and "Other"; by continent) drawn from the hidden chart sheet. The
  /// host country is left out of both: its share is a key figure.
  func nationalities(
    _ s: inout SheetWriter, _ staff: StaffStatistics, host: String,
    chartData: inout SheetWriter, book: borrowing Workbook
  ) throws(XLSXError) {
    let rows = staff.nationalities
    s.repeatedRow = 0
    try s.table(
      title: nil, row: 0, column: 0,
      headers: [w.nationality, w.code, w.continent, w.staff, w.share], count: rows.count
    ) { i in
      [
        .text(l.country(rows[i].code, fallback: rows[i].name)), .text(rows[i].code),
        .text(l.continent(rows[i].continent)), .count(rows[i].count, l),
        .percent(rows[i].shownShare, l),
      ]
    }
    try s.sheet.freezePanes(row: 1, column: 0)
    let continents = staff.continents
    let side = 6
    let continentTable = try s.table(
      title: w.continents, row: 0, column: side,
      headers: [w.continent, w.m49Code, w.staff, w.share], count: continents.count
    ) { i in
      [
        .text(l.continent(continents[i].name)), .text(continents[i].code),
        .count(continents[i].count, l), .percent(continents[i].shownShare, l),
      ]
    }

    // The charts' data: foreign staff only (the host country's row left out), published
    // counts only: "Other" takes the rest of the foreign total, suppressed counts included.
    // By count (the stateless row, last in the table, takes its place), then as the table.
    let foreign = rows.enumerated()
      .compactMap { i, row in row.count.value.map { (i, row, $0) } }
      .filter { $0.1.code != host }
      .sorted { ($1.2, $0.0) < ($0.2, $1.0) }
    var bars = foreign.prefix(WorkbookReport.chartBars).map {
      (l.country($0.1.code, fallback: $0.1.name), $0.2)
    }
    // With small-count protection, an "Other" below K would give away the suppressed counts'
    // sum (when the foreign total is small itself): left out.
    let minimum = l.minCount ?? 1
    let otherCount = (staff.foreign.value ?? 0) - bars.reduce(0) { $0 + $1.1 }
    if otherCount >= minimum, otherCount > 0 { bars.append((w.other, otherCount)) }
    // A continent's foreign staff: its count, less the host country's if it is there.
    let hostRow = rows.first { $0.code == host }
    var continentBars: [(String, Int)] = []
    for row in continents {
      guard var n = row.count.value else { continue }
      if let hostRow, hostRow.continent == row.name {
        guard let hostCount = hostRow.count.value else { continue }
        n -= hostCount
      }
      if n > 0 { continentBars.append((row.name, n)) }
    }
    continentBars = continentBars.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
      .map { (l.continent($0.0), $0.1) }
    let continentRest = (staff.foreign.value ?? 0) - continentBars.reduce(0) { $0 + $1.1 }
    if continentRest >= minimum, continentRest > 0 {
      continentBars.append((w.other, continentRest))
    }

    let top = continentTable.lastDataRow + 2
    guard !bars.isEmpty else { return }
    let nationalityChart = try chartData.bars(
      column: 0, header: w.nationality, bars: bars, book: book,
      title: w.chartForeignByNationality(min(foreign.count, WorkbookReport.chartBars)))
    try s.insert(nationalityChart, row: top, column: side, width: 540, height: 300)
    let continentChart = try chartData.bars(
      column: 3, header: w.continent, bars: continentBars, book: book,
      title: w.chartForeignByContinent)
    try s.insert(
      continentChart, row: top, column: s.column(after: side, pixels: 560), height: 300)
  }

  func units(
    _ s: inout SheetWriter, _ staff: StaffStatistics, chartData: inout SheetWriter,
    book: borrowing Workbook
  ) throws(XLSXError) {
    let rows = staff.units
    s.repeatedRow = 0
    let table = try s.table(
      title: nil, row: 0, column: 0,
      headers: [
        w.unit, w.staff, w.fte, w.knownNationality, w.foreign, w.foreignShare, w.nationalities,
      ],
      count: rows.count
    ) { i in
      let u = rows[i]
      return [
        .text(l.given(u.unit)), .count(u.headcount, l), .decimal(u.fte, l),
        .count(u.knownNationality, l), .count(u.foreign, l), .share(u.foreignShare, of: u.foreign),
        .count(u.nationalities, l),
      ]
    }
    try s.sheet.freezePanes(row: 1, column: 0)
    guard !rows.isEmpty else { return }
    // The largest units (the table is by headcount), within the page's first rows.
    let shown = min(rows.count, WorkbookReport.unitBars)
    let last = table.firstDataRow + shown - 1
    let title = w.chartForeignShareByUnit(largest: rows.count > shown ? shown : nil)
    let chart: Chart
    if rows.prefix(shown).contains(where: { $0.foreign.isSuppressed }) {
      // A suppressed share is text in the table, which a chart would draw as 0: the chart
      // takes the largest units whose share is published, from the chart data sheet.
      let bars = rows.filter { !$0.foreign.isSuppressed }.prefix(shown).map {
        (l.given($0.unit), ReportValue.percent($0.foreignShare))
      }
      chart = try chartData.bars(
        column: 6, header: w.unit, valueHeader: w.foreignShare, bars: bars, book: book,
        title: title, labels: "0.0%", axis: "0%")
    } else {
      chart = try WorkbookReport.chart(
        .bar, book: book, title: title, name: w.foreignShare, sheet: s.sheet.name,
        categories: CellRange(
          firstRow: table.firstDataRow, firstColumn: 0, lastRow: last, lastColumn: 0),
        values: CellRange(
          firstRow: table.firstDataRow, firstColumn: 5, lastRow: last, lastColumn: 5),
        labels: "0.0%", axis: "0%")
    }
    try s.insert(chart, row: 1, column: 8, width: 520, height: Double(max(288, 90 + 18 * shown)))
  }
}

extension SheetWriter {
  /// A two-column table of labels and counts at `column` of this (hidden) sheet, and a bar
  /// chart of it: largest first at the top, counts as integers.
  mutating func bars(
    column: Int, header: String, bars: [(String, Int)], book: borrowing Workbook,
    title: String
  ) throws(XLSXError) -> Chart {
    try self.bars(
      column: column, header: header, valueHeader: words.foreign,
      bars: bars.map { ($0.0, .integer($0.1)) }, book: book, title: title, labels: "#,##0",
      axis: "#,##0")
  }

  /// The same with any values, and `labels` and `axis` their number formats.
  mutating func bars(
    column: Int, header: String, valueHeader: String, bars: [(String, ReportValue)],
    book: borrowing Workbook, title: String, labels: String, axis: String
  ) throws(XLSXError) -> Chart {
    // Written as cells, so that the columns fit their headers.
    try write(.text(header), row: 0, column: column)
    try write(.text(valueHeader), row: 0, column: column + 1)
    for (i, bar) in bars.enumerated() {
      try write(.text(bar.0), row: 1 + i, column: column)
      try write(bar.1, row: 1 + i, column: column + 1)
    }
    let rows = 1...max(bars.count, 1)
    return try WorkbookReport.chart(
      .bar, book: book, title: title, name: valueHeader, sheet: sheet.name,
      categories: CellRange(column: column, rows: rows),
      values: CellRange(column: column + 1, rows: rows), labels: labels, axis: axis)
  }
}

extension WorkbookReport {
  /// A one-series chart without legend: a bar chart lists its first category at the top with
  /// the value axis below it; `labels` and `axis` are the number formats of the data labels
  /// and the value axis.
  static func chart(
    _ kind: Chart.Kind, book: borrowing Workbook, title: String, name: String, sheet: String,
    categories: CellRange, values: CellRange, labels: String, axis: String
  ) throws(XLSXError) -> Chart {
    let chart = try book.addChart(kind)
    try chart.addSeries(
      name: name, sheet: sheet, categories: categories, values: values, labels: labels)
    try chart.setTitle(title, size: 12)
    try chart.setAxisNumberFormats(value: axis)
    if kind == .bar { try chart.reverseCategories() }
    try chart.setLegend(.none)
    return chart
  }
}
