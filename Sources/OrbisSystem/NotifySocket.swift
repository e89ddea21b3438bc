#if canImport(Glibc)
  import Glibc
#endif

/// The datagram socket of systemd's notification protocol (`sd_notify(3)`), without
/// libsystemd: each message is one datagram to `$NOTIFY_SOCKET`, a file path or, when it
/// starts with `@`, an abstract socket address. Owns its descriptor.
public final class NotifySocket {
  public let path: String
  let descriptor: Int32
  var address = sockaddr_un()
  let addressLength: socklen_t

  /// nil when `NOTIFY_SOCKET` is unset or empty (not started by systemd).
  public convenience init?(environment: [String: String]) throws(SystemError) {
    guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
    try self.init(path: path)
  }

  public init(path: String) throws(SystemError) {
    self.path = path
    var bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity,
      bytes.first == UInt8(ascii: "/") || bytes.first == UInt8(ascii: "@")
    else { throw SystemError(call: "connect", path: path, errno: EINVAL) }
    let abstract = bytes.first == UInt8(ascii: "@")
    if abstract { bytes[0] = 0 }
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
    }
    // An abstract address's length counts exactly its bytes (no terminating NUL).
    let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
    addressLength = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
    descriptor = try Syscall.retrying("socket", path) {
      socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }
  }

  deinit { close(descriptor) }

  /// Sends `message` (`READY=1`, `STATUS=…`, several lines at once) as one datagram. Never
  /// blocks: when the receiver's queue is full the call fails with `EAGAIN`.
  public func send(_ message: String) throws(SystemError) {
    let bytes = Array(message.utf8)
    let length = addressLength
    try Syscall.retrying("sendto", path) {
      withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
          Int32(
            truncatingIfNeeded: sendto(
              descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT),
              socketAddress, length))
        }
      }
    }
  }
}
