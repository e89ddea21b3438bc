import Foundation
import OrbisCore
import XLSXWriter

/// `report.xlsx`: one sheet per subject in the report's language, every value a number or
/// literal text (never a formula; numbers and dates keep number formats, so Excel and
/// LibreOffice show them in the reader's locale), tables with filters, frozen headers, fitted
/// widths, charts whose data is the visible tables or one hidden sheet, and a page setup that
/// prints each sheet landscape, one page wide.
public enum WorkbookReport {
  /// The sheets, in order, in `language`; the last one is hidden (the charts' data).
  public static func sheetNames(_ language: ReportLanguage = .en) -> [String] {
    let w = language.wording
    return [
      w.sheetSummary, w.sheetNationalities, w.sheetUnits, w.sheetProgrammes,
      w.sheetProgrammeList, w.sheetAgreements, w.sheetChanges, w.sheetTrends,
      w.sheetDataQuality, w.sheetProvenance, w.sheetChartData,
    ]
  }
  /// Bars of a ranking chart before the rest is summed as "Other" (or left out).
  static let chartBars = 10
  /// Units in the foreign-share chart: the largest by headcount.
  static let unitBars = 20
  /// zlib's level for the workbook's parts. libxlsxwriter's own is zlib's default, 6. At
  /// 1,000,000 staff (24 MB of XML), 4 packs in 0.09 s instead of 0.21 s, on the run's
  /// critical path, for a file 7% larger (2.95 MB instead of 2.74); 1 and 2 save 0.02 s more
  /// for a file 23 to 31% larger, 3 is slower than 4 (`make bench`; zlib's levels measured
  /// on that workbook's parts). The parts' bytes are the same at every level.
  static let compressionLevel: Int32 = 4

  /// Writes the workbook; `recorder`, when given, receives every cell written.
  public static func write(
    _ r: ReportRecord, to path: String, recorder: CellRecorder? = nil
  ) throws(XLSXError) {
    let l = r.locale
    let w = l.words
    var book = try Workbook(path: path, options: .init(compressionLevel: compressionLevel))
    let formats = try ReportFormats(&book, words: w)
    let title = w.reportTitle(r.report)
    var properties = DocumentProperties()
    properties.title = w.titleAsOf(title, l.longDate(r.asOf))
    properties.subject = w.documentSubject
    properties.author = "Orbis \(r.orbisVersion)"
    properties.category = "Statistics"
    properties.keywords = "orbis, nationalities, programmes, agreements"
    properties.comments = "Generated \(r.generatedAt); as of \(r.asOf) (\(r.timeZone))."
    properties.created = try? Date(r.generatedAt, strategy: .iso8601)
    try book.setProperties(properties)

    let limits = WorkbookLimits()
    var sheets: [SheetWriter] = []
    for name in sheetNames(l.language) {
      sheets.append(
        SheetWriter(
          try book.addWorksheet(named: name), formats, recorder: recorder, limits: limits,
          locale: l))
    }
    var chartData = sheets.removeLast()
    let s = r.statistics
    let layout = Layout(l: l)
    try layout.summary(&sheets[0], r)
    try layout.nationalities(
      &sheets[1], s.staff, host: s.hostCountry, chartData: &chartData, book: book)
    try layout.units(&sheets[2], s.staff, chartData: &chartData, book: book)
    try layout.programmes(&sheets[3], s.programmes, book: book)
    try layout.programmeList(&sheets[4], s.programmes)
    try layout.agreements(&sheets[5], s.agreements)
    try layout.changes(&sheets[6], r.changes)
    try layout.trends(&sheets[7], r.trends, book: book)
    try layout.dataQuality(
      &sheets[8], r.rejected, inputs: r.inputs, scoped: r.scope != nil,
      protected: r.protection != nil)
    try layout.provenance(&sheets[9], r)
    if limits.shortenedCells > 0 {
      try sheets[8].label(
        w.shortenedCells(
          limits.shortenedCells, l.integer(limits.shortenedCells),
          l.integer(ExcelLimits.stringLength)),
        row: 0, column: 7, format: formats.note)
    }
    let header =
      "&L" + PageSetup.literal(title) + "&R"
      + PageSetup.literal("\(w.asOf) \(l.longDate(r.asOf))")
    for sheet in sheets { try sheet.finish(header: header) }
    try chartData.fitWidths()
    try chartData.sheet.hide()
    // On the run's critical path, what follows the file (fsync, publish) need not wait for
    // libxlsxwriter to free the cells: 40 ms at 1,000,000 staff (120,000 rows listed). A
    // small workbook is freed in well under a millisecond, less than a thread of its own
    // costs (its stack and malloc arena, at the peak of a small run).
    let listedRows = s.programmes.list.count + s.agreements.list.count + r.rejected.rows.count
    try book.close(freeingInBackground: listedRows >= 10_000)
  }

