import Foundation
import Logging
import OrbisDaemon

/// Logging is bootstrapped once per process: lines on stderr; when stderr is systemd's
/// journal, with priority prefixes and no timestamps.
enum LogSetup {
  private static let once: Void = {
    let environment = ProcessInfo.processInfo.environment
    let level = environment["ORBIS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    let style: LineLogHandler.Style =
      LineLogHandler.stderrIsJournal(environment: environment) ? .journal : .timestamped
    LoggingSystem.bootstrap { label in
      var handler = LineLogHandler(label: label, style: style)
      handler.logLevel = level
      return handler
    }
  }()

  static func logger() -> Logger {
    _ = once
    return Logger(label: "orbis")
  }
}
