import CXlsxWriter

#if canImport(Glibc)
  import Glibc
#endif

/// An error from the XLSX layer: what was being done, and why it failed.
///
/// Library failures carry libxlsxwriter's own message (`lxw_strerror`).
public struct XLSXError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// libxlsxwriter returned this `lxw_error` code.
    case library(code: Int)
    /// The workbook was closed (or dropped) before this call.
    case workbookClosed
    /// A format or chart made by another workbook was passed in.
    case foreignObject
    /// A row, column or range outside Excel's grid, or an argument Excel refuses.
    case invalidArgument
  }

  public let kind: Kind
  /// What was being done, e.g. `close workbook '/srv/reports/report.xlsx'`.
  public let operation: String
  /// Why it failed, in words a person can act on.
  public let reason: String
  /// The `errno` of a failed file operation (disk full, permissions), else 0.
  public let systemError: Int32

  public init(kind: Kind, operation: String, reason: String, systemError: Int32 = 0) {
    self.kind = kind
    self.operation = operation
    self.reason = reason
    self.systemError = systemError
  }

  public var description: String { "cannot \(operation): \(reason)" }

  /// Throws the Swift error for an `lxw_error`; returns for `LXW_NO_ERROR`. A non-zero
  /// `systemError` (the `errno` of a failed file operation) is named after the library's
  /// message: `Zip generic error … (No space left on device)`.
  static func check(
    _ code: lxw_error, _ operation: @autoclosure () -> String, systemError: Int32 = 0
  ) throws(XLSXError) {
    guard code != LXW_NO_ERROR else { return }
    var reason = String(cString: lxw_strerror(code))
    if systemError != 0 { reason += " (\(String(cString: strerror(systemError))))" }
    throw XLSXError(
      kind: .library(code: Int(code.rawValue)), operation: operation(), reason: reason,
      systemError: systemError)
  }

  static func closed(_ operation: String) -> XLSXError {
    XLSXError(
      kind: .workbookClosed, operation: operation,
      reason: "the workbook is already closed; create a new Workbook to write again")
  }
}
