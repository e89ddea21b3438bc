import CXlsxWriter
import Foundation

/// A worksheet of an open workbook. Rows and columns are zero-based, as in libxlsxwriter.
///
/// Every call first checks that the workbook is still open, so using a worksheet after its
/// workbook was closed throws instead of touching freed memory.
public struct Worksheet {
  let owner: WorkbookHandle
  let raw: UnsafeMutablePointer<lxw_worksheet>
  public let name: String

  /// A value for one cell.
  public enum Cell: Hashable, Sendable {
    /// Literal text: always a string cell, never a formula, whatever it starts with.
    case text(String)
    case number(Double)
    /// A date or date-time; pair it with a date format to show it as a date.
    case date(ExcelDateTime)
    case bool(Bool)
    /// An empty cell (written only when it has a format, as Excel does).
    case blank
  }

  @inline(__always)
  private func check(
    _ row: Int, _ column: Int, _ operation: @autoclosure () -> String
  )
    throws(XLSXError)
  {
    _ = try owner.open(operation())
    try CellRange.validate(row: row, column: column, operation())
  }

  private func place(_ row: Int, _ column: Int) -> String {
    "'\(name)'!\(CellRange.a1(row: row, column: column))"
  }

  /// Writes literal text. Text starting with `=`, `+`, `-` or `@` stays text: libxlsxwriter
  /// stores it as a string cell, and no formula element is ever written for it. Characters XML
  /// cannot carry are escaped (see `XLSXText`); text over 32,767 characters is refused.
  public func write(text: String, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    // Named only when an error needs it: not once per cell.
    func operation() -> String { "write text at \(place(row, column))" }
    try check(row, column, operation())
    let f = try checkedFormat(format, operation())
    // Control characters and NUL are escaped (`_x0001_`), so no part gets them raw.
    let status = try XLSXText.withCellText(text, operation()) { cText in
      worksheet_write_string(raw, lxw_row_t(row), lxw_col_t(column), cText, f)
    }
    try XLSXError.check(status, operation())
  }

  public func write(
    number: Double, row: Int, column: Int, format: Format? = nil
  )
    throws(XLSXError)
  {
    func operation() -> String { "write a number at \(place(row, column))" }
    try check(row, column, operation())
    let f = try checkedFormat(format, operation())
    try XLSXError.check(
      worksheet_write_number(raw, lxw_row_t(row), lxw_col_t(column), number, f), operation())
  }

  /// Writes a real Excel date (a serial number); give it a date format to show it as a date.
  public func write(
    date: ExcelDateTime, row: Int, column: Int, format: Format? = nil
  )
    throws(XLSXError)
  {
    func operation() -> String { "write a date at \(place(row, column))" }
    try check(row, column, operation())
    guard date.isValid else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation(),
        reason: "\(date.year)-\(date.month)-\(date.day) is not a date Excel can show (1900-9999)")
    }
    let f = try checkedFormat(format, operation())
    var value = date.cValue
    try XLSXError.check(
      worksheet_write_datetime(raw, lxw_row_t(row), lxw_col_t(column), &value, f), operation())
  }

  public func write(bool: Bool, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    func operation() -> String { "write a boolean at \(place(row, column))" }
    try check(row, column, operation())
    let f = try checkedFormat(format, operation())
    try XLSXError.check(
      worksheet_write_boolean(raw, lxw_row_t(row), lxw_col_t(column), bool ? 1 : 0, f), operation())
  }

  public func writeBlank(row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    func operation() -> String { "write a blank at \(place(row, column))" }
    try check(row, column, operation())
    let f = try checkedFormat(format, operation())
    try XLSXError.check(
      worksheet_write_blank(raw, lxw_row_t(row), lxw_col_t(column), f), operation())
  }

  /// Writes any cell value.
  public func write(_ cell: Cell, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    switch cell {
    case .text(let text): try write(text: text, row: row, column: column, format: format)
    case .number(let number): try write(number: number, row: row, column: column, format: format)
    case .date(let date): try write(date: date, row: row, column: column, format: format)
    case .bool(let bool): try write(bool: bool, row: row, column: column, format: format)
    case .blank: try writeBlank(row: row, column: column, format: format)
    }
  }

  /// Writes a row of values from `column` rightwards.
  public func write(
    row cells: [Cell], at row: Int, column: Int = 0, format: Format? = nil
  )
    throws(XLSXError)
  {
    for (offset, cell) in cells.enumerated() {
      try write(cell, row: row, column: column + offset, format: format)
    }
  }
}
