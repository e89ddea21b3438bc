import OrbisCore

/// The reports' wording in English (British spelling, `en_GB` numbers and dates).
public struct EnglishWording: Wording {
  public init() {}
  public var localeIdentifier: String { "en_GB" }

  /// `1 row`, `2 rows`
  func plural(_ count: Int, _ shown: String, _ noun: String) -> String {
    "\(shown) \(noun)\(count == 1 ? "" : "s")"
  }

  // MARK: Report
  public func reportTitle(_ name: String) -> String { "Orbis report “\(name)”" }
  public func titleAsOf(_ title: String, _ date: String) -> String { "\(title) as of \(date)" }
  public var documentSubject: String { "International staff, programmes and agreements" }
  public func generatedLine(
    asOf: String, timeZone: String, generatedAt: String, version: String
  )
    -> String
  { "As of \(asOf) (\(timeZone)); generated \(generatedAt) by Orbis \(version)." }
  public func hostLine(_ host: String) -> String {
    "Host country: \(host). Shares of 100% tables are rounded by largest remainder."
  }
  public var pageFooter: String { "Page &P of &N" }

  // MARK: Sheet names
  public var sheetSummary: String { "Summary" }
  public var sheetNationalities: String { "Nationalities" }
  public var sheetUnits: String { "Units" }
  public var sheetProgrammes: String { "Programmes" }
  public var sheetProgrammeList: String { "Programme list" }
  public var sheetAgreements: String { "Agreements" }
  public var sheetChanges: String { "Changes" }
  public var sheetTrends: String { "Trends" }
  public var sheetDataQuality: String { "Data quality" }
  public var sheetProvenance: String { "Provenance" }
  public var sheetChartData: String { "Chart data" }

  // MARK: Key figures
  public var asOf: String { "As of" }
  public var timeZone: String { "Time zone" }
  public var generatedAtUTC: String { "Generated at (UTC)" }
  public var hostCountry: String { "Host country" }
  public var staffPresent: String { "Staff present" }
  public var headcount: String { "Headcount" }
  public var fullTimeEquivalent: String { "Full-time equivalent" }
  public var foreignStaff: String { "Foreign staff" }
  public func noHostNationality(_ host: String) -> String {
    "Not holding the nationality of \(host)"
  }
  public var nationalitiesPrimary: String { "Nationalities (primary)" }
  public var nationalitiesHeld: String { "Nationalities (all held)" }
  public var multipleNationalities: String { "More than one nationality" }
  public var stateless: String { "Stateless" }
  public var nationalityUnknown: String { "Nationality unknown" }
  public var programmesActive: String { "Programmes active" }
  public var allTypes: String { "All types" }
  public var agreements: String { "Agreements" }
  public var inForce: String { "In force" }
  public var listed: String { "Listed" }
  public var dataQuality: String { "Data quality" }
  public var rowsRead: String { "Rows read" }
  public var rowsRejected: String { "Rows rejected" }
  public var sharesNote: String {
    "Shares are of staff of known nationality; 100% tables are rounded by largest remainder."
  }
  public var keyFigures: String { "Key figures" }
  public var figure: String { "Figure" }
  public var value: String { "Value" }
  public func sharesOfKnown(_ known: String) -> String {
    "Shares are of the \(known) staff of known nationality."
  }

  // MARK: Staff tables
  public var categories: String { "Categories" }
  public var category: String { "Category" }
  public var staff: String { "Staff" }
  public var fte: String { "FTE" }
  public var share: String { "Share" }
  public var countryGroups: String { "Country groups (primary nationality)" }
  public var countryGroup: String { "Country group" }
  public var group: String { "Group" }
  public var noCountryGroups: String { "none configured ([country_groups])" }
  public var none: String { "none" }
  public var nationality: String { "Nationality" }
  public var code: String { "Code" }
  public var continent: String { "Continent" }
  public var continents: String { "Continents (UN M49 regions)" }
  public var m49Code: String { "M49 code" }
  public var unit: String { "Unit" }
  public var units: String { "Units" }
  public var knownNationality: String { "Known nationality" }
  public var foreign: String { "Foreign" }
  public var foreignShare: String { "Foreign share" }
  public var nationalities: String { "Nationalities" }
  public var other: String { "Other" }
  public var notGiven: String { "(not given)" }
  public func moreInWorkbook(_ count: String, sheet: String) -> String {
    "… and \(count) more in report.xlsx (sheet \(sheet))."
  }

