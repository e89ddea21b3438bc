/// The settle delay of the watched data directory, as a pure state machine: every change
/// restarts the delay; when it ends, the files seen changing are checked once more and a file
/// whose size or modification time moved meanwhile (still being written) restarts it again.
/// A file known to be open for writing (data written, not yet closed) holds the run back until
/// it is closed, however long the writer pauses, unless it stays unchanged for `stallLimit`
/// (a writer that never closes): it is then read as it is and named in `stalled`.
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
  public let stallLimit: Double
  public private(set) var deadline: Double?
  /// The files changed since the last run, with how they looked when last seen.
  public private(set) var seen: [String: Stamp?] = [:]
  /// Files open for writing, with when they were last seen changing.
  public private(set) var writing: [String: Double] = [:]
  /// The files still open for writing, unchanged for `stallLimit`, when the last run was
  /// let go.
  public private(set) var stalled: [String] = []

  /// `stallLimit` defaults to the longer of a minute and twelve settle delays.
  public init(delay: Double, stallLimit: Double? = nil) {
    self.delay = delay
    self.stallLimit = stallLimit ?? max(60, 12 * delay)
  }

  public var isPending: Bool { deadline != nil }

  /// A change to `name` (nil: the whole directory, after an overflow or a new watch);
  /// `open`: data was written to it and it is not closed yet.
  public mutating func change(
    _ name: String?, stamp: Stamp?, open: Bool = false, at now: Double
  ) -> Action {
    if let name {
      seen[name] = stamp
      writing[name] = open ? now : nil
    }
    deadline = now + delay
    return .wait(until: now + delay)
  }

  /// The timer fired: `current` gives how the files in `seen` look now.
  public mutating func timerFired(at now: Double, current: [String: Stamp?]) -> Action {
    guard let deadline else { return .idle }
    if now < deadline { return .wait(until: deadline) }
    let moved = seen.keys.filter { (current[$0] ?? nil) != (seen[$0] ?? nil) }
    for name in moved {
      seen[name] = current[name] ?? nil
      if writing[name] != nil { writing[name] = now }
    }
    if !moved.isEmpty || writing.values.contains(where: { now - $0 < stallLimit }) {
      self.deadline = now + delay
      return .wait(until: now + delay)
    }
    stalled = writing.keys.sorted()
    self.deadline = nil
    seen = [:]
    writing = [:]
    return .run
  }
}
