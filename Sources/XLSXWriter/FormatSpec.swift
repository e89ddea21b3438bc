/// An RGB colour, `0xRRGGBB`.
public struct Color: Hashable, Sendable {
  public var rgb: UInt32
  public init(_ rgb: UInt32) { self.rgb = rgb & 0xFF_FFFF }
}

/// What a cell format looks like: a plain value, turned into a libxlsxwriter format by
/// `Workbook.addFormat(_:)`.
public struct FormatSpec: Hashable, Sendable {
  public enum Border: Hashable, Sendable { case none, thin, medium, thick }
  public enum HorizontalAlignment: Hashable, Sendable { case left, center, right, centerAcross }
  public enum VerticalAlignment: Hashable, Sendable { case top, center, bottom }

  public var bold = false
  public var italic = false
  public var fontSize: Double?
  public var fontColor: Color?
  /// An Excel number format code, e.g. `0.0%`, `#,##0`, `yyyy-mm-dd`.
  public var numberFormat: String?
  public var wrap = false
  public var border: Border = .none
  public var borderColor: Color?
  /// A solid background fill.
  public var fill: Color?
  public var horizontalAlignment: HorizontalAlignment?
  public var verticalAlignment: VerticalAlignment?

  public init(
    bold: Bool = false, italic: Bool = false, fontSize: Double? = nil, fontColor: Color? = nil,
    numberFormat: String? = nil, wrap: Bool = false, border: Border = .none,
    borderColor: Color? = nil, fill: Color? = nil,
    horizontalAlignment: HorizontalAlignment? = nil, verticalAlignment: VerticalAlignment? = nil
  ) {
    self.bold = bold
    self.italic = italic
    self.fontSize = fontSize
    self.fontColor = fontColor
    self.numberFormat = numberFormat
    self.wrap = wrap
    self.border = border
    self.borderColor = borderColor
    self.fill = fill
    self.horizontalAlignment = horizontalAlignment
    self.verticalAlignment = verticalAlignment
  }

  public static let bold = FormatSpec(bold: true)
  /// A share shown with one decimal: 0.1234 → `12.3%`.
  public static let percent = FormatSpec(numberFormat: "0.0%")
  /// A count with thousands separators.
  public static let integer = FormatSpec(numberFormat: "#,##0")
  public static let decimal = FormatSpec(numberFormat: "#,##0.00")
  /// An ISO 8601 calendar date.
  public static let date = FormatSpec(numberFormat: "yyyy-mm-dd")
  public static let dateTime = FormatSpec(numberFormat: "yyyy-mm-dd hh:mm:ss")

  /// This format with other properties changed: `FormatSpec.percent.with { $0.bold = true }`.
  public func with(_ change: (inout FormatSpec) -> Void) -> FormatSpec {
    var copy = self
    change(&copy)
    return copy
  }
}
