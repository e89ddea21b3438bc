/// An invalid configuration: the file, the key, its line when known, and what to change.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  public var file: String
  /// Dotted key, e.g. `institute.host_country`; empty for a syntax error.
  public var key: String
  public var line: Int?
  public var reason: String

  public init(file: String, key: String, line: Int?, reason: String) {
    self.file = file
    self.key = key
    self.line = line
    self.reason = reason
  }

  /// `Config/orbis.toml:12: institute.host_country: unknown country "FX"; use an ISO 3166-1 code`
  public var description: String {
    let place = line.map { "\(file):\($0)" } ?? file
    return key.isEmpty ? "\(place): \(reason)" : "\(place): \(key): \(reason)"
  }
}