  /// The sheets' contents, in one language.
  struct Layout {
    let l: ReportLocale
    var w: any Wording { l.words }

    func summary(_ s: inout SheetWriter, _ r: ReportRecord) throws(XLSXError) {
      let st = r.statistics
      try s.label(w.reportTitle(r.report), row: 0, column: 0, format: s.formats.title)
      var row = 2
      func line(
        _ label: String, _ value: ReportValue, _ share: ReportValue? = nil
      )
        throws(XLSXError)
      {
        try s.write(.text(label), row: row, column: 0)
        try s.write(value, row: row, column: 1)
        if let share { try s.write(share, row: row, column: 2) }
        row += 1
      }
      func heading(_ text: String) throws(XLSXError) {
        row += 1
        try s.label(text, row: row, column: 0)
        row += 1
      }
      let host = l.country(st.hostCountry, fallback: st.hostCountry)
      try line(w.asOf, .date(r.asOf))
      try line(w.timeZone, .text(r.timeZone))
      try line(w.generatedAtUTC, .text(r.generatedAt))
      try line(w.hostCountry, .text(host))
      try heading(w.staffPresent)
      try line(w.headcount, .integer(st.staff.headcount))
      try line(w.fullTimeEquivalent, .decimal(st.staff.fte))
      try line(
        w.foreignStaff, .count(st.staff.foreign, l),
        .share(st.staff.foreignShare, of: st.staff.foreign))
      try line(
        w.noHostNationality(host), .count(st.staff.noHostNationality, l),
        .share(st.staff.noHostNationalityShare, of: st.staff.noHostNationality))
      try line(w.nationalitiesPrimary, .integer(st.staff.distinctPrimaryNationalities))
      try line(w.nationalitiesHeld, .integer(st.staff.distinctNationalitiesHeld))
      try line(w.multipleNationalities, .count(st.staff.multipleNationalities, l))
      try line(w.stateless, .count(st.staff.stateless, l))
      try line(w.nationalityUnknown, .integer(st.staff.unknownNationality))
      try heading(w.programmesActive)
      try line(w.allTypes, .integer(st.programmes.active))
      for type in st.programmes.byType {
        try line("\(type.code) \(type.label)", .integer(type.count))
      }
      try heading(w.agreements)
      try line(w.inForce, .integer(st.agreements.inForce))
      try line(w.listed, .integer(st.agreements.total))
      try heading(w.dataQuality)
      try line(w.rowsRead, .integer(r.inputs.reduce(0) { $0 + $1.rowsRead }))
      try line(w.rowsRejected, .integer(r.rejected.total))
      try s.label(w.sharesNote, row: row + 1, column: 0, format: s.formats.note)
      if r.scope != nil {
        try s.label(
          w.scopeNote(r.scopeDescription), row: row + 2, column: 0, format: s.formats.note)
      }
      if r.protection != nil {
        try s.label(
          w.listLine(w.protection, r.protectionDescription), row: row + 3, column: 0,
          format: s.formats.note)
      }

      try s.table(
        title: w.categories, row: 2, column: 4,
        headers: [w.category, w.staff, w.fte, w.share], count: st.staff.categories.count
      ) { i in
        let c = st.staff.categories[i]
        return [
          .text(l.given(c.category)), .count(c.headcount, l), .decimal(c.fte, l),
          .percent(c.shownShare, l),
        ]
      }
      try s.table(
        title: w.countryGroups, row: 2, column: 9, headers: [w.group, w.staff, w.share],
        count: st.staff.countryGroups.count, emptyNote: w.noCountryGroups
      ) { i in
        let g = st.staff.countryGroups[i]
        return [.text(g.name), .count(g.count, l), .share(g.share, of: g.count)]
      }
    }

