import OrbisCore
import XLSXWriter

/// The formats of a report workbook, added once.
struct ReportFormats {
  let title: Format
  let bold: Format
  let note: Format
  let integer: Format
  let decimal: Format
  let percent: Format
  let date: Format

  init(_ book: inout Workbook) throws(XLSXError) {
    title = try book.addFormat(FormatSpec(bold: true, fontSize: 14))
    bold = try book.addFormat(.bold)
    note = try book.addFormat(FormatSpec(italic: true, fontColor: Color(0x59_5959)))
    integer = try book.addFormat(.integer)
    decimal = try book.addFormat(.decimal)
    percent = try book.addFormat(.percent)
    date = try book.addFormat(.date)
  }
}

/// A value of a report cell; numbers are written as numbers, text literally.
enum ReportValue {
  case text(String)
  case integer(Int)
  case decimal(Double)
  /// A fraction shown as a percentage; blank when undefined.
  case percent(Double?)
  case date(Day?)

  /// The characters it shows, to fit the column width.
  var shownWidth: Int {
    switch self {
    case .text(let s): s.count
    case .integer(let n): TextFormat.integer(n).count
    case .decimal(let d): TextFormat.fte(d).count
    case .percent: 6
    case .date: 10
    }
  }
}

/// Where a table landed: its header row and data rows, for charts.
struct TablePlacement {
  var headerRow: Int
  var firstColumn: Int
  var rowCount: Int
  var firstDataRow: Int { headerRow + 1 }
  var lastDataRow: Int { headerRow + max(rowCount, 1) }

  /// The data cells of the table's `offset`-th column.
  func column(_ offset: Int) -> CellRange {
    CellRange(
      firstRow: firstDataRow, firstColumn: firstColumn + offset, lastRow: lastDataRow,
      lastColumn: firstColumn + offset)
  }
}

/// Every cell a report workbook gets, in the order written (for the benchmark that writes the
/// same cells with libxlsxwriter in C).
public final class CellRecorder: @unchecked Sendable {
  public struct Cell: Sendable {
    public var sheet: String
    public var row: Int
    public var column: Int
    /// `s` text, `n` number, `d` date serial.
    public var type: Character
    public var value: String
  }
  public private(set) var cells: [Cell] = []
  public init() {}
  func add(_ cell: Cell) { cells.append(cell) }
}

/// What a workbook could not show whole, for one note (the text and JSON reports hold all).
final class WorkbookLimits {
  /// Cells longer than Excel's 32,767 characters, shortened with "…".
  var shortenedCells = 0
}

/// Writes titled tables and key–value lines on one worksheet, tracking the widest content of
/// each column to fit the widths at the end. Text over Excel's cell limit is shortened with
/// "…", and tables longer than a sheet are cut with a note, both counted in `limits`.
struct SheetWriter {
  let sheet: Worksheet
  let formats: ReportFormats
  let recorder: CellRecorder?
  let limits: WorkbookLimits
  private(set) var widths: [Int: Int] = [:]

  init(
    _ sheet: Worksheet, _ formats: ReportFormats, recorder: CellRecorder? = nil,
    limits: WorkbookLimits = WorkbookLimits()
  ) {
    self.sheet = sheet
    self.formats = formats
    self.recorder = recorder
    self.limits = limits
  }

  /// `text` within Excel's cell limit, which counts UTF-16 code units (an emoji counts two):
  /// longer text keeps its first 32,766 units (never half a character) and "…".
  func fitted(_ text: String) -> String {
    guard text.utf16.count > ExcelLimits.stringLength else { return text }
    limits.shortenedCells += 1
    var cut = String.UnicodeScalarView()
    var units = 0
    for scalar in text.unicodeScalars {
      units += scalar.utf16.count
      if units > ExcelLimits.stringLength - 1 { break }
      cut.append(scalar)
    }
    cut.append("…")
    return String(cut)
  }

