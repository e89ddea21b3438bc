import Foundation
import Logging

/// Logging is bootstrapped once per process: lines on stderr (the journal, in a service).
enum LogSetup {
  private static let once: Void = {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      let level = ProcessInfo.processInfo.environment["ORBIS_LOG_LEVEL"].flatMap(
        Logger.Level.init(rawValue:))
      handler.logLevel = level ?? .info
      return handler
    }
  }()

  static func logger() -> Logger {
    _ = once
    return Logger(label: "orbis")
  }
}
