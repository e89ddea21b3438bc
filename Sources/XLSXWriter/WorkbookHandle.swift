import CXlsxPackaging
import CXlsxWriter

#if canImport(Glibc)
  import Glibc
#endif

/// The C workbook, shared by reference with the worksheets, formats and charts lent out, so
/// that each of them can tell whether the workbook is still open before touching C memory.
/// Only `Workbook` closes or frees it.
final class WorkbookHandle {
  private(set) var raw: UnsafeMutablePointer<lxw_workbook>?
  let path: String
  let constantMemory: Bool
  let compressionLevel: Int32?

  init(
    raw: UnsafeMutablePointer<lxw_workbook>, path: String, constantMemory: Bool,
    compressionLevel: Int32?
  ) {
    self.raw = raw
    self.path = path
    self.constantMemory = constantMemory
    self.compressionLevel = compressionLevel
  }

  var isOpen: Bool { raw != nil }

  /// The open workbook, or a `workbookClosed` error naming `operation`.
  @inline(__always)
  func open(
    _ operation: @autoclosure () -> String
  ) throws(XLSXError)
    -> UnsafeMutablePointer<lxw_workbook>
  {
    guard let raw else { throw XLSXError.closed(operation()) }
    return raw
  }

  /// Writes the file and frees the C workbook (libxlsxwriter frees it on success and failure).
  /// Writes and frees the workbook; on failure also the `errno` the failed file operation
  /// left (0 when none), which says why (`ENOSPC`, `EACCES`…) where `lxw_error` does not.
  func close() -> (code: lxw_error, errno: Int32) {
    guard let raw else { return (LXW_NO_ERROR, 0) }
    self.raw = nil
    errno = 0
    // libxlsxwriter packs the parts on this thread, inside workbook_close.
    if let compressionLevel { orbis_xlsx_set_deflate_level(compressionLevel) }
    defer { if compressionLevel != nil { orbis_xlsx_set_deflate_level(-1) } }
    let code = workbook_close(raw)
    return (code, code == LXW_NO_ERROR ? 0 : errno)
  }

  /// Frees a workbook that was never closed, writing nothing.
  func discard() {
    guard let raw else { return }
    self.raw = nil
    lxw_workbook_free(raw)
  }
}
