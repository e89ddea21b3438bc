import Foundation
import OrbisCore
import OrbisIngest

/// One look at the data directory's input files, for polling and the safety rescan: each
/// file's size, modification and change times and inode, from one `lstat` per file (no content
/// read). The change time moves on a rewrite that keeps the size and modification time
/// (`cp -p`) and on a permission change (`chmod g+r` on a file a run could not read).
public struct DirectoryScan: Equatable, Sendable {
  public struct Entry: Hashable, Sendable {
    public var size: Int64
    /// Nanoseconds since the epoch.
    public var modified: Int64
    /// The inode's change time, nanoseconds since the epoch.
    public var changed: Int64
    public var inode: UInt64

    public var isDirectory = false

    public init(size: Int64, modified: Int64, changed: Int64 = 0, inode: UInt64) {
      self.size = size
      self.modified = modified
      self.changed = changed
      self.inode = inode
    }

    /// The file at `path` (not following a symbolic link); nil when absent.
    public init?(path: String) {
      var info = stat()
      guard lstat(path, &info) == 0 else { return nil }
      func nanoseconds(_ t: timespec) -> Int64 {
        Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
      }
      self.init(
        size: Int64(info.st_size), modified: nanoseconds(info.st_mtim),
        changed: nanoseconds(info.st_ctim), inode: UInt64(info.st_ino))
      isDirectory = info.st_mode & S_IFMT == S_IFDIR
    }
  }

  /// Input file name → entry; nil when the directory could not be listed (gone).
  public var entries: [String: Entry]?

  public init(entries: [String: Entry]?) { self.entries = entries }

  /// The names added, removed or changed (size, modification time or inode) from `old` to
  /// this scan, sorted.
  public func changes(since old: DirectoryScan) -> [String] {
    let before = old.entries ?? [:]
    let now = entries ?? [:]
    return Set(before.keys).union(now.keys).filter { before[$0] != now[$0] }.sorted()
  }

  /// Scans `directory`: the files the contract or the configuration's file `rules` read (and
  /// the unsupported formats a run refuses), not the ignored or unrelated ones.
  public static func scan(
    _ directory: String, rules: [Configuration.FileRule] = []
  ) -> DirectoryScan {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return DirectoryScan(entries: nil)
    }
    var entries: [String: Entry] = [:]
    for name in names {
      switch InputFile.classify(name, rules: rules) {
      case .input, .unsupported: break
      case .ignored, .unrelated: continue
      }
      // A directory named like a dataset is not an input (the run says so); what happens
      // inside it is not a change.
      guard let entry = Entry(path: (directory as NSString).appendingPathComponent(name)),
        !entry.isDirectory
      else { continue }
      entries[name] = entry
    }
    return DirectoryScan(entries: entries)
  }
}

/// Scans the data directory on a timer on the daemon's queue and reports what changed, as the
/// inotify watcher does: the only watch on a network file system, a safety net beside inotify
/// elsewhere.
final class DirectoryPoller {
  let directory: String
  let rules: [Configuration.FileRule]
  let interval: Double
  let queue: DispatchQueue
  let handler: (DirectoryWatcher.Change) -> Void
  private var last: DirectoryScan
  private var timer: DispatchSourceTimer?

  /// Call from `queue`; takes the first scan now (reported as nothing: a start reads all).
  init(
    directory: String, rules: [Configuration.FileRule], interval: Double, queue: DispatchQueue,
    handler: @escaping (DirectoryWatcher.Change) -> Void
  ) {
    self.directory = directory
    self.rules = rules
    self.interval = interval
    self.queue = queue
    self.handler = handler
    last = DirectoryScan.scan(directory, rules: rules)
  }

  deinit { timer?.cancel() }

  func start() {
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(
      deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.activate()
    self.timer = timer
  }

  /// Takes a new scan as the reference without reporting it (a run is about to read
  /// everything).
  func resync() { last = DirectoryScan.scan(directory, rules: rules) }

  /// Compares a new scan with the last and reports the difference.
  func tick() {
    let now = DirectoryScan.scan(directory, rules: rules)
    defer { last = now }
    switch (last.entries, now.entries) {
    case (.some, nil): handler(.gone)
    case (nil, .some): handler(.back)
    case (nil, nil): break
    case (.some, .some):
      for name in now.changes(since: last) { handler(.file(name, open: false)) }
    }
  }
}
