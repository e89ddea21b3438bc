import ArgumentParser
import Foundation
import OrbisDaemon

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigOption: ParsableArguments {
  @Option(
    name: .long,
    help: "Configuration file (default: $ORBIS_CONFIG, else /etc/orbis/orbis.toml).",
    completion: .file(extensions: ["toml"]))
  var config: String?

  /// The file `--config` names (else `ORBIS_CONFIG`, else the installed default), loaded; an
  /// invalid one ends the command with status 2 and the reason on stderr.
  func load() throws -> LoadedConfiguration {
    let environment = ProcessInfo.processInfo.environment
    do {
      return try ConfigurationFile.read(
        path: ConfigurationFile.path(option: config, environment: environment),
        environment: environment)
    } catch {
      FileHandle.standardError.write(Data("orbis: invalid configuration: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}
