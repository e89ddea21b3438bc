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
  /// A change of a share in percentage points: `+1.3 pts`.
  let points: Format
  /// The mark of a suppressed figure (`< 3`, `x`), right-aligned like the numbers around it.
  let mark: Format

  init(_ book: inout Workbook, words: any Wording) throws(XLSXError) {
    title = try book.addFormat(FormatSpec(bold: true, fontSize: 14))
    bold = try book.addFormat(.bold)
    note = try book.addFormat(FormatSpec(italic: true, fontColor: Color(0x59_5959)))
    integer = try book.addFormat(.integer)
    decimal = try book.addFormat(.decimal)
    percent = try book.addFormat(.percent)
    date = try book.addFormat(.date)
    let unit = "\" \(words.pointsUnit)\""
    points = try book.addFormat(
      FormatSpec(numberFormat: "+0.0\(unit);-0.0\(unit);0.0\(unit)"))
    mark = try book.addFormat(FormatSpec(horizontalAlignment: .right))
  }
}

/// A value of a report cell; numbers are written as numbers, text literally.
enum ReportValue {
  case text(String)
  case integer(Int)
  case decimal(Double)
  /// A fraction shown as a percentage; blank when undefined.
  case percent(Double?)
  /// A change in percentage points; blank when undefined.
  case points(Double?)
  case date(Day?)
  /// A figure small-count protection suppressed, as its mark (`< 3`, `x`).
  case mark(String)

  /// A count, or its mark when suppressed.
  static func count(_ value: Protected<Int>, _ l: ReportLocale) -> ReportValue {
    value.value.map(ReportValue.integer) ?? .mark(l.mark(value))
  }

  static func decimal(_ value: Protected<Double>, _ l: ReportLocale) -> ReportValue {
    value.value.map(ReportValue.decimal) ?? .mark(l.mark(value))
  }

  static func percent(_ value: Protected<Double>, _ l: ReportLocale) -> ReportValue {
    value.value.map { .percent($0) } ?? .mark(l.mark(value))
  }

  /// A share whose count may be suppressed.
  static func share(_ share: Double?, of count: Protected<Int>) -> ReportValue {
    count.isSuppressed ? .mark("x") : .percent(share)
  }

  /// The characters it shows, to fit the column width: the characters of a text, and the
  /// length of a number as `TextFormat` writes it (`12,345`, `1,234.50`), counted without
  /// formatting it where that is exact (tens of thousands of cells per workbook).
  var shownWidth: Int {
    switch self {
    case .text(let s), .mark(let s):
      // ASCII: one character per byte, without breaking the text into graphemes (but for
      // CR LF, one character of two bytes).
      s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? s.utf8.count : s.count
    case .integer(let n): Self.groupedWidth(n.magnitude) + (n < 0 ? 1 : 0)
    case .decimal(let d):
      // Two decimals: counted unless rounding could carry into the units (x.995…) or the
      // value is not an ordinary number.
      if d.isFinite, abs(d) < 1e15, (abs(d) * 100).truncatingRemainder(dividingBy: 100) < 99 {
        Self.groupedWidth(UInt(abs(d))) + 3 + (d.sign == .minus ? 1 : 0)
      } else {
        TextFormat.fte(d).count
      }
    case .percent: 6
    case .points: 9
    case .date: 10
    }
  }

