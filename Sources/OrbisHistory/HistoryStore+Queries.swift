import GRDB
import OrbisCore
import OrbisReports

/// A published report as the history recorded it.
public struct PublishedReport: Sendable {
  public var name: String
  public var directory: String
  public var asOf: Day
  public var generatedAt: String
  public var configSha256: String
  public var orbisVersion: String
  /// The input files, in the order the report listed them (no notes, no rejections by kind).
  public var inputs: [InputRecord]
  /// What `Changes` compares with.
  public var figures: PreviousFigures

  /// As `ReportRecord.fingerprint` of that report.
  public var fingerprint: ReportRecord.Fingerprint {
    ReportRecord.Fingerprint(
      inputs: inputs.map { "\($0.file)=\($0.sha256)" }, configSha256: configSha256,
      orbisVersion: orbisVersion, asOf: asOf)
  }
}

/// One report in `orbis history`: its key figures.
public struct HistoryEntry: Sendable {
  public var name: String
  public var asOf: Day
  public var generatedAt: String
  public var directory: String
  /// Every `HistoryFigure` the report recorded (an undefined share is absent).
  public var figures: [HistoryFigure: Double]

  init(_ report: ReportRow, asOf: Day, figures: [HistoryFigure: Double]) {
    name = report.name
    self.asOf = asOf
    generatedAt = report.generatedAt
    directory = report.directory
    self.figures = figures
  }
}

