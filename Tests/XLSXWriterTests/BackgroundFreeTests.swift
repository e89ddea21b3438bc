import CXlsxPackaging
import CXlsxWriter
import Foundation
import TestSupport
import Testing
import XLSXWriter

/// `close(freeingInBackground: true)`: returns once the file is complete (CXlsxPackaging sees
/// libxlsxwriter add its last part and close the ZIP without an error), while another thread
/// frees the workbook; a close that fails throws as `close()` does. libxlsxwriter calls
/// `zipClose` on its error paths too: the rule's test below covers them through minizip.
@Suite struct BackgroundFreeTests {
  func book(
    at path: String, options: Workbook.Options = .init()
  ) throws(XLSXError) -> Workbook {
    let book = try Workbook(path: path, options: options)
    let sheet = try book.addWorksheet(named: "Rows")
    for r in 0..<2_000 {
      try sheet.write(text: "Row \(r)", row: r, column: 0)
      try sheet.write(number: Double(r), row: r, column: 1)
    }
    return book
  }

  @Test func theFileIsCompleteWhenCloseReturns() throws {
    #expect(Workbook.freesInBackground, "libxlsxwriter 1.1.4 is the version checked")
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for i in 0..<5 {
      let path = dir.path("book\(i).xlsx")
      try book(at: path).close(freeingInBackground: true)
      // Read at once: every part there, the last rows included.
      let package = try XLSXPackage(contentsOf: URL(fileURLWithPath: path))
      #expect(package.parts["docProps/app.xml"] != nil)
      let cells = try package.cells(ofSheet: "Rows")
      #expect(cells["A2000"]?.text == "Row 1999")
      #expect(cells["B2000"]?.value == "1999")
    }
  }

  @Test func aFileThatCannotBeCreatedStillThrows() throws {
    let path = "/nonexistent-orbis-dir/sub/report.xlsx"
    do {
      try book(at: path).close(freeingInBackground: true)
      Issue.record("closed without an error")
    } catch {
      #expect(error.reason.contains("Error creating output xlsx file"))
      #expect(error.reason.hasSuffix("(No such file or directory)"))
    }
  }

  /// Writing fails (ENOSPC on /dev/full) while minizip packs: the close throws, in the
  /// background as on the calling thread.
  @Test func aPackageThatCannotBeWrittenThrows() throws {
    for background in [false, true] {
      do {
        try book(at: "/dev/full").close(freeingInBackground: background)
        Issue.record("closed without an error (in background: \(background))")
      } catch {
        #expect(error.description.contains("/dev/full"), "\(error)")
      }
    }
  }

  /// libxlsxwriter's own close (this machine's libxlsxwriter, called directly) gives the
  /// signal once, inside workbook_close, and the close then succeeds: its last part is the
  /// one the rule waits for.
  @Test func libxlsxwritersCloseGivesTheSignalOnce() throws {
    #expect(Workbook.freesInBackground, "libxlsxwriter 1.1.4 is the version checked")
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    final class Signal: @unchecked Sendable { var count = 0 }
    let signal = Signal()
    let context = Unmanaged.passRetained(signal)
    defer { context.release() }
    let book = try #require(workbook_new(dir.path("direct.xlsx")))
    let sheet = try #require(workbook_add_worksheet(book, "Rows"))
    for r in 0..<100 { worksheet_write_string(sheet, lxw_row_t(r), 0, "Row \(r)", nil) }
    orbis_xlsx_packaging_begin(
      -1, { Unmanaged<Signal>.fromOpaque($0!).takeUnretainedValue().count += 1 },
      context.toOpaque())
    let code = workbook_close(book)
    orbis_xlsx_packaging_end()
    #expect(code == LXW_NO_ERROR)
    #expect(signal.count == 1)
  }

  /// The rule itself, through minizip with no libxlsxwriter: the signal comes only after the
  /// final part was closed without error and the package closed, and never when a minizip
  /// call failed before (libxlsxwriter's other failures stop it before its final part).
  @Test func theSignalNeedsTheFinalPartAndNoFailure() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    final class Signal: @unchecked Sendable { var count = 0 }
    func package(
      _ parts: [String], failingWrite: Bool = false, leavingTheLastOpen: Bool = false
    ) -> Int {
      let signal = Signal()
      let context = Unmanaged.passRetained(signal)
      defer { context.release() }
      orbis_xlsx_packaging_begin(
        4, { Unmanaged<Signal>.fromOpaque($0!).takeUnretainedValue().count += 1 },
        context.toOpaque())
      defer { orbis_xlsx_packaging_end() }
      let zip = zipOpen(dir.path("p.zip"), APPEND_STATUS_CREATE)
      for part in parts {
        var info = zip_fileinfo()
        _ = zipOpenNewFileInZip4_64(
          zip, part, &info, nil, 0, nil, 0, nil, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0,
          -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, nil, 0, 0, 0, 0)
        let bytes = Array("<x/>".utf8)
        _ = zipWriteInFileInZip(zip, bytes, UInt32(bytes.count))
        if failingWrite { _ = zipWriteInFileInZip(nil, bytes, UInt32(bytes.count)) }
        if leavingTheLastOpen, part == parts.last { continue }
        _ = zipCloseFileInZip(zip)
      }
      _ = zipClose(zip, nil)
      return signal.count
    }
    let complete = ["[Content_Types].xml", "xl/workbook.xml", "docProps/app.xml"]
    #expect(package(complete) == 1)
    #expect(package(Array(complete.dropLast())) == 0)
    #expect(package(complete.reversed()) == 0)
    #expect(package(complete, failingWrite: true) == 0)
    #expect(package([]) == 0)
    // A step that fails half-way leaves its part open: minizip's zipClose closes it.
    #expect(package(complete, leavingTheLastOpen: true) == 0)
  }
}
