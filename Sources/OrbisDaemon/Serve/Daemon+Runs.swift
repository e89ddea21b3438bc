import Dispatch
import Foundation
import Logging
import OrbisCore
import OrbisReports
import OrbisSystem

extension Daemon {
  /// The outcome of one report of a batch.
  struct Result: Sendable {
    var name: String
    var reason: RunQueue.Reason
    var started: Date
    var duration: Double
    var outcome: ReportRun.Outcome
  }

  /// Asks for runs: started now, or merged into the one follow-up of the running batch.
  func request(_ batch: RunQueue.Batch) {
    guard !stopping, !batch.isEmpty else { return }
    for name in batch.keys { retryTimers.removeValue(forKey: name)?.cancel() }
    if let start = runs.request(batch) {
      run(start)
    } else {
      logger.info(
        "a run is in progress; one more will follow it",
        metadata: ["report.names": "\(batch.keys.sorted().joined(separator: ","))"])
    }
  }

  /// Seconds a timed-out run has to abandon (SIGTERM) before its process is killed.
  static let killGrace = 10.0

  /// Runs a batch on the worker queue, each report in a process of its own (`ReportProcess`),
  /// guarded by the run timeout.
  func run(_ batch: RunQueue.Batch) {
    let flag = CancelFlag()
    cancel = flag
    let loaded = self.loaded
    let logger = self.logger
    let now = self.now
    let timeout = configuration.daemon.runTimeout
    let (executable, environment, workingDirectory) =
      (self.executable, self.environment, self.workingDirectory)
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + timeout)
    timer.setEventHandler { [unowned self] in
      flag.set()
      self.lastError = "run timed out after \(Int(timeout)) s; nothing published"
      self.logger.error(
        "the run takes longer than \(Int(timeout)) s (daemon.run_timeout_seconds): abandoned, nothing will be published"
      )
      self.notifier.status(self.statusText())
      // A run that does not reach the point where it abandons within the grace is killed.
      self.queue.asyncAfter(deadline: .now() + Self.killGrace) { flag.kill() }
    }
    timer.activate()
    timeoutTimer = timer
    notifier.status("Running \(batch.keys.sorted().joined(separator: ", "))")
    worker.async {
      var results: [Result] = []
      for name in batch.keys.sorted() {
        let reason = batch[name]!
        let started = now()
        let clock = ContinuousClock.now
        var outcome = ReportRun.Outcome.abandoned
        if !flag.isSet {
          outcome = ReportProcess.run(
            loaded: loaded, reportName: name, reason: reason, started: started,
            executable: executable, environment: environment,
            workingDirectory: workingDirectory
          ) { child in
            flag.attach(child)
          } ended: { ending in
            logger.info(
              "report process ended",
              metadata: [
                "report.name": "\(name)", "process.status": "\(ending.termination)",
                "memory.peak.kb": "\(ending.peakMemoryKB)",
                "cpu.s": "\(ReportRun.format(ending.cpuSeconds))",
              ])
          }
          flag.attach(nil)
          if case .crashed(let reason) = outcome {
            if flag.isSet {
              // Killed after the timeout's grace (or while stopping): abandoned, as asked.
              logger.warning(
                "the run's process was ended (\(reason)); latest still points to a complete report",
                metadata: ["report.name": "\(name)"])
              outcome = .abandoned
            } else {
              logger.error(
                "the run ended abnormally: \(reason); latest still points to a complete report",
                metadata: ["report.name": "\(name)"])
            }
          }
        }
        results.append(
          Result(
            name: name, reason: reason, started: started,
            duration: (ContinuousClock.now - clock).seconds, outcome: outcome))
      }
      // What the daemon itself allocated for the batch (outcomes, records) goes back too.
      Memory.releaseFree()
      let done = results
      self.queue.async { self.finished(done) }
    }
  }

  func finished(_ results: [Result]) {
    timeoutTimer?.cancel()
    timeoutTimer = nil
    cancel = nil
    for result in results { record(result) }
    saveState()
    writeMetrics()
    if stopping { exitNow() }
    notifier.status(statusText())
    if let next = runs.finished() { run(next) }
  }

  /// Updates the state, the log and the retries with one report's outcome.
  func record(_ result: Result) {
    var report = state.reports[result.name] ?? .init()
    report.lastRun = result.started
    report.durationSeconds = (result.duration * 1000).rounded() / 1000
    var failure: String?
    switch result.outcome {
    case .published(let directory, let record, _):
      report.outcome = "published"
      report.lastPublished = directory
      report.inputs = Dictionary(
        record.inputs.map { ($0.file, $0.sha256) }, uniquingKeysWith: { $1 })
      figures[result.name] = Metrics.Figures(
        statistics: record.statistics, rejectedRows: record.rejected.total)
      let summary = RunSummary.text(result.outcome, reportName: result.name)
        .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: "; ")
      logger.notice("\(summary)", metadata: ["report.name": "\(result.name)"])
    case .unchanged:
      report.outcome = "unchanged"
    case .inputErrors(let errors):
      report.outcome = "failed"
      failure = errors.map { "\($0)" }.joined(separator: "; ")
    case .publishFailed(let error):
      report.outcome = "failed"
      failure = "\(error)"
    case .historyFailed(let error):
      report.outcome = "failed"
      failure = "\(error)"
    case .abandoned:
      report.outcome = "abandoned"
      failure = stopping ? "Orbis was stopping" : "the run timed out"
    case .crashed(let reason):
      report.outcome = "failed"
      failure = "the run ended abnormally (\(reason)); see the log"
    case .refused(let drops, _, let maxPercent):
      report.outcome = "refused"
      failure =
        "nothing published: " + drops.map(\.description).joined(separator: "; ")
        + " against the previous report; " + DatasetDrop.advice(maxPercent: maxPercent)
    }
    if case .refused(let drops, _, _) = result.outcome {
      report.drops = drops
    } else {
      report.drops = nil
    }
    if let failure {
      report.error = failure
      report.failures += 1
      lastError = "\(result.name): \(failure)"
      // The same files give the same drop: wait for a change of files or configuration.
      if case .refused = result.outcome {} else { scheduleRetry(result, failures: report.failures) }
    } else {
      report.error = nil
      report.failures = 0
      report.lastSuccess = result.started
      if lastError?.hasPrefix("\(result.name): ") == true { lastError = nil }
    }
    state.reports[result.name] = report
  }

  /// Retries a failed report after the configured delay, doubled for each further failure,
  /// until the attempts are spent; a later change or schedule runs it again anyway.
  func scheduleRetry(_ result: Result, failures: Int) {
    guard !stopping else { return }
    let attempts = configuration.daemon.retryAttempts
    guard failures < attempts else {
      logger.error(
        "\(result.name) failed \(failures) times in a row; no more retries until the data changes or the schedule fires",
        metadata: ["report.name": "\(result.name)"])
      return
    }
    let delay = configuration.daemon.retryDelay * pow(2, Double(failures - 1))
    logger.warning(
      "\(result.name) failed; retry \(failures) of \(attempts - 1) in \(Int(delay)) s",
      metadata: ["report.name": "\(result.name)"])
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + delay)
    let name = result.name
    let reason = result.reason
    timer.setEventHandler { [unowned self] in
      self.retryTimers.removeValue(forKey: name)?.cancel()
      self.request([name: reason])
    }
    timer.activate()
    retryTimers[name]?.cancel()
    retryTimers[name] = timer
  }

  func saveState() {
    do {
      try state.save(to: configuration.stateDirectory)
    } catch {
      logger.error(
        "cannot write the state file (\(error)); check the state directory's permissions",
        metadata: ["file.path": "\(DaemonState.path(in: configuration.stateDirectory))"])
    }
  }

  func writeMetrics() {
    guard let path = configuration.daemon.metricsFile else { return }
    do {
      try Metrics.write(Metrics.text(state: state, figures: figures), to: path)
    } catch {
      logger.error("cannot write the metrics file: \(error)", metadata: ["file.path": "\(path)"])
    }
  }

  /// systemd's `STATUS=` line: last run, next run, last error.
  func statusText() -> String {
    var parts: [String] = []
    let last = state.reports.compactMap { name, report in
      report.lastRun.map { (name, $0, report) }
    }.max { $0.1 < $1.1 }
    if let (name, date, report) = last {
      parts.append(
        "Last run \(name) \(report.outcome ?? "?") at \(StatusFormat.local(date, in: .current))")
    } else {
      parts.append("No run yet")
    }
    if let next = nextFires.min(by: { $0.date < $1.date }) {
      parts.append("next \(next.name) at \(StatusFormat.local(next.date, in: next.zone))")
    } else {
      parts.append("next run on data change")
    }
    if !watching.isEmpty { parts.append("watching: \(watching)") }
    parts.append("last error: \(lastError ?? "none")")
    return parts.joined(separator: "; ")
  }
}
