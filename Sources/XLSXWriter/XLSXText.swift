/// Text as XLSX parts can carry it. XML 1.0 has no way to write C0 control characters (other
/// than tab and line breaks), U+FFFE or U+FFFF, even as character references, and libxlsxwriter
/// copies chart and table strings into XML as they come: the binding never hands it such text.
///
/// Cell-like strings (cell text, table headers, chart titles, series names) are escaped as
/// Excel does, `_xHHHH_` (ECMA-376 Part 1, §22.9.2.19 ST_Xstring), which Excel and LibreOffice
/// decode back; a literal `_xHHHH_` in the text is itself escaped (`_x005F_xHHHH_`) so that it
/// reads back as written. Names that have no such escape (sheet names, defined names, document
/// properties) are refused with a typed error instead.
public enum XLSXText {
  /// Whether XML 1.0 cannot carry `scalar` (its `Char` production).
  @inline(__always)
  public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
  }

  /// `text` with forbidden characters and literal escapes written as `_xHHHH_`.
  public static func escaped(_ text: String) -> String {
    // Fast path: nothing to escape (no `_x`, nothing forbidden).
    var needs = false
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
      if isForbidden(scalar) || (previous == "_" && scalar == "x") {
        needs = true
        break
      }
      previous = scalar
    }
    guard needs else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    for (i, scalar) in scalars.enumerated() {
      if isForbidden(scalar) {
        out.append(contentsOf: hexEscape(scalar.value).unicodeScalars)
      } else if scalar == "_", isEscapeSequence(scalars, at: i) {
        out.append(contentsOf: "_x005F_".unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Throws when `text` holds a character no XML part can carry.
  static func check(_ text: String, what: String, _ operation: String) throws(XLSXError) {
    for (offset, scalar) in text.unicodeScalars.enumerated() where isForbidden(scalar) {
      throw XLSXError(
        kind: .invalidArgument, operation: operation,
        reason:
          "the \(what) holds the control character U+\(hex4(scalar.value)) at character \(offset + 1), "
          + "which an XLSX file cannot store; remove it")
    }
  }

  /// Throws when cell text is longer than Excel's limit, which counts UTF-16 code units.
  static func checkLength(
    _ text: String, _ operation: @autoclosure () -> String
  ) throws(XLSXError) {
    let count = text.utf16.count
    guard count <= ExcelLimits.stringLength else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation(),
        reason:
          "the text has \(count) UTF-16 code units, over Excel's limit of \(ExcelLimits.stringLength) per cell; shorten it"
      )
    }
  }

  private static func isEscapeSequence(_ s: [Unicode.Scalar], at i: Int) -> Bool {
    guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
    return s[(i + 2)..<(i + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  private static func hexEscape(_ value: UInt32) -> String { "_x\(hex4(value))_" }

  private static func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
