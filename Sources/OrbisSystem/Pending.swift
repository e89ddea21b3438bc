import Foundation
import Synchronization

/// A value computed on its own thread while the caller does something else.
public final class Pending<Value: Sendable>: Sendable {
  /// How the thread is scheduled beside the caller's.
  public enum Priority: Sendable {
    case normal
    /// Ten steps of nice below the thread that starts it (Linux keeps a nice value per
    /// thread, and a new thread inherits its creator's): for work that runs beside the
    /// caller's longer one, so that the caller keeps its core. At 1,000,000 staff, the JSON
    /// document and the history's rows (0.5 s of CPU) run beside the workbook (0.5 s,
    /// libxlsxwriter's, on one thread). The scheduler may put one of them on the workbook's
    /// core: five steps below, it took a quarter of that core; ten steps below, a tenth
    /// (1024 against 110 in the kernel's weights), 1 to 3% of the run's wall time
    /// (`make bench`). The price: on a machine busy with other processes, this thread gets a
    /// tenth of their share, and the caller may wait for it longer. The thread ends with the
    /// work: an unprivileged thread could not raise its priority back.
    case lower
  }

  private let slot = Slot()

  /// Starts `body` on a new thread (not a shared pool's: `body` may wait for the caller).
  public init(_ priority: Priority = .normal, _ body: @escaping @Sendable () -> Value) {
    Thread { [slot] in
      if priority == .lower {
        // `who` 0 with PRIO_PROCESS is the calling thread on Linux. Best effort: a failure
        // leaves the thread as it was.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let nice = getpriority(which, 0)
        if errno == 0 { _ = setpriority(which, 0, min(nice + 10, 19)) }
      }
      slot.fill(body())
    }.start()
  }

  /// Waits for the value.
  public func wait() -> Value { slot.wait() }

  /// A value one thread gives and others wait for.
  public final class Slot: Sendable {
    private let value = Mutex<Value?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    public init() {}

    /// Gives the value (once).
    public func fill(_ value: Value) {
      self.value.withLock { $0 = value }
      filled.signal()
    }

    /// Waits for the value; any number of times.
    public func wait() -> Value {
      filled.wait()
      filled.signal()
      return value.withLock { $0! }
    }
  }
}
