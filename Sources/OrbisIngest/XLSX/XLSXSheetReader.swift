import Foundation
import OrbisCore
import ZipReading

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the first worksheet of an XLSX file into rows of cell texts: shared and inline
/// strings, numbers, booleans, and dates (cells whose number format is a date format, 1900 or
/// 1904 date system) as ISO `YYYY-MM-DD`.
///
/// Parts are found as Open Packaging Conventions say (ECMA-376 Part 2): the package's
/// `_rels/.rels` leads to the workbook wherever it is, the workbook's relationships to its
/// first sheet in `<sheets>` order, its shared strings and styles. Part names compare ignoring
/// case, and `\` in ZIP entry names is read as `/`. Transitional and Strict namespaces alike.
struct XLSXSheetReader {
  /// One worksheet row: its 1-based row number and its cells from column A (gaps are "").
  struct Row {
    var number: Int
    var cells: [String]
    /// Column → the error value of a cell of type `e` (`#N/A`); its text is "".
    var errors: [Int: String] = [:]
  }

  /// What was read of the first worksheet.
  struct Sheet {
    var name: String
    var hidden: Bool
    /// Non-empty rows, in order.
    var rows: [Row]
    var controlCharactersRemoved: Int
    /// Cells holding a formula with no computed value.
    var uncomputedFormulas = 0
    /// Chart, dialog or macro sheets before it in `<sheets>` order.
    var sheetsBefore: [String] = []
  }

  let file: String
  /// The most bytes all extracted parts may decompress to (a zip bomb stops here).
  let maxUncompressedBytes: Int
  /// Stop after this many non-empty rows (to look at a header only); nil: read all.
  var rowLimit: Int? = nil

