import Foundation

/// A temporary directory laid out as a run expects: `data/` and `orbis.toml` (data, reports
/// and state beside it, host country FR, Paris time) followed by `extra` lines.
enum RunDirectory {
  static func make(prefix: String, extra: String = "") throws -> String {
    let root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: root + "/data", withIntermediateDirectories: true)
    try writeConfiguration(root, extra: extra)
    return root
  }

  /// (Re)writes `root/orbis.toml`: the directories and institute above, then `extra`.
  static func writeConfiguration(_ root: String, extra: String) throws {
    try """
    [paths]
    data = "data"
    reports = "reports"
    state = "state"
    [institute]
    host_country = "FR"
    time_zone = "Europe/Paris"
    \(extra)
    """.write(toFile: root + "/orbis.toml", atomically: true, encoding: .utf8)
  }
}
