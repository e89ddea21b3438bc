import Foundation
import OrbisCore
import ZipReading

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the first worksheet of an XLSX file into rows of cell texts: shared and inline
/// strings, numbers, booleans, and dates (cells whose number format is a date format, 1900 or
/// 1904 date system) as ISO `YYYY-MM-DD`.
struct XLSXSheetReader {
  /// One worksheet row: its 1-based row number and its cells from column A (gaps are "").
  struct Row {
    var number: Int
    var cells: [String]
  }

  let file: String
  /// The most bytes all extracted parts may decompress to (a zip bomb stops here).
  let maxUncompressedBytes: Int

  /// Reads the package at `url`, its parts capped together at `maxUncompressedBytes`.
  func read(_ url: URL, head: Data) throws(InputError) -> [Row] {
    guard let archive = ZipArchive(path: url.path) else {
      throw corrupt(notZipReason(head))
    }
    var budget = maxUncompressedBytes
    func part(_ path: String, required: Bool = true) throws(InputError) -> Data? {
      let data: Data?
      do {
        data = try archive.read(path, limit: budget)
      } catch {
        switch error {
        case .tooLarge: throw tooLarge(path)
        case .encrypted:
          throw corrupt("its part \(path) is encrypted (remove the password and save it again)")
        case .damaged(_, let reason):
          throw corrupt("its part \(path) cannot be decompressed (\(reason))")
        }
      }
      guard let data else {
        if required { throw corrupt("its part \(path) is missing") }
        return nil
      }
      budget -= data.count
      return data
    }

    let workbook = try parse(try part("xl/workbook.xml")!, WorkbookHandler(), "xl/workbook.xml")
    guard let sheetID = workbook.firstSheetRelationship else {
      throw corrupt("its workbook lists no worksheet")
    }
    let rels = try parse(
      try part("xl/_rels/workbook.xml.rels")!, RelationshipsHandler(), "workbook relationships")
    guard let target = rels.targets[sheetID] else {
      throw corrupt("the first worksheet's relationship \(sheetID) is missing")
    }
    let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    let shared =
      try part("xl/sharedStrings.xml", required: false).map {
        data throws(InputError) in try parse(data, SharedStringsHandler(), "shared strings").strings
      } ?? []
    let dateStyles =
      try part("xl/styles.xml", required: false).map { data throws(InputError) in
        try parse(data, StylesHandler(), "styles").dateStyleIndices
      } ?? []
    let sheet = SheetHandler(
      sharedStrings: shared, dateStyles: dateStyles, date1904: workbook.date1904)
    return try parse(try part(sheetPath)!, sheet, sheetPath).rows
  }

  private func parse<H: PartHandler>(
    _ data: Data, _ handler: H, _ name: String
  ) throws(InputError)
    -> H
  {
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.delegate = handler
    guard parser.parse(), handler.failure == nil else {
      let reason = handler.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "?"
      throw corrupt("its \(name) is not well-formed XML (line \(parser.lineNumber): \(reason))")
    }
    return handler
  }

  private func corrupt(_ reason: String) -> InputError {
    InputError(
      file: file, kind: .corruptXLSX,
      reason:
        "cannot read this Excel file: \(reason); open it in Excel or LibreOffice and save it again as .xlsx"
    )
  }

  private func tooLarge(_ part: String) -> InputError {
    InputError(
      file: file, kind: .tooLarge,
      reason:
        "its part \(part) decompresses to more than \(maxUncompressedBytes >> 20) MiB "
        + "(the inputs.max_file_size_mb limit); split the file or raise the limit")
  }

  private func notZipReason(_ head: Data) -> String {
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      return
        "it is password-protected or in the old .xls format (remove the password, or save as .xlsx)"
    }
    return "it is not a ZIP package (damaged, truncated, or another format renamed .xlsx)"
  }
}

// MARK: - XML part handlers

/// A handler of one XML part. Each handler conforms to `XMLParserDelegate` itself: on Linux the
/// protocol's callbacks have default implementations, so methods added by a subclass of a
/// conforming class are never called.
protocol PartHandler: XMLParserDelegate {
  var failure: String? { get }
}

private final class WorkbookHandler: NSObject, PartHandler {
  var failure: String?
  var firstSheetRelationship: String?
  var date1904 = false

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "sheet" where firstSheetRelationship == nil:
      firstSheetRelationship = attributes.first { localName($0.key) == "id" }?.value
    case "workbookPr":
      date1904 = attributes["date1904"] == "1" || attributes["date1904"] == "true"
    default: break
    }
  }
}

private final class RelationshipsHandler: NSObject, PartHandler {
  var failure: String?
  var targets: [String: String] = [:]

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if localName(name) == "Relationship", let id = attributes["Id"],
      let target = attributes["Target"]
    {
      targets[id] = target
    }
  }
}

private final class SharedStringsHandler: NSObject, PartHandler {
  var failure: String?
  var strings: [String] = []
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
    case "si": strings.append(current)
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }
}

private final class StylesHandler: NSObject, PartHandler {
  var failure: String?
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

private final class SheetHandler: NSObject, PartHandler {
  var failure: String?
  let sharedStrings: [String]
  let dateStyles: Set<Int>
  let date1904: Bool
  var rows: [XLSXSheetReader.Row] = []

  private var row: XLSXSheetReader.Row?
  private var nextRowNumber = 1
  private var cellColumn = 0
  private var nextColumn = 0
  private var cellType = ""
  private var cellStyle = 0
  private var value = ""
  private var collecting = false
  private var inInline = false

  init(sharedStrings: [String], dateStyles: Set<Int>, date1904: Bool) {
    self.sharedStrings = sharedStrings
    self.dateStyles = dateStyles
    self.date1904 = date1904
    super.init()
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "row":
      let number = attributes["r"].flatMap(Int.init) ?? nextRowNumber
      row = XLSXSheetReader.Row(number: number, cells: [])
      nextRowNumber = number + 1
      nextColumn = 0
    case "c":
      cellColumn = attributes["r"].flatMap(Self.column(ofReference:)) ?? nextColumn
      nextColumn = cellColumn + 1
      cellType = attributes["t"] ?? "n"
      cellStyle = attributes["s"].flatMap(Int.init) ?? 0
      value = ""
    case "v": collecting = true
    case "is": inInline = true
    case "t" where inInline: collecting = true
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    switch localName(name) {
    case "v", "t": collecting = false
    case "is": inInline = false
    case "c":
      guard row != nil, cellColumn < ExcelGrid.columns else { return }
      let text = cellText()
      if !text.isEmpty {
        while row!.cells.count < cellColumn { row!.cells.append("") }
        if row!.cells.count == cellColumn {
          row!.cells.append(text)
        } else {
          row!.cells[cellColumn] = text
        }
      }
    case "row":
      if let row, !row.cells.isEmpty { rows.append(row) }
      row = nil
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if collecting { value += string }
  }

  private func cellText() -> String {
    switch cellType {
    case "s":
      guard let i = Int(value), sharedStrings.indices.contains(i) else {
        failure = "a cell refers to shared string \(value), which does not exist"
        return ""
      }
      return sharedStrings[i]
    case "inlineStr", "str", "e": return value
    case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
    case "d": return String(value.prefix(10))
    default:
      guard let number = Double(value) else { return value }
      if dateStyles.contains(cellStyle), let day = ExcelGrid.day(serial: number, date1904: date1904)
      {
        return day.description
      }
      if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
      return String(number)
    }
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
