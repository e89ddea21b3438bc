import CXlsxPackaging
import CXlsxWriter
import Foundation

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

  /// Writes the file and frees the C workbook (libxlsxwriter frees it on success and
  /// failure); on failure also the `errno` the failed file operation left (0 when none), which
  /// says why (`ENOSPC`, `EACCES`…) where `lxw_error` does not.
  ///
  /// With `freeingInBackground` (where `Workbook.freesInBackground`), libxlsxwriter closes the
  /// workbook on a thread of its own, and this returns as soon as the file is written and
  /// closed, while that thread frees the workbook's memory.
  func close(freeingInBackground: Bool = false) -> (code: lxw_error, errno: Int32) {
    guard let raw else { return (LXW_NO_ERROR, 0) }
    self.raw = nil
    let closing = Closing(raw, level: compressionLevel ?? -1)
    guard freeingInBackground, orbis_xlsx_written_applies() != 0 else {
      closing.run(signalWhenWritten: false)
      return closing.outcome()
    }
    Thread { closing.run(signalWhenWritten: true) }.start()
    return closing.outcome()
  }

  /// Frees a workbook that was never closed, writing nothing.
  func discard() {
    guard let raw else { return }
    self.raw = nil
    lxw_workbook_free(raw)
  }
}

/// One `workbook_close`, and what the caller waits for: the file written (signalled by
/// CXlsxPackaging from inside it), or its end.
private final class Closing: @unchecked Sendable {
  // Handed to the closing thread, then never touched here again.
  private let raw: UnsafeMutablePointer<lxw_workbook>
  private let level: Int32
  private let condition = NSCondition()
  private var written = false
  private var result: (code: lxw_error, errno: Int32)?

  init(_ raw: UnsafeMutablePointer<lxw_workbook>, level: Int32) {
    self.raw = raw
    self.level = level
  }

  /// Closes the workbook on the calling thread (libxlsxwriter packs on it).
  func run(signalWhenWritten: Bool) {
    let context = Unmanaged.passRetained(self)
    orbis_xlsx_packaging_begin(
      level,
      signalWhenWritten
        ? { context in
          Unmanaged<Closing>.fromOpaque(context!).takeUnretainedValue().markWritten()
        } : nil,
      context.toOpaque())
    errno = 0
    let code = workbook_close(raw)
    let error = code == LXW_NO_ERROR ? 0 : errno
    orbis_xlsx_packaging_end()
    context.release()
    condition.lock()
    result = (code, error)
    condition.broadcast()
    condition.unlock()
  }

  private func markWritten() {
    condition.lock()
    written = true
    condition.broadcast()
    condition.unlock()
  }

  /// Success once the file is written, or the close's result once it ended.
  func outcome() -> (code: lxw_error, errno: Int32) {
    condition.lock()
    defer { condition.unlock() }
    while !written, result == nil { condition.wait() }
    return result ?? (LXW_NO_ERROR, 0)
  }
}
