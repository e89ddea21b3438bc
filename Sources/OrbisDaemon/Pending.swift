import Foundation
import Synchronization

/// A value computed on its own thread while the caller does something else.
final class Pending<Value: Sendable>: Sendable {
  private let slot = Slot()

  /// Starts `body` on a new thread (not a shared pool's: `body` may wait for the caller).
  init(_ body: @escaping @Sendable () -> Value) {
    Thread { [slot] in slot.fill(body()) }.start()
  }

  /// Waits for the value.
  func wait() -> Value { slot.wait() }

  /// A value one thread gives and others wait for.
  final class Slot: Sendable {
    private let value = Mutex<Value?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    /// Gives the value (once).
    func fill(_ value: Value) {
      self.value.withLock { $0 = value }
      filled.signal()
    }

    /// Waits for the value; any number of times.
    func wait() -> Value {
      filled.wait()
      filled.signal()
      return value.withLock { $0! }
    }
  }
}
