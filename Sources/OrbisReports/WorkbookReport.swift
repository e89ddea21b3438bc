import Foundation
import OrbisCore
import XLSXWriter

/// `report.xlsx`: one sheet per subject, every value a number or literal text (never a
/// formula), tables with filters, frozen headers, fitted widths and three charts.
public enum WorkbookReport {
  public static let sheetNames = [
    "Summary", "Nationalities", "Continents", "Units", "Programmes", "Agreements", "Changes",
    "Trends", "Data quality", "Provenance",
  ]
  /// Nationalities in the pie chart before the rest is summed as "Other".
  static let pieSlices = 9

  /// Writes the workbook; `recorder`, when given, receives every cell written.
  public static func write(
    _ r: ReportRecord, to path: String, recorder: CellRecorder? = nil
  ) throws(XLSXError) {
    var book = try Workbook(path: path)
    let formats = try ReportFormats(&book)
    var properties = DocumentProperties()
    properties.title = "Orbis report \"\(r.report)\" as of \(r.asOf)"
    properties.subject = "International staff, programmes and agreements"
    properties.author = "Orbis \(r.orbisVersion)"
    properties.category = "Statistics"
    properties.keywords = "orbis, nationalities, programmes, agreements"
    properties.comments = "Generated \(r.generatedAt); as of \(r.asOf) (\(r.timeZone))."
    properties.created = ISO8601DateFormatter().date(from: r.generatedAt)
    try book.setProperties(properties)

    var sheets: [String: SheetWriter] = [:]
    let limits = WorkbookLimits()
    for name in sheetNames {
      sheets[name] = SheetWriter(
        try book.addWorksheet(named: name), formats, recorder: recorder, limits: limits)
    }
    try summary(&sheets["Summary"]!, r)
    try nationalities(&sheets["Nationalities"]!, r.statistics.staff, book: book)
    try continents(&sheets["Continents"]!, r.statistics.staff)
    try units(&sheets["Units"]!, r.statistics.staff, book: book)
    try programmes(&sheets["Programmes"]!, r.statistics.programmes, book: book)
    try agreements(&sheets["Agreements"]!, r.statistics.agreements)
    try changes(&sheets["Changes"]!, r.changes)
    try trends(&sheets["Trends"]!, r.trends, book: book)
    try dataQuality(&sheets["Data quality"]!, r.rejected, inputs: r.inputs)
    try provenance(&sheets["Provenance"]!, r)
    if limits.shortenedCells > 0 {
      try sheets["Data quality"]!.label(
        "\(limits.shortenedCells) cell\(limits.shortenedCells == 1 ? " is" : "s are") longer than "
          + "Excel's \(ExcelLimits.stringLength) characters and shortened with … in this "
          + "workbook; stats.json and the text reports hold the whole text.",
        row: 0, column: 7, format: sheets["Data quality"]!.formats.note)
    }
    for writer in sheets.values { try writer.fitWidths() }
    try book.close()
  }

  // MARK: Sheets

  static func summary(_ w: inout SheetWriter, _ r: ReportRecord) throws(XLSXError) {
    let s = r.statistics
    try w.label("Orbis report \"\(r.report)\"", row: 0, column: 0, format: w.formats.title)
    var row = 2
    func line(_ label: String, _ value: ReportValue, _ share: Double?? = nil) throws(XLSXError) {
      try w.write(.text(label), row: row, column: 0)
      try w.write(value, row: row, column: 1)
      if let share { try w.write(.percent(share), row: row, column: 2) }
      row += 1
    }
    func heading(_ text: String) throws(XLSXError) {
      row += 1
      try w.label(text, row: row, column: 0)
      row += 1
    }
    try line("As of", .date(r.asOf))
    try line("Time zone", .text(r.timeZone))
    try line("Generated at (UTC)", .text(r.generatedAt))
    try line("Host country", .text(s.hostCountry))
    try heading("Staff present")
    try line("Headcount", .integer(s.staff.headcount))
    try line("Full-time equivalent", .decimal(s.staff.fte))
    try line("Foreign staff", .integer(s.staff.foreign), s.staff.foreignShare)
    try line(
      "Holding no \(s.hostCountry) nationality", .integer(s.staff.noHostNationality),
      s.staff.noHostNationalityShare)
    try line("Nationalities (primary)", .integer(s.staff.distinctPrimaryNationalities))
    try line("Nationalities (all held)", .integer(s.staff.distinctNationalitiesHeld))
    try line("More than one nationality", .integer(s.staff.multipleNationalities))
    try line("Stateless", .integer(s.staff.stateless))
    try line("Nationality unknown", .integer(s.staff.unknownNationality))
    try heading("Programmes active")
    try line("All types", .integer(s.programmes.active))
    for type in s.programmes.byType { try line("\(type.code) \(type.label)", .integer(type.count)) }
    try heading("Agreements")
    try line("In force", .integer(s.agreements.inForce))
    try line("Listed", .integer(s.agreements.total))
    try heading("Data quality")
    try line("Rows read", .integer(r.inputs.reduce(0) { $0 + $1.rowsRead }))
    try line("Rows rejected", .integer(r.rejected.total))
    try w.label(
      "Shares are of staff of known nationality; 100% tables are rounded by largest remainder.",
      row: row + 1, column: 0, format: w.formats.note)

    try w.table(
      title: "Categories", row: 2, column: 4, headers: ["Category", "Staff", "FTE", "Share"],
      count: s.staff.categories.count
    ) { i in
      let c = s.staff.categories[i]
      return [.text(c.category), .integer(c.headcount), .decimal(c.fte), .percent(c.shownShare)]
    }
    try w.table(
      title: "Country groups (primary nationality)", row: 2, column: 9,
      headers: ["Group", "Staff", "Share"], count: s.staff.countryGroups.count,
      emptyNote: "none configured ([country_groups])"
    ) { i in
      let g = s.staff.countryGroups[i]
      return [.text(g.name), .integer(g.count), .percent(g.share)]
    }
  }

