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

  /// The size in bytes of the regular file at `path`; nil when it is missing, unreadable or
  /// not a regular file, a symbolic link included (not followed: resolve it first). One
  /// `lstat`: Foundation's `attributesOfItem` also looks the owner up in the user and group
  /// databases.
  public static func regularFileSize(_ path: String) -> Int? {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Creates a directory with `mode` (before the umask); `EEXIST` is an error.
  public static func makeDirectory(_ path: String, mode: mode_t = 0o750) throws(SystemError) {
    try Syscall.retrying("mkdir", path) { mkdir(path, mode) }
  }

  /// Writes all of `bytes` to `fd` (`path` names it in errors), retrying on `EINTR` and after
  /// short writes.
  public static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(SystemError) {
    // `withUnsafeBytes` rethrows untyped: the typed error goes through a `Result`.
    try bytes.withUnsafeBytes { buffer in
      Result { () throws(SystemError) in try writeAll(buffer, to: fd, path: path) }
    }.get()
  }

  /// Writes all of `bytes` to `fd`, as `writeAll(_:to:path:)` does an array's.
  public static func writeAll(
    _ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String
  ) throws(SystemError) {
    var written = 0
    while written < bytes.count {
      let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError(call: "write", path: path, errno: errno)
      }
      written += n
    }
  }
}

extension FileSystem {
  /// Creates `path` (which must not exist) with `bytes` (lent from wherever they are, not
  /// copied into an array); `mode` before the umask; `synced`: flushed to disk before it
  /// returns. A failure names the call, the path and the system's reason (`No space left on
  /// device`).
  public static func createFile(
    _ bytes: UnsafeRawBufferPointer, at path: String, mode: mode_t = 0o666,
    synced: Bool = false
  ) throws(SystemError) {
    let fd = try Syscall.retrying("open", path) {
      open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    }
    defer { close(fd) }
    try writeAll(bytes, to: fd, path: path)
    if synced { try Syscall.retrying("fsync", path) { Glibc.fsync(fd) } }
  }

  /// Replaces `path` with `bytes` atomically: written to a temporary file beside it, flushed,
  /// renamed over it, and the directory flushed. Readers see the old or the new file whole.
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, mode: mode_t = 0o640
  ) throws(SystemError) {
    let temporary = "\(path).tmp-\(getpid())"
    let fd = try Syscall.retrying("open", temporary) {
      open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    }
    do throws(SystemError) {
      defer { close(fd) }
      try writeAll(bytes, to: fd, path: temporary)
      try Syscall.retrying("fsync", temporary) { Glibc.fsync(fd) }
    } catch {
      unlink(temporary)
      throw error
    }
    do {
      try rename(temporary, to: path)
    } catch {
      unlink(temporary)
      throw error
    }
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    try fsync(directory.isEmpty ? "." : directory)
  }
}

/// The process's heap.
public enum Memory {
  /// Returns freed heap memory to the system (glibc keeps it otherwise): a daemon that idles
  /// between runs then holds only what it uses.
  public static func releaseFree() { orbis_release_free_memory() }

  /// Caps glibc's malloc arenas. Each thread that runs a report may otherwise get an arena
  /// of its own, and the free memory scattered over them grows a long-running process.
  public static func limitArenas(_ count: Int32) { orbis_limit_malloc_arenas(count) }

  /// Turns off glibc's fast bins (`mallopt(M_MXFAST, 0)`): a freed chunk of up to 128 bytes
  /// that the thread's cache (tcache, 7 chunks of each size) does not keep is merged with its
  /// free neighbours at once, instead of waiting in a bin for the next large request, which
  /// merges every waiting chunk in one pass. libxlsxwriter frees each of
  /// a workbook's cells and strings when it closes it (half a million at 1,000,000 staff):
  /// that pass then took 35 ms on the run's critical path, and the frees 25 ms more than
  /// merged as they go (`perf`, `make bench`). For a process that runs reports; call it
  /// before its threads start.
  public static func disableFastBins() { orbis_disable_fast_bins() }

  /// Asks the processor to load the cache line at `address` ahead of its use (a hint: it
  /// never faults, whatever the address). For random accesses into a table larger than the
  /// caches, issued some iterations ahead, so that their memory latencies overlap.
  @inlinable @inline(__always)
  public static func prefetch(_ address: UnsafeRawPointer) { orbis_prefetch(address) }
}

/// The process's standard error, written with `write(2)`, best effort: a log line that cannot
/// be written (a full disk under a log file, a file-size limit, a journal that went away) is
/// dropped instead of stopping the daemon, which cannot report it anywhere else.
public enum StandardError {
  public static func write(_ text: String) {
    try? FileSystem.writeAll(Array(text.utf8), to: STDERR_FILENO, path: "stderr")
  }
}
