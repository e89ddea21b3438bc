/// How one input file was read, beyond its rows: what `orbis check`, the log and the report's
/// provenance say about it.
public struct ReadDetails: Hashable, Sendable {
  /// Text files: the encoding the text was read in.
  public var encoding: TextEncoding?
  /// Whether the encoding was inferred because the bytes are not UTF-8 (`inputs.encoding =
  /// "auto"`), rather than given by a byte-order mark or the configuration.
  public var encodingFallback = false
  /// Text files: the delimiter, and whether an Excel `sep=` first line named it.
  public var delimiter: UInt8?
  public var delimiterFromSeparatorLine = false
  /// XLSX: the worksheet read (the first in workbook order) and whether it is hidden.
  public var worksheet: String?
  public var worksheetHidden = false
  /// XLSX: chart, dialog or macro sheets before it, passed over.
  public var sheetsBefore: [String] = []
  /// XLSX cells holding a formula with no computed value, read as empty.
  public var uncomputedFormulas = 0
  /// The header's line (XLSX: row number).
  public var headerLine = 1
  /// Non-empty lines above the header (titles, dates, notes), skipped.
  public var linesAboveHeader: [Int] = []
  /// Headers that name a field another header already took, and are not read:
  /// `columns "pays" and "country" both name nationality: "country" is not read`.
  public var repeatedColumns: [String] = []
  /// C0 control characters and NUL removed from values (reports cannot carry them).
  public var controlCharactersRemoved = 0
  /// XLSX cells holding a spreadsheet error (`#N/A`, `#REF!`…), read as empty.
  public var errorCells = 0
  /// Its FTE values were read as percentages (`inputs.fte_scale = "auto"`).
  public var ftePercentages = false

  public init() {}

  /// What reading a worksheet told.
  init(_ sheet: XLSXSheetReader.Sheet) {
    worksheet = sheet.name
    worksheetHidden = sheet.hidden
    sheetsBefore = sheet.sheetsBefore
    uncomputedFormulas = sheet.uncomputedFormulas
    controlCharactersRemoved = sheet.controlCharactersRemoved
  }

  /// The header found: its line, the lines above it, its repeated columns.
  mutating func header(_ map: HeaderMap, line: Int, linesAbove: [Int]) {
    headerLine = line
    linesAboveHeader = linesAbove
    repeatedColumns = map.repeatedNotes
  }

  /// What a person should know about how the file was read, one sentence each.
  public var notes: [String] {
    var notes: [String] = []
    if let encoding, encoding != .utf8 {
      let why =
        encoding == .macRoman
        ? "it is not valid UTF-8 and its lines end with CR alone, as Excel for Mac's \"CSV (Macintosh)\""
        : "it is not valid UTF-8"
      notes.append(
        encodingFallback
          ? "read as \(encoding.rawValue): \(why) (inputs.encoding = \"auto\")"
          : "read as \(encoding.rawValue)")
    }
    if delimiterFromSeparatorLine, let delimiter {
      notes.append("delimiter \(Self.name(of: delimiter)) named by its sep= first line")
    }
    if let worksheet {
      var about = worksheetHidden ? "; it is hidden" : ""
      if !sheetsBefore.isEmpty {
        about +=
          "; \(sheetsBefore.map { "\"\($0)\"" }.joined(separator: ", ")) before it "
          + "\(sheetsBefore.count == 1 ? "is a chart, dialog or macro sheet" : "are chart, dialog or macro sheets")"
      }
      notes.append("worksheet \"\(worksheet)\" read (the first in the workbook\(about))")
    }
    if let first = linesAboveHeader.first {
      let count = linesAboveHeader.count
      let which =
        count == 1 ? "line \(first)" : "\(count) lines (\(first)–\(linesAboveHeader.last!))"
      notes.append(
        "header on line \(headerLine); \(which) above it skipped (a title, a date or notes)")
    }
    notes += repeatedColumns
    if controlCharactersRemoved > 0 {
      notes.append(
        "\(controlCharactersRemoved) control character\(controlCharactersRemoved == 1 ? "" : "s") "
          + "removed (C0 codes or NUL, which reports cannot carry)")
    }
    if uncomputedFormulas > 0 {
      notes.append(
        "\(uncomputedFormulas) cell\(uncomputedFormulas == 1 ? "" : "s") holding a formula with no computed value "
          + "read as empty: open and save the file in Excel or LibreOffice to compute them")
    }
    if ftePercentages {
      notes.append(
        "FTE values read as percentages: all are between 0 and 100 and some above 1 (inputs.fte_scale = \"auto\")"
      )
    }
    if errorCells > 0 {
      notes.append(
        "\(errorCells) cell\(errorCells == 1 ? "" : "s") holding a spreadsheet error (#N/A, #REF!…) read as empty"
      )
    }
    return notes
  }

  static func name(of delimiter: UInt8) -> String {
    switch delimiter {
    case 0x09: "tab"
    case 0x2C: "comma"
    case 0x3B: "semicolon"
    default: "\"\(String(UnicodeScalar(delimiter)))\""
    }
  }
}
