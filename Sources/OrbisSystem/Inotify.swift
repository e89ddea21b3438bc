#if canImport(Glibc)
  import Glibc
#endif

/// An inotify instance: owns its descriptor (closed on deinit), adds and removes watches, and
/// decodes the events the kernel queued. Not thread-safe: use it from one queue.
public final class Inotify {
  /// The descriptor, non-blocking: drive it with a dispatch read source.
  public let descriptor: Int32
  /// Room for many events; one event with the longest name (NAME_MAX) always fits.
  private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

  public struct Mask: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let modify = Mask(rawValue: UInt32(IN_MODIFY))
    public static let closeWrite = Mask(rawValue: UInt32(IN_CLOSE_WRITE))
    public static let movedTo = Mask(rawValue: UInt32(IN_MOVED_TO))
    public static let movedFrom = Mask(rawValue: UInt32(IN_MOVED_FROM))
    public static let create = Mask(rawValue: UInt32(IN_CREATE))
    public static let delete = Mask(rawValue: UInt32(IN_DELETE))
    public static let deleteSelf = Mask(rawValue: UInt32(IN_DELETE_SELF))
    public static let moveSelf = Mask(rawValue: UInt32(IN_MOVE_SELF))
    public static let attrib = Mask(rawValue: UInt32(IN_ATTRIB))
    /// The queue overflowed: events were lost (`wd` is -1).
    public static let overflow = Mask(rawValue: UInt32(IN_Q_OVERFLOW))
    /// The watch is gone (removed, or its directory deleted or its file system unmounted).
    public static let ignored = Mask(rawValue: UInt32(IN_IGNORED))
    public static let isDirectory = Mask(rawValue: UInt32(IN_ISDIR))
    /// Only watch a directory (`ENOTDIR` otherwise).
    public static let onlyDirectory = Mask(rawValue: UInt32(IN_ONLYDIR))
    /// Ignore events on children after they were unlinked.
    public static let excludeUnlinked = Mask(rawValue: UInt32(IN_EXCL_UNLINK))
  }

  public struct Event: Sendable, Hashable {
    public var watch: Int32
    public var mask: Mask
    public var cookie: UInt32
    /// The child's name for events on a directory's entries; nil for events on the watched
    /// object itself. Bytes that are not UTF-8 are replaced.
    public var name: String?
  }

  public init() throws(SystemError) {
    descriptor = try Syscall.retrying("inotify_init1", "") {
      inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    }
  }

  deinit { close(descriptor) }

  /// Watches `path`; returns the watch descriptor (the same one again for the same inode).
  public func addWatch(_ path: String, mask: Mask) throws(SystemError) -> Int32 {
    try Syscall.retrying("inotify_add_watch", path) {
      inotify_add_watch(descriptor, path, mask.rawValue)
    }
  }

  public func removeWatch(_ watch: Int32) {
    _ = inotify_rm_watch(descriptor, watch)
  }

  /// Reads every queued event (none when the queue is empty).
  public func readEvents() throws(SystemError) -> [Event] {
    var events: [Event] = []
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN { return events }
        throw SystemError(call: "read", path: "inotify", errno: code)
      }
      if count == 0 { return events }
      events += Self.decode(buffer[0..<count])
    }
  }

  /// Decodes `struct inotify_event` records: a 16-byte header (wd, mask, cookie, len) and
  /// `len` bytes of NUL-padded name. Swift imports the struct without its trailing name, so
  /// the buffer is read by offsets.
  public static func decode(_ bytes: ArraySlice<UInt8>) -> [Event] {
    var events: [Event] = []
    var offset = bytes.startIndex
    func word(_ at: Int) -> UInt32 {
      UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
        | UInt32(bytes[at + 3]) << 24
    }
    while offset + 16 <= bytes.endIndex {
      let length = Int(word(offset + 12))
      guard offset + 16 + length <= bytes.endIndex else { break }
      let nameBytes = bytes[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
      events.append(
        Event(
          watch: Int32(bitPattern: word(offset)), mask: Mask(rawValue: word(offset + 4)),
          cookie: word(offset + 8),
          name: nameBytes.isEmpty ? nil : String(decoding: nameBytes, as: UTF8.self)))
      offset += 16 + length
    }
    return events
  }
}
