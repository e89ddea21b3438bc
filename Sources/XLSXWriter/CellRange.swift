import Foundation

/// Excel's grid limits (Office Open XML, ECMA-376 §18.3.1.73).
public enum ExcelLimits {
  public static let rows = 1_048_576
  public static let columns = 16_384
  public static let stringLength = 32_767
}

/// A rectangular range of cells, zero-based and inclusive, as libxlsxwriter counts them.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
  public var firstRow: Int
  public var firstColumn: Int
  public var lastRow: Int
  public var lastColumn: Int

  public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
    self.firstRow = firstRow
    self.firstColumn = firstColumn
    self.lastRow = lastRow
    self.lastColumn = lastColumn
  }

  /// A single-column range: rows `rows` of column `column`.
  public init(column: Int, rows: ClosedRange<Int>) {
    self.init(
      firstRow: rows.lowerBound, firstColumn: column, lastRow: rows.upperBound, lastColumn: column)
  }

  public var rowCount: Int { lastRow - firstRow + 1 }
  public var columnCount: Int { lastColumn - firstColumn + 1 }

  /// `A1:C10` (relative A1 notation).
  public var description: String {
    "\(CellRange.a1(row: firstRow, column: firstColumn)):\(CellRange.a1(row: lastRow, column: lastColumn))"
  }

  /// `$A$1:$C$10`.
  public var absolute: String {
    "$\(CellRange.columnName(firstColumn))$\(firstRow + 1):$\(CellRange.columnName(lastColumn))$\(lastRow + 1)"
  }

  /// `'Sheet name'!$A$1:$C$10`, quoting the sheet name as Excel formulas require.
  public func absolute(inSheet sheet: String) -> String {
    "\(CellRange.quotedSheetName(sheet))!\(absolute)"
  }

  /// Column letters for a zero-based column index: 0 → `A`, 26 → `AA`.
  public static func columnName(_ column: Int) -> String {
    var n = column + 1
    var letters: [Character] = []
    while n > 0 {
      let rem = (n - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(65 + rem))))
      n = (n - 1) / 26
    }
    return String(letters.reversed())
  }

  /// `B3` for row 2, column 1.
  public static func a1(row: Int, column: Int) -> String { "\(columnName(column))\(row + 1)" }

  /// A sheet name as it appears in a formula: bare when it is a plain word, else quoted
  /// with inner quotes doubled.
  public static func quotedSheetName(_ name: String) -> String {
    let plain =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") && $0.isASCII
      } && !(name.first?.isNumber ?? false)
    return plain ? name : "'\(name.replacingOccurrences(of: "'", with: "''"))'"
  }

  func validate(_ operation: @autoclosure () -> String) throws(XLSXError) {
    guard firstRow <= lastRow, firstColumn <= lastColumn else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation(),
        reason: "range \(self) is reversed: the first cell must be above and left of the last")
    }
    try CellRange.validate(row: firstRow, column: firstColumn, operation())
    try CellRange.validate(row: lastRow, column: lastColumn, operation())
  }

  @inline(__always)
  static func validate(
    row: Int, column: Int, _ operation: @autoclosure () -> String
  )
    throws(XLSXError)
  {
    guard row >= 0, row < ExcelLimits.rows, column >= 0, column < ExcelLimits.columns else {
      throw XLSXError(
        kind: .invalidArgument, operation: operation(),
        reason:
          "row \(row), column \(column) is outside Excel's grid (rows 0..<\(ExcelLimits.rows), columns 0..<\(ExcelLimits.columns))"
      )
    }
  }
}
