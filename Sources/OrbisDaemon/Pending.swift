import Dispatch
import Synchronization

/// A value computed on another thread while the caller does something else.
final class Pending<Value: Sendable>: Sendable {
  private let result = Mutex<Value?>(nil)
  private let done = DispatchSemaphore(value: 0)

  init(_ body: @escaping @Sendable () -> Value) {
    DispatchQueue.global().async {
      let value = body()
      self.result.withLock { $0 = value }
      self.done.signal()
    }
  }

  /// Waits for the value (once).
  func wait() -> Value {
    done.wait()
    done.signal()
    return result.withLock { $0! }
  }
}
