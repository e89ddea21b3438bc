import COrbisSystem

#if canImport(Glibc)
  import Glibc
#endif

/// Tells when the wall clock was set (an NTP step, `date -s`, resume from suspend), with no
/// polling: a `timerfd` armed with `TFD_TIMER_CANCEL_ON_SET` becomes readable then. Owns its
/// descriptor.
public final class ClockChangeMonitor {
  /// Non-blocking: drive it with a dispatch read source.
  public let descriptor: Int32

  public init() throws(SystemError) {
    descriptor = try Syscall.retrying("timerfd_create", "CLOCK_REALTIME") {
      orbis_clock_change_open()
    }
  }

  deinit { close(descriptor) }

  /// Call when the descriptor is readable: true if the clock was set (the monitor is re-armed).
  public func acknowledge() throws(SystemError) -> Bool {
    try Syscall.retrying("timerfd read", "CLOCK_REALTIME") {
      orbis_clock_change_acknowledge(descriptor)
    } == 1
  }
}
