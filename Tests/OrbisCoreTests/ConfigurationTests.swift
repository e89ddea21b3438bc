import OrbisCore
import Testing

@Suite struct ConfigurationTests {
  func parse(
    _ text: String, environment: [String: String] = [:]
  ) throws(ConfigurationError)
    -> Configuration
  {
    try Configuration.parse(
      toml: text, file: "orbis.toml", baseDirectory: "/etc/orbis", environment: environment,
      workingDirectory: "/home/office", systemTimeZone: "UTC")
  }

  func error(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func defaultsAndPaths() throws {
    let c = try parse(
      """
      [paths]
      data = "data"
      reports = "/srv/reports"
      [institute]
      host_country = "fr"
      """)
    #expect(c.dataDirectory == "/etc/orbis/data")
    #expect(c.reportsDirectory == "/srv/reports")
    #expect(c.stateDirectory == "/var/lib/orbis/state")
    #expect(c.hostCountry.country.alpha2 == "FR")
    #expect(c.timeZone == "UTC")
    #expect(c.maxInputFileSize == 1 << 30)
    #expect(c.maxListedDiagnostics == 10_000)
    #expect(c.upcomingDays == 180)
    #expect(c.programmeTypes.map(\.code) == ["IEA", "IRN", "IRP", "IRL"])
    #expect(c.reports.map(\.name) == ["default"])
  }

  @Test func environmentOverridesTheDirectories() throws {
    let c = try parse(
      "[institute]\nhost_country = \"FR\"\n",
      environment: ["ORBIS_DATA_DIR": "drop", "ORBIS_REPORTS_DIR": "/r", "ORBIS_STATE_DIR": "/s"])
    #expect(c.dataDirectory == "/home/office/drop")
    #expect(c.reportsDirectory == "/r")
    #expect(c.stateDirectory == "/s")
  }

  @Test func groupsTypesMappingsInFileOrder() throws {
    let c = try parse(
      """
      [institute]
      host_country = "FR"
      time_zone = "Europe/Paris"
      [inputs.columns.staff]
      "Numéro agent" = "id"
      [programme_types]
      IRP = "International Research Project"
      ABC = "A new tool"
      [country_groups]
      "Zeta" = ["DE", "Italie"]
      "Alpha" = ["CH"]
      [[report]]
      name = "weekly"
      [[report]]
      name = "monthly"
      """)
    #expect(c.columnMappings[.staff] == ["numeroagent": "id"])
    #expect(c.programmeTypes.map(\.code) == ["IRP", "ABC"])
    #expect(c.countryGroups.map(\.name) == ["Zeta", "Alpha"])
    #expect(c.countryGroups[0].members.map(\.country.alpha2) == ["DE", "IT"])
    #expect(c.reports.map(\.name) == ["weekly", "monthly"])
  }

  @Test func languagesOfTheInstituteTheReportsAndTheProgrammeTypes() throws {
    let c = try parse(
      """
      [institute]
      host_country = "FR"
      language = "fr"
      [programme_types]
      IRP = { en = "International Research Project", fr = "Projet international de recherche" }
      ABC = "Un outil"
      XYZ = { fr = "Seulement en français" }
      [[report]]
      name = "institut"
      [[report]]
      name = "partners"
      language = "EN"
      """)
    #expect(c.reports.map(\.language) == [.fr, .en])
    let labels = c.programmeTypes.map { [$0.label(in: .en), $0.label(in: .fr)] }
    #expect(
      labels == [
        ["International Research Project", "Projet international de recherche"],
        ["Un outil", "Un outil"], ["Seulement en français", "Seulement en français"],
      ])
    // The defaults: English, and CNRS's labels in both languages.
    let d = try parse("[institute]\nhost_country = \"FR\"\n")
    #expect(d.reports.map(\.language) == [.en])
    #expect(d.programmeTypes.first?.label(in: .fr) == "Action internationale émergente")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[[report]]\nname = \"x\"\nlanguage = \"de\"\n")
        == "orbis.toml:5: report[0].language: unknown value \"de\"; use \"en\" or \"fr\"")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[programme_types]\nIRP = { es = \"x\" }\n")
        == "orbis.toml:4: programme_types.IRP.es: unknown key; known keys here: en, fr")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[programme_types]\nIRP = { fr = \"\" }\n")
        == "orbis.toml:4: programme_types.IRP.fr: must not be empty")
  }

  @Test func errorsNameTheKeyTheLineAndTheReason() {
    #expect(
      error("[institute]\nhost_country = \"FX\"\n")
        == "orbis.toml:2: institute.host_country: unknown country \"FX\"; use an ISO 3166-1 code such as \"FR\""
    )
    #expect(
      error("[institute]\nhost_country = \"FR\"\ntime_zone = \"Europe/Pariss\"\n")
        == "orbis.toml:3: institute.time_zone: unknown time zone \"Europe/Pariss\"; use an IANA name such as \"Europe/Paris\""
    )
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[inputs]\nmax_listed = 3\n")
        == "orbis.toml:4: inputs.max_listed: unknown key; known keys here: max_file_size_mb, max_listed_diagnostics, encoding, date_order, fte_scale, max_drop_percent, columns, files"
    )
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[reports]\nupcoming_days = -1\n")
        == "orbis.toml:4: reports.upcoming_days: -1 is out of range; use 0 to 3660")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[inputs.columns.staff]\n\"Pays\" = \"nation\"\n")?
        .hasPrefix("orbis.toml:4: inputs.columns.staff.Pays: unknown staff field \"nation\"")
        == true)
    #expect(error("[institute]\n")?.contains("institute.host_country: is required") == true)
    #expect(
      error("[institute\nhost_country = 1")?.hasPrefix("orbis.toml:1: not valid TOML") == true)
  }

  @Test func daemonKeysAndPerReportScheduleZoneAndFormats() throws {
    let c = try parse(
      """
      [institute]
      host_country = "FR"
      time_zone = "Europe/Paris"
      [daemon]
      settle_seconds = 0.5
      run_timeout_seconds = 120
      retry_attempts = 5
      retry_delay_seconds = 2
      metrics_file = "metrics/orbis.prom"
      [[report]]
      name = "weekly"
      schedule = "0 7 * * mon"
      formats = ["xlsx", "md"]
      [[report]]
      name = "tokyo"
      schedule = "@daily"
      time_zone = "Asia/Tokyo"
      """)
    #expect(c.daemon.settleDelay == 0.5)
    #expect(c.daemon.runTimeout == 120)
    #expect(c.daemon.retryAttempts == 5)
    #expect(c.daemon.retryDelay == 2)
    #expect(c.daemon.metricsFile == "/etc/orbis/metrics/orbis.prom")
    #expect(c.reports.map(\.schedule?.text) == ["0 7 * * mon", "@daily"])
    #expect(c.reports.map(\.timeZone) == ["Europe/Paris", "Asia/Tokyo"])
    #expect(c.reports[0].formats == [.xlsx, .md])
    #expect(c.reports[1].formats == [.xlsx, .txt, .md])

    let defaults = try parse("[institute]\nhost_country = \"FR\"\n")
    #expect(defaults.daemon == Configuration.Daemon())
    #expect(defaults.daemon.settleDelay == 5)
    #expect(defaults.daemon.runTimeout == 600)
    #expect(defaults.reports[0].schedule == nil)
  }

  @Test func daemonErrorsNameTheReportKeyAndLine() {
    let head =
      "[institute]\nhost_country = \"FR\"\n[[report]]\nname = \"a\"\n[[report]]\nname = \"b\"\n"
    #expect(
      error(head + "schedule = \"0 25 * * *\"\n")
        == "orbis.toml:7: report[1].schedule: hour \"25\" is not in 0-23")
    #expect(
      error(head + "schedule = \"0 6 * *\"\n")?.hasPrefix(
        "orbis.toml:7: report[1].schedule: has 4 fields; a schedule has 5") == true)
    #expect(
      error(head + "time_zone = \"Mars/Olympus\"\n")
        == "orbis.toml:7: report[1].time_zone: unknown time zone \"Mars/Olympus\"; use an IANA name such as \"Europe/Paris\""
    )
    #expect(
      error(head + "formats = [\"pdf\"]\n")
        == "orbis.toml:7: report[1].formats: \"pdf\" is not a format; use xlsx, txt, md")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[daemon]\nsettle_seconds = \"5s\"\n")
        == "orbis.toml:4: daemon.settle_seconds: must be a number of seconds")
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[daemon]\nmetrics_file = \"/tmp/x.txt\"\n")?
        .hasPrefix("orbis.toml:4: daemon.metrics_file: must end in .prom") == true)
  }

  @Test func reportNamesAreWhatAFolderCanBeNamed() throws {
    func nameError(_ name: String) -> String? {
      error("[institute]\nhost_country = \"FR\"\n[[report]]\nname = \"\(name)\"\n")
    }
    for good in ["a", "LAPP-2026", "year_end.v2", "0", String(repeating: "x", count: 64)] {
      #expect(nameError(good) == nil, "\(good)")
    }
    for bad in [
      "", "-a", ".hidden", "_a", "a b", "a/b", "../x", "é", "a\\n", "a\\t",
      String(repeating: "x", count: 65),
    ] {
      #expect(nameError(bad)?.contains("must be 1 to 64 letters, digits") == true, "\(bad)")
    }
  }

  @Test func inputEncodingAndFileRules() throws {
    let c = try parse(
      """
      [institute]
      host_country = "FR"
      [inputs]
      encoding = "UTF-8"
      [inputs.files]
      "Extraction agents*.xlsx" = "staff"
      "Export RH*.csv" = { dataset = "staff", encoding = "cp1252" }
      "conventions.*" = "agreements"
      """)
    #expect(c.inputEncoding == .utf8)
    #expect(
      c.fileRules == [
        .init(pattern: "Extraction agents*.xlsx", dataset: .staff),
        .init(pattern: "Export RH*.csv", dataset: .staff, encoding: .windows1252),
        .init(pattern: "conventions.*", dataset: .agreements),
      ])
    #expect(try parse("[institute]\nhost_country = \"FR\"\n").inputEncoding == .auto)
  }

  @Test func badEncodingsAndFileRulesNameTheirLine() {
    let head = "[institute]\nhost_country = \"FR\"\n[inputs]\n"
    #expect(
      error(head + "encoding = \"latin-9\"\n")
        == "orbis.toml:4: inputs.encoding: unknown encoding \"latin-9\"; use \"auto\", \"utf-8\", \"windows-1252\" or \"mac-roman\""
    )
    #expect(
      error(head + "[inputs.files]\n\"a.csv\" = \"staff\"\n\"Export.v2*.csv\" = \"people\"\n")
        == "orbis.toml:6: inputs.files.\"Export.v2*.csv\": unknown dataset \"people\"; use staff, programmes, agreements"
    )
    #expect(
      error(head + "[inputs.files]\n\"x*.csv\" = { dataset = \"staff\", encoding = \"ebcdic\" }\n")
        == "orbis.toml:5: inputs.files.\"x*.csv\".encoding: unknown encoding \"ebcdic\"; use \"auto\", \"utf-8\", \"windows-1252\" or \"mac-roman\""
    )
    #expect(
      error(head + "[inputs.files]\n\"data/*.csv\" = \"staff\"\n")
        == "orbis.toml:5: inputs.files.\"data/*.csv\": must be a file name pattern such as \"Extraction agents*.xlsx\" (no /)"
    )
  }

  @Test func valueRulesAndCountryAliases() throws {
    let c = try parse(
      """
      [institute]
      host_country = "FR"
      [inputs]
      date_order = "MDY"
      fte_scale = "percent"
      max_drop_percent = 30
      [countries.aliases]
      "Ex-Yougoslavie" = "RS"
      "Kosova" = "XK"
      """)
    #expect(c.dateOrder == .mdy)
    #expect(c.fteScale == .percent)
    #expect(c.maxDropPercent == 30)
    #expect(
      c.countryAliases.mapValues(\.country.alpha2) == ["exyougoslavie": "RS", "kosova": "XK"])
    let defaults = try parse("[institute]\nhost_country = \"FR\"\n")
    #expect(defaults.dateOrder == .dmy && defaults.fteScale == .auto)
    #expect(defaults.maxDropPercent == 50)
  }

  @Test func anAliasToAnUnknownCountryNamesItsLine() {
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[countries.aliases]\n\"Yougoslavie\" = \"YU\"\n")
        == "orbis.toml:4: countries.aliases.Yougoslavie: \"YU\" is not a known country; use an ISO 3166-1 code such as \"RS\" (or \"XK\" for Kosovo)"
    )
    #expect(
      error("[institute]\nhost_country = \"FR\"\n[inputs]\ndate_order = \"ymd\"\n")
        == "orbis.toml:4: inputs.date_order: unknown value \"ymd\"; use \"dmy\" or \"mdy\"")
  }

  @Test func aliasesCannotRedefineOrContradict() {
    let head = "[institute]\nhost_country = \"FR\"\n[countries.aliases]\n"
    #expect(
      error(head + "\"Fr\" = \"DE\"\n")
        == "orbis.toml:4: countries.aliases.Fr: \"Fr\" already means France (FR); an alias cannot redefine it"
    )
    #expect(
      error(head + "\"Yougo\" = \"RS\"\n\"yougo\" = \"HR\"\n")?.contains(
        "are the same spelling for two countries; keep one") == true)
    #expect(
      error(head + "\"--\" = \"FR\"\n")
        == "orbis.toml:4: countries.aliases.--: an alias needs letters or digits")
  }
}
