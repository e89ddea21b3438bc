import Foundation

extension CronExpression {
  /// The first fire time strictly after `start`, in `zone`; nil if none within ten years.
  ///
  /// Daylight saving time is handled as cronie does. A fixed time skipped by a spring-forward
  /// change fires once, at the first instant after the gap; a fixed time repeated by a
  /// fall-back change fires once, at its first occurrence. A job whose minute or hour field
  /// starts with `*` follows real time: its times in a gap do not exist, and its times in a
  /// repeated hour fire again.
  public func nextFire(after start: Date, in zone: TimeZone) -> Date? {
    let zone = ZoneOffsets(zone)
    let startSecond = Int(start.timeIntervalSince1970.rounded(.down))
    // Local (wall-clock) seconds; begin three hours back so that a repeated hour whose
    // second occurrence is still ahead of `start` is seen.
    var local = Self.floorMinute(startSecond + zone.offset(at: startSecond)) - 3 * 3600
    var best: Int?
    let limit = local + 10 * 366 * 86400
    while let candidate = nextLocalMatch(from: local), candidate < limit {
      let (instants, skipped) = zone.instants(ofLocal: candidate)
      // A wildcard job's time lost in a gap is not made up: the job fires at its next time.
      if skipped && isWildcardTime {
        local = candidate + 60
        continue
      }
      for instant in instants.prefix(isWildcardTime ? 2 : 1)
      where Double(instant) > start.timeIntervalSince1970 {
        best = min(best ?? instant, instant)
      }
      // First occurrences grow with local time: once one is after `start`, no later local
      // time can come earlier.
      if let first = instants.first, Double(first) > start.timeIntervalSince1970 {
        return best.map { Date(timeIntervalSince1970: Double($0)) }
      }
      local = candidate + 60
    }
    return best.map { Date(timeIntervalSince1970: Double($0)) }
  }

  /// The next `count` fire times after `start`.
  public func fires(after start: Date, in zone: TimeZone, count: Int) -> [Date] {
    var result: [Date] = []
    var from = start
    while result.count < count, let next = nextFire(after: from, in: zone) {
      result.append(next)
      from = next
    }
    return result
  }

  /// The first local minute at or after `local` (wall-clock seconds since 1970) matching the
  /// five fields, ignoring time zones; nil beyond ten years.
  func nextLocalMatch(from local: Int) -> Int? {
    let startDay = Self.floorDiv(local, 86400)
    let secondOfDay = local - startDay * 86400
    var day = Day(daysSinceEpoch: startDay)
    var hour = secondOfDay / 3600
    var minute = (secondOfDay % 3600 + 59) / 60
    let lastYear = day.year + 10
    while day.year <= lastYear {
      if !months.contains(day.month) {
        let (y, m) = day.month == 12 ? (day.year + 1, 1) : (day.year, day.month + 1)
        guard let next = Day(year: y, month: m, day: 1) else { return nil }
        (day, hour, minute) = (next, 0, 0)
        continue
      }
      if !matchesDay(day) {
        (day, hour, minute) = (Day(daysSinceEpoch: day.daysSinceEpoch + 1), 0, 0)
        continue
      }
      if minute > 59 { (hour, minute) = (hour + 1, 0) }
      while hour < 24 && !hours.contains(hour) { (hour, minute) = (hour + 1, 0) }
      while minute < 60 && !minutes.contains(minute) { minute += 1 }
      if hour < 24 && minute < 60 {
        return day.daysSinceEpoch * 86400 + hour * 3600 + minute * 60
      }
      if hour < 24 {
        (hour, minute) = (hour + 1, 0)
        continue
      }
      (day, hour, minute) = (Day(daysSinceEpoch: day.daysSinceEpoch + 1), 0, 0)
    }
    return nil
  }

  func matchesDay(_ day: Day) -> Bool {
    let weekday = Self.floorMod(day.daysSinceEpoch + 4, 7)  // 1970-01-01 was a Thursday
    let dom = daysOfMonth.contains(day.day)
    let dow = daysOfWeek.contains(weekday)
    return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow
  }

  static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
  static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
  static func floorMinute(_ seconds: Int) -> Int { floorDiv(seconds, 60) * 60 }
}

/// UTC offsets of a time zone, and the instants a local wall-clock time stands for.
struct ZoneOffsets {
  let zone: TimeZone

  init(_ zone: TimeZone) { self.zone = zone }

  func offset(at instant: Int) -> Int {
    zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
  }

  /// The instants whose local time is `local`, earliest first: one, two in a repeated
  /// (fall-back) hour, or, for a time skipped by a spring-forward gap (`skipped`), the first
  /// instant after the gap.
  func instants(ofLocal local: Int) -> (instants: [Int], skipped: Bool) {
    let before = offset(at: local - 86400)
    let after = offset(at: local + 86400)
    var offsets = Set([before, after])
    for guess in [before, after] { offsets.insert(offset(at: local - guess)) }
    let valid = offsets.map { local - $0 }.filter { offset(at: $0) == local - $0 }
    if !valid.isEmpty { return (Array(Set(valid)).sorted(), false) }
    // In a gap: the transition lies between the instant read with the later offset (still
    // before the change) and the one read with the earlier offset (after it).
    var low = local - max(before, after)
    var high = local - min(before, after)
    let lowOffset = offset(at: low)
    while high - low > 1 {
      let middle = low + (high - low) / 2
      if offset(at: middle) == lowOffset { low = middle } else { high = middle }
    }
    return ([high], true)
  }
}
