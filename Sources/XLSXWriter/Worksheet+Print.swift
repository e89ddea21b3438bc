import CXlsxWriter

/// How a worksheet prints: orientation, paper, margins, scaling, repeated rows, header and
/// footer. Excel and LibreOffice read these from the sheet's page setup.
public struct PageSetup: Sendable {
  public var landscape = true
  /// Excel's paper codes: 9 is A4, 1 US Letter.
  public var paper: UInt8 = 9
  /// Left, right, top, bottom margins in inches.
  public var margins = (left: 0.4, right: 0.4, top: 0.6, bottom: 0.6)
  /// Scales the print area to this many pages wide and tall (0: as many as needed).
  public var fitToPages: (width: Int, height: Int)? = (1, 0)
  /// Rows printed at the top of every page (the header rows of a table).
  public var repeatRows: ClosedRange<Int>?
  /// Excel header and footer strings (`&L` left, `&C` centre, `&R` right, `&P` page, `&N`
  /// pages, `&A` sheet name; a literal `&` is `&&`), at most 255 characters each.
  public var header: String?
  public var footer: String?

  public init() {}

  /// Text for a header or footer: `&` doubled, so that it shows literally.
  public static func literal(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&&")
  }
}

extension Worksheet {
  /// Applies `setup` to the sheet.
  public func setPageSetup(_ setup: PageSetup) throws(XLSXError) {
    let operation = "set the page setup of '\(name)'"
    _ = try owner.open(operation)
    if setup.landscape { worksheet_set_landscape(raw) } else { worksheet_set_portrait(raw) }
    worksheet_set_paper(raw, setup.paper)
    let m = setup.margins
    worksheet_set_margins(raw, m.left, m.right, m.top, m.bottom)
    if let fit = setup.fitToPages {
      worksheet_fit_to_pages(raw, UInt16(clamping: fit.width), UInt16(clamping: fit.height))
    }
    if let rows = setup.repeatRows {
      try CellRange(column: 0, rows: rows).validate(operation)
      try XLSXError.check(
        worksheet_repeat_rows(raw, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)),
        operation)
    }
    for (text, setter) in [
      (setup.header, worksheet_set_header), (setup.footer, worksheet_set_footer),
    ] {
      guard let text else { continue }
      guard text.utf8.count <= 255 else {
        throw XLSXError(
          kind: .invalidArgument, operation: operation,
          reason: "a header or footer holds at most 255 bytes; this one has \(text.utf8.count)")
      }
      try XLSXError.check(setter(raw, text), operation)
    }
  }

  /// Hides the sheet (a helper of charts, say); hidden sheets do not print.
  public func hide() throws(XLSXError) {
    _ = try owner.open("hide '\(name)'")
    worksheet_hide(raw)
  }
}
