import Foundation
import OrbisCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads a worksheet part into rows of cell texts (see `XLSXSheetReader`).
final class SheetHandler: NSObject, PartHandler {
  var failure: String?
  private(set) var stoppedEarly = false
  let sharedStrings: [String]
  /// The shared strings part's name; nil when the package has none.
  let sharedStringsPart: String?
  let dateStyles: Set<Int>
  let date1904: Bool
  let rowLimit: Int?
  var rows: [XLSXSheetReader.Row] = []
  var text = StringText()

  private var row: XLSXSheetReader.Row?
  private var nextRowNumber = 1
  private var cellColumn = 0
  private var nextColumn = 0
  private var cellType = ""
  private var cellStyle = 0
  private var value = ""
  private var collecting = false
  private var inInline = false
  private var inPhonetic = false
  private var hasFormula = false
  private var lastRowNumber = 0
  /// Cells holding a formula with no computed value (`<f>` without `<v>`).
  private(set) var uncomputedFormulas = 0

  init(
    sharedStrings: [String], sharedStringsPart: String?, dateStyles: Set<Int>, date1904: Bool,
    rowLimit: Int?
  ) {
    self.sharedStrings = sharedStrings
    self.sharedStringsPart = sharedStringsPart
    self.dateStyles = dateStyles
    self.date1904 = date1904
    self.rowLimit = rowLimit
    super.init()
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "row":
      let number = attributes["r"].flatMap(Int.init) ?? nextRowNumber
      // Rows come in ascending order (ECMA-376 Part 1, §18.3.1.73): a repeated or earlier row
      // would overwrite or reorder data silently.
      if number <= lastRowNumber {
        failure = "row \(number) comes again after row \(lastRowNumber)"
        parser.abortParsing()
      }
      lastRowNumber = number
      row = XLSXSheetReader.Row(number: number, cells: [])
      nextRowNumber = number + 1
      nextColumn = 0
    case "c":
      let column = attributes["r"].flatMap(Self.column(ofReference:)) ?? nextColumn
      if column < nextColumn, let row {
        failure =
          "cell \(attributes["r"] ?? "?") of row \(row.number) comes after column \(Self.name(ofColumn: nextColumn - 1)) (a repeated or misplaced cell)"
        parser.abortParsing()
      }
      cellColumn = column
      nextColumn = cellColumn + 1
      cellType = attributes["t"] ?? "n"
      cellStyle = attributes["s"].flatMap(Int.init) ?? 0
      value = ""
      hasFormula = false
    case "f": hasFormula = true
    case "v": collecting = true
    case "is": inInline = true
    case "rPh": inPhonetic = true
    case "t" where inInline: collecting = !inPhonetic
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    switch localName(name) {
    case "v", "t": collecting = false
    case "is": inInline = false
    case "rPh": inPhonetic = false
    case "c":
      guard row != nil, cellColumn < ExcelGrid.columns else { return }
      let text = cellText()
      if cellType == "e", !value.isEmpty { row!.errors[cellColumn] = value }
      if hasFormula, value.isEmpty {
        uncomputedFormulas += 1
        row!.errors[cellColumn] =
          "a formula with no computed value (open and save the file in Excel or LibreOffice)"
      }
      if !text.isEmpty {
        while row!.cells.count < cellColumn { row!.cells.append("") }
        if row!.cells.count == cellColumn {
          row!.cells.append(text)
        } else {
          row!.cells[cellColumn] = text
        }
      }
    case "row":
      if let row, !row.cells.isEmpty || !row.errors.isEmpty {
        rows.append(row)
        if let rowLimit, rows.count >= rowLimit {
          stoppedEarly = true
          parser.abortParsing()
        }
      }
      row = nil
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if collecting { value += string }
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    if collecting { value += String(decoding: block, as: UTF8.self) }
  }

  private func cellText() -> String {
    switch cellType {
    case "s":
      // A shared-string cell without an index (`<c t="s"/>`, `<v></v>`) is empty.
      let index = value.trimmingCharacters(in: .whitespaces)
      guard !index.isEmpty else { return "" }
      guard let i = Int(index), sharedStrings.indices.contains(i) else {
        let cell = XLSXSheetReader.cellName(row: row?.number ?? 0, column: cellColumn)
        failure =
          sharedStringsPart.map {
            "cell \(cell) refers to shared string \(value), but \($0) holds \(sharedStrings.count)"
          }
          ?? "cell \(cell) refers to shared string \(value), but the package has no shared strings part"
        return ""
      }
      return sharedStrings[i]
    case "inlineStr", "str": return text.finish(value)
    case "e": return ""
    case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
    case "d": return String(value.prefix(10))
    default:
      return numberText(value)
    }
  }

  /// A number cell's text: a date when its style shows a date; an integer literal as written
  /// (ids of 16 digits and more keep every digit); other decimal literals through `Double`,
  /// whole values without `.0`. Anything else (not a decimal literal, e.g. `0x10`) as written.
  private func numberText(_ raw: String) -> String {
    let literal = raw.trimmingCharacters(in: .whitespaces)
    guard !literal.isEmpty,
      literal.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 | 0x20 == 0x65
      }), let number = Double(literal)
    else { return text.finish(raw) }
    if dateStyles.contains(cellStyle), let day = ExcelGrid.day(serial: number, date1904: date1904) {
      return day.description
    }
    let digits = literal.hasPrefix("+") ? String(literal.dropFirst()) : literal
    if digits.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
      digits.utf8.dropFirst().allSatisfy({ $0 != 0x2D })
    {
      return digits
    }
    if number == number.rounded(), abs(number) < 9e15 { return String(Int64(number)) }
    return String(number)
  }

  /// 1 → `B`.
  static func name(ofColumn column: Int) -> String {
    var n = column + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }

  /// `B12` → 1.
  static func column(ofReference reference: String) -> Int? {
    var column = 0
    var letters = 0
    for scalar in reference.unicodeScalars {
      guard ("A"..."Z").contains(scalar) else { break }
      column = column * 26 + Int(scalar.value - 64)
      letters += 1
      guard letters <= 3 else { return nil }
    }
    return letters == 0 ? nil : column - 1
  }
}

/// Excel's grid and date systems.
enum ExcelGrid {
  static let columns = 16_384

  /// The calendar day of an Excel serial number (the time of day dropped). 1900 system: 1 is
  /// 1900-01-01 and 60 is Excel's phantom 1900-02-29; 1904 system: 0 is 1904-01-01.
  static func day(serial: Double, date1904: Bool) -> Day? {
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
    var whole = Int(serial.rounded(.down))
    if date1904 {
      return Day(daysSinceEpoch: whole + Day(year: 1904, month: 1, day: 1)!.daysSinceEpoch)
    }
    guard whole >= 1, whole != 60 else { return nil }
    if whole < 60 { whole += 1 }  // before the phantom day, serials are off by one
    return Day(daysSinceEpoch: whole + Day(year: 1899, month: 12, day: 30)!.daysSinceEpoch)
  }
}
