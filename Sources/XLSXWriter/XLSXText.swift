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

  /// Calls `body` with `text` as a NUL-terminated C string, escaped (`escaped`) and checked
  /// against Excel's length (`checkLength`). Printable ASCII without `_x`, most cells, takes
  /// one pass over the bytes and a copy onto the stack: no escaped `String`, no C string of it
  /// allocated per cell.
  static func withCellText<R>(
    _ text: String, _ operation: @autoclosure () -> String,
    _ body: (UnsafePointer<CChar>) -> R
  ) throws(XLSXError) -> R {
    var text = text
    let direct = text.withUTF8 { bytes -> R? in
      // One UTF-16 unit per ASCII byte: the length check is the byte count.
      guard bytes.count <= ExcelLimits.stringLength else { return nil }
      var previous: UInt8 = 0
      for byte in bytes {
        guard byte >= 0x20, byte < 0x7F, previous != 0x5F || byte != 0x78 else { return nil }
        previous = byte
      }
      return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { c in
        _ = c.initialize(from: UnsafeRawBufferPointer(bytes).bindMemory(to: CChar.self))
        c[bytes.count] = 0
        return body(c.baseAddress!)
      }
    }
    if let direct { return direct }
    try checkLength(text, operation())
    return escaped(text).withCString(body)
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
