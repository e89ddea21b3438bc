import Foundation
import OrbisCore

/// Loads the configuration file from disk; the decoding and validation are OrbisCore's.
public enum ConfigurationFile {
  /// The installed default, used when neither `--config` nor `ORBIS_CONFIG` names a file.
  public static let defaultPath = "/etc/orbis/orbis.toml"

  /// The path to use: the option, else `ORBIS_CONFIG`, else the installed default.
  public static func path(option: String?, environment: [String: String]) -> String {
    option ?? environment["ORBIS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
  }

  public static func load(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(ConfigurationError) -> Configuration {
    let absolute =
      path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
    let text: String
    do {
      text = try String(contentsOfFile: absolute, encoding: .utf8)
    } catch {
      throw ConfigurationError(
        file: path, key: "", line: nil,
        reason:
          "cannot read the configuration file (\(error.localizedDescription)); pass --config FILE or set ORBIS_CONFIG"
      )
    }
    return try Configuration.parse(
      toml: text, file: path,
      baseDirectory: ((absolute as NSString).deletingLastPathComponent as NSString)
        .standardizingPath,
      environment: environment, workingDirectory: workingDirectory,
      systemTimeZone: TimeZone.current.identifier)
  }
}