  private func record(_ type: Character, _ value: String, _ row: Int, _ column: Int) {
    recorder?.add(.init(sheet: sheet.name, row: row, column: column, type: type, value: value))
  }

  private mutating func fit(_ column: Int, _ width: Int) {
    widths[column] = max(widths[column] ?? 0, width)
  }

  mutating func write(_ value: ReportValue, row: Int, column: Int) throws(XLSXError) {
    switch value {
    case .text(let s):
      if !s.isEmpty {
        let s = fitted(s)
        try sheet.write(text: s, row: row, column: column)
        record("s", s, row, column)
      }
    case .integer(let n):
      try sheet.write(number: Double(n), row: row, column: column, format: formats.integer)
      record("n", String(n), row, column)
    case .decimal(let d):
      try sheet.write(number: d, row: row, column: column, format: formats.decimal)
      record("n", String(d), row, column)
    case .percent(let share):
      if let share {
        try sheet.write(number: share, row: row, column: column, format: formats.percent)
        record("n", String(share), row, column)
      }
    case .date(let day):
      if let day {
        let date = ExcelDateTime(year: day.year, month: day.month, day: day.day)
        try sheet.write(date: date, row: row, column: column, format: formats.date)
        record("d", String(date.serialNumber), row, column)
      }
    }
    fit(column, value.shownWidth)
  }

  /// Bold (or other) literal text that does not widen its column (titles, notes).
  func label(_ text: String, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    let text = fitted(text)
    try sheet.write(text: text, row: row, column: column, format: format ?? formats.bold)
    record("s", text, row, column)
  }

  /// A titled Excel table (filter buttons, banded style) with `count` data rows. With no rows
  /// the headers are written as bold cells above a note, since a table needs a data row.
  @discardableResult
  mutating func table(
    title: String?, row: Int, column: Int, headers: [String], count: Int,
    emptyNote: String = "none",
    values: (Int) -> [ReportValue]
  ) throws(XLSXError) -> TablePlacement {
    var headerRow = row
    if let title {
      try label(title, row: row, column: column)
      headerRow += 1
    }
    for (i, header) in headers.enumerated() { fit(column + i, header.count + 3) }
    // A sheet ends at row 1,048,576: keep the last one for the note of what is not shown.
    let total = count
    let count = min(total, ExcelLimits.rows - headerRow - 2)
    for i in 0..<count {
      for (offset, value) in values(i).enumerated() {
        try write(value, row: headerRow + 1 + i, column: column + offset)
      }
    }
    if count < total {
      try label(
        "… \(total - count) more rows not shown: a sheet holds at most "
          + "\(ExcelLimits.rows) rows; stats.json lists them all.",
        row: headerRow + 1 + count, column: column, format: formats.note)
    }
    if count > 0 {
      for (i, header) in headers.enumerated() { record("s", header, headerRow, column + i) }
      try sheet.addTable(
        CellRange(
          firstRow: headerRow, firstColumn: column, lastRow: headerRow + count,
          lastColumn: column + headers.count - 1),
        columns: headers, style: .medium(2))
    } else {
      for (i, header) in headers.enumerated() {
        try label(header, row: headerRow, column: column + i)
      }
      try label(emptyNote, row: headerRow + 1, column: column, format: formats.note)
    }
    return TablePlacement(headerRow: headerRow, firstColumn: column, rowCount: count)
  }

  /// A titled two-column table of labels and counts, at the top of the sheet.
  mutating func countTable(
    title: String, column: Int, headers: [String], rows: [CountRow]
  ) throws(XLSXError) {
    try table(title: title, row: 0, column: column, headers: headers, count: rows.count) { i in
      [.text(rows[i].label), .integer(rows[i].count)]
    }
  }

  /// Sets every written column's width to its content (within bounds).
  func fitWidths() throws(XLSXError) {
    for (column, width) in widths {
      try sheet.setColumnWidth(column...column, width: Double(min(max(width + 1, 6), 60)))
    }
  }
}
