import Foundation
import Logging
import OrbisCore
import OrbisSystem

/// One log line per event on stderr, message first, then the metadata as sorted `key=value`
/// fields. Text from outside (file names, values) has its control characters escaped
/// (`Printable`), so a file named `a\n<3>b.csv` cannot forge a second line.
///
/// `.journal` (stderr is the stream `JOURNAL_STREAM` names): each line starts with its syslog
/// priority (`<3>` error … `<7>` debug) and carries no timestamp, as the journal adds its own.
/// `.timestamped` (a terminal, a file): local time and level first.
public struct LineLogHandler: LogHandler {
  public enum Style: Sendable { case journal, timestamped }

  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  let style: Style
  let label: String
  let now: @Sendable () -> Date
  let write: @Sendable (String) -> Void

  public init(
    label: String, style: Style, now: @escaping @Sendable () -> Date = Date.init,
    write: @escaping @Sendable (String) -> Void = Self.standardError
  ) {
    self.label = label
    self.style = style
    self.now = now
    self.write = write
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public static let standardError: @Sendable (String) -> Void = { StandardError.write($0) }

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
    var line = Printable.escaped("\(event.message)")
    for key in merged.keys.sorted() {
      line += " \(Printable.escaped(key))=\(Printable.escaped("\(merged[key]!)"))"
    }
    switch style {
    case .journal:
      write("<\(Self.priority(event.level))>\(line)\n")
    case .timestamped:
      write("\(Self.timestamp(now())) \(event.level) \(label): \(line)\n")
    }
  }

  /// `2026-11-23T18:05:09+0100`, in the process's time zone.
  static func timestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    localtime_r(&seconds, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