  // MARK: Charts
  public func chartForeignByNationality(_ largest: Int) -> String {
    largest == 1
      ? "Foreign staff: the largest nationality"
      : "Foreign staff: the \(largest) largest nationalities"
  }
  public var chartForeignByContinent: String { "Foreign staff by continent" }
  public func chartForeignShareByUnit(largest: Int?) -> String {
    largest.map { "Foreign share by unit (the \($0) largest)" } ?? "Foreign share by unit"
  }
  public var chartProgrammesByType: String { "Active programmes by type" }
  public var chartHeadcountTrend: String { "Staff present over time" }
  public var chartForeignShareTrend: String { "Foreign share over time" }
  public var chartProgrammesTrend: String { "Active programmes over time" }

  // MARK: Programmes
  public var programmes: String { "Programmes" }
  public var byType: String { "By type" }
  public var type: String { "Type" }
  public var label: String { "Label" }
  public var active: String { "Active" }
  public var byPartnerCountry: String { "By partner country" }
  public var country: String { "Country" }
  public var partnerCountry: String { "Partner country" }
  public var byContinent: String { "By continent" }
  public var byUnit: String { "By unit" }
  public var activeProgrammes: String { "Active programmes" }
  public var id: String { "Id" }
  public var acronym: String { "Acronym" }
  public var title: String { "Title" }
  public var partnerCountries: String { "Partner countries" }
  public var start: String { "Start" }
  public var end: String { "End" }
  public func upcoming(days: Int, _ shown: String) -> String {
    "Starting or ending within \(plural(days, shown, "day"))"
  }
  public func noUpcoming(days: Int, _ shown: String) -> String {
    "No programme starts or ends within \(plural(days, shown, "day"))."
  }
  public var date: String { "Date" }
  public var inDays: String { "In days" }
  public var event: String { "Event" }
  public func eventName(_ event: UpcomingRow.Event) -> String {
    switch event {
    case .starts: "starts"
    case .ends: "ends"
    }
  }
  public func programmesActiveSentence(_ count: Int, _ shown: String) -> String {
    plural(count, shown, "programme") + " active."
  }

  // MARK: Agreements
  public var inForceByCategory: String { "In force by category" }
  public var inForceByKind: String { "In force by kind" }
  public var kind: String { "Kind" }
  public var allAgreements: String { "All agreements" }
  public var partner: String { "Partner" }
  public var signed: String { "Signed" }
  public var seat: String { "Seat" }
  public var status: String { "Status" }
  public func statusName(_ status: AgreementRow.Status) -> String {
    switch status {
    case .inForce: "in force"
    case .notYetSigned: "not yet signed"
    case .ended: "ended"
    }
  }
  public func agreementsSentence(inForce: String, listed: Int, _ shown: String) -> String {
    "\(inForce) in force of \(shown) listed."
  }

  // MARK: Changes
  public var changes: String { "Changes" }
  public var noPreviousReport: String { "No previous report of this name to compare with." }
  public func changesSince(asOf: String, generatedAt: String) -> String {
    "Changes since the report as of \(asOf) (generated \(generatedAt))"
  }
  public var before: String { "Before" }
  public var now: String { "Now" }
  public var change: String { "Change" }
  public var agreementsInForce: String { "Agreements in force" }
  public var nationalitiesGained: String { "Nationalities gained" }
  public var nationalitiesLost: String { "Nationalities lost" }
  public var staffBefore: String { "Staff before" }
  public var programmesAdded: String { "Programmes added" }
  public var programmesEnded: String { "Programmes ended" }
  public func points(_ shown: String) -> String { "\(shown) \(pointsUnit)" }
  public var pointsUnit: String { "pts" }
  public func listLine(_ heading: String, _ items: String) -> String { "\(heading): \(items)." }
  public func andMore(_ count: String) -> String { " and \(count) more" }

  // MARK: Trends
  public var trends: String { "Trends" }
  public var noTrends: String { "No trends: this report's trends.periods is 0." }
  public func trendsTitle(period: TrendPeriod, points: Int, shown: String) -> String {
    "Trends by \(period.rawValue): \(plural(points, shown, "point")) up to the as-of date"
  }
  public var trendsNote: String {
    "published: as the report of this name published as of that date said; recomputed: from the current input files as of that date, as complete as they are (a roster that drops people who left undercounts the past)."
  }
  public var source: String { "Source" }
  public func sourceName(_ source: TrendPoint.Source) -> String { source.rawValue }
  public var unknownNationality: String { "Unknown nationality" }
  public func topNationalitiesAtEveryPoint(_ count: Int) -> String {
    "The \(count) largest foreign nationalities of the as-of date, at every point"
  }
  public var noForeignStaff: String { "no foreign staff" }
  public func programmesByTypeAtEachPoint(sheet: String) -> String {
    "Programmes by type at each point: report.xlsx, sheet \(sheet)."
  }

