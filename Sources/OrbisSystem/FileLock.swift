import COrbisSystem

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive advisory lock on a file (flock(2)), held until `unlock` or deinit: runs that
/// share a state directory take it in turn.
public final class FileLock {
  public let path: String
  private var fd: Int32

  /// Takes the lock on `path` (created, mode 0640, when missing); `waiting` is called once if
  /// another process holds it, before this one blocks until it is free.
  public init(path: String, waiting: () -> Void = {}) throws(SystemError) {
    self.path = path
    fd = try Syscall.retrying("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640) }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      guard code == EWOULDBLOCK else {
        close(fd)
        throw SystemError(call: "flock", path: path, errno: code)
      }
      waiting()
      do {
        _ = try Syscall.retrying("flock", path) { flock(fd, LOCK_EX) }
      } catch {
        close(fd)
        throw error
      }
    }
  }

  public func unlock() {
    guard fd >= 0 else { return }
    close(fd)
    fd = -1
  }

  deinit { unlock() }
}
