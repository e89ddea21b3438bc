import Foundation
import OrbisCore
import Testing

@testable import OrbisDaemon

@Suite struct SettleTests {
  let a = Settle.Stamp(size: 10, modified: 1)
  let b = Settle.Stamp(size: 20, modified: 2)

  @Test func everyChangeRestartsTheDelay() {
    var settle = Settle(delay: 5)
    let r1 = settle.change("staff.csv", stamp: a, at: 100)
    #expect(r1 == .wait(until: 105))
    let r2 = settle.change("programmes.csv", stamp: a, at: 103)
    #expect(r2 == .wait(until: 108))
    // The timer armed first fires early: wait for the later deadline.
    let r3 = settle.timerFired(at: 105, current: ["staff.csv": a, "programmes.csv": a])
    #expect(r3 == .wait(until: 108))
    let r4 = settle.timerFired(at: 108, current: ["staff.csv": a, "programmes.csv": a])
    #expect(r4 == .run)
    #expect(!settle.isPending)
    let r5 = settle.timerFired(at: 200, current: [:])
    #expect(r5 == .idle)
  }

  @Test func aBurstOfTwentyFilesGivesOneRun() {
    var settle = Settle(delay: 1)
    var runs = 0
    var current: [String: Settle.Stamp?] = [:]
    for i in 0..<20 {
      let name = "staff-\(i).csv"
      current[name] = a
      _ = settle.change(name, stamp: a, at: Double(i) * 0.05)
    }
    for t in stride(from: 0.0, through: 5.0, by: 0.25) {
      if settle.timerFired(at: t, current: current) == .run { runs += 1 }
    }
    #expect(runs == 1)
  }

  @Test func aFileStillGrowingIsWaitedFor() {
    var settle = Settle(delay: 5)
    _ = settle.change("staff.csv", stamp: a, at: 0)
    // Written without a close: no event, but the size moved.
    let r6 = settle.timerFired(at: 5, current: ["staff.csv": b])
    #expect(r6 == .wait(until: 10))
    let r7 = settle.timerFired(at: 10, current: ["staff.csv": b])
    #expect(r7 == .run)
  }

  /// A writer pausing longer than the delay without closing: the run waits for the close.
  @Test func aFileOpenForWritingIsHeldUntilClosed() {
    var settle = Settle(delay: 1, stallLimit: 60)
    _ = settle.change("staff.csv", stamp: a, open: true, at: 0)
    let paused1 = settle.timerFired(at: 1, current: ["staff.csv": a])
    #expect(paused1 == .wait(until: 2))
    let paused2 = settle.timerFired(at: 2, current: ["staff.csv": a])
    #expect(paused2 == .wait(until: 3))
    _ = settle.change("staff.csv", stamp: b, open: false, at: 3.5)
    let closed = settle.timerFired(at: 4.5, current: ["staff.csv": b])
    #expect(closed == .run)
    #expect(settle.stalled.isEmpty)
    #expect(settle.writing.isEmpty)
  }

  /// A writer that never closes holds the run back only until the file has been unchanged
  /// for the stall limit; the file is then named.
  @Test func aWriterThatNeverClosesIsReadOnceUnchangedForTheStallLimit() {
    var settle = Settle(delay: 1, stallLimit: 10)
    _ = settle.change("staff.csv", stamp: a, open: true, at: 0)
    // Still growing at 4 s: the limit counts from then.
    var fired: Double?
    for t in stride(from: 1.0, through: 30, by: 1) {
      let result = settle.timerFired(at: t, current: ["staff.csv": t >= 4 ? b : a])
      if result == .run {
        fired = t
        break
      }
    }
    #expect(fired == 14)
    #expect(settle.stalled == ["staff.csv"])
  }

  @Test func aDeletedFileIsStableOnceGone() {
    var settle = Settle(delay: 1)
    _ = settle.change("staff.csv", stamp: nil, at: 0)
    let r8 = settle.timerFired(at: 1, current: ["staff.csv": nil])
    #expect(r8 == .run)
  }
}

@Suite struct RunQueueTests {
  @Test func runsNeverOverlapAndRequestsDuringARunMergeIntoOneFollowUp() {
    var queue = RunQueue()
    let r9 = queue.request(["default": .startup])
    #expect(r9 == ["default": .startup])
    #expect(queue.isRunning)
    let r10 = queue.request(["default": .dataChanged])
    #expect(r10 == nil)
    let r11 = queue.request(["default": .dataChanged, "weekly": .dataChanged])
    #expect(r11 == nil)
    let r12 = queue.request(["weekly": .schedule])
    #expect(r12 == nil)
    let r13 = queue.finished()
    #expect(r13 == ["default": .dataChanged, "weekly": .schedule])
    let r14 = queue.finished()
    #expect(r14 == nil)
    #expect(!queue.isRunning)
  }

  @Test func aScheduleForcesPublishingAndWinsAMerge() {
    #expect(RunQueue.Reason.schedule.forcesPublish)
    #expect(!RunQueue.Reason.dataChanged.forcesPublish)
    #expect(!RunQueue.Reason.startup.forcesPublish)
    #expect(max(RunQueue.Reason.dataChanged, .schedule) == .schedule)
  }
}

@Suite struct ReportScheduleTests {
  let paris = TimeZone(identifier: "Europe/Paris")!
  func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

  @Test func firesAtItsTimeAndRearmsAfterIt() throws {
    var schedule = ReportSchedule(
      expression: try CronExpression("0 7 * * *"), zone: paris,
      lastHandled: date("2026-11-23T05:00:00Z"))
    #expect(schedule.next == date("2026-11-23T06:00:00Z"))
    let r15 = schedule.check(now: date("2026-11-23T05:59:59Z"))
    #expect(!r15)
    let r16 = schedule.check(now: date("2026-11-23T06:00:00Z"))
    #expect(r16)
    let r17 = schedule.check(now: date("2026-11-23T06:00:01Z"))
    #expect(!r17)
    #expect(schedule.next == date("2026-11-24T06:00:00Z"))
  }

  @Test func clockJumpForwardCatchesUpOnceAndBackwardNeverFiresTwice() throws {
    var schedule = ReportSchedule(
      expression: try CronExpression("0 * * * *"), zone: paris,
      lastHandled: date("2026-11-23T10:00:00Z"))
    // Asleep (or an NTP step) from 10:00 to 15:30: five hours missed, one fire.
    let r18 = schedule.check(now: date("2026-11-23T15:30:00Z"))
    #expect(r18)
    let r19 = schedule.check(now: date("2026-11-23T15:30:00Z"))
    #expect(!r19)
    #expect(schedule.next == date("2026-11-23T16:00:00Z"))
    // The clock is set back to 14:10: 15:00 was handled, nothing fires before 16:00.
    let r20 = schedule.check(now: date("2026-11-23T14:10:00Z"))
    #expect(!r20)
    let r21 = schedule.check(now: date("2026-11-23T15:00:00Z"))
    #expect(!r21)
    let r22 = schedule.check(now: date("2026-11-23T16:00:00Z"))
    #expect(r22)
  }

  @Test func aFireMissedWhileDownIsCaughtUpOnceAtStartUp() throws {
    // Last handled Friday 07:00; started again Monday 09:00 after a weekend down.
    var schedule = ReportSchedule(
      expression: try CronExpression("0 7 * * *"), zone: paris,
      lastHandled: date("2026-11-20T06:00:00Z"))
    let r23 = schedule.check(now: date("2026-11-23T08:00:00Z"))
    #expect(r23)
    let r24 = schedule.check(now: date("2026-11-23T08:00:01Z"))
    #expect(!r24)
  }
}
