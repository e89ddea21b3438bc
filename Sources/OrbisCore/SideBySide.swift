import Dispatch
import Synchronization

/// Two independent pieces of work on two cores: the staff's figures beside the programmes' and
/// agreements' (`Statistics.compute`). Pure work only: the renderer's side threads, which
/// write files and lower their priority, are `OrbisSystem.Pending`'s.
enum Parallel {
  /// `a()` and `b()`, run at the same time (on the shared pool's threads); returns both
  /// results once both are done.
  static func sideBySide<A: Sendable, B: Sendable>(
    _ a: @Sendable () -> A, _ b: @Sendable () -> B
  ) -> (A, B) {
    let results = Mutex<(A?, B?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        let value = a()
        results.withLock { $0.0 = value }
      } else {
        let value = b()
        results.withLock { $0.1 = value }
      }
    }
    return results.withLock { ($0.0!, $0.1!) }
  }
}