  static func nationalities(
    _ w: inout SheetWriter, _ staff: StaffStatistics, book: borrowing Workbook
  ) throws(XLSXError) {
    let rows = staff.nationalities
    let table = try w.table(
      title: nil, row: 0, column: 0,
      headers: ["Nationality", "Code", "Continent", "Staff", "Share"], count: rows.count
    ) { i in
      [
        .text(rows[i].name), .text(rows[i].code), .text(rows[i].continent),
        .integer(rows[i].count), .percent(rows[i].shownShare),
      ]
    }
    try w.sheet.freezePanes(row: 1, column: 0)
    guard !rows.isEmpty else { return }
    // The pie's data: the largest nationalities, then the rest as "Other".
    var slices = rows.prefix(pieSlices).map { ($0.name, $0.count) }
    if rows.count > pieSlices {
      slices.append(("Other", rows.dropFirst(pieSlices).reduce(0) { $0 + $1.count }))
    }
    let column = table.firstColumn + 6
    try w.label("Chart: top nationalities", row: 0, column: column)
    try w.label("Staff", row: 0, column: column + 1)
    for (i, slice) in slices.enumerated() {
      try w.write(.text(slice.0), row: 1 + i, column: column)
      try w.write(.integer(slice.1), row: 1 + i, column: column + 1)
    }
    let chart = try book.addChart(.pie)
    try chart.addSeries(
      name: "Staff by nationality", sheet: w.sheet.name,
      categories: CellRange(column: column, rows: 1...slices.count),
      values: CellRange(column: column + 1, rows: 1...slices.count))
    try chart.setTitle("Staff by primary nationality")
    try chart.setLegend(.right)
    try w.sheet.insertChart(chart, row: 1, column: column + 3, xScale: 1.3, yScale: 1.3)
  }

  static func continents(_ w: inout SheetWriter, _ staff: StaffStatistics) throws(XLSXError) {
    let rows = staff.continents
    try w.table(
      title: nil, row: 0, column: 0, headers: ["Continent", "M49 code", "Staff", "Share"],
      count: rows.count
    ) { i in
      [
        .text(rows[i].name), .text(rows[i].code), .integer(rows[i].count),
        .percent(rows[i].shownShare),
      ]
    }
    try w.sheet.freezePanes(row: 1, column: 0)
  }

  static func units(
    _ w: inout SheetWriter, _ staff: StaffStatistics, book: borrowing Workbook
  ) throws(XLSXError) {
    let rows = staff.units
    let table = try w.table(
      title: nil, row: 0, column: 0,
      headers: [
        "Unit", "Staff", "FTE", "Known nationality", "Foreign", "Foreign share", "Nationalities",
      ],
      count: rows.count
    ) { i in
      let u = rows[i]
      return [
        .text(u.unit), .integer(u.headcount), .decimal(u.fte), .integer(u.knownNationality),
        .integer(u.foreign), .percent(u.foreignShare), .integer(u.nationalities),
      ]
    }
    try w.sheet.freezePanes(row: 1, column: 0)
    guard !rows.isEmpty else { return }
    let chart = try book.addChart(.bar)
    try chart.addSeries(
      name: "Foreign share", sheet: w.sheet.name, categories: table.column(0),
      values: table.column(5))
    try chart.setTitle("Foreign share by unit")
    try chart.setLegend(.none)
    try w.sheet.insertChart(
      chart, row: 1, column: 8, yScale: max(1, Double(min(rows.count, 60)) / 15))
  }

