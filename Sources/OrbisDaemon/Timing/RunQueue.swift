/// Which reports run next, as a pure state machine: runs never overlap, and requests made
/// during a run are merged into exactly one follow-up run.
public struct RunQueue: Sendable {
  /// Why a report runs; a data change or a schedule decides whether an unchanged report is
  /// published again.
  public enum Reason: String, Hashable, Sendable, Comparable {
    /// The data directory changed (or start-up found it changed): publish if the inputs differ.
    case dataChanged = "data changed"
    /// Start-up: publish if anything changed since the last published report.
    case startup
    /// The schedule fired (or a fire missed while Orbis was down): publish.
    case schedule

    /// A scheduled or caught-up run publishes even when nothing changed.
    public var forcesPublish: Bool { self == .schedule }

    public static func < (a: Reason, b: Reason) -> Bool { a.rank < b.rank }
    var rank: Int {
      switch self {
      case .dataChanged: 0
      case .startup: 1
      case .schedule: 2
      }
    }
  }

  /// Report name → the strongest reason asked for it.
  public typealias Batch = [String: Reason]

  public private(set) var running: Batch?
  public private(set) var pending: Batch = [:]

  public init() {}

  public var isRunning: Bool { running != nil }

  /// Asks for runs; returns the batch to start now, or nil when one is running (the request
  /// is merged into the follow-up).
  public mutating func request(_ batch: Batch) -> Batch? {
    pending.merge(batch, uniquingKeysWith: max)
    return startIfIdle()
  }

  /// The running batch ended; returns the follow-up to start, if any.
  public mutating func finished() -> Batch? {
    running = nil
    return startIfIdle()
  }

  mutating func startIfIdle() -> Batch? {
    guard running == nil, !pending.isEmpty else { return nil }
    let next = pending
    pending = [:]
    running = next
    return next
  }
}
