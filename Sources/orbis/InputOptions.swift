import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon

/// The options `check` and `run` share: which configuration, data directory and date.
struct InputOptions: ParsableArguments {
  @Option(
    name: .long, help: "Configuration file (default: $ORBIS_CONFIG, else /etc/orbis/orbis.toml).")
  var config: String?

  @Option(name: .long, help: "Data directory (default: the configuration's paths.data).")
  var data: String?

  @Option(
    name: .customLong("as-of"),
    help: "Reference date, YYYY-MM-DD (default: today in the configured time zone).")
  var asOf: String?

  func validate() throws {
    if let asOf, Day(iso: asOf) == nil {
      throw ValidationError("--as-of \(asOf) is not a date; use YYYY-MM-DD")
    }
  }

  var asOfDay: Day? { asOf.flatMap(Day.init(iso:)) }

  /// The configuration file, loaded; an invalid one ends the command with status 2.
  func loadConfiguration() throws -> LoadedConfiguration {
    try Self.loadConfiguration(option: config)
  }

  /// The file `--config` names (else `ORBIS_CONFIG`, else the installed default), loaded; an
  /// invalid one ends the command with status 2 and the reason on stderr.
  static func loadConfiguration(option: String?) throws -> LoadedConfiguration {
    let environment = ProcessInfo.processInfo.environment
    do {
      return try ConfigurationFile.read(
        path: ConfigurationFile.path(option: option, environment: environment),
        environment: environment)
    } catch {
      FileHandle.standardError.write(Data("orbis: invalid configuration: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}
