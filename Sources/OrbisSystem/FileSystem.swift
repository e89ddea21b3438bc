import COrbisSystem

#if canImport(Glibc)
  import Glibc
#endif

/// File-system calls for atomic publishing: durable writes, renames that never replace,
/// symlink swaps.
public enum FileSystem {
  /// Flushes a file or directory to disk (a directory: its entries).
  public static func fsync(_ path: String) throws(SystemError) {
    let fd = try Syscall.retrying("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
    defer { close(fd) }
    try Syscall.retrying("fsync", path) { Glibc.fsync(fd) }
  }

  /// Renames `from` to `to`, failing with `EEXIST` when `to` exists (a directory rename
  /// would otherwise replace an empty directory).
  public static func renameNoReplace(_ from: String, to: String) throws(SystemError) {
    try Syscall.retrying("rename", "\(from) → \(to)") {
      orbis_rename_noreplace(from, to)
    }
  }

  /// Renames `from` over `to` atomically (replacing it).
  public static func rename(_ from: String, to: String) throws(SystemError) {
    try Syscall.retrying("rename", "\(from) → \(to)") { Glibc.rename(from, to) }
  }

  public static func symlink(_ target: String, at path: String) throws(SystemError) {
    try Syscall.retrying("symlink", path) { Glibc.symlink(target, path) }
  }

  /// Creates a directory with `mode` (before the umask); `EEXIST` is an error.
  public static func makeDirectory(_ path: String, mode: mode_t = 0o750) throws(SystemError) {
    try Syscall.retrying("mkdir", path) { mkdir(path, mode) }
  }

}
