import Dispatch
import Foundation
import Logging
import OrbisCore
import OrbisHistory
import OrbisReports
import OrbisSystem
import Synchronization

/// `orbis serve`: watches the data directory, fires the reports' schedules, runs reports one
/// batch at a time on a worker queue, and talks to systemd.
///
/// Every property is confined to `queue` (a serial queue, not the main actor: dispatch
/// sources fire their handlers there). Only `start()` is called from outside.
public final class Daemon: @unchecked Sendable {
  let queue = DispatchQueue(label: "orbis.daemon")
  let worker = DispatchQueue(label: "orbis.run")
  let environment: [String: String]
  let workingDirectory: String
  /// What runs each report, as `orbis serve-run` (`ReportProcess`): this very program.
  let executable: String
  var loaded: LoadedConfiguration
  var logger: Logger
  let now: @Sendable () -> Date
  let notifier: SystemdNotifier

  var watcher: DirectoryWatcher?
  /// Polling, or the safety rescan beside inotify.
  var poller: DirectoryPoller?
  /// How the data directory is watched, for the log, `STATUS=` and `orbis status`.
  var watching = ""
  var settle: Settle
  var settleTimer: DispatchSourceTimer?
  var runs = RunQueue()
  var schedules: [String: ReportSchedule] = [:]
  var scheduleTimers: [String: DispatchSourceTimer] = [:]
  var retryTimers: [String: DispatchSourceTimer] = [:]
  var clockMonitor: ClockChangeMonitor?
  var clockSource: DispatchSourceRead?
  var signalSources: [DispatchSourceSignal] = []
  var watchdogTimer: DispatchSourceTimer?
  var timeoutTimer: DispatchSourceTimer?
  var stopTimer: DispatchSourceTimer?
  var state = DaemonState()
  var figures: [String: Metrics.Figures] = [:]
  /// Set to abandon the running batch before it publishes (timeout, stop).
  var cancel: CancelFlag?
  var stopping = false
  var lastError: String?

  /// Shared with the worker: whether the running batch may still publish, and the process
  /// running its current report, which `set()` asks to abandon (SIGTERM) and `kill()` ends.
  final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let child = Mutex<ChildProcess?>(nil)
    var isSet: Bool { flag.load(ordering: .acquiring) }

    func set() {
      flag.store(true, ordering: .releasing)
      child.withLock { $0?.signal(SIGTERM) }
    }

    func kill() { child.withLock { $0?.signal(SIGKILL) } }

