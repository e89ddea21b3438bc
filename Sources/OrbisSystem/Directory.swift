#if canImport(Glibc)
  import Glibc
#endif

/// One entry of a directory, by the bytes of its name: Linux file names are bytes, and a name
/// that is not UTF-8 must still be seen (and named in messages), not dropped.
public struct DirectoryEntry: Hashable, Sendable {
  public let bytes: [UInt8]

  public init(bytes: [UInt8]) { self.bytes = bytes }

  /// The name, when it is valid UTF-8.
  public var name: String? { String(validating: bytes, as: UTF8.self) }
}

extension FileSystem {
  /// The entries of a directory, without `.` and `..`, in the order the file system gives.
  public static func listDirectory(_ path: String) throws(SystemError) -> [DirectoryEntry] {
    guard let dir = opendir(path) else {
      throw SystemError(call: "opendir", path: path, errno: errno)
    }
    defer { closedir(dir) }
    var entries: [DirectoryEntry] = []
    while true {
      errno = 0
      guard let entry = readdir(dir) else {
        if errno != 0 { throw SystemError(call: "readdir", path: path, errno: errno) }
        return entries
      }
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
      entries.append(DirectoryEntry(bytes: bytes))
    }
  }
}