extension HistoryStore {
  /// A report's active programmes (table `programme`, written in `record` through one prepared
  /// statement), in its order. Tens of thousands of rows: read by column
  /// index from a cursor, not decoded as records (0.3 s for 35,000 that way).
  static func programmes(_ db: Database, reportId: Int64) throws -> [ProgrammeRow] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT programme_id, type, acronym, title, partner_countries, unit, start, "end"
        FROM programme WHERE report_id = ? ORDER BY position
        """, arguments: [reportId])
    var programmes: [ProgrammeRow] = []
    while let row = try rows.next() {
      let countries: String = row[4]
      programmes.append(
        ProgrammeRow(
          id: row[0], type: row[1], acronym: row[2], title: row[3],
          partnerCountries: countries.isEmpty
            ? [] : countries.split(separator: ",").map(String.init),
          unit: row[5], start: (row[6] as String?).flatMap(Day.init(iso:)),
          end: (row[7] as String?).flatMap(Day.init(iso:))))
    }
    return programmes
  }
}

extension HistoryStore {
  /// The latest published report of this name (by generation time), or nil.
  public func previous(report name: String) throws(HistoryError) -> PublishedReport? {
    try read { db in
      guard
        let report =
          try ReportRow
          .filter(Column("name") == name)
          .order(Column("generated_at").desc, Column("id").desc)
          .fetchOne(db),
        let id = report.id, let asOf = Day(iso: report.asOf)
      else { return nil }
      let inputs = try InputRow.filter(Column("report_id") == id).order(Column("position"))
        .fetchAll(db).map {
          InputRecord(
            file: $0.file, dataset: DatasetKind(rawValue: $0.dataset) ?? .staff,
            format: $0.format, size: $0.size, sha256: $0.sha256, rowsRead: $0.rowsRead,
            rowsAccepted: $0.rowsAccepted, rejectedByKind: [:])
        }
      let figures = try Self.figures(db, reportId: id)
      func count(_ figure: HistoryFigure) -> Int { Int(figures[figure] ?? 0) }
      let nationalities = try Self.breakdown(db, reportId: id, .staffNationality)
      let programmes = try Self.programmes(db, reportId: id)
      return PublishedReport(
        name: name, directory: report.directory, asOf: asOf, generatedAt: report.generatedAt,
        configSha256: report.configSha256, orbisVersion: report.orbisVersion, inputs: inputs,
        figures: PreviousFigures(
          asOf: asOf, generatedAt: report.generatedAt, headcount: count(.headcount),
          foreignShare: figures[.foreignShare],
          distinctPrimaryNationalities: count(.distinctPrimaryNationalities),
          activeProgrammes: count(.programmesActive),
          agreementsInForce: count(.agreementsInForce),
          nationalities: nationalities.map {
            NationalityCount(
              key: $0.key, label: $0.label, count: $0.count.map(Protected.shown) ?? .suppressed)
          }, programmes: programmes))
    }
  }

  /// For each of `dates` that a report of this name was published as of, the figures of the
  /// latest such report (by generation time).
  public func trendFigures(
    report name: String, at dates: [Day]
  ) throws(HistoryError) -> [Day: TrendFigures] {
    guard !dates.isEmpty else { return [:] }
    return try read { db in
      let wanted = Set(dates.map(\.description))
      var latest: [String: ReportRow] = [:]
      let rows = try ReportRow.filter(Column("name") == name)
        .filter(wanted.contains(Column("as_of")))
        .order(Column("generated_at"), Column("id")).fetchAll(db)
      for row in rows { latest[row.asOf] = row }
      var result: [Day: TrendFigures] = [:]
      for (text, row) in latest {
        guard let id = row.id, let day = Day(iso: text) else { continue }
        let figures = try Self.figures(db, reportId: id)
        func count(_ figure: HistoryFigure) -> Int { Int(figures[figure] ?? 0) }
        var point = TrendFigures(date: day)
        point.headcount = count(.headcount)
        point.fte = figures[.fte] ?? 0
        point.knownNationality = count(.knownNationality)
        point.foreign = figures[.foreign].map { .shown(Int($0)) } ?? .suppressed
        point.stateless = figures[.stateless].map { .shown(Int($0)) } ?? .suppressed
        point.unknownNationality = count(.unknownNationality)
        point.distinctPrimaryNationalities = count(.distinctPrimaryNationalities)
        point.programmesActive = count(.programmesActive)
        point.agreementsInForce = count(.agreementsInForce)
        for row in try Self.breakdown(db, reportId: id, .programmesByType) {
          point.programmesByType[row.key] = row.count
        }
        point.nationalities = try Self.breakdown(db, reportId: id, .staffNationality)
          .filter { $0.key != Statistics.statelessCode }
          .map {
            NationalityCount(
              key: $0.key, label: $0.label, count: $0.count.map(Protected.shown) ?? .suppressed)
          }
        result[day] = point
      }
      return result
    }
  }

  /// Every report recorded (of one name, or all), oldest as-of date first, then by generation
  /// time, with its key figures.
  public func entries(report name: String? = nil) throws(HistoryError) -> [HistoryEntry] {
    try read { db in
      var request = ReportRow.all()
      if let name { request = request.filter(Column("name") == name) }
      let reports = try request.order(
        Column("name"), Column("as_of"), Column("generated_at"), Column("id")
      ).fetchAll(db)
      return try reports.compactMap { report in
        guard let id = report.id, let asOf = Day(iso: report.asOf) else { return nil }
        let figures = try Self.figures(db, reportId: id)
        return HistoryEntry(report, asOf: asOf, figures: figures)
      }
    }
  }

  /// One row of one breakdown (`programmes_by_type`, key `IRP`) in every report recorded, as
  /// `entries` orders them: its count, or nil where the report had no such row.
  public func breakdownSeries(
    report name: String?, _ breakdown: HistoryBreakdown, key: String
  ) throws(HistoryError) -> [(entry: HistoryEntry, count: Protected<Int>?)] {
    let entries = try entries(report: name)
    return try read { db in
      try entries.map { entry in
        // No row: the key is not in that report; a NULL count: suppressed (`min_count`).
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT b.count FROM breakdown b JOIN report r ON r.id = b.report_id
            WHERE r.directory = ? AND b.breakdown = ? AND b.key = ?
            """, arguments: [entry.directory, breakdown.rawValue, key])
        return (entry, row.map { ($0[0] as Int?).map(Protected.shown) ?? .suppressed })
      }
    }
  }

  /// The keys a breakdown has in the reports recorded (of one name, or all), sorted.
  public func breakdownKeys(
    report name: String?, _ breakdown: HistoryBreakdown
  ) throws(HistoryError) -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT b.key FROM breakdown b JOIN report r ON r.id = b.report_id
          WHERE b.breakdown = ? AND (? IS NULL OR r.name = ?) ORDER BY b.key
          """, arguments: [breakdown.rawValue, name, name])
    }
  }

  static func figures(_ db: Database, reportId: Int64) throws -> [HistoryFigure: Double] {
    var figures: [HistoryFigure: Double] = [:]
    for row in try FigureRow.filter(Column("report_id") == reportId).fetchAll(db) {
      if let figure = HistoryFigure(rawValue: row.key), let value = row.value {
        figures[figure] = value
      }
    }
    return figures
  }

  static func breakdown(
    _ db: Database, reportId: Int64, _ breakdown: HistoryBreakdown
  ) throws -> [BreakdownRow] {
    try BreakdownRow.filter(Column("report_id") == reportId)
      .filter(Column("breakdown") == breakdown.rawValue)
      .order(Column("position")).fetchAll(db)
  }
}
