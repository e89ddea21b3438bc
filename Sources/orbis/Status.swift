import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon

/// `orbis status`: what the daemon last did, from its state file, and what comes next.
struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Print each report's last run (from the state file) and next fire times.",
    discussion: "Exit status: 0 when every report's last run succeeded, 1 otherwise.")

  @OptionGroup var config: ConfigOption

  func run() throws {
    let configuration = try config.load().configuration
    let state: DaemonState
    do {
      state = try DaemonState.load(from: configuration.stateDirectory)
    } catch {
      FileHandle.standardError.write(
        Data(
          "orbis: cannot read \(DaemonState.path(in: configuration.stateDirectory)): \(error)\n"
            .utf8))
      throw ExitCode(2)
    }
    let text = StatusReport.text(configuration: configuration, state: state, now: Date())
    print(text, terminator: "")
    let failed = configuration.reports.contains {
      let outcome = state.reports[$0.name]?.outcome
      return outcome == "failed" || outcome == "abandoned" || outcome == "refused"
    }
    if failed { throw ExitCode(1) }
  }
}