  static func programmes(
    _ w: inout SheetWriter, _ p: ProgrammeStatistics, book: borrowing Workbook
  ) throws(XLSXError) {
    // Side by side: by type, by partner country, by continent, by unit, the active list.
    let byType = try w.table(
      title: "By type", row: 0, column: 0, headers: ["Type", "Label", "Active"],
      count: p.byType.count
    ) { i in [.text(p.byType[i].code), .text(p.byType[i].label), .integer(p.byType[i].count)] }
    try w.table(
      title: "By partner country", row: 0, column: 4,
      headers: ["Country", "Code", "Continent", "Programmes"], count: p.byCountry.count
    ) { i in
      let c = p.byCountry[i]
      return [.text(c.name), .text(c.code), .text(c.continent), .integer(c.count)]
    }
    try w.countTable(
      title: "By continent", column: 9, headers: ["Continent", "Programmes"], rows: p.byContinent)
    try w.countTable(title: "By unit", column: 12, headers: ["Unit", "Programmes"], rows: p.byUnit)
    try w.table(
      title: "Active programmes", row: 0, column: 15,
      headers: [
        "Id", "Type", "Acronym", "Title", "Partner countries", "Unit", "Start", "End",
      ],
      count: p.list.count
    ) { i in
      let row = p.list[i]
      return [
        .text(row.id), .text(row.type), .text(row.acronym), .text(row.title),
        .text(row.partnerCountries.joined(separator: ", ")), .text(row.unit), .date(row.start),
        .date(row.end),
      ]
    }
    try w.table(
      title: "Starting or ending within \(p.upcomingDays) days", row: 0, column: 24,
      headers: ["Date", "In days", "Event", "Type", "Id", "Acronym"], count: p.upcoming.count
    ) { i in
      let u = p.upcoming[i]
      return [
        .date(u.date), .integer(u.inDays), .text(u.event.rawValue), .text(u.type), .text(u.id),
        .text(u.acronym),
      ]
    }
    try w.sheet.freezePanes(row: 2, column: 0)
    let chart = try book.addChart(.column)
    try chart.addSeries(
      name: "Active programmes", sheet: w.sheet.name, categories: byType.column(0),
      values: byType.column(2))
    try chart.setTitle("Active programmes by type")
    try chart.setLegend(.none)
    try w.sheet.insertChart(chart, row: byType.lastDataRow + 2, column: 0)
  }

  static func agreements(_ w: inout SheetWriter, _ a: AgreementStatistics) throws(XLSXError) {
    try w.countTable(
      title: "In force by category", column: 0, headers: ["Category", "Agreements"],
      rows: a.byCategory)
    try w.countTable(
      title: "In force by kind", column: 3, headers: ["Kind", "Agreements"], rows: a.byKind)
    try w.table(
      title: "All agreements", row: 0, column: 6,
      headers: ["Partner", "Acronym", "Category", "Kind", "Signed", "End", "Seat", "Status"],
      count: a.list.count
    ) { i in
      let row = a.list[i]
      return [
        .text(row.partner), .text(row.acronym), .text(row.category), .text(row.kind),
        .date(row.signed), .date(row.end), .text(row.country),
        .text(row.status.rawValue.replacingOccurrences(of: "_", with: " ")),
      ]
    }
    try w.sheet.freezePanes(row: 2, column: 0)
  }

