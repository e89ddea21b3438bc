import Foundation
import OrbisCore

/// Every text a report shows, in one language: sheet names, headers, labels, notes, chart
/// titles, the summaries' headings and sentences. One conforming type per language
/// (`EnglishWording`, `FrenchWording`); a requirement a language lacks is a build error, so a
/// third language is one new file and one case of `ReportLanguage`.
///
/// Sentences take their numbers already formatted (by `ReportLocale`) and, where the grammar
/// needs it, the count itself for the plural.
public protocol Wording: Sendable {
  /// The locale of numbers and dates (Foundation's formatters, CLDR data): `en_GB`, `fr_FR`.
  var localeIdentifier: String { get }

  // MARK: Report
  func reportTitle(_ name: String) -> String
  func titleAsOf(_ title: String, _ date: String) -> String
  var documentSubject: String { get }
  func generatedLine(
    asOf: String, timeZone: String, generatedAt: String, version: String
  )
    -> String
  func hostLine(_ host: String) -> String
  /// The page header and footer of a printed sheet (Excel's codes: &P page, &N pages).
  var pageFooter: String { get }

  // MARK: Sheet names (at most 31 characters, none of []:*?/\)
  var sheetSummary: String { get }
  var sheetNationalities: String { get }
  var sheetUnits: String { get }
  var sheetProgrammes: String { get }
  var sheetProgrammeList: String { get }
  var sheetAgreements: String { get }
  var sheetChanges: String { get }
  var sheetTrends: String { get }
  var sheetDataQuality: String { get }
  var sheetProvenance: String { get }
  var sheetChartData: String { get }

  // MARK: Key figures
  var asOf: String { get }
  var timeZone: String { get }
  var generatedAtUTC: String { get }
  var hostCountry: String { get }
  var staffPresent: String { get }
  var headcount: String { get }
  var fullTimeEquivalent: String { get }
  var foreignStaff: String { get }
  func noHostNationality(_ host: String) -> String
  var nationalitiesPrimary: String { get }
  var nationalitiesHeld: String { get }
  var multipleNationalities: String { get }
  var stateless: String { get }
  var nationalityUnknown: String { get }
  var programmesActive: String { get }
  var allTypes: String { get }
  var agreements: String { get }
  var inForce: String { get }
  var listed: String { get }
  var dataQuality: String { get }
  var rowsRead: String { get }
  var rowsRejected: String { get }
  var sharesNote: String { get }
  var keyFigures: String { get }
  var figure: String { get }
  var value: String { get }
  func sharesOfKnown(_ known: String) -> String

  // MARK: Staff tables
  var categories: String { get }
  var category: String { get }
  var staff: String { get }
  var fte: String { get }
  var share: String { get }
  var countryGroups: String { get }
  var countryGroup: String { get }
  var group: String { get }
  var noCountryGroups: String { get }
  var none: String { get }
  var nationality: String { get }
  var code: String { get }
  var continent: String { get }
  var continents: String { get }
  var m49Code: String { get }
  var unit: String { get }
  var units: String { get }
  var knownNationality: String { get }
  var foreign: String { get }
  var foreignShare: String { get }
  var nationalities: String { get }
  var other: String { get }
  var notGiven: String { get }
  func moreInWorkbook(_ count: String, sheet: String) -> String

  // MARK: Charts
  /// `largest` is at least 1.
  func chartForeignByNationality(_ largest: Int) -> String
  var chartForeignByContinent: String { get }
  func chartForeignShareByUnit(largest: Int?) -> String
  var chartProgrammesByType: String { get }
  var chartHeadcountTrend: String { get }
  var chartForeignShareTrend: String { get }
  var chartProgrammesTrend: String { get }

  // MARK: Programmes
  var programmes: String { get }
  var byType: String { get }
  var type: String { get }
  var label: String { get }
  var active: String { get }
  var byPartnerCountry: String { get }
  var country: String { get }
  var partnerCountry: String { get }
  var byContinent: String { get }
  var byUnit: String { get }
  var activeProgrammes: String { get }
  var id: String { get }
  var acronym: String { get }
  var title: String { get }
  var partnerCountries: String { get }
  var start: String { get }
  var end: String { get }
  func upcoming(days: Int, _ shown: String) -> String
  func noUpcoming(days: Int, _ shown: String) -> String
  var date: String { get }
  var inDays: String { get }
  var event: String { get }
  func eventName(_ event: UpcomingRow.Event) -> String
  func programmesActiveSentence(_ count: Int, _ shown: String) -> String

