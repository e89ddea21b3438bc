import Foundation
import Logging
import OrbisCore
import OrbisSystem

/// systemd's service notifications (`sd_notify(3)`) without libsystemd; does nothing when
/// not started by systemd (`NOTIFY_SOCKET` unset). A failed send is logged once, never fatal.
final class SystemdNotifier {
  private let socket: NotifySocket?
  private let logger: Logger
  private var warned = false
  /// Half of `WATCHDOG_USEC` when the watchdog is on for this process.
  let watchdogInterval: Double?

  init(environment: [String: String], logger: Logger) {
    self.logger = logger
    var socket: NotifySocket?
    do {
      socket = try NotifySocket(environment: environment)
    } catch {
      logger.warning("cannot use NOTIFY_SOCKET: \(error); systemd will not hear from Orbis")
    }
    self.socket = socket
    let pidMatches = environment["WATCHDOG_PID"].map { $0 == "\(getpid())" } ?? true
    if socket != nil, pidMatches, let usec = environment["WATCHDOG_USEC"].flatMap(Double.init),
      usec > 0
    {
      watchdogInterval = usec / 2_000_000
    } else {
      watchdogInterval = nil
    }
  }

  func send(_ message: String) {
    guard let socket else { return }
    do {
      try socket.send(message)
    } catch {
      if !warned {
        logger.warning("cannot notify systemd: \(error)")
        warned = true
      }
    }
  }

  /// The status text is escaped (`Printable`): a line break in a file name it mentions would
  /// otherwise end the assignment and start another one (`READY=1`, `MAINPID=`…).
  func ready(status: String) { send("READY=1\nSTATUS=\(Printable.escaped(status))") }
  func status(_ text: String) { send("STATUS=\(Printable.escaped(text))") }
  func watchdog() { send("WATCHDOG=1") }
  func stopping() { send("STOPPING=1\nSTATUS=Stopping") }

  /// `RELOADING=1` with the monotonic time in microseconds, as systemd 253+ expects.
  func reloading() {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let usec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    send("RELOADING=1\nMONOTONIC_USEC=\(usec)\nSTATUS=Reloading the configuration")
  }
}
