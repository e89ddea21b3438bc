import ArgumentParser
import Dispatch
import Foundation
import OrbisDaemon

/// `orbis serve`: the daemon (systemd's `ExecStart=`).
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Watch the data directory and publish reports on changes and on schedule.",
    discussion: """
      Publishes at once if the inputs changed since the last published report or a scheduled \
      time was missed, then waits. SIGHUP reloads the configuration, SIGTERM or SIGINT stop. \
      Exit status 2: the configuration is invalid.
      """)

  @OptionGroup var config: ConfigOption

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let loaded = try config.load()
    let daemon = Daemon(
      loaded: loaded, environment: environment,
      workingDirectory: FileManager.default.currentDirectoryPath, logger: LogSetup.logger())
    daemon.start()
    dispatchMain()
  }
}
