import Foundation
import OrbisCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A handler of one XML part. Each handler conforms to `XMLParserDelegate` itself: on Linux the
/// protocol's callbacks have default implementations, so methods added by a subclass of a
/// conforming class are never called.
protocol PartHandler: XMLParserDelegate {
  var failure: String? { get }
  /// The handler aborted the parse on purpose (it had read enough).
  var stoppedEarly: Bool { get }
}

/// The text of strings as XML delivers it (in pieces, as CDATA sections, through character
/// references, all joined by the handlers), finished as a cell holds it: Excel's `_xHHHH_`
/// escapes decoded (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), then C0 control characters other
/// than tab and line breaks removed and counted.
struct StringText {
  private(set) var controlCharactersRemoved = 0

  mutating func finish(_ raw: String) -> String {
    var text = raw.contains("_x") ? Self.unescaped(raw) : raw
    if text.unicodeScalars.contains(where: Self.isDisallowedControl) {
      let before = text.unicodeScalars.count
      var kept = String.UnicodeScalarView()
      kept.append(contentsOf: text.unicodeScalars.filter { !Self.isDisallowedControl($0) })
      text = String(kept)
      controlCharactersRemoved += before - text.unicodeScalars.count
    }
    return text
  }

  static func isDisallowedControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }

  /// `_x000D_` → CR, `_x005F_x0041_` → `_x0041_` (the escape of a literal `_x`).
  static func unescaped(_ raw: String) -> String {
    let scalars = Array(raw.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
        let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        out.append(scalar)
        i += 7
        continue
      }
      out.append(scalars[i])
      i += 1
    }
    return String(out)
  }
}

final class WorkbookHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  /// The sheets in `<sheets>` order (worksheets, chart sheets, dialog or macro sheets).
  var sheets: [(name: String, relationship: String, hidden: Bool)] = []
  var date1904 = false

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "sheet":
      // `r:id` in Transitional and Strict alike, whatever the prefix.
      let id = attributes.first { $0.key.hasSuffix(":id") }?.value ?? attributes["id"] ?? ""
      let state = attributes["state"] ?? "visible"
      sheets.append((attributes["name"] ?? "", id, state == "hidden" || state == "veryHidden"))
    case "workbookPr":
      date1904 = attributes["date1904"] == "1" || attributes["date1904"] == "true"
    default: break
    }
  }
}

final class RelationshipsHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  let base: String
  var relationships: [Relationship] = []

  init(base: String) {
    self.base = base
    super.init()
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    guard localName(name) == "Relationship", let id = attributes["Id"],
      let target = attributes["Target"], attributes["TargetMode"] != "External"
    else { return }
    let type = attributes["Type"]?.split(separator: "/").last.map(String.init) ?? ""
    relationships.append(
      Relationship(id: id, type: type, target: XLSXSheetReader.resolve(target, base: base)))
  }
}

final class SharedStringsHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  var strings: [String] = []
  var text = StringText()
  private var current = ""
  private var inText = false
  private var inPhonetic = false

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "si": current = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    switch localName(name) {
    case "si": strings.append(text.finish(current))
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    if inText { current += String(decoding: block, as: UTF8.self) }
  }
}

final class StylesHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  private var customFormats: [Int: String] = [:]
  private var cellFormatIDs: [Int] = []
  private var inCellXfs = false

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "numFmt":
      if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
        customFormats[id] = code
      }
    case "cellXfs": inCellXfs = true
    case "xf" where inCellXfs:
      cellFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if localName(name) == "cellXfs" { inCellXfs = false }
  }

  /// Style indices whose number format shows a date.
  var dateStyleIndices: Set<Int> {
    Set(cellFormatIDs.indices.filter { isDateFormat(cellFormatIDs[$0]) })
  }

  private func isDateFormat(_ id: Int) -> Bool {
    if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id)
      || (50...58).contains(id)
    {
      return true
    }
    guard let code = customFormats[id] else { return false }
    // Date letters outside quoted text, escapes and [colour]/[$-locale] brackets.
    var inQuote = false
    var inBracket = false
    var escape = false
    for ch in code.lowercased() {
      if escape {
        escape = false
        continue
      }
      switch ch {
      case "\\": escape = true
      case "\"": inQuote.toggle()
      case "[": inBracket = true
      case "]": inBracket = false
      case "d", "m", "y", "h", "s":
        if !inQuote && !inBracket { return true }
      default: break
      }
    }
    return false
  }
}

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

private func localName(_ name: String) -> Substring {
  name.split(separator: ":").last ?? Substring(name)
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
