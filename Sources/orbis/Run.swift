import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisReports

/// `orbis run`: one run, published now.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Read the data directory and publish the reports once.",
    discussion: """
      Publishes REPORTS/<report>/<UTC time>/ (report.xlsx, summary.txt, summary.md, stats.json) \
      and points REPORTS/<report>/latest at it. Exit status: 0 published, 1 published with \
      rejected rows, 2 nothing published (a file cannot be read, a dataset fell by more than \
      inputs.max_drop_percent, the configuration is invalid, or the reports cannot be written).
      """)

  @OptionGroup var inputs: InputOptions

  @Option(
    name: .long, help: "Reports directory (default: the configuration's paths.reports).",
    completion: .directory)
  var out: String?

  @Option(name: .long, help: "The report to publish (default: every [[report]] defined).")
  var report: String?

  @Flag(
    name: .customLong("accept-drop"),
    help:
      "Publish even when a dataset's accepted rows fell by more than inputs.max_drop_percent against the previous report."
  )
  var acceptDrop = false

  func run() throws {
    // A file-size limit (`ulimit -f`) then fails a write with EFBIG, said as the run's error,
    // instead of killing the process half-way.
    signal(SIGXFSZ, SIG_IGN)
    ReportRun.prepareProcess()
    let logger = LogSetup.logger()
    let loaded = try inputs.loadConfiguration()
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
      var run = ReportRun(
        loaded: loaded, reportName: name, dataDirectory: inputs.data, reportsDirectory: out,
        asOf: inputs.asOfDay, force: true)
      run.acceptDrop = acceptDrop
      let outcome = run.run(now: Date(), logger: logger)
      print(RunSummary.text(outcome, reportName: name), terminator: "")
      exitCode = max(exitCode, outcome.exitCode)
    }
    if exitCode != 0 { throw ExitCode(exitCode) }
  }
}
