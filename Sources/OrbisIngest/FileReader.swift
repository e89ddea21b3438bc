import Foundation
import OrbisCore

/// What one input file gave: the rows that passed their own checks (before the duplicate check
/// across files) with their lines, and the rejected rows, both in line order.
struct FileResult<Value: Sendable>: Sendable {
  struct Rejection: Sendable {
    var diagnostic: Diagnostic
    /// The record's id when it was read, and whether its column precedes the defect's.
    var id: String?
    var idBeforeDefect: Bool
    /// The row's FTE, above 1, came before the defect: its first defect if the file's FTE
    /// values turn out to be fractions (`RowParser.finish`).
    var fteAboveOne: Diagnostic? {
      get { fteDefect.first }
      set { fteDefect = newValue.map { [$0] } ?? [] }
    }
    /// Held out of line: rare, and a million rejected rows would each carry its room.
    private var fteDefect: [Diagnostic] = []

    init(diagnostic: Diagnostic, id: String?, idBeforeDefect: Bool) {
      self.diagnostic = diagnostic
      self.id = id
      self.idBeforeDefect = idBeforeDefect
    }
  }

  var file: InputFile
  /// SHA-256 of the bytes read, lower-case hex.
  var sha256: String
  var values: [Value] = []
  var lines: [Int32] = []
  /// `IDHash` of each value's id (0 without one), one per value: computed on the reader's
  /// thread as each row is accepted (`RowParser.parse`), for the assembler.
  var idHashes: [UInt64] = []
  var rejections: [Rejection] = []
  var ignoredColumns: [String]
  /// The header of the id column as written, for duplicate messages.
  var idHeader: String?
  var details: ReadDetails

  var rowsRead: Int { values.count + rejections.count }
}

/// Reads one input file (CSV, TSV or XLSX) of one dataset into row outcomes.
struct FileReader {
  let columnMappings: [DatasetKind: [String: String]]
  let maxFileSize: Int

