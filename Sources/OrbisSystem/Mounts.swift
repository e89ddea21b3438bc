import COrbisSystem
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What file system a path is on: statfs(2) and the mount table, for choosing how to watch
/// the data directory.
extension FileSystem {
  /// The file system type of the file system holding `path` (statfs(2)'s `f_type`, a magic
  /// number such as `0x6969` for NFS).
  public static func typeMagic(_ path: String) throws(SystemError) -> UInt32 {
    var type: UInt = 0
    _ = try Syscall.retrying("statfs", path) { orbis_fs_type(path, &type) }
    return UInt32(truncatingIfNeeded: type)
  }

  /// The mount table of this process (`/proc/self/mountinfo`), one entry per mount.
  public static func mounts() -> [Mount] {
    guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else {
      return []
    }
    return text.split(separator: "\n").compactMap(Mount.init(mountinfoLine:))
  }

  /// One line of `/proc/self/mountinfo` (proc(5)): where it is mounted, its type and its
  /// super-block options (an overlay's `lowerdir=` and `upperdir=`).
  public struct Mount: Hashable, Sendable {
    public var mountPoint: String
    public var type: String
    public var superOptions: [String]

    public init(mountPoint: String, type: String, superOptions: [String]) {
      self.mountPoint = mountPoint
      self.type = type
      self.superOptions = superOptions
    }

    /// Fields: id, parent, major:minor, root, mount point, options, optional fields…, `-`,
    /// type, source, super options. Octal escapes (`\040` for a space) are decoded.
    public init?(mountinfoLine line: Substring) {
      let fields = line.split(separator: " ", omittingEmptySubsequences: false)
      guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash + 3 < fields.count
      else { return nil }
      mountPoint = Self.unescaped(fields[4])
      type = String(fields[dash + 1])
      superOptions = fields[dash + 3].split(separator: ",").map { Self.unescaped($0) }
    }

    static func unescaped(_ text: Substring) -> String {
      var bytes: [UInt8] = []
      var i = text.utf8.startIndex
      let utf8 = text.utf8
      while i < utf8.endIndex {
        let byte = utf8[i]
        if byte == UInt8(ascii: "\\"),
          let end = utf8.index(i, offsetBy: 4, limitedBy: utf8.endIndex),
          let value = UInt8(
            String(decoding: utf8[utf8.index(after: i)..<end], as: UTF8.self), radix: 8)
        {
          bytes.append(value)
          i = end
        } else {
          bytes.append(byte)
          i = utf8.index(after: i)
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

}