    func changes(_ s: inout SheetWriter, _ c: Changes?) throws(XLSXError) {
      guard let c else {
        try s.label(w.noPreviousReport, row: 0, column: 0)
        return
      }
      try s.label(
        w.changesSince(asOf: l.longDate(c.previousAsOf), generatedAt: c.previousGeneratedAt),
        row: 0, column: 0)
      func delta(_ label: String, _ d: Changes.Delta<Int>) -> [ReportValue] {
        [.text(label), .integer(d.previous), .integer(d.current), .integer(d.current - d.previous)]
      }
      let figures: [[ReportValue]] = [
        delta(w.staffPresent, c.headcount),
        [
          .text(w.foreignShare), .percent(c.foreignShare.previous),
          .percent(c.foreignShare.current), .points(c.foreignSharePoints),
        ],
        delta(w.nationalitiesPrimary, c.distinctPrimaryNationalities),
        delta(w.programmesActive, c.activeProgrammes),
        delta(w.agreementsInForce, c.agreementsInForce),
      ]
      try s.table(
        title: nil, row: 2, column: 0, headers: [w.figure, w.before, w.now, w.change],
        count: figures.count
      ) { i in figures[i] }
      let top = figures.count + 5
      for (title, header, list, column) in [
        (w.nationalitiesGained, w.staff, c.nationalitiesGained, 0),
        (w.nationalitiesLost, w.staffBefore, c.nationalitiesLost, 4),
      ] {
        try s.table(
          title: title, row: top, column: column, headers: [w.nationality, w.code, header],
          count: list.count
        ) { i in
          [
            .text(l.country(list[i].key, fallback: list[i].label)), .text(list[i].key),
            .count(list[i].count, l),
          ]
        }
      }
      for (title, list, column) in [
        (w.programmesAdded, c.programmesAdded, 8), (w.programmesEnded, c.programmesEnded, 12),
      ] {
        try s.table(
          title: title, row: top, column: column, headers: [w.id, w.type, w.acronym],
          count: list.count
        ) { i in [.text(list[i].id), .text(list[i].type), .text(list[i].acronym)] }
      }
    }

    func dataQuality(
      _ s: inout SheetWriter, _ rejected: RejectedRecord, inputs: [InputRecord], scoped: Bool,
      protected: Bool
    ) throws(XLSXError) {
      let note =
        rejected.total == 0
        ? w.everyRowAccepted
        : rejected.notListed > 0
          ? w.rejectedListed(
            total: l.integer(rejected.total), listed: l.integer(rejected.rows.count),
            notListed: l.integer(rejected.notListed))
          : w.rejectedSentence(rejected.total, l.integer(rejected.total))
      let countedOnly = protected && rejected.total > 0
      try s.label(
        countedOnly
          ? w.rejectedSentence(rejected.total, l.integer(rejected.total)) + " "
            + w.rejectedCountedOnly
          : scoped ? note + " " + w.rejectedOfScopeOnly : note, row: 0, column: 0,
        format: s.formats.note)
      // How files were read (encoding, header line, text cleaned), beside the rejected rows.
      let notes = inputs.flatMap { input in (input.notes ?? []).map { (input.file, $0) } }
      if !notes.isEmpty {
        try s.table(
          title: nil, row: 1, column: 7, headers: [w.file, w.howRead], count: notes.count
        ) { i in [.text(notes[i].0), .text(notes[i].1)] }
      }
      s.repeatedRow = 1
      try s.table(
        title: nil, row: 1, column: 0,
        headers: [w.file, w.line, w.column, w.value, w.kind, w.reason],
        count: rejected.rows.count, emptyNote: w.everyRowAccepted
      ) { i in
        let d = rejected.rows[i]
        let kind = DiagnosticKind(rawValue: d.kind).map(w.diagnosticKind) ?? d.kind
        return [
          .text(d.file), .integer(d.line), .text(d.column), .text(d.value), .text(kind),
          .text(d.reason),
        ]
      }
      try s.sheet.freezePanes(row: 2, column: 0)
    }

    func provenance(_ s: inout SheetWriter, _ r: ReportRecord) throws(XLSXError) {
      let inputs = r.inputs
      s.repeatedRow = 0
      let table = try s.table(
        title: nil, row: 0, column: 0,
        headers: [
          w.file, w.dataset, w.format, w.sizeBytes, w.rowsRead, w.rowsAccepted, w.rowsRejected,
          "SHA-256", w.encoding,
        ],
        count: inputs.count, emptyNote: w.noInputs
      ) { i in
        let f = inputs[i]
        return [
          .text(f.file), .text(w.datasetName(f.dataset)), .text(f.format), .integer(f.size),
          .integer(f.rowsRead), .integer(f.rowsAccepted), .integer(f.rowsRejected),
          .text(f.sha256), .text(f.encoding ?? ""),
        ]
      }
      try s.sheet.freezePanes(row: 1, column: 0)
      var row = table.lastDataRow + 2
      for (label, value) in [
        (w.configurationSHA256, r.configSha256), (w.orbisVersion, r.orbisVersion),
        (w.report, r.report), (w.generatedAtUTC, r.generatedAt), (w.timeZone, r.timeZone),
        (w.language, (r.language ?? .en).rawValue), (w.scope, r.scopeDescription),
        (w.protection, r.protectionDescription),
        (w.schemaVersion, String(r.schemaVersion)),
      ] {
        try s.label(label, row: row, column: 0)
        try s.write(.text(value), row: row, column: 1)
        row += 1
      }
    }
  }
}
