import CXlsxWriter

/// A chart of an open workbook, fed from cell ranges. Made by `Workbook.addChart(_:)` and shown
/// once placed with `Worksheet.insertChart`.
public final class Chart {
  public enum Kind: Hashable, Sendable, CustomStringConvertible {
    case pie, column, bar, line

    var cValue: UInt8 {
      switch self {
      case .pie: UInt8(LXW_CHART_PIE.rawValue)
      case .column: UInt8(LXW_CHART_COLUMN.rawValue)
      case .bar: UInt8(LXW_CHART_BAR.rawValue)
      case .line: UInt8(LXW_CHART_LINE.rawValue)
      }
    }

    public var description: String {
      switch self {
      case .pie: "pie"
      case .column: "column"
      case .bar: "bar"
      case .line: "line"
      }
    }
  }

  public enum LegendPosition: Hashable, Sendable { case none, right, left, top, bottom }

  let owner: WorkbookHandle
  let raw: UnsafeMutablePointer<lxw_chart>
  public let kind: Kind
  private(set) var seriesCount = 0

  init(owner: WorkbookHandle, raw: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
    self.owner = owner
    self.raw = raw
    self.kind = kind
  }

  /// Adds a data series: `categories` label the points, `values` give them, both single rows or
  /// columns of `sheet`. `name` shows in the legend; `labels`, when given, shows each value on
  /// its point in that number format (`0%`, `#,##0`).
  public func addSeries(
    name: String? = nil, sheet: String, categories: CellRange, values: CellRange,
    labels: String? = nil
  ) throws(XLSXError) {
    let operation = "add a series to the \(kind) chart"
    _ = try owner.open(operation)
    try categories.validate(operation)
    try values.validate(operation)
    guard categories.rowCount == 1 || categories.columnCount == 1,
      values.rowCount == 1 || values.columnCount == 1
    else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason: "categories \(categories) and values \(values) must each be one row or one column")
    }
    guard let series = chart_add_series(raw, nil, nil) else {
      throw XLSXError(
        kind: .library(code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)), operation: operation,
        reason: "libxlsxwriter could not allocate the series")
    }
    // The sheet name is copied; libxlsxwriter quotes it in the range formula when needed.
    chart_series_set_categories(
      series, sheet, lxw_row_t(categories.firstRow), lxw_col_t(categories.firstColumn),
      lxw_row_t(categories.lastRow), lxw_col_t(categories.lastColumn))
    chart_series_set_values(
      series, sheet, lxw_row_t(values.firstRow), lxw_col_t(values.firstColumn),
      lxw_row_t(values.lastRow), lxw_col_t(values.lastColumn))
    if let name { chart_series_set_name(series, Self.literal(XLSXText.escaped(name))) }
    if let labels {
      chart_series_set_labels(series)
      chart_series_set_labels_num_format(series, labels)
    }
    seriesCount += 1
  }

  /// The chart's title, literal text, in bold of `size` points (Excel's default is 14).
  public func setTitle(_ title: String, size: Double = 14) throws(XLSXError) {
    _ = try owner.open("set the title of the \(kind) chart")
    chart_title_set_name(raw, Self.literal(XLSXText.escaped(title)))
    var font = lxw_chart_font()
    font.size = size
    font.bold = 1
    chart_title_set_name_font(raw, &font)
  }

  /// A leading `=` would make libxlsxwriter read a chart string as a cell reference.
  static func literal(_ text: String) -> String { text.hasPrefix("=") ? " " + text : text }

  /// Titles of the category (x) and value (y) axes; ignored by pie charts, which have none.
  public func setAxisTitles(category: String?, value: String?) throws(XLSXError) {
    _ = try owner.open("set the axis titles of the \(kind) chart")
    guard kind != .pie else { return }
    if let category, let axis = categoryAxis {
      chart_axis_set_name(axis, Self.literal(XLSXText.escaped(category)))
    }
    if let value, let axis = valueAxis {
      chart_axis_set_name(axis, Self.literal(XLSXText.escaped(value)))
    }
  }

  /// The number formats of the axes' labels, as Excel writes them (`0%`, `#,##0`,
  /// `yyyy-mm-dd` for dates); nil leaves an axis as it is. Ignored by pie charts.
  public func setAxisNumberFormats(category: String? = nil, value: String? = nil) throws(XLSXError)
  {
    _ = try owner.open("set the axis number formats of the \(kind) chart")
    guard kind != .pie else { return }
    if let category, let axis = categoryAxis { chart_axis_set_num_format(axis, category) }
    if let value, let axis = valueAxis { chart_axis_set_num_format(axis, value) }
  }

  /// Draws the categories in reverse order: a bar chart then lists its first category at the
  /// top, as the table does; the value axis stays below the bars (it crosses the category axis
  /// at its maximum, now at the bottom).
  public func reverseCategories() throws(XLSXError) {
    _ = try owner.open("reverse the categories of the \(kind) chart")
    guard kind != .pie, let axis = categoryAxis else { return }
    chart_axis_set_reverse(axis)
    chart_axis_set_crossing_max(axis)
  }

  /// libxlsxwriter's x axis is the horizontal one: a bar chart's categories are on its y axis.
  private var categoryAxis: UnsafeMutablePointer<lxw_chart_axis>? {
    kind == .bar ? raw.pointee.y_axis : raw.pointee.x_axis
  }
  private var valueAxis: UnsafeMutablePointer<lxw_chart_axis>? {
    kind == .bar ? raw.pointee.x_axis : raw.pointee.y_axis
  }

  public func setLegend(_ position: LegendPosition) throws(XLSXError) {
    _ = try owner.open("set the legend of the \(kind) chart")
    switch position {
    case .none: chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
    case .right: chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_RIGHT.rawValue))
    case .left: chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_LEFT.rawValue))
    case .top: chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_TOP.rawValue))
    case .bottom: chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
    }
  }
}
