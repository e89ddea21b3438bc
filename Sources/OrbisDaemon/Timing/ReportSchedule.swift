import Foundation
import OrbisCore

/// One report's schedule with the last scheduled time handled, as a pure state machine. A
/// time missed (Orbis down, the clock jumped forward, the machine asleep) fires once when
/// noticed, as systemd's `Persistent=` does; a clock set back never fires a handled time
/// again.
public struct ReportSchedule: Sendable {
  public let expression: CronExpression
  public let zone: TimeZone
  /// The scheduled time last fired or caught up (or when watching began).
  public private(set) var lastHandled: Date

  public init(expression: CronExpression, zone: TimeZone, lastHandled: Date) {
    self.expression = expression
    self.zone = zone
    self.lastHandled = lastHandled
  }

  /// The next time to fire: the first scheduled time after the last one handled.
  public var next: Date? { expression.nextFire(after: lastHandled, in: zone) }

  /// At `now` (a timer fired, the clock jumped, or start-up): whether to fire, once even if
  /// several times were missed. After a fire the next time is after `now`.
  public mutating func check(now: Date) -> Bool {
    guard let next, next <= now else { return false }
    lastHandled = now
    return true
  }
}