  func read<Value: IdentifiedRecord>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  )
    throws(InputError) -> FileResult<Value>
  {
    guard file.size <= maxFileSize else {
      throw InputError(
        file: file.name, kind: .tooLarge,
        reason:
          "\(file.size) bytes is over the \(maxFileSize >> 20) MiB limit (inputs.max_file_size_mb); "
          + "split the file or raise the limit")
    }
    switch file.format {
    case .csv, .tsv: return try readDelimited(file, makeParser: makeParser)
    case .xlsx: return try readXLSX(file, makeParser: makeParser)
    }
  }

  /// The file's bytes, memory-mapped.
  private func map(_ file: InputFile) throws(InputError) -> Data {
    do {
      return try Data(contentsOf: URL(fileURLWithPath: file.path), options: .alwaysMapped)
    } catch {
      throw InputError(
        file: file.name, kind: .unreadable,
        reason: "cannot be read (\(error.localizedDescription)); check its permissions")
    }
  }

  /// Lends a text file's content as UTF-8 (see `TextDecoding`), with how it was decoded and
  /// the file's own bytes.
  private func withText<R>(
    _ file: InputFile,
    _ body: (_ text: UnsafeRawBufferPointer, _ details: ReadDetails, _ raw: UnsafeRawBufferPointer)
      throws(InputError) -> R
  ) throws(InputError) -> R {
    try withInputBytes(of: try map(file)) { raw throws(InputError) in
      let decoded = try TextDecoding.decode(raw, policy: file.encoding, file: file.name)
      return try decoded.withBytes(of: raw) { text throws(InputError) in
        try body(text, decoded.details, raw)
      }
    }
  }

  private func readDelimited<Value: IdentifiedRecord>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  ) throws(InputError) -> FileResult<Value> {
    try withText(file) { bytes, details, raw throws(InputError) in
      var details = details
      var spans: [FieldSpan] = []
      var (map, scanner) = try delimitedHeader(bytes, file, &details, &spans)
      var parser = makeParser(map)
      var result = FileResult<Value>(
        file: file, sha256: Digest.sha256(raw), ignoredColumns: map.ignored,
        idHeader: map.column(of: "id").map { map.headers[$0] }, details: details)
      result.values.reserveCapacity(max(16, bytes.count / 64))
      result.lines.reserveCapacity(max(16, bytes.count / 64))
      result.idHashes.reserveCapacity(max(16, bytes.count / 64))
      while let line = try Self.next(&scanner, &spans, file) {
        parser.parse(CSVRecord(buffer: bytes, spans: spans), line: line, into: &result)
      }
      parser.finish(&result)
      return result
    }
  }

  /// Finds the header of UTF-8 text (an Excel `sep=` first line, then `HeaderSearch`); returns
  /// its map and the scanner after it.
  private func delimitedHeader(
    _ bytes: UnsafeRawBufferPointer, _ file: InputFile, _ details: inout ReadDetails,
    _ spans: inout [FieldSpan]
  ) throws(InputError) -> (HeaderMap, CSVScanner) {
    var start = 0
    var line = 1
    var fixedDelimiter: UInt8? = file.format == .tsv ? 0x09 : nil
    if let hint = CSVScanner.separatorLine(bytes, from: 0) {
      fixedDelimiter = hint.delimiter
      details.delimiterFromSeparatorLine = true
      start = hint.next
      line = 2
    }
    var search = headerSearch(file)
    while true {
      // A `.csv` file's delimiter is detected on each candidate header line.
      var scanner = CSVScanner(
        bytes: bytes,
        delimiter: fixedDelimiter ?? CSVScanner.detectDelimiter(bytes, from: start),
        start: start, line: line)
      guard let recordLine = try Self.next(&scanner, &spans, file) else {
        throw search.noHeader(blankLines: !bytes.isEmpty)
      }
      let record = CSVRecord(buffer: bytes, spans: spans)
      if let map = try search.offer((0..<record.count).map(record.text), line: recordLine) {
        details.header(map, line: recordLine, linesAbove: search.linesAbove)
        details.delimiter = scanner.delimiter
        return (map, scanner)
      }
      start = scanner.position
      line = scanner.line
    }
  }

  private func headerSearch(_ file: InputFile) -> HeaderSearch {
    HeaderSearch(kind: file.dataset, extra: columnMappings[file.dataset] ?? [:], file: file.name)
  }

  private static func next(
    _ scanner: inout CSVScanner, _ spans: inout [FieldSpan], _ file: InputFile
  ) throws(InputError) -> Int? {
    do {
      return try scanner.next(into: &spans)
    } catch {
      guard case .unterminatedQuote(let line) = error else { return nil }
      throw InputError(
        file: file.name, kind: .unterminatedQuote,
        reason:
          "a quoted field opened on line \(line) is never closed; fix the quotes (a field holding \" must double it: \"\")"
      )
    }
  }

  /// The first worksheet of an XLSX file (its first `rowLimit` non-empty rows), and the file's
  /// bytes.
  private func sheet(
    _ file: InputFile, rowLimit: Int? = nil
  ) throws(InputError) -> (XLSXSheetReader.Sheet, Data) {
    let bytes = try map(file)
    var reader = XLSXSheetReader(file: file.name, maxUncompressedBytes: maxFileSize)
    reader.rowLimit = rowLimit
    return (try reader.read(URL(fileURLWithPath: file.path), head: bytes.prefix(8)), bytes)
  }

  /// The header among a worksheet's rows (see `HeaderSearch`): its map and row index.
  private func sheetHeader(
    _ sheet: XLSXSheetReader.Sheet, _ file: InputFile, _ details: inout ReadDetails
  ) throws(InputError) -> (HeaderMap, Int) {
    var search = headerSearch(file)
    for (index, row) in sheet.rows.enumerated() {
      if let map = try search.offer(row.cells, line: row.number) {
        details.header(map, line: row.number, linesAbove: search.linesAbove)
        return (map, index)
      }
    }
    throw search.noHeader()
  }

  /// Every row of `file` as cell texts, read exactly as `read` reads it (decoding, line ends,
  /// header search, text cleaning), before any field is checked: for independent checks of
  /// the readers (`orbis cells`).
  func cells(of file: InputFile) throws(InputError) -> FileCells {
    switch file.format {
    case .csv, .tsv:
      return try withText(file) { text, details, _ throws(InputError) in
        var details = details
        var spans: [FieldSpan] = []
        var (map, scanner) = try delimitedHeader(text, file, &details, &spans)
        var rows: [FileCells.Row] = []
        while let line = try Self.next(&scanner, &spans, file) {
          let record = CSVRecord(buffer: text, spans: spans)
          rows.append(.init(line: line, cells: (0..<record.count).map(record.text)))
        }
        return FileCells(file: file.name, header: map.headers, details: details, rows: rows)
      }
    case .xlsx:
      let (sheet, _) = try self.sheet(file)
      var details = ReadDetails(sheet)
      let (map, index) = try sheetHeader(sheet, file, &details)
      return FileCells(
        file: file.name, header: map.headers, details: details,
        rows: sheet.rows[(index + 1)...].map {
          .init(line: $0.number, cells: $0.cells.map(TextRecord.trimmed))
        })
    }
  }

  /// The header `file` would be read with, from its first rows only (for hints about files
  /// that are not read); throws as a read would.
  func header(of file: InputFile) throws(InputError) -> HeaderMap {
    var details = ReadDetails()
    switch file.format {
    case .csv, .tsv:
      return try withText(file) { text, _, _ throws(InputError) in
        var spans: [FieldSpan] = []
        return try delimitedHeader(text, file, &details, &spans).0
      }
    case .xlsx:
      return try sheetHeader(
        try sheet(file, rowLimit: HeaderSearch.maxRows).0, file, &details
      ).0
    }
  }

  private func readXLSX<Value: IdentifiedRecord>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  )
    throws(InputError) -> FileResult<Value>
  {
    let (sheet, bytes) = try self.sheet(file)
    guard !sheet.rows.isEmpty else {
      throw InputError(
        file: file.name, kind: .empty,
        reason:
          "its first worksheet (\"\(sheet.name)\") is empty: it needs a header row, then one row per record"
      )
    }
    var details = ReadDetails(sheet)
    let (map, headerIndex) = try sheetHeader(sheet, file, &details)
    var parser = makeParser(map)
    let width = map.headers.count
    var result = FileResult<Value>(
      file: file, sha256: Digest.sha256(bytes), ignoredColumns: map.ignored,
      idHeader: map.column(of: "id").map { map.headers[$0] }, details: details)
    for row in sheet.rows[(headerIndex + 1)...] {
      // Cells missing at the end of a row are empty, not missing fields.
      var cells = row.cells
      if cells.count < width { cells += Array(repeating: "", count: width - cells.count) }
      result.details.errorCells += row.errors.values.count { $0.hasPrefix("#") }
      parser.parse(TextRecord(cells: cells, errors: row.errors), line: row.number, into: &result)
    }
    parser.finish(&result)
    return result
  }
}

/// Runs `body` over a buffer's bytes, keeping its typed error (`withUnsafeBytes` rethrows an
/// untyped one).
func withInputBytes<R>(
  of buffer: some ContiguousBytes, _ body: (UnsafeRawBufferPointer) throws(InputError) -> R
) throws(InputError) -> R {
  let result: Result<R, InputError> = buffer.withUnsafeBytes { bytes in
    do throws(InputError) { return .success(try body(bytes)) } catch { return .failure(error) }
  }
  return try result.get()
}

/// A file's rows as cell texts (see `FileReader.cells(of:)`).
public struct FileCells: Sendable {
  public struct Row: Sendable {
    public var line: Int
    /// Values as the row parser sees them (trimmed of surrounding spaces and tabs).
    public var cells: [String]
  }
  public var file: String
  public var header: [String]
  public var details: ReadDetails
  public var rows: [Row]
}
