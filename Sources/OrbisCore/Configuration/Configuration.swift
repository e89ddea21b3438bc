import Foundation

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
  /// How text inputs (`.csv`, `.tsv`) are decoded unless a file rule says otherwise
  /// (`inputs.encoding`).
  public var inputEncoding: InputEncoding = .auto
  /// `[inputs.files]`: globs naming files of a dataset whatever their name, in file order;
  /// checked before the name prefixes.
  public var fileRules: [FileRule] = []
  /// How slashed dates are read (`inputs.date_order`): day first (`30/06/2026`) by default.
  public var dateOrder: DateOrder = .dmy
  /// How FTE values are read (`inputs.fte_scale`).
  public var fteScale: FTEScale = .auto
  /// A dataset whose accepted rows fall by more than this share (per cent) against the previous
  /// published report stops the run (`inputs.max_drop_percent`, default 50).
  public var maxDropPercent: Double = 50
  /// `[countries.aliases]`: the office's own spellings (folded, `TextKey.fold`) → country.
  public var countryAliases: [String: CountryID] = [:]
  /// Named lists of countries (EU member states, CERN member states…), in file order.
  public var countryGroups: [CountryGroup]
  /// Programme types with their labels, in file order.
  public var programmeTypes: [ProgrammeType]
  /// Programmes starting or ending within this many days are listed as upcoming.
  public var upcomingDays: Int
  /// Published reports kept per report name.
  public var retention: Int
  public var reports: [ReportDefinition]
  /// How `orbis serve` reacts to changes and failures.
  public var daemon: Daemon

  public struct CountryGroup: Hashable, Sendable {
    public var name: String
    public var members: [CountryID]
  }

  public struct ProgrammeType: Hashable, Sendable {
    public var code: String
    /// The label of every language without one of its own (the English one, or the plain
    /// string form).
    public var label: String
    /// Labels per language (`[programme_types.IRP] en = "…"`, `fr = "…"`); see `label(in:)`.
    public var labels: [ReportLanguage: String] = [:]

    public init(code: String, label: String, labels: [ReportLanguage: String] = [:]) {
      self.code = code
      self.label = label
      self.labels = labels
    }
  }

  /// One `[[report]]`: what to publish, when and in which time zone.
  public struct ReportDefinition: Hashable, Sendable {
    public var name: String
    /// When `orbis serve` publishes it besides data changes; nil: on data changes only.
    public var schedule: CronExpression?
    /// IANA time zone of the schedule and the as-of date (the report's, else the institute's).
    public var timeZone: String
    /// Files written besides `stats.json` (always written: it is the record later runs compare
    /// with).
    public var formats: [OutputFormat]
    /// The as-of date of a run (`as_of`, default `today`), in `timeZone`.
    public var asOf: AsOfRule
    /// How the figures evolved up to the as-of date (`trends.*`).
    public var trends: Trends
    /// The language of every text the report shows (`language`, else `[institute] language`).
    public var language: ReportLanguage
    /// The staff and programmes it counts (`units`, `categories`); `.institute` by default.
    public var scope: ReportScope
    /// `for_each_unit`: besides (or, with `units`, instead of) the report of the scope, one
    /// report per unit of the scope found in the data, under `REPORTS/<name>/<unit>/`.
    public var forEachUnit: Bool
    /// `min_count` (K): counts of people from 1 to K − 1 are suppressed; nil: off.
    public var minCount: Int?

    public init(
      name: String, schedule: CronExpression? = nil, timeZone: String = "UTC",
      formats: [OutputFormat] = OutputFormat.allCases, asOf: AsOfRule = .today,
      trends: Trends = Trends(), language: ReportLanguage = .en, scope: ReportScope = .institute,
      forEachUnit: Bool = false, minCount: Int? = nil
    ) {
      self.language = language
      self.scope = scope
      self.forEachUnit = forEachUnit
      self.minCount = minCount
      self.name = name
      self.schedule = schedule
      self.timeZone = timeZone
      self.formats = formats
      self.asOf = asOf
      self.trends = trends
    }

    /// The as-of date of a run started at `now`.
    public func asOfDay(at now: Date) -> Day {
      asOf.day(at: now, in: TimeZone(identifier: timeZone) ?? .current)
    }

    /// `[[report]] trends.period`, `trends.periods`, `trends.recompute`.
    public struct Trends: Hashable, Sendable {
      /// The points are the last `periods` ends of this period before the as-of date, then the
      /// as-of date.
      public var period: TrendPeriod = .year
      /// 0: no trends.
      public var periods: Int = 10
      /// A point no published report of this name gives is recomputed from the current input
      /// files (true), or left out (false).
      public var recompute = true

      public init(period: TrendPeriod = .year, periods: Int = 10, recompute: Bool = true) {
        self.period = period
        self.periods = periods
        self.recompute = recompute
      }
    }
  }

  /// The character encoding of text inputs. A BOM (UTF-8, UTF-16 LE or BE) always wins.
  public enum InputEncoding: String, CaseIterable, Hashable, Sendable {
    /// UTF-8, and a file that is not valid UTF-8 as Windows-1252 (what Excel writes for
    /// "CSV" on Windows in Western Europe), or as Mac OS Roman when its lines end with CR alone;
    /// said in the log and the report. A file mixing UTF-8 and other bytes is refused.
    case auto
    /// UTF-8 only: any other byte sequence stops the run.
    case utf8 = "utf-8"
    /// Windows-1252 (code page 1252), whatever the bytes.
    case windows1252 = "windows-1252"
    /// Mac OS Roman, whatever the bytes (`auto` picks it for a file that is not UTF-8 and
    /// whose lines end with CR alone, as Excel for Mac's "CSV (Macintosh)").
    case macRoman = "mac-roman"
  }

  /// The order of day and month in slashed dates (`inputs.date_order`).
  public enum DateOrder: String, CaseIterable, Hashable, Sendable {
    /// `30/06/2026`: day, month, year (most of the world, and France).
    case dmy
    /// `06/30/2026`: month, day, year (the United States).
    case mdy

    /// How a person reads it: "day/month/year".
    public var words: String { self == .dmy ? "day/month/year" : "month/day/year" }
  }

  /// How FTE values are read (`inputs.fte_scale`).
  public enum FTEScale: String, CaseIterable, Hashable, Sendable {
    /// Per file: fractions, unless its FTE values are all in [0, 100] with one above 1
    /// (percentages, said in the log and `orbis check`). `80 %` is a percentage always.
    case auto
    /// A fraction of full time in (0, 1]: `0.8`.
    case fraction
    /// A percentage of full time in (0, 100]: `80`.
    case percent
  }

  /// One `[inputs.files]` rule: files whose name matches `pattern` (a shell glob, compared
  /// ignoring case: `*`, `?`, `[…]`) are read as `dataset`, in `encoding` when given.
  public struct FileRule: Hashable, Sendable {
    public var pattern: String
    public var dataset: DatasetKind
    public var encoding: InputEncoding?

    public init(pattern: String, dataset: DatasetKind, encoding: InputEncoding? = nil) {
      self.pattern = pattern
      self.dataset = dataset
      self.encoding = encoding
    }
  }

  public enum OutputFormat: String, CaseIterable, Hashable, Sendable {
    case xlsx, txt, md
  }

  /// The daemon's timing: settle delay, run guard, retries, metrics.
  public struct Daemon: Hashable, Sendable {
    /// Seconds without a new change in the data directory before a run starts.
    public var settleDelay: Double = 5
    /// A run taking longer is abandoned without publishing.
    public var runTimeout: Double = 600
    /// Attempts of a failed run in all (1: no retry).
    public var retryAttempts: Int = 3
    /// Seconds before the first retry; doubled for each further one.
    public var retryDelay: Double = 30
    /// Prometheus node-exporter textfile, rewritten after each run; nil: none.
    public var metricsFile: String?
    /// How changes in the data directory are seen (`daemon.watch`).
    public var watch: WatchMode = .auto
    /// Seconds between two scans when polling (`daemon.poll_seconds`).
    public var pollSeconds: Double = 30
    /// With inotify, seconds between two safety rescans (a lost event costs at most that);
    /// 0: none (`daemon.rescan_seconds`).
    public var rescanSeconds: Double = 600

    public init() {}

    /// `daemon.watch`.
    public enum WatchMode: String, CaseIterable, Hashable, Sendable {
      /// Poll on a network or FUSE file system (where inotify sees only this host's own
      /// changes), inotify elsewhere.
      case auto
      /// inotify, whatever the file system.
      case inotify
      /// Scan the directory every `poll_seconds`: one stat per file, no read.
      case poll
    }
  }

  /// CNRS's international tools, the default programme types.
  public static let defaultProgrammeTypes = [
    // CNRS's names of its international cooperation tools, in English and French.
    ProgrammeType(
      code: "IEA", label: "International Emerging Action",
      labels: [.fr: "Action internationale émergente"]),
    ProgrammeType(
      code: "IRN", label: "International Research Network",
      labels: [.fr: "Réseau international de recherche"]),
    ProgrammeType(
      code: "IRP", label: "International Research Project",
      labels: [.fr: "Projet international de recherche"]),
    ProgrammeType(
      code: "IRL", label: "International Research Laboratory",
      labels: [.fr: "Laboratoire international de recherche"]),
  ]

  public static let defaultMaxInputFileSize = 1 << 30
  public static let defaultMaxListedDiagnostics = 10_000
  public static let defaultUpcomingDays = 180
  public static let defaultRetention = 30
}
