import Foundation
import OrbisCore
import OrbisReports

/// A small report: figures computed from a handful of records, and a temporary directory.
struct ReportFixture {
  static func country(_ code: String) -> CountryID { CountryTable.country(alpha2: code)! }
  static func nat(_ code: String) -> Nationality { .country(country(code)) }

  static let configuration = try! Configuration.parse(
    toml: """
      [institute]
      host_country = "FR"
      [country_groups]
      "EU" = ["FR", "DE", "IT"]
      """, file: "t.toml", baseDirectory: "/")

  static let formulaPayloads = [
    "=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)",
  ]
  static let longUnit = String(repeating: "Laboratoire de physique ", count: 8)

  static let dataset = Dataset(
    staff: [
      StaffMember(id: "1", nationality: nat("FR"), unit: "LAPP", category: "researcher"),
      StaffMember(id: "2", nationality: nat("FR"), unit: "LAPP", category: "engineer"),
      StaffMember(id: "3", nationality: nat("IT"), unit: "LAPP", category: "researcher", fte: 0.5),
      StaffMember(id: "4", nationality: nat("DE"), unit: formulaPayloads[0]),
      StaffMember(id: "5", nationality: nat("JP"), unit: longUnit),
      StaffMember(id: "6", nationality: .stateless, unit: "CPPM"),
      StaffMember(id: "7", nationality: nat("FR"), unit: "CPPM", category: formulaPayloads[1]),
    ],
    programmes: [
      Programme(id: "P1", type: "IRP", acronym: "ALFA-AC", partnerCountries: [country("AR")]),
      Programme(id: "P2", type: "IRL", acronym: "FCPPL", partnerCountries: [country("CN")]),
      Programme(id: "P3", type: "IEA", title: formulaPayloads[2]),
    ],
    agreements: [
      Agreement(
        partner: "European Organization for Nuclear Research", acronym: "CERN",
        category: "EIROforum", kind: "Cooperation agreement")
    ])

  static func record(
    asOf: String = "2026-11-23", changes: Changes? = nil, rejected: DiagnosticLog? = nil,
    language: ReportLanguage = .en
  ) -> ReportRecord {
    let stats = Statistics.compute(
      dataset: dataset, asOf: Day(iso: asOf)!, configuration: configuration, language: language)
    var log = rejected ?? DiagnosticLog(cap: 10)
    if rejected == nil {
      log.record(
        Diagnostic(
          location: SourceLocation(file: "staff.csv", line: 9), column: "nationality",
          value: "=1+1", kind: .unknownCountry, reason: "unknown country"))
    }
    return ReportRecord(
      report: "default", orbisVersion: OrbisVersion.current,
      generatedAt: Date(timeIntervalSince1970: 1_795_413_600),  // 2026-11-23T06:00:00Z
      timeZone: "Europe/Paris", asOf: Day(iso: asOf)!,
      configSha256: String(repeating: "c", count: 64),
      inputs: [
        InputRecord(
          file: "staff.csv", dataset: .staff, format: "csv", size: 321,
          sha256: String(repeating: "a", count: 64), rowsRead: 8, rowsAccepted: 7,
          rejectedByKind: [.unknownCountry: 1])
      ],
      rejected: RejectedRecord(log: log), statistics: stats, changes: changes,
      language: language)
  }
}

/// A fresh temporary directory.
struct TemporaryDirectory {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-reports-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func join(_ parts: String...) -> String {
    parts.reduce(path) { ($0 as NSString).appendingPathComponent($1) }
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
