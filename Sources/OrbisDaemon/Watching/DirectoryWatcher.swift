import Dispatch
import Foundation
import OrbisCore
import OrbisIngest
import OrbisSystem

/// Watches the data directory with inotify, driven by a dispatch read source on the daemon's
/// queue. Reports changes to input files (the contract's ignored and unrelated names are
/// left out), queue overflows, and the directory going away and coming back: its parent is
/// watched too, so a directory deleted, renamed away or replaced is watched again as soon as
/// it is back (without the parent, every 5 s until it is).
final class DirectoryWatcher {
  enum Change {
    /// An input file was written, moved in or out, created or deleted; `open`: data was
    /// written to it and it is not closed yet.
    case file(String, open: Bool)
    /// The kernel's event queue overflowed: events were lost, read everything again.
    case overflow
    /// The directory is gone (deleted or renamed away); nothing is watched until it is back.
    case gone
    /// The directory is there (again) and watched: read everything again.
    case back
  }

  let directory: String
  /// `[inputs.files]`: files of a dataset whatever their name.
  let rules: [Configuration.FileRule]
  let queue: DispatchQueue
  let handler: (Change) -> Void
  private let inotify: Inotify
  private let source: DispatchSourceRead
  private var dataWatch: Int32?
  private var parentWatch: Int32?
  private var retry: DispatchSourceTimer?
  private(set) var lastError: SystemError?

  /// `attrib`: a file made readable (`chmod g+r`) after a run failed on it is a change.
  static let dataMask: Inotify.Mask = [
    .modify, .closeWrite, .movedTo, .movedFrom, .create, .delete, .deleteSelf, .moveSelf,
    .attrib, .onlyDirectory, .excludeUnlinked,
  ]
  static let parentMask: Inotify.Mask = [.create, .movedTo, .movedFrom, .delete, .onlyDirectory]

  /// `ORBIS_FAILPOINT=ignore_inotify`: the data directory's file events are dropped, as a lost
  /// event would be, so that a test sees the safety rescan catch the change.
  static let ignoresFileEvents =
    ProcessInfo.processInfo.environment[ReportRun.failpointVariable] == "ignore_inotify"

  /// Call from `queue`; `handler` runs on `queue`.
  init(
    directory: String, rules: [Configuration.FileRule] = [], queue: DispatchQueue,
    handler: @escaping (Change) -> Void
  )
    throws(SystemError)
  {
    self.directory = directory
    self.rules = rules
    self.queue = queue
    self.handler = handler
    inotify = try Inotify()
    source = DispatchSource.makeReadSource(fileDescriptor: inotify.descriptor, queue: queue)
  }

  deinit {
    source.cancel()
    retry?.cancel()
  }

  /// Starts watching; returns whether the directory itself is watched (else it is waited for).
  @discardableResult
  func start() -> Bool {
    source.setEventHandler { [weak self] in self?.readEvents() }
    source.activate()
    return establish()
  }

  private var parent: String { (directory as NSString).deletingLastPathComponent }
  private var base: String { (directory as NSString).lastPathComponent }

  /// Adds the watches that are missing; true when the directory is watched.
  @discardableResult
  private func establish() -> Bool {
    if parentWatch == nil { parentWatch = try? inotify.addWatch(parent, mask: Self.parentMask) }
    if dataWatch == nil {
      do {
        dataWatch = try inotify.addWatch(directory, mask: Self.dataMask)
        lastError = nil
      } catch {
        lastError = error
      }
    }
    if dataWatch == nil && parentWatch == nil { armRetry() } else { cancelRetry() }
    return dataWatch != nil
  }

  private func armRetry() {
    guard retry == nil else { return }
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + 5, repeating: 5)
    timer.setEventHandler { [weak self] in
      guard let self else { return }
      if self.establish() { self.handler(.back) }
    }
    timer.activate()
    retry = timer
  }

  private func cancelRetry() {
    retry?.cancel()
    retry = nil
  }

  private func readEvents() {
    let events: [Inotify.Event]
    do {
      events = try inotify.readEvents()
    } catch {
      lastError = error
      handler(.overflow)
      return
    }
    for event in events { handle(event) }
  }

  private func handle(_ event: Inotify.Event) {
    if event.mask.contains(.overflow) {
      handler(.overflow)
      return
    }
    if event.watch == dataWatch {
      if event.mask.contains(.moveSelf) || event.mask.contains(.deleteSelf)
        || event.mask.contains(.ignored)
      {
        // Renamed away, the watch would follow the old directory: drop it.
        if let watch = dataWatch, !event.mask.contains(.ignored) { inotify.removeWatch(watch) }
        dataWatch = nil
        handler(.gone)
        // It may already be back (replaced by a rename over it).
        if establish() { handler(.back) }
        return
      }
      guard let name = event.name, !Self.ignoresFileEvents else { return }
      switch InputFile.classify(name, rules: rules) {
      case .input, .unsupported:
        handler(
          .file(name, open: event.mask.contains(.modify) && !event.mask.contains(.closeWrite)))
      case .ignored, .unrelated: break
      }
    } else if event.watch == parentWatch {
      if event.mask.contains(.ignored) {
        parentWatch = nil
        establish()
        return
      }
      guard event.name == base else { return }
      if event.mask.contains(.create) || event.mask.contains(.movedTo) {
        if let watch = dataWatch {
          // Replaced by a rename over it: watch the new directory.
          inotify.removeWatch(watch)
          dataWatch = nil
        }
        if establish() { handler(.back) }
      } else if dataWatch != nil, !FileManager.default.fileExists(atPath: directory) {
        inotify.removeWatch(dataWatch!)
        dataWatch = nil
        handler(.gone)
      }
    }
  }
}