  // MARK: Agreements
  var inForceByCategory: String { get }
  var inForceByKind: String { get }
  var kind: String { get }
  var allAgreements: String { get }
  var partner: String { get }
  var signed: String { get }
  var seat: String { get }
  var status: String { get }
  func statusName(_ status: AgreementRow.Status) -> String
  func agreementsSentence(inForce: String, listed: Int, _ shown: String) -> String

  // MARK: Changes
  var changes: String { get }
  var noPreviousReport: String { get }
  func changesSince(asOf: String, generatedAt: String) -> String
  var before: String { get }
  var now: String { get }
  var change: String { get }
  var agreementsInForce: String { get }
  var nationalitiesGained: String { get }
  var nationalitiesLost: String { get }
  var staffBefore: String { get }
  var programmesAdded: String { get }
  var programmesEnded: String { get }
  /// A change of a share, in percentage points: `+1.3 pts`.
  func points(_ shown: String) -> String
  /// The unit of `points`, for the workbook's number format of such a change.
  var pointsUnit: String { get }
  func listLine(_ heading: String, _ items: String) -> String
  func andMore(_ count: String) -> String

  // MARK: Trends
  var trends: String { get }
  var noTrends: String { get }
  func trendsTitle(period: TrendPeriod, points: Int, shown: String) -> String
  var trendsNote: String { get }
  var source: String { get }
  func sourceName(_ source: TrendPoint.Source) -> String
  var unknownNationality: String { get }
  func topNationalitiesAtEveryPoint(_ count: Int) -> String
  var noForeignStaff: String { get }
  func programmesByTypeAtEachPoint(sheet: String) -> String

  // MARK: Data quality and provenance
  func rejectedSentence(_ count: Int, _ shown: String) -> String
  func rejectedListed(total: String, listed: String, notListed: String) -> String
  var everyRowAccepted: String { get }
  func moreRejected(_ count: String, notListed: String?, sheet: String) -> String
  var file: String { get }
  var line: String { get }
  var column: String { get }
  var reason: String { get }
  var rows: String { get }
  var howRead: String { get }
  func diagnosticKind(_ kind: DiagnosticKind) -> String
  func shortenedCells(_ count: Int, _ shown: String, _ limit: String) -> String
  func rowsNotShown(_ count: String, limit: String) -> String
  var inputs: String { get }
  var dataset: String { get }
  func datasetName(_ kind: DatasetKind) -> String
  var format: String { get }
  var sizeBytes: String { get }
  var rowsAccepted: String { get }
  var rejected: String { get }
  var encoding: String { get }
  var noInputs: String { get }
  var configurationSHA256: String { get }
  func configurationHashLine(_ prefix: String) -> String
  var orbisVersion: String { get }
  var report: String { get }
  var language: String { get }
  var schemaVersion: String { get }

  // MARK: Scope and small-count protection
  /// "Scope".
  var scope: String { get }
  /// "units LAPP, LPSC; categories engineer", or the whole institute.
  func scopeValue(units: [String]?, categories: [String]?) -> String
  /// The sentence that says what a scoped report counts, under its key figures.
  func scopeNote(_ scope: String) -> String
  /// Data quality of a scoped report: only its own rejected rows are listed.
  var rejectedOfScopeOnly: String { get }
  /// Data quality of a protected report: rejected rows are counted, not listed.
  var rejectedCountedOnly: String { get }
  /// "Small-count protection".
  var protection: String { get }
  /// What the marks mean: `below` is "< 3", `k` 3, `largest` 2, `cells` how many.
  func protectionValue(k: String, below: String, largest: String, cells: String) -> String
  var protectionOff: String { get }

  // MARK: The log lines of a publication
  func logStaff(
    headcount: String, foreign: String, share: String, nationalities: String
  )
    -> String
  func logProgrammes(active: String, byType: String) -> String
  func logAgreements(inForce: String) -> String
  func logRejected(_ count: String, sheet: String) -> String
}

extension ReportLanguage {
  /// This language's wording.
  public var wording: any Wording {
    switch self {
    case .en: EnglishWording()
    case .fr: FrenchWording()
    }
  }
}