  /// Reads the package at `url`, its parts capped together at `maxUncompressedBytes`.
  func read(_ url: URL, head: Data) throws(InputError) -> Sheet {
    guard let archive = ZipArchive(path: url.path) else {
      throw corrupt(notZipReason(head))
    }
    // Part name (lower case, `/` separated, no leading `/`) → the entry's stored name.
    var entries: [String: String] = [:]
    for name in archive.entryNames() {
      if let other = entries[Self.partKey(name)] {
        // Readers would disagree on which one is the part.
        throw corrupt("it holds two entries for one part (\(other) and \(name))")
      }
      entries[Self.partKey(name)] = name
    }
    var budget = maxUncompressedBytes
    func part(_ path: String) throws(InputError) -> Data? {
      guard let entry = entries[Self.partKey(path)] else { return nil }
      let data: Data?
      do {
        data = try archive.read(entry, limit: budget)
      } catch {
        switch error {
        case .tooLarge: throw tooLarge(path)
        case .encrypted:
          throw corrupt("its part \(path) is encrypted (remove the password and save it again)")
        case .damaged(_, let reason):
          throw corrupt("its part \(path) cannot be decompressed (\(reason))")
        }
      }
      guard let data else { return nil }
      budget -= data.count
      return data
    }
    func relationships(of source: String) throws(InputError) -> [Relationship]? {
      let path = Self.relationshipsPart(of: source)
      guard let data = try part(path) else { return nil }
      return try parse(data, RelationshipsHandler(base: Self.folder(of: source)), path)
        .relationships
    }

    let workbookPath =
      try relationships(of: "")?.first { $0.type == "officeDocument" }?.target
      ?? "xl/workbook.xml"
    guard let workbookData = try part(workbookPath) else {
      throw corrupt("its workbook part \(workbookPath) is missing")
    }
    let workbook = try parse(workbookData, WorkbookHandler(), workbookPath)
    guard !workbook.sheets.isEmpty else {
      throw corrupt("its workbook lists no worksheet")
    }
    let workbookRelationships = try relationships(of: workbookPath)
    func target(_ type: String, usual: String) -> String {
      workbookRelationships?.first { $0.type == type }?.target
        ?? Self.folder(of: workbookPath) + usual
    }
    // The first worksheet in `<sheets>` order: chart, dialog and macro sheets hold no rows.
    var firstIndex = 0
    let sheetPath: String
    if let workbookRelationships {
      let byID = Dictionary(
        workbookRelationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      for (i, sheet) in workbook.sheets.enumerated() {
        guard let relationship = byID[sheet.relationship] else {
          throw corrupt(
            "the relationship \(sheet.relationship) of its sheet \"\(sheet.name)\" is missing")
        }
        if relationship.type == "worksheet" {
          firstIndex = i
          break
        }
      }
      guard let relationship = byID[workbook.sheets[firstIndex].relationship],
        relationship.type == "worksheet"
      else {
        throw corrupt("its workbook has no worksheet (only chart, dialog or macro sheets)")
      }
      sheetPath = relationship.target
    } else {
      sheetPath = Self.folder(of: workbookPath) + "worksheets/sheet1.xml"
    }
    let first = workbook.sheets[firstIndex]
    var shared: [String] = []
    var controlCharacters = 0
    let sharedPath = target("sharedStrings", usual: "sharedStrings.xml")
    let sharedData = try part(sharedPath)
    if let data = sharedData {
      let handler = try parse(data, SharedStringsHandler(), sharedPath)
      shared = handler.strings
      controlCharacters += handler.text.controlCharactersRemoved
    }
    let stylesPath = target("styles", usual: "styles.xml")
    let dateStyles =
      try part(stylesPath).map { data throws(InputError) in
        try parse(data, StylesHandler(), stylesPath).dateStyleIndices
      } ?? []
    guard let sheetData = try part(sheetPath) else {
      throw corrupt("its first worksheet's part \(sheetPath) is missing")
    }
    let sheet = try parse(
      sheetData,
      SheetHandler(
        sharedStrings: shared, sharedStringsPart: sharedData == nil ? nil : sharedPath,
        dateStyles: dateStyles, date1904: workbook.date1904, rowLimit: rowLimit),
      sheetPath)
    // Shared strings count once each, however many cells use them.
    return Sheet(
      name: first.name, hidden: first.hidden, rows: sheet.rows,
      controlCharactersRemoved: controlCharacters + sheet.text.controlCharactersRemoved,
      uncomputedFormulas: sheet.uncomputedFormulas,
      sheetsBefore: workbook.sheets.prefix(firstIndex).map(\.name))
  }

  /// A part name as compared: `\` read as `/`, no leading `/`, lower case (OPC part names
  /// are case-insensitive).
  static func partKey(_ name: String) -> String {
    var key = name.replacingOccurrences(of: "\\", with: "/").lowercased()
    while key.hasPrefix("/") { key.removeFirst() }
    return key
  }

  /// `xl/workbook.xml` → `xl/`; `workbook.xml` → ``.
  static func folder(of part: String) -> String {
    guard let slash = part.lastIndex(of: "/") else { return "" }
    return String(part[...slash])
  }

  /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package (``) → `_rels/.rels`.
  static func relationshipsPart(of part: String) -> String {
    let name = part.split(separator: "/").last.map(String.init) ?? ""
    return folder(of: part) + "_rels/" + name + ".rels"
  }

  /// A relationship target resolved against the source part's folder (`..` included); an
  /// absolute target (`/xl/…`) is taken from the package root.
  static func resolve(_ target: String, base: String) -> String {
    let target = target.replacingOccurrences(of: "\\", with: "/")
    if target.hasPrefix("/") { return String(target.drop { $0 == "/" }) }
    var components = base.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      switch piece {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(String(piece))
      }
    }
    return components.joined(separator: "/")
  }

  private func parse<H: PartHandler>(
    _ data: Data, _ handler: H, _ name: String
  ) throws(InputError)
    -> H
  {
    // OPC forbids DTDs in parts (ECMA-376 Part 2, §8.1.4): entities would change the text.
    if data.prefix(65_536).range(of: Data("<!DOCTYPE".utf8)) != nil {
      throw corrupt("its part \(name) declares a DTD, which Office files never hold")
    }
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.delegate = handler
    let parsed = parser.parse()
    if let failure = handler.failure {
      throw corrupt("its part \(name) is not valid (line \(parser.lineNumber): \(failure))")
    }
    guard parsed || handler.stoppedEarly else {
      let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "?"
      throw corrupt(
        "its part \(name) is not well-formed XML (line \(parser.lineNumber): \(reason))")
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

/// One package relationship: its id, its type's last segment (`officeDocument`, `worksheet`,
/// `sharedStrings`, `styles`: the same in Transitional and Strict), and its resolved target.
struct Relationship {
  var id: String
  var type: String
  var target: String
}

extension XLSXSheetReader {
  /// `B12` from a row number and a zero-based column.
  static func cellName(row: Int, column: Int) -> String {
    SheetHandler.name(ofColumn: column) + String(row)
  }
}
