import Foundation
import OrbisCore
import OrbisIngest

/// A configuration as loaded from its file, with the file's fingerprint.
public struct LoadedConfiguration: Sendable {
  public var configuration: Configuration
  /// The path as given.
  public var path: String
  /// SHA-256 of the file's bytes, recorded in every report.
  public var sha256: String
  /// The file's bytes as read: what a report's child process decodes again.
  public var bytes: Data
}

/// Loads the configuration file from disk; the decoding and validation are OrbisCore's.
public enum ConfigurationFile {
  /// The installed default, used when neither `--config` nor `ORBIS_CONFIG` names a file.
  public static let defaultPath = "/etc/orbis/orbis.toml"

  /// The path to use: the option, else `ORBIS_CONFIG`, else the installed default.
  public static func path(option: String?, environment: [String: String]) -> String {
    option ?? environment["ORBIS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
  }

  /// Reads, decodes and validates the file; its SHA-256 is kept for the reports.
  public static func read(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(ConfigurationError) -> LoadedConfiguration {
    let absolute = absolutePath(path, workingDirectory: workingDirectory)
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: absolute))
    } catch {
      throw ConfigurationError(
        file: path, key: "", line: nil,
        reason:
          "cannot read the configuration file (\(error.localizedDescription)); pass --config FILE or set ORBIS_CONFIG"
      )
    }
    return try parse(
      bytes, path: path, environment: environment, workingDirectory: workingDirectory)
  }

  /// Decodes and validates a configuration read from `path` (relative paths in it are taken
  /// from the file's directory).
  public static func parse(
    _ bytes: Data, path: String, environment: [String: String], workingDirectory: String
  ) throws(ConfigurationError) -> LoadedConfiguration {
    let absolute = absolutePath(path, workingDirectory: workingDirectory)
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw ConfigurationError(
        file: path, key: "", line: nil, reason: "is not UTF-8 text; save it as UTF-8")
    }
    let configuration = try Configuration.parse(
      toml: text, file: path,
      baseDirectory: ((absolute as NSString).deletingLastPathComponent as NSString)
        .standardizingPath,
      environment: environment, workingDirectory: workingDirectory,
      systemTimeZone: TimeZone.current.identifier)
    return LoadedConfiguration(
      configuration: configuration, path: path, sha256: Digest.sha256(bytes), bytes: bytes)
  }

  /// `path` as given, or taken from `workingDirectory` when relative.
  static func absolutePath(_ path: String, workingDirectory: String) -> String {
    path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
  }
}
