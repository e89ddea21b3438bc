import CXlsxWriter

extension Worksheet {
  /// Sets the width of columns `columns`, in characters of the default font.
  public func setColumnWidth(
    _ columns: ClosedRange<Int>, width: Double, format: Format? = nil
  )
    throws(XLSXError)
  {
    let operation = "set the width of columns \(columns) in '\(name)'"
    _ = try owner.open(operation)
    try CellRange(column: columns.lowerBound, rows: 0...0).validate(operation)
    try CellRange(column: columns.upperBound, rows: 0...0).validate(operation)
    let f = try checkedFormat(format, operation)
    try XLSXError.check(
      worksheet_set_column(
        raw, lxw_col_t(columns.lowerBound), lxw_col_t(columns.upperBound), width, f), operation)
  }

  /// Sets the height of a row, in points.
  public func setRowHeight(_ row: Int, height: Double, format: Format? = nil) throws(XLSXError) {
    let operation = "set the height of row \(row + 1) in '\(name)'"
    _ = try owner.open(operation)
    try CellRange.validate(row: row, column: 0, operation)
    let f = try checkedFormat(format, operation)
    try XLSXError.check(worksheet_set_row(raw, lxw_row_t(row), height, f), operation)
  }

  /// Keeps rows above `row` and columns left of `column` in view while scrolling.
  public func freezePanes(row: Int, column: Int) throws(XLSXError) {
    let operation = "freeze panes at \(CellRange.a1(row: row, column: column)) in '\(name)'"
    _ = try owner.open(operation)
    try CellRange.validate(row: row, column: column, operation)
    worksheet_freeze_panes(raw, lxw_row_t(row), lxw_col_t(column))
  }

  /// Adds filter buttons to the header row of `range` (its first row).
  public func autofilter(_ range: CellRange) throws(XLSXError) {
    let operation = "set an autofilter on \(range) in '\(name)'"
    _ = try owner.open(operation)
    try range.validate(operation)
    try XLSXError.check(
      worksheet_autofilter(
        raw, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn), lxw_row_t(range.lastRow),
        lxw_col_t(range.lastColumn)), operation)
  }

  /// Merges `range` into one cell holding literal `text` (a title, say). Not available in
  /// constant-memory mode.
  public func merge(_ range: CellRange, text: String, format: Format? = nil) throws(XLSXError) {
    let operation = "merge \(range) in '\(name)'"
    _ = try owner.open(operation)
    try range.validate(operation)
    try refuseInConstantMemory("merged ranges", operation)
    let f = try checkedFormat(format, operation)
    try XLSXText.checkLength(text, operation)
    try XLSXError.check(
      worksheet_merge_range(
        raw, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn), lxw_row_t(range.lastRow),
        lxw_col_t(range.lastColumn), XLSXText.escaped(text), f), operation)
  }

  /// Turns `range` into an Excel table (a "worksheet table"): its first row is the header row,
  /// written from `columns`; data goes in the rows below. Not available in constant-memory mode.
  public func addTable(
    _ range: CellRange, columns: [String], name tableName: String? = nil,
    style: TableStyle = .medium(9)
  ) throws(XLSXError) {
    let operation = "add a table over \(range) in '\(name)'"
    _ = try owner.open(operation)
    try range.validate(operation)
    try refuseInConstantMemory("tables", operation)
    guard columns.count == range.columnCount else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason: "\(columns.count) column headers given for \(range.columnCount) columns")
    }
    guard range.rowCount >= 2 else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason: "a table needs its header row and at least one data row")
    }
    // Header strings and the table name are copied by libxlsxwriter (lxw_strdup).
    for header in columns { try XLSXText.checkLength(header, operation) }
    if let tableName { try XLSXText.check(tableName, what: "table name", operation) }
    let headers = columns.map { strdup(XLSXText.escaped($0)) }
    let cName = tableName.map { strdup($0) } ?? nil
    defer {
      headers.forEach { free($0) }
      free(cName)
    }
    var cColumns = headers.map { header -> lxw_table_column in
      var column = lxw_table_column()
      column.header = header
      return column
    }
    let code = cColumns.withUnsafeMutableBufferPointer { columnBuffer -> lxw_error in
      // A NULL-terminated array of pointers to the column descriptions.
      var pointers: [UnsafeMutablePointer<lxw_table_column>?] =
        (0..<columnBuffer.count).map { columnBuffer.baseAddress! + $0 }
      pointers.append(nil)
      return pointers.withUnsafeMutableBufferPointer { pointerBuffer in
        var options = lxw_table_options()
        options.name = cName
        options.style_type = style.cType
        options.style_type_number = style.number
        options.columns = pointerBuffer.baseAddress
        return worksheet_add_table(
          raw, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn), lxw_row_t(range.lastRow),
          lxw_col_t(range.lastColumn), &options)
      }
    }
    try XLSXError.check(code, operation)
  }

  /// Places `chart` with its top-left corner at the given cell. A chart can be placed once.
  public func insertChart(
    _ chart: Chart, row: Int, column: Int, xScale: Double = 1, yScale: Double = 1
  ) throws(XLSXError) {
    let operation =
      "insert the \(chart.kind) chart at \(CellRange.a1(row: row, column: column)) in '\(name)'"
    _ = try owner.open(operation)
    try CellRange.validate(row: row, column: column, operation)
    guard chart.owner === owner else {
      throw XLSXError(
        kind: .foreignObject, operation: operation, reason: "the chart belongs to another workbook")
    }
    guard chart.seriesCount > 0 else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason: "the chart has no data series; add one with addSeries first")
    }
    var options = lxw_chart_options()
    options.x_scale = xScale
    options.y_scale = yScale
    try XLSXError.check(
      worksheet_insert_chart_opt(raw, lxw_row_t(row), lxw_col_t(column), chart.raw, &options),
      operation)
  }

  @inline(__always)
  func checkedFormat(
    _ format: Format?, _ operation: @autoclosure () -> String
  )
    throws(XLSXError) -> UnsafeMutablePointer<lxw_format>?
  {
    guard let format else { return nil }
    guard format.owner === owner else {
      throw XLSXError(
        kind: .foreignObject, operation: operation(),
        reason: "the format belongs to another workbook; add it to this one with addFormat")
    }
    return format.raw
  }

  private func refuseInConstantMemory(_ feature: String, _ operation: String) throws(XLSXError) {
    guard !owner.constantMemory else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason:
          "\(feature) are not available in constant-memory mode; write this sheet in a workbook without it"
      )
    }
  }
}

/// Excel's built-in table styles: `Table Style Light 1…21`, `Medium 1…28`, `Dark 1…11`.
public enum TableStyle: Hashable, Sendable {
  case light(Int)
  case medium(Int)
  case dark(Int)

  var cType: UInt8 {
    switch self {
    case .light: UInt8(LXW_TABLE_STYLE_TYPE_LIGHT.rawValue)
    case .medium: UInt8(LXW_TABLE_STYLE_TYPE_MEDIUM.rawValue)
    case .dark: UInt8(LXW_TABLE_STYLE_TYPE_DARK.rawValue)
    }
  }

  var number: UInt8 {
    switch self {
    case .light(let n): UInt8(clamping: min(max(n, 1), 21))
    case .medium(let n): UInt8(clamping: min(max(n, 1), 28))
    case .dark(let n): UInt8(clamping: min(max(n, 1), 11))
    }
  }
}