  static func changes(_ w: inout SheetWriter, _ c: Changes?) throws(XLSXError) {
    guard let c else {
      try w.label("No previous report of this name to compare with.", row: 0, column: 0)
      return
    }
    try w.label(
      "Since the report as of \(c.previousAsOf), generated \(c.previousGeneratedAt)", row: 0,
      column: 0)
    let figures: [(String, ReportValue, ReportValue, ReportValue)] = [
      (
        "Staff present", .integer(c.headcount.previous), .integer(c.headcount.current),
        .integer(c.headcount.current - c.headcount.previous)
      ),
      (
        "Foreign share", .percent(c.foreignShare.previous), .percent(c.foreignShare.current),
        .percent(c.foreignSharePoints.map { $0 / 100 })
      ),
      (
        "Nationalities (primary)", .integer(c.distinctPrimaryNationalities.previous),
        .integer(c.distinctPrimaryNationalities.current),
        .integer(c.distinctPrimaryNationalities.current - c.distinctPrimaryNationalities.previous)
      ),
      (
        "Programmes active", .integer(c.activeProgrammes.previous),
        .integer(c.activeProgrammes.current),
        .integer(c.activeProgrammes.current - c.activeProgrammes.previous)
      ),
      (
        "Agreements in force", .integer(c.agreementsInForce.previous),
        .integer(c.agreementsInForce.current),
        .integer(c.agreementsInForce.current - c.agreementsInForce.previous)
      ),
    ]
    try w.table(
      title: nil, row: 2, column: 0, headers: ["Figure", "Before", "Now", "Change"],
      count: figures.count
    ) { i in [.text(figures[i].0), figures[i].1, figures[i].2, figures[i].3] }
    let top = figures.count + 5
    try w.table(
      title: "Nationalities gained", row: top, column: 0,
      headers: ["Nationality", "Code", "Staff"],
      count: c.nationalitiesGained.count
    ) { i in
      let n = c.nationalitiesGained[i]
      return [.text(n.label), .text(n.key), .integer(n.count)]
    }
    try w.table(
      title: "Nationalities lost", row: top, column: 4,
      headers: ["Nationality", "Code", "Staff before"], count: c.nationalitiesLost.count
    ) { i in
      let n = c.nationalitiesLost[i]
      return [.text(n.label), .text(n.key), .integer(n.count)]
    }
    for (title, list, column) in [
      ("Programmes added", c.programmesAdded, 8), ("Programmes ended", c.programmesEnded, 12),
    ] {
      try w.table(
        title: title, row: top, column: column, headers: ["Id", "Type", "Acronym"],
        count: list.count
      ) { i in [.text(list[i].id), .text(list[i].type), .text(list[i].acronym)] }
    }
  }

  static func dataQuality(
    _ w: inout SheetWriter, _ rejected: RejectedRecord, inputs: [InputRecord]
  ) throws(XLSXError) {
    let note =
      rejected.notListed > 0
      ? "\(rejected.total) rows rejected; the first \(rejected.rows.count) are listed, "
        + "\(rejected.notListed) more are only counted (inputs.max_listed_diagnostics)."
      : "\(rejected.total) rows rejected; they are left out of every figure."
    try w.label(note, row: 0, column: 0, format: w.formats.note)
    // How files were read (encoding, header line, text cleaned), beside the rejected rows.
    let notes = inputs.flatMap { input in (input.notes ?? []).map { (input.file, $0) } }
    if !notes.isEmpty {
      try w.table(
        title: nil, row: 1, column: 7, headers: ["File", "How it was read"], count: notes.count
      ) { i in [.text(notes[i].0), .text(notes[i].1)] }
    }
    try w.table(
      title: nil, row: 1, column: 0,
      headers: ["File", "Line", "Column", "Value", "Kind", "Reason"], count: rejected.rows.count,
      emptyNote: "Every row was accepted."
    ) { i in
      let d = rejected.rows[i]
      return [
        .text(d.file), .integer(d.line), .text(d.column), .text(d.value), .text(d.kind),
        .text(d.reason),
      ]
    }
    try w.sheet.freezePanes(row: 2, column: 0)
  }

  static func provenance(_ w: inout SheetWriter, _ r: ReportRecord) throws(XLSXError) {
    let inputs = r.inputs
    let table = try w.table(
      title: nil, row: 0, column: 0,
      headers: [
        "File", "Dataset", "Format", "Size (bytes)", "Rows read", "Rows accepted",
        "Rows rejected", "SHA-256", "Encoding",
      ],
      count: inputs.count, emptyNote: "No input files."
    ) { i in
      let f = inputs[i]
      return [
        .text(f.file), .text(f.dataset.rawValue), .text(f.format), .integer(f.size),
        .integer(f.rowsRead), .integer(f.rowsAccepted), .integer(f.rowsRejected), .text(f.sha256),
        .text(f.encoding ?? ""),
      ]
    }
    try w.sheet.freezePanes(row: 1, column: 0)
    var row = table.lastDataRow + 2
    for (label, value) in [
      ("Configuration SHA-256", r.configSha256), ("Orbis version", r.orbisVersion),
      ("Report", r.report), ("Generated at (UTC)", r.generatedAt), ("Time zone", r.timeZone),
      ("stats.json schema version", String(r.schemaVersion)),
    ] {
      try w.label(label, row: row, column: 0)
      try w.write(.text(value), row: row, column: 1)
      row += 1
    }
  }
}