  /// Digits of `n` with a group separator every three: 1,234,567 → 9.
  static func groupedWidth(_ n: UInt) -> Int {
    var digits = 1
    var rest = n / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    return digits + (digits - 1) / 3
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
  let locale: ReportLocale
  var words: any Wording { locale.words }
  /// The widest content of each column in characters, by column index; -1 where nothing was
  /// written (an array: `fit` runs once per cell).
  private(set) var widths: [Int] = []
  /// The last row holding content (a cell, or the bottom of a chart), for the page count.
  private(set) var lastRow = 0
  /// The header row repeated on every printed page (the main table's).
  var repeatedRow: Int?

  init(
    _ sheet: Worksheet, _ formats: ReportFormats, recorder: CellRecorder? = nil,
    limits: WorkbookLimits = WorkbookLimits(), locale: ReportLocale = .english
  ) {
    self.sheet = sheet
    self.formats = formats
    self.recorder = recorder
    self.limits = limits
    self.locale = locale
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

  /// Tells the recorder (tests) a cell; the value is made only for it.
  private func record(
    _ type: Character, _ value: @autoclosure () -> String, _ row: Int, _ column: Int
  ) {
    guard let recorder else { return }
    recorder.add(.init(sheet: sheet.name, row: row, column: column, type: type, value: value()))
  }

  private mutating func fit(_ column: Int, _ width: Int) {
    if column >= widths.count {
      widths.append(contentsOf: repeatElement(-1, count: column + 1 - widths.count))
    }
    widths[column] = max(widths[column], width)
  }

  mutating func write(_ value: ReportValue, row: Int, column: Int) throws(XLSXError) {
    lastRow = max(lastRow, row)
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
    case .points(let points):
      if let points {
        try sheet.write(number: points, row: row, column: column, format: formats.points)
        record("n", String(points), row, column)
      }
    case .mark(let mark):
      try sheet.write(text: mark, row: row, column: column, format: formats.mark)
      record("s", mark, row, column)
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
  mutating func label(
    _ text: String, row: Int, column: Int, format: Format? = nil
  ) throws(XLSXError) {
    lastRow = max(lastRow, row)
    let text = fitted(text)
    try sheet.write(text: text, row: row, column: column, format: format ?? formats.bold)
    record("s", text, row, column)
  }

  /// A titled Excel table (filter buttons, banded style) with `count` data rows. With no rows
  /// the headers are written as bold cells above a note, since a table needs a data row.
  @discardableResult
  mutating func table(
    title: String?, row: Int, column: Int, headers: [String], count: Int,
    emptyNote: String? = nil,
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
        words.rowsNotShown(
          locale.integer(total - count), limit: locale.integer(ExcelLimits.rows)),
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
      try label(
        emptyNote ?? words.none, row: headerRow + 1, column: column, format: formats.note)
    }
    return TablePlacement(headerRow: headerRow, firstColumn: column, rowCount: count)
  }

  /// A column's width in characters, as `fitWidths` sets it (Excel's default 8.43 when
  /// nothing was written there).
  func width(of column: Int) -> Double {
    guard column < widths.count, widths[column] >= 0 else { return 8.43 }
    return Double(min(max(widths[column] + 1, 6), 60))
  }

  /// Sets every written column's width to its content (within bounds).
  func fitWidths() throws(XLSXError) {
    for column in widths.indices where widths[column] >= 0 {
      try sheet.setColumnWidth(column...column, width: width(of: column))
    }
  }

  /// The width of `columns` in pixels: Excel draws a column of width w characters about
  /// 7w + 5 pixels wide in its default font.
  func pixels(_ columns: Range<Int>) -> Double {
    columns.reduce(0) { $0 + 7 * width(of: $1) + 5 }
  }

  /// The column where a chart `pixels` wide, starting at `column`, ends.
  func column(after column: Int, pixels: Double) -> Int {
    var end = column
    while self.pixels(column..<end) < pixels { end += 1 }
    return end
  }

  /// Places `chart` at `row`, `column`, `height` pixels tall (Excel's default row is 20
  /// pixels) and `width` wide, counting its rows for the page count.
  mutating func insert(
    _ chart: Chart, row: Int, column: Int, width: Double = 480, height: Double = 288
  ) throws(XLSXError) {
    try sheet.insertChart(
      chart, row: row, column: column, xScale: width / 480, yScale: height / 288)
    lastRow = max(lastRow, row + Int((height / 20).rounded(.up)))
  }

  /// Rows printed per page at most before a sheet takes another page: long tables print at
  /// least 25 rows a page (a chart within the first 25 rows is never cut by a page break).
  static let rowsPerPage = 50

  /// Fits the columns, then sets the page setup: landscape A4, one page wide and as many tall
  /// as `rowsPerPage` asks, the main table's header repeated, the report's title and as-of
  /// date in the header, the sheet name and page number in the footer.
  func finish(header: String) throws(XLSXError) {
    try fitWidths()
    var setup = PageSetup()
    setup.fitToPages = (1, (lastRow + Self.rowsPerPage) / Self.rowsPerPage)
    setup.repeatRows = repeatedRow.map { $0...$0 }
    setup.header = header
    setup.footer = "&L&A&R" + words.pageFooter
    try sheet.setPageSetup(setup)
  }
}
