import Dispatch
import Foundation
import OrbisCore
import OrbisSystem

extension Daemon {
  /// Watches the data directory as `daemon.watch` says: inotify (with a safety rescan every
  /// `rescan_seconds`), or a scan every `poll_seconds` on a network or FUSE file system. A
  /// missing or unwatchable directory is logged and waited for.
  func startWatching() {
    let directory = configuration.dataDirectory
    let settings = configuration.daemon
    watcher = nil
    poller = nil
    let decision = Self.watchDecision(directory, settings.watch)
    let text = decision.text(
      pollSeconds: settings.pollSeconds, rescanSeconds: settings.rescanSeconds)
    watching = text
    state.watch = text
    logger.notice("watching the data directory: \(text)", metadata: ["data.path": "\(directory)"])
    switch decision.mode {
    case .poll:
      startPolling(every: settings.pollSeconds, rescan: false)
      if !FileManager.default.fileExists(atPath: directory) {
        lastError = "data directory \(directory) is gone"
        logger.error(
          "the data directory does not exist; waiting for it to appear",
          metadata: ["data.path": "\(directory)"])
      }
    case .inotify:
      startInotify(directory)
      if settings.rescanSeconds > 0 { startPolling(every: settings.rescanSeconds, rescan: true) }
    }
  }

  func startPolling(every seconds: Double, rescan: Bool) {
    let poller = DirectoryPoller(
      directory: configuration.dataDirectory, rules: configuration.fileRules, interval: seconds,
      queue: queue
    ) { [unowned self] change in
      if rescan {
        // The directory going and coming back is inotify's to say (its parent is watched).
        guard case .file(let name, _) = change else { return }
        // A change inotify reported and the run has not read yet is not a lost event.
        if self.settle.seen.keys.contains(name) == false, !self.runs.isRunning {
          self.logger.notice(
            "the safety rescan found a change inotify did not report",
            metadata: ["file.name": "\(name)"])
        }
      }
      self.changed(change)
    }
    poller.start()
    self.poller = poller
  }

  func startInotify(_ directory: String) {
    do {
      let watcher = try DirectoryWatcher(
        directory: directory, rules: configuration.fileRules, queue: queue
      ) {
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

  /// The mode for `directory` (or, while it does not exist, its nearest existing parent):
  /// statfs(2), and for an overlay the file systems of its lower and upper directories.
  static func watchDecision(
    _ directory: String, _ setting: Configuration.Daemon.WatchMode
  ) -> WatchDecision {
    var path = directory
    while !FileManager.default.fileExists(atPath: path), path != "/" {
      path = (path as NSString).deletingLastPathComponent
    }
    let magic = try? FileSystem.typeMagic(path)
    var lower: [UInt32] = []
    if magic == FileSystemMagic.overlay {
      let resolved = (path as NSString).resolvingSymlinksInPath
      let mount = FileSystem.mounts()
        .filter {
          $0.type == "overlay"
            && (resolved == $0.mountPoint
              || resolved.hasPrefix($0.mountPoint == "/" ? "/" : $0.mountPoint + "/"))
        }
        .max { $0.mountPoint.count < $1.mountPoint.count }
      for option in mount?.superOptions ?? [] {
        for key in ["lowerdir=", "upperdir="] where option.hasPrefix(key) {
          for dir in option.dropFirst(key.count).split(separator: ":") {
            if let m = try? FileSystem.typeMagic(String(dir)) { lower.append(m) }
          }
        }
      }
    }
    return WatchDecision.decide(setting, magic: magic, lower: lower)
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
      // The run reads everything from now on: the next scan compares with this.
      poller?.resync()
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
    let path = (configuration.dataDirectory as NSString).appendingPathComponent(name)
    return DirectoryScan.Entry(path: path).map {
      Settle.Stamp(size: $0.size, modified: $0.modified)
    }
  }

  static func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }
}
