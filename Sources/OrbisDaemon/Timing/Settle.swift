/// The settle delay of the watched data directory, as a pure state machine: every change
/// restarts the delay; when it ends, the files seen changing are checked once more and a file
/// whose size or modification time moved meanwhile (still being written) restarts it again.
/// Times are monotonic seconds; the caller stats files and arms the timer.
public struct Settle: Sendable {
  /// What a file looked like: size and modification time (nanoseconds); nil when absent.
  public struct Stamp: Hashable, Sendable {
    public var size: Int64
    public var modified: Int64
    public init(size: Int64, modified: Int64) {
      self.size = size
      self.modified = modified
    }
  }

  public enum Action: Equatable, Sendable {
    /// Nothing is pending.
    case idle
    /// Arm the timer for this monotonic time.
    case wait(until: Double)
    /// The directory is quiet: run now.
    case run
  }

  public let delay: Double
  public private(set) var deadline: Double?
  /// The files changed since the last run, with how they looked when last seen.
  public private(set) var seen: [String: Stamp?] = [:]

  public init(delay: Double) { self.delay = delay }

  public var isPending: Bool { deadline != nil }

  /// A change to `name` (nil: the whole directory, after an overflow or a new watch).
  public mutating func change(_ name: String?, stamp: Stamp?, at now: Double) -> Action {
    if let name { seen[name] = stamp }
    deadline = now + delay
    return .wait(until: now + delay)
  }

  /// The timer fired: `current` gives how the files in `seen` look now.
  public mutating func timerFired(at now: Double, current: [String: Stamp?]) -> Action {
    guard let deadline else { return .idle }
    if now < deadline { return .wait(until: deadline) }
    let moved = seen.keys.filter { (current[$0] ?? nil) != (seen[$0] ?? nil) }
    if !moved.isEmpty {
      for name in moved { seen[name] = current[name] ?? nil }
      self.deadline = now + delay
      return .wait(until: now + delay)
    }
    self.deadline = nil
    seen = [:]
    return .run
  }
}
