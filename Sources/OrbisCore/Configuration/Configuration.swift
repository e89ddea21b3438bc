/// Orbis's configuration, decoded and validated from the TOML file (see `Config/orbis.toml`,
/// where every key is commented). Paths are absolute once loaded.
public struct Configuration: Hashable, Sendable {
  public var dataDirectory: String
  public var reportsDirectory: String
  public var stateDirectory: String
  /// Staff whose primary nationality is another country count as foreign.
  public var hostCountry: CountryID
  /// IANA time zone of the as-of date and schedules (default: the system's).
  public var timeZone: String
  /// Input files larger than this are refused whole.
  public var maxInputFileSize: Int
  /// Rejected rows kept and listed per run; beyond it they are only counted.
  public var maxListedDiagnostics: Int
  /// Extra header → field mappings per dataset; headers are stored folded (`TextKey.fold`).
  public var columnMappings: [DatasetKind: [String: String]]
  /// Named lists of countries (EU member states, CERN member states…), in file order.
  public var countryGroups: [CountryGroup]
  /// Programme types with their labels, in file order.
  public var programmeTypes: [ProgrammeType]
  /// Programmes starting or ending within this many days are listed as upcoming.
  public var upcomingDays: Int
  /// Published reports kept per report name.
  public var retention: Int
  public var reports: [ReportDefinition]

  public struct CountryGroup: Hashable, Sendable {
    public var name: String
    public var members: [CountryID]
  }

  public struct ProgrammeType: Hashable, Sendable {
    public var code: String
    public var label: String
  }

  public struct ReportDefinition: Hashable, Sendable {
    public var name: String
  }

  /// CNRS's international tools, the default programme types.
  public static let defaultProgrammeTypes = [
    ProgrammeType(code: "IEA", label: "International Emerging Action"),
    ProgrammeType(code: "IRN", label: "International Research Network"),
    ProgrammeType(code: "IRP", label: "International Research Project"),
    ProgrammeType(code: "IRL", label: "International Research Laboratory"),
  ]

  public static let defaultMaxInputFileSize = 1 << 30
  public static let defaultMaxListedDiagnostics = 10_000
  public static let defaultUpcomingDays = 180
  public static let defaultRetention = 30
}
