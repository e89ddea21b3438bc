import Dispatch
import Foundation

extension Daemon {
  /// Watches the data directory; a missing or unwatchable one is logged and waited for.
  func startWatching() {
    let directory = configuration.dataDirectory
    do {
      let watcher = try DirectoryWatcher(directory: directory, queue: queue) {
        [unowned self] change in self.changed(change)
      }
      self.watcher = watcher
      if !watcher.start() {
        let reason = watcher.lastError.map { "\($0)" } ?? "cannot be watched"
        lastError = "data directory \(directory): \(reason)"
        logger.error(
          "the data directory cannot be watched (\(reason)); waiting for it to appear",
          metadata: ["data.path": "\(directory)"])
      }
    } catch {
      lastError = "cannot watch \(directory): \(error)"
      logger.error(
        "cannot watch the data directory (\(error)); changes will only be seen on schedule",
        metadata: ["data.path": "\(directory)"])
    }
  }

  func changed(_ change: DirectoryWatcher.Change) {
    guard !stopping else { return }
    let at = Self.monotonicNow()
    let action: Settle.Action
    switch change {
    case .file(let name, let open):
      logger.debug("change in the data directory", metadata: ["file.name": "\(name)"])
      action = settle.change(name, stamp: stamp(of: name), open: open, at: at)
    case .overflow:
      logger.warning("too many changes at once (inotify queue overflow): reading everything again")
      action = settle.change(nil, stamp: nil, at: at)
    case .back:
      logger.notice(
        "the data directory is back and watched again",
        metadata: ["data.path": "\(configuration.dataDirectory)"])
      if lastError?.hasPrefix("data directory") == true { lastError = nil }
      action = settle.change(nil, stamp: nil, at: at)
    case .gone:
      lastError = "data directory \(configuration.dataDirectory) is gone"
      logger.error(
        "the data directory is gone (deleted or renamed); waiting for it to come back",
        metadata: ["data.path": "\(configuration.dataDirectory)"])
      notifier.status(statusText())
      return
    }
    apply(action)
  }

  func apply(_ action: Settle.Action) {
    switch action {
    case .idle: break
    case .wait(let until):
      if settleTimer == nil {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [unowned self] in self.settleTimerFired() }
        timer.activate()
        settleTimer = timer
      }
      let delay = max(0, until - Self.monotonicNow())
      settleTimer?.schedule(deadline: .now() + delay, leeway: .milliseconds(20))
    case .run:
      var batch: RunQueue.Batch = [:]
      for report in configuration.reports { batch[report.name] = .dataChanged }
      request(batch)
    }
  }

  func settleTimerFired() {
    var current: [String: Settle.Stamp?] = [:]
    for name in settle.seen.keys { current[name] = stamp(of: name) }
    let action = settle.timerFired(at: Self.monotonicNow(), current: current)
    if case .wait = action, !settle.seen.isEmpty {
      logger.debug("a file is still being written; waiting")
    }
    if action == .run {
      for name in settle.stalled {
        logger.warning(
          "still open for writing but unchanged for \(Int(settle.stallLimit)) s: read as it is",
          metadata: ["file.name": "\(name)"])
      }
    }
    apply(action)
  }

  /// Size and modification time of a file of the data directory; nil when absent.
  func stamp(of name: String) -> Settle.Stamp? {
    var info = stat()
    let path = (configuration.dataDirectory as NSString).appendingPathComponent(name)
    guard lstat(path, &info) == 0 else { return nil }
    return Settle.Stamp(
      size: Int64(info.st_size),
      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
  }

  static func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }
}
