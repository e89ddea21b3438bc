import Dispatch
import Foundation
import OrbisCore

extension Daemon {
  /// Builds the schedules of the configured reports and arms their timers. A report whose
  /// expression is unchanged keeps its last handled time; a new one starts from the state
  /// file's last scheduled time, else from now. Returns the fires missed meanwhile (each once).
  func setUpSchedules(previous: [String: ReportSchedule]) -> RunQueue.Batch {
    let current = now()
    schedules = [:]
    for report in configuration.reports {
      guard let expression = report.schedule,
        let zone = TimeZone(identifier: report.timeZone)
      else { continue }
      var last = state.reports[report.name]?.lastScheduled ?? current
      if let old = previous[report.name], old.expression == expression, old.zone == zone {
        last = old.lastHandled
      }
      schedules[report.name] = ReportSchedule(
        expression: expression, zone: zone, lastHandled: min(last, current))
    }
    let missed = checkSchedules()
    for name in missed.keys {
      logger.notice(
        "a scheduled time passed while Orbis was not running: catching up once",
        metadata: ["report.name": "\(name)"])
    }
    armScheduleTimers()
    return missed
  }

  /// The reports whose next time has come; their schedules move past now.
  func checkSchedules() -> RunQueue.Batch {
    let current = now()
    var due: RunQueue.Batch = [:]
    for name in schedules.keys.sorted() where schedules[name]!.check(now: current) {
      due[name] = .schedule
      state.reports[name, default: .init()].lastScheduled = current
    }
    if !due.isEmpty { saveState() }
    return due
  }

  /// One wall-clock timer per schedule, at its next time (a `timerfd` on CLOCK_REALTIME with
  /// an absolute time: it fires when the wall clock gets there, sleep or clock steps aside).
  func armScheduleTimers() {
    for timer in scheduleTimers.values { timer.cancel() }
    scheduleTimers = [:]
    guard !stopping else { return }
    for (name, schedule) in schedules {
      guard let next = schedule.next else { continue }
      let timer = DispatchSource.makeTimerSource(queue: queue)
      let seconds = next.timeIntervalSince1970
      let whole = seconds.rounded(.down)
      timer.schedule(
        wallDeadline: DispatchWallTime(
          timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))),
        leeway: .milliseconds(100))
      timer.setEventHandler { [unowned self] in
        self.request(self.checkSchedules())
        self.armScheduleTimers()
      }
      timer.activate()
      scheduleTimers[name] = timer
    }
  }

  /// The next fire time of each scheduled report.
  var nextFires: [(name: String, date: Date, zone: TimeZone)] {
    schedules.keys.sorted().compactMap { name in
      schedules[name]!.next.map { (name, $0, schedules[name]!.zone) }
    }
  }
}