    /// The process of the report now running (nil once it returned).
    func attach(_ process: ChildProcess?) {
      child.withLock { $0 = process }
      if isSet { process?.signal(SIGTERM) }
    }
  }

  public init(
    loaded: LoadedConfiguration, environment: [String: String],
    workingDirectory: String, logger: Logger, executable: String = "/proc/self/exe",
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.loaded = loaded
    self.environment = environment
    self.workingDirectory = workingDirectory
    self.executable = executable
    self.logger = logger
    self.now = now
    self.notifier = SystemdNotifier(environment: environment, logger: logger)
    self.settle = Settle(delay: loaded.configuration.daemon.settleDelay)
  }

  var configuration: Configuration { loaded.configuration }

  /// Starts serving; returns at once (the work happens on `queue`). Call `dispatchMain()`
  /// afterwards; the process exits 0 after SIGTERM or SIGINT.
  public func start() {
    // One malloc arena for the daemon's few threads: the reports run in processes of their
    // own, and glibc's default (an arena per thread) only spreads the daemon's small,
    // long-lived allocations over more pages.
    Memory.limitArenas(1)
    queue.async { self.startOnQueue() }
  }

  func startOnQueue() {
    umask(0o027)
    logger.notice(
      "orbis \(OrbisVersion.current) serving",
      metadata: [
        "config.path": "\(loaded.path)", "data.path": "\(configuration.dataDirectory)",
        "reports.path": "\(configuration.reportsDirectory)",
      ])
    installSignalHandlers()
    for report in configuration.reports {
      ReportRun(loaded: loaded, reportName: report.name).removeStaleTemporaries(logger: logger)
    }
    // Reports published by a run killed before the history's commit are imported now; a
    // database that cannot be used fails every run, each saying so.
    do throws(HistoryError) {
      _ = try HistoryListing.open(configuration, logger: logger)
    } catch {
      logger.error("\(error)")
    }
    do {
      state = try DaemonState.load(from: configuration.stateDirectory)
    } catch {
      logger.warning(
        "the state file cannot be read (\(error)); starting afresh",
        metadata: ["file.path": "\(DaemonState.path(in: configuration.stateDirectory))"])
    }
    startWatching()
    startClockMonitor()
    // Start-up: publish what changed while Orbis was down; catch up missed schedules once.
    var batch: RunQueue.Batch = [:]
    for report in configuration.reports { batch[report.name] = .startup }
    batch.merge(setUpSchedules(previous: [:]), uniquingKeysWith: max)
    startWatchdog()
    notifier.ready(status: statusText())
    request(batch)
  }

  // MARK: signals

  func installSignalHandlers() {
    // A file-size limit (`LimitFSIZE=`) then fails the write with EFBIG, a run that fails
    // with a reason, instead of killing the daemon half-way through writing a report.
    signal(SIGXFSZ, SIG_IGN)
    // A journal stream that closes (journald restarted) must not kill the daemon.
    signal(SIGPIPE, SIG_IGN)
    for number in [SIGHUP, SIGTERM, SIGINT] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [unowned self] in
        number == SIGHUP ? self.reload() : self.stop(signal: number)
      }
      source.activate()
      signalSources.append(source)
    }
  }

  /// SIGHUP: reads the configuration again; an invalid one is logged and the old one stays.
  func reload() {
    guard !stopping else { return }
    notifier.reloading()
    let fresh: LoadedConfiguration
    do {
      fresh = try ConfigurationFile.read(
        path: loaded.path, environment: environment, workingDirectory: workingDirectory)
    } catch {
      lastError = "configuration not reloaded: \(error)"
      logger.error(
        "configuration not reloaded: \(error); the previous configuration stays in force")
      notifier.ready(status: statusText())
      return
    }
    guard fresh.sha256 != loaded.sha256 else {
      logger.notice("configuration unchanged", metadata: ["config.path": "\(loaded.path)"])
      notifier.ready(status: statusText())
      return
    }
    let old = loaded.configuration
    loaded = fresh
    lastError = nil
    logger.notice("configuration reloaded", metadata: ["config.path": "\(loaded.path)"])
    settle = Settle(delay: configuration.daemon.settleDelay)
    if old.dataDirectory != configuration.dataDirectory || old.fileRules != configuration.fileRules
      || old.daemon.watch != configuration.daemon.watch
      || old.daemon.pollSeconds != configuration.daemon.pollSeconds
      || old.daemon.rescanSeconds != configuration.daemon.rescanSeconds
    {
      startWatching()
    }
    for name in retryTimers.keys where !configuration.reports.contains(where: { $0.name == name }) {
      retryTimers.removeValue(forKey: name)?.cancel()
    }
    var batch: RunQueue.Batch = [:]
    for report in configuration.reports { batch[report.name] = .startup }
    batch.merge(setUpSchedules(previous: schedules), uniquingKeysWith: max)
    notifier.ready(status: statusText())
    request(batch)
  }

  /// SIGTERM, SIGINT: a running batch is abandoned before it publishes (or finishes its
  /// publish); exit 0 once it returns, at the latest after 8 s.
  func stop(signal number: Int32) {
    guard !stopping else { return }
    stopping = true
    logger.notice("stopping (signal \(number == SIGTERM ? "SIGTERM" : "SIGINT"))")
    notifier.stopping()
    for timer in Array(scheduleTimers.values) + Array(retryTimers.values) { timer.cancel() }
    settleTimer?.cancel()
    watcher = nil
    poller = nil
    guard runs.isRunning else { exitNow() }
    cancel?.set()
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + 8)
    timer.setEventHandler { [unowned self] in
      self.logger.warning("the running report did not return within 8 s; exiting anyway")
      self.exitNow()
    }
    timer.activate()
    stopTimer = timer
  }

  func exitNow() -> Never {
    saveState()
    logger.notice("stopped")
    exit(0)
  }

  // MARK: watchdog and clock

  func startWatchdog() {
    guard let interval = notifier.watchdogInterval else { return }
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(50))
    // Sent from the daemon's queue: when it is stuck the pings stop and systemd restarts us.
    timer.setEventHandler { [unowned self] in self.notifier.watchdog() }
    timer.activate()
    watchdogTimer = timer
    logger.info("watchdog on: a ping every \(String(format: "%.1f", interval)) s")
  }

  func startClockMonitor() {
    do {
      let monitor = try ClockChangeMonitor()
      let source = DispatchSource.makeReadSource(
        fileDescriptor: monitor.descriptor, queue: queue)
      source.setEventHandler { [unowned self] in
        guard (try? monitor.acknowledge()) == true else { return }
        self.logger.notice("the wall clock was set; schedules recomputed")
        self.request(self.checkSchedules())
        self.armScheduleTimers()
      }
      source.activate()
      clockMonitor = monitor
      clockSource = source
    } catch {
      logger.warning("clock changes will not be noticed at once: \(error)")
    }
  }
}