  // MARK: Data quality and provenance
  public func rejectedSentence(_ count: Int, _ shown: String) -> String {
    plural(count, shown, "row") + " rejected; \(count == 1 ? "it is" : "they are") left out of "
      + "every figure."
  }
  public func rejectedListed(total: String, listed: String, notListed: String) -> String {
    "\(total) rows rejected; the first \(listed) are listed, \(notListed) more are only counted "
      + "(inputs.max_listed_diagnostics)."
  }
  public var everyRowAccepted: String { "Every row was accepted." }
  public func moreRejected(_ count: String, notListed: String?, sheet: String) -> String {
    "… and \(count) more: report.xlsx, sheet \(sheet)"
      + (notListed.map { " (\($0) beyond the cap are only counted)." } ?? ".")
  }
  public var file: String { "File" }
  public var line: String { "Line" }
  public var column: String { "Column" }
  public var reason: String { "Reason" }
  public var rows: String { "Rows" }
  public var howRead: String { "How it was read" }
  public func diagnosticKind(_ kind: DiagnosticKind) -> String { kind.rawValue }
  public func shortenedCells(_ count: Int, _ shown: String, _ limit: String) -> String {
    "\(shown) cell\(count == 1 ? " is" : "s are") longer than Excel's \(limit) characters and "
      + "shortened with … in this workbook; stats.json and the text reports hold the whole text."
  }
  public func rowsNotShown(_ count: String, limit: String) -> String {
    "… \(count) more rows not shown: a sheet holds at most \(limit) rows; stats.json lists them all."
  }
  public var inputs: String { "Inputs" }
  public var dataset: String { "Dataset" }
  public func datasetName(_ kind: DatasetKind) -> String { kind.rawValue }
  public var format: String { "Format" }
  public var sizeBytes: String { "Size (bytes)" }
  public var rowsAccepted: String { "Rows accepted" }
  public var rejected: String { "Rejected" }
  public var encoding: String { "Encoding" }
  public var noInputs: String { "No input files." }
  public var configurationSHA256: String { "Configuration SHA-256" }
  public func configurationHashLine(_ prefix: String) -> String {
    "Configuration SHA-256 \(prefix)…; full hashes in stats.json."
  }
  public var orbisVersion: String { "Orbis version" }
  public var report: String { "Report" }
  public var language: String { "Language" }
  public var schemaVersion: String { "stats.json schema version" }

  // MARK: Scope and small-count protection
  public var scope: String { "Scope" }
  public func scopeValue(units: [String]?, categories: [String]?) -> String {
    let parts =
      (units.map { ["units " + $0.joined(separator: ", ")] } ?? [])
      + (categories.map { ["categories " + $0.joined(separator: ", ")] } ?? [])
    return parts.isEmpty ? "the whole institute" : parts.joined(separator: "; ")
  }
  public func scopeNote(_ scope: String) -> String {
    "Scope: \(scope). Agreements are the whole institute's; the rows per input file are of "
      + "whole files."
  }
  public var rejectedOfScopeOnly: String {
    "Only the rejected rows of this report's scope are listed."
  }
  public var rejectedCountedOnly: String {
    "A report with small-count protection counts rejected rows without listing them, as their "
      + "values may be personal data; `orbis check` lists them."
  }
  public var protection: String { "Small-count protection" }
  public func protectionValue(k: String, below: String, largest: String, cells: String) -> String {
    "counts of people from 1 to \(largest) are shown as \(below), and counts that would let one "
      + "be worked out from the totals as x (min_count = \(k); \(cells) cells)"
  }
  public var protectionOff: String { "off (every count is shown)" }

  // MARK: The log lines of a publication
  public func logStaff(
    headcount: String, foreign: String, share: String, nationalities: String
  )
    -> String
  { "Staff present: \(headcount), foreign: \(foreign) (\(share)), nationalities: \(nationalities)" }
  public func logProgrammes(active: String, byType: String) -> String {
    "Programmes active: \(active) (\(byType))"
  }
  public func logAgreements(inForce: String) -> String { "Agreements in force: \(inForce)" }
  public func logRejected(_ count: String, sheet: String) -> String {
    "Rows rejected: \(count) (listed in summary.txt and the \(sheet) sheet; `orbis check` shows "
      + "them too)"
  }
}
