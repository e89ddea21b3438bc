import Foundation
import Logging

/// Log lines for systemd's journal: when stderr is the journal stream (`JOURNAL_STREAM`
/// names its device and inode), each line starts with its syslog priority (`<3>` error …
/// `<7>` debug) and carries no timestamp (the journal adds its own).
public struct JournalLogHandler: LogHandler {
  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  let write: @Sendable (String) -> Void

  /// `label` is swift-log's logger label; the journal names the unit itself, so it is not
  /// written.
  public init(label: String, write: @escaping @Sendable (String) -> Void = Self.standardError) {
    self.write = write
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public static let standardError: @Sendable (String) -> Void = { line in
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// True when stderr is the stream `JOURNAL_STREAM` (`device:inode`) names.
  public static func stderrIsJournal(environment: [String: String]) -> Bool {
    guard let value = environment["JOURNAL_STREAM"] else { return false }
    var info = stat()
    guard fstat(STDERR_FILENO, &info) == 0 else { return false }
    return value == "\(info.st_dev):\(info.st_ino)"
  }

  public static func priority(_ level: Logger.Level) -> Int {
    switch level {
    case .critical: 2
    case .error: 3
    case .warning: 4
    case .notice: 5
    case .info: 6
    case .debug, .trace: 7
    }
  }

  public func log(event: LogEvent) {
    let merged = metadata.merging(event.metadata ?? [:]) { $1 }
    let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
    let message = "\(event.message)".replacingOccurrences(of: "\n", with: " ")
    write("<\(Self.priority(event.level))>\(message)\(fields.isEmpty ? "" : " \(fields)")\n")
  }
}
