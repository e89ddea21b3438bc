import CXlsxWriter
import Foundation

/// A calendar date and time as Excel stores it: a serial number shown through a date format.
/// It has no time zone; convert an instant with `init(_:in:)`.
public struct ExcelDateTime: Hashable, Sendable {
  public var year: Int
  public var month: Int
  public var day: Int
  public var hour: Int
  public var minute: Int
  public var second: Double

  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// The wall-clock time of `instant` in `timeZone`.
  public init(_ instant: Date, in timeZone: TimeZone) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let c = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .nanosecond], from: instant)
    self.init(
      year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!,
      second: Double(c.second!) + Double(c.nanosecond!) / 1e9)
  }

  var cValue: lxw_datetime {
    lxw_datetime(
      year: Int32(year), month: Int32(month), day: Int32(day), hour: Int32(hour),
      min: Int32(minute), sec: second)
  }

  /// Excel's serial number in the 1900 date system (1 = 1900-01-01, with Excel's phantom
  /// 1900-02-29), as libxlsxwriter computes it.
  public var serialNumber: Double {
    var value = cValue
    return lxw_datetime_to_excel_datetime(&value)
  }

  /// Whether the fields form a real date Excel can show (1900-01-01 to 9999-12-31).
  var isValid: Bool {
    guard (1900...9999).contains(year), (1...12).contains(month), day >= 1,
      (0..<24).contains(hour), (0..<60).contains(minute), second >= 0, second < 60
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days =
      switch month {
      case 2: leap ? 29 : 28
      case 4, 6, 9, 11: 30
      default: 31
      }
    return day <= days
  }
}
