import Foundation
import OrbisSystem

/// What `orbis serve` remembers between starts, in `<state>/state.json` (written atomically):
/// per report the last run's time, outcome, duration, error and input hashes, and the last
/// scheduled time handled (for catching up a time missed while down).
public struct DaemonState: Codable, Equatable, Sendable {
  public static let fileName = "state.json"
  public var schemaVersion = 1
  public var reports: [String: ReportState] = [:]
  /// How the data directory is watched (`inotify (ext4: not known to be a network file system), rescan every
  /// 600 s`, `polling every 30 s (nfs: …)`).
  public var watch: String?

  public struct ReportState: Codable, Equatable, Sendable {
    public var lastRun: Date?
    /// `published`, `unchanged`, `failed`, `refused` (an implausible drop) or `abandoned`.
    public var outcome: String?
    public var durationSeconds: Double?
    /// The last failure's text; nil after a success.
    public var error: String?
    /// File name → SHA-256 of the inputs of the last successful run.
    public var inputs: [String: String] = [:]
    public var lastSuccess: Date?
    public var lastPublished: String?
    public var lastScheduled: Date?
    /// Failed attempts in a row.
    public var failures = 0
    /// While the last run was refused: the datasets that fell.
    public var drops: [DatasetDrop]?

    public init() {}

    enum CodingKeys: String, CodingKey {
      case lastRun = "last_run", outcome, durationSeconds = "duration_seconds", error, inputs
      case lastSuccess = "last_success", lastPublished = "last_published"
      case lastScheduled = "last_scheduled", failures, drops
    }
  }

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version", reports, watch
  }

  public init() {}

  public static func path(in stateDirectory: String) -> String {
    (stateDirectory as NSString).appendingPathComponent(fileName)
  }

  /// The state in `stateDirectory`; empty when there is none yet. An unreadable file is an
  /// error the caller logs (the daemon then starts afresh rather than not at all).
  public static func load(from stateDirectory: String) throws -> DaemonState {
    let path = path(in: stateDirectory)
    guard FileManager.default.fileExists(atPath: path) else { return DaemonState() }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(DaemonState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
  }

  public func save(to stateDirectory: String) throws {
    try FileManager.default.createDirectory(
      atPath: stateDirectory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o750])
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try FileSystem.writeAtomically(
      Array(encoder.encode(self)) + [0x0A], to: Self.path(in: stateDirectory))
  }
}
