import ArgumentParser
import OrbisDaemon

/// `orbis serve-run` (hidden): one report run for `orbis serve`, in a process of its own.
struct ServeRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: ReportProcess.subcommand,
    abstract: "Run one report for `orbis serve` (its request on stdin, the outcome on stdout).",
    shouldDisplay: false)

  func run() throws {
    let status = ReportProcess.child(logger: LogSetup.logger())
    if status != 0 { throw ExitCode(status) }
  }
}
