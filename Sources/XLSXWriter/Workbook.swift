import CXlsxPackaging
import CXlsxWriter
import Foundation

/// An XLSX file being written: the sole owner of libxlsxwriter's `lxw_workbook`.
///
/// Nothing reaches the disk until `close()`, which writes the whole file and consumes the
/// workbook, so a closed workbook cannot be used again. Worksheets, formats and charts it lent
/// out throw `XLSXError.Kind.workbookClosed` if used afterwards. A workbook dropped without
/// `close()` is freed and writes nothing.
public struct Workbook: ~Copyable {
  /// Options fixed when the workbook is created.
  public struct Options: Sendable {
    /// Stream each worksheet row to a temporary file as soon as a later row is started: memory
    /// stays flat whatever the size. Rows must then be written in order, and worksheet tables
    /// and merged ranges are not available (libxlsxwriter's `constant_memory`).
    public var constantMemory: Bool
    /// Where libxlsxwriter puts its temporary files (default: the system's).
    public var temporaryDirectory: String?
    /// Allow ZIP64 extensions, for files over 4 GB.
    public var useZip64: Bool
    /// zlib's level for the file's parts, 1 (fastest) to 9 (smallest; a level outside is
    /// taken as the nearest); nil: libxlsxwriter's own, zlib's default (6). The parts' bytes are the same at every level; only the file's
    /// size and the time `close()` takes change. Ignored where `compressionLevelApplies` is
    /// false.
    public var compressionLevel: Int32?

    public init(
      constantMemory: Bool = false, temporaryDirectory: String? = nil, useZip64: Bool = false,
      compressionLevel: Int32? = nil
    ) {
      self.constantMemory = constantMemory
      self.temporaryDirectory = temporaryDirectory
      self.useZip64 = useZip64
      self.compressionLevel = compressionLevel
    }
  }

  let handle: WorkbookHandle
  private var formats: [FormatSpec: Format] = [:]

  /// The file this workbook will be written to by `close()`.
  public var path: String { handle.path }

