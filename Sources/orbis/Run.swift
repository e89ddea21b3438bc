import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisReports

/// `orbis run`: one run, published now.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read the data directory and publish the reports once.",
    discussion: """
      Publishes REPORTS/<report>/<UTC time>/ (report.xlsx, summary.txt, summary.md, stats.json) \
      and points REPORTS/<report>/latest at it. Exit status: 0 published, 1 published with \
      rejected rows, 2 nothing published (a file cannot be read, the configuration is invalid, \
      or the reports cannot be written).
      """)

  @Option(
    name: .long, help: "Configuration file (default: $ORBIS_CONFIG, else /etc/orbis/orbis.toml).")
  var config: String?

  @Option(name: .long, help: "Data directory (default: the configuration's paths.data).")
  var data: String?

  @Option(name: .long, help: "Reports directory (default: the configuration's paths.reports).")
  var out: String?

  @Option(
    name: .customLong("as-of"),
    help: "Reference date, YYYY-MM-DD (default: today in the configured time zone).")
  var asOf: String?

  @Option(name: .long, help: "The report to publish (default: every [[report]] defined).")
  var report: String?

  func validate() throws {
    if let asOf, Day(iso: asOf) == nil {
      throw ValidationError("--as-of \(asOf) is not a date; use YYYY-MM-DD")
    }
  }

  func run() throws {
    let logger = LogSetup.logger()
    let environment = ProcessInfo.processInfo.environment
    let loaded: LoadedConfiguration
    do {
      loaded = try ConfigurationFile.read(
        path: ConfigurationFile.path(option: config, environment: environment),
        environment: environment)
    } catch {
      FileHandle.standardError.write(Data("orbis: invalid configuration: \(error)\n".utf8))
      throw ExitCode(2)
    }
    let names = loaded.configuration.reports.map(\.name)
    if let report, !names.contains(report) {
      FileHandle.standardError.write(
        Data(
          "orbis: no report named \"\(report)\" in \(loaded.path); defined: \(names.joined(separator: ", "))\n"
            .utf8))
      throw ExitCode(2)
    }
    var exitCode: Int32 = 0
    for name in report.map({ [$0] }) ?? names {
      let run = ReportRun(
        loaded: loaded, reportName: name, dataDirectory: data, reportsDirectory: out,
        asOf: asOf.flatMap(Day.init(iso:)), force: true)
      let outcome = run.run(now: Date(), logger: logger)
      print(RunSummary.text(outcome, reportName: name), terminator: "")
      exitCode = max(exitCode, outcome.exitCode)
    }
    if exitCode != 0 { throw ExitCode(exitCode) }
  }
}
