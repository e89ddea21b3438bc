#if canImport(Glibc)
  import Glibc
#endif

/// A failed system call: which call, on what, and the `errno` with its text.
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
  public var call: String
  public var path: String
  public var errno: Int32

  public init(call: String, path: String, errno: Int32) {
    self.call = call
    self.path = path
    self.errno = errno
  }

  public var message: String { String(cString: strerror(errno)) }

  /// `rename /srv/reports/default/.tmp-x: No space left on device`
  public var description: String { "\(call) \(path): \(message)" }

  public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// The system calls of Orbis, each retried on `EINTR` and turning `errno` into `SystemError`.
public enum Syscall {
  @discardableResult
  static func retrying(
    _ call: String, _ path: String, _ body: () -> Int32
  ) throws(SystemError) -> Int32 {
    while true {
      let result = body()
      if result >= 0 { return result }
      let code = Glibc.errno
      if code != EINTR { throw SystemError(call: call, path: path, errno: code) }
    }
  }
}