  /// Starts a workbook that `close()` will write to `path`. The path is only opened by
  /// `close()`, so an unwritable path is reported there.
  public init(path: String, options: Options = Options()) throws(XLSXError) {
    var cOptions = lxw_workbook_options()
    cOptions.constant_memory = options.constantMemory ? 1 : 0
    cOptions.use_zip64 = options.useZip64 ? 1 : 0
    // libxlsxwriter copies `tmpdir` (lxw_strdup) before workbook_new_opt returns.
    let raw: UnsafeMutablePointer<lxw_workbook>? = path.withCString { cPath in
      if let tmp = options.temporaryDirectory {
        return tmp.withCString { cTmp in
          cOptions.tmpdir = UnsafeMutablePointer(mutating: cTmp)
          return workbook_new_opt(cPath, &cOptions)
        }
      }
      return workbook_new_opt(cPath, &cOptions)
    }
    guard let raw else {
      throw XLSXError(
        kind: .library(code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)),
        operation: "create workbook '\(path)'", reason: "libxlsxwriter could not allocate it")
    }
    handle = WorkbookHandle(
      raw: raw, path: path, constantMemory: options.constantMemory,
      compressionLevel: options.compressionLevel.map { min(max($0, 1), 9) })
  }

  /// Whether `Options.compressionLevel` takes effect: libxlsxwriter has no option for it, so
  /// this binding replaces the level in libxlsxwriter's call to minizip, which works where the
  /// dynamic linker binds that call to the binding (CXlsxPackaging).
  public static var compressionLevelApplies: Bool { orbis_xlsx_level_applies() != 0 }

  /// Whether `close(freeingInBackground: true)` returns before libxlsxwriter has freed the
  /// workbook: where the binding sees libxlsxwriter's calls to minizip, and the library is the
  /// version whose order of parts it was checked against (1.1.4). Elsewhere that close waits
  /// for the whole of `workbook_close`, as `close()` does.
  public static var freesInBackground: Bool { orbis_xlsx_written_applies() != 0 }

  deinit { handle.discard() }

  /// Adds a worksheet. Names follow Excel's rules: at most 31 characters, none of `[]:*?/\`,
  /// not starting or ending with `'`, unique ignoring case.
  public func addWorksheet(named name: String) throws(XLSXError) -> Worksheet {
    let operation = "add worksheet '\(name)' to '\(path)'"
    let book = try handle.open(operation)
    try XLSXText.check(name, what: "sheet name", operation)
    try XLSXError.check(workbook_validate_sheet_name(book, name), operation)
    guard let sheet = workbook_add_worksheet(book, name) else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation, reason: "libxlsxwriter refused the name")
    }
    return Worksheet(owner: handle, raw: sheet, name: name)
  }

  /// A format with these properties; the same spec gives the same format.
  public mutating func addFormat(_ spec: FormatSpec) throws(XLSXError) -> Format {
    if let known = formats[spec] { return known }
    let book = try handle.open("add a format to '\(path)'")
    guard let raw = workbook_add_format(book) else {
      throw XLSXError(
        kind: .library(code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)),
        operation: "add a format to '\(path)'", reason: "libxlsxwriter could not allocate it")
    }
    let format = Format(owner: handle, raw: raw, spec: spec)
    formats[spec] = format
    return format
  }

  /// A new chart; it appears once inserted in a worksheet with `Worksheet.insertChart`.
  public func addChart(_ type: Chart.Kind) throws(XLSXError) -> Chart {
    let operation = "add a \(type) chart to '\(path)'"
    let book = try handle.open(operation)
    guard let raw = workbook_add_chart(book, type.cValue) else {
      throw XLSXError(
        kind: .library(code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)), operation: operation,
        reason: "libxlsxwriter could not allocate it")
    }
    return Chart(owner: handle, raw: raw, kind: type)
  }

  /// Sets the document properties (File ▸ Properties in Excel; `docProps/core.xml`).
  public func setProperties(_ properties: DocumentProperties) throws(XLSXError) {
    let operation = "set the document properties of '\(path)'"
    let book = try handle.open(operation)
    let values = [
      properties.title, properties.subject, properties.author, properties.manager,
      properties.company, properties.category, properties.keywords, properties.comments,
    ]
    for value in values.compactMap({ $0 }) {
      try XLSXText.check(value, what: "document property", operation)
    }
    // libxlsxwriter copies every string (lxw_strdup) before returning.
    let strings = values.map { $0.map { strdup($0) } ?? nil }
    defer { strings.forEach { free($0) } }
    var cProps = lxw_doc_properties()
    cProps.title = strings[0]
    cProps.subject = strings[1]
    cProps.author = strings[2]
    cProps.manager = strings[3]
    cProps.company = strings[4]
    cProps.category = strings[5]
    cProps.keywords = strings[6]
    cProps.comments = strings[7]
    cProps.created = properties.created.map { time_t($0.timeIntervalSince1970) } ?? 0
    try XLSXError.check(workbook_set_properties(book, &cProps), operation)
  }

  /// Defines a workbook-level name for a range, e.g. `Nationalities` → `Nationalities!$A$2:$C$40`.
  public func defineName(
    _ name: String, refersTo range: CellRange, inSheet sheet: String
  )
    throws(XLSXError)
  {
    let operation = "define the name '\(name)' in '\(path)'"
    let book = try handle.open(operation)
    try range.validate(operation)
    try XLSXText.check(name, what: "defined name", operation)
    try XLSXError.check(
      workbook_define_name(book, name, "=" + range.absolute(inSheet: sheet)), operation)
  }

  /// Writes the file and releases the workbook. Throws with libxlsxwriter's reason and the
  /// path when the file cannot be written (missing directory, no permission, disk full).
  ///
  /// With `freeingInBackground` (where `freesInBackground`), returns as soon as the file is
  /// written and closed, while a thread of its own frees the workbook's cells and strings (at a
  /// million cells, 40 ms of the close); a failed close still throws, after it ended.
  public consuming func close(freeingInBackground: Bool = false) throws(XLSXError) {
    let (code, systemError) = handle.close(freeingInBackground: freeingInBackground)
    try XLSXError.check(code, "write workbook '\(path)'", systemError: systemError)
  }
}
