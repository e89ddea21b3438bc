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
    var fteAboveOne: Diagnostic? = nil
  }

  var file: InputFile
  /// SHA-256 of the bytes read, lower-case hex.
  var sha256: String
  var values: [Value] = []
  var lines: [Int32] = []
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

  func read<Value>(
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

  private func readDelimited<Value>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  ) throws(InputError) -> FileResult<Value> {
    let data = try map(file)
    let result: Result<FileResult<Value>, InputError> = data.withUnsafeBytes { bytes in
      do throws(InputError) {
        let decoded = try TextDecoding.decode(bytes, policy: file.encoding, file: file.name)
        var details = ReadDetails()
        details.encoding = decoded.encoding
        details.encodingFallback = decoded.encodingFallback
        details.controlCharactersRemoved = decoded.controlCharactersRemoved
        let sha256 = Digest.sha256(bytes)
        return .success(
          try decoded.withBytes(of: bytes) { text throws(InputError) in
            try parseDelimited(text, file, sha256: sha256, details: details, makeParser)
          })
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Parses UTF-8 text: an Excel `sep=` first line, then the header (see `HeaderSearch`), then
  /// one record per row.
  private func parseDelimited<Value>(
    _ bytes: UnsafeRawBufferPointer, _ file: InputFile, sha256: String, details: ReadDetails,
    _ makeParser: (HeaderMap) -> RowParser<Value>
  ) throws(InputError) -> FileResult<Value> {
    var details = details
    var spans: [FieldSpan] = []
    var (map, scanner) = try delimitedHeader(bytes, file, &details, &spans)
    details.repeatedColumns = map.repeatedNotes
    var parser = makeParser(map)
    var result = FileResult<Value>(
      file: file, sha256: sha256, ignoredColumns: map.ignored,
      idHeader: map.column(of: "id").map { map.headers[$0] }, details: details)
    result.values.reserveCapacity(max(16, bytes.count / 64))
    result.lines.reserveCapacity(max(16, bytes.count / 64))
    while let line = try Self.next(&scanner, &spans, file) {
      parser.parse(CSVRecord(buffer: bytes, spans: spans), line: line, into: &result)
    }
    parser.finish(&result)
    return result
  }

  /// Finds the header of UTF-8 text; returns its map and the scanner after it.
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
    var search = HeaderSearch(
      kind: file.dataset, extra: columnMappings[file.dataset] ?? [:], file: file.name)
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
        details.headerLine = recordLine
        details.delimiter = scanner.delimiter
        details.linesAboveHeader = search.linesAbove
        return (map, scanner)
      }
      start = scanner.position
      line = scanner.line
    }
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

  /// Every row of `file` as cell texts, read exactly as `read` reads it (decoding, line ends,
  /// header search, text cleaning), before any field is checked: for independent checks of
  /// the readers (`orbis cells`).
  func cells(of file: InputFile) throws(InputError) -> FileCells {
    switch file.format {
    case .csv, .tsv:
      let data = try map(file)
      let result: Result<FileCells, InputError> = data.withUnsafeBytes { bytes in
        do throws(InputError) {
          let decoded = try TextDecoding.decode(bytes, policy: file.encoding, file: file.name)
          var details = ReadDetails()
          details.encoding = decoded.encoding
          details.controlCharactersRemoved = decoded.controlCharactersRemoved
          return .success(
            try decoded.withBytes(of: bytes) { text throws(InputError) in
              var spans: [FieldSpan] = []
              var (map, scanner) = try delimitedHeader(text, file, &details, &spans)
              var rows: [FileCells.Row] = []
              while let line = try Self.next(&scanner, &spans, file) {
                let record = CSVRecord(buffer: text, spans: spans)
                rows.append(.init(line: line, cells: (0..<record.count).map(record.text)))
              }
              return FileCells(
                file: file.name, header: map.headers, details: details, rows: rows)
            })
        } catch {
          return .failure(error)
        }
      }
      return try result.get()
    case .xlsx:
      let head = try map(file).prefix(8)
      let sheet = try XLSXSheetReader(file: file.name, maxUncompressedBytes: maxFileSize)
        .read(URL(fileURLWithPath: file.path), head: head)
      var details = ReadDetails()
      details.worksheet = sheet.name
      details.worksheetHidden = sheet.hidden
      details.controlCharactersRemoved = sheet.controlCharactersRemoved
      var search = HeaderSearch(
        kind: file.dataset, extra: columnMappings[file.dataset] ?? [:], file: file.name)
      for (index, row) in sheet.rows.enumerated() {
        guard let map = try search.offer(row.cells, line: row.number) else { continue }
        details.headerLine = row.number
        details.linesAboveHeader = search.linesAbove
        return FileCells(
          file: file.name, header: map.headers, details: details,
          rows: sheet.rows[(index + 1)...].map {
            .init(line: $0.number, cells: $0.cells.map(TextRecord.trimmed))
          })
      }
      throw search.noHeader()
    }
  }

  /// The header `file` would be read with, from its first rows only (for hints about files
  /// that are not read); throws as a read would.
  func header(of file: InputFile) throws(InputError) -> HeaderMap {
    switch file.format {
    case .csv, .tsv:
      let data = try map(file)
      let result: Result<HeaderMap, InputError> = data.withUnsafeBytes { bytes in
        do throws(InputError) {
          let decoded = try TextDecoding.decode(bytes, policy: file.encoding, file: file.name)
          return .success(
            try decoded.withBytes(of: bytes) { text throws(InputError) in
              var details = ReadDetails()
              var spans: [FieldSpan] = []
              return try delimitedHeader(text, file, &details, &spans).0
            })
        } catch {
          return .failure(error)
        }
      }
      return try result.get()
    case .xlsx:
      let head = try map(file).prefix(8)
      var reader = XLSXSheetReader(file: file.name, maxUncompressedBytes: maxFileSize)
      reader.rowLimit = HeaderSearch.maxRows
      let sheet = try reader.read(URL(fileURLWithPath: file.path), head: head)
      var search = HeaderSearch(
        kind: file.dataset, extra: columnMappings[file.dataset] ?? [:], file: file.name)
      for row in sheet.rows {
        if let map = try search.offer(row.cells, line: row.number) { return map }
      }
      throw search.noHeader()
    }
  }

  private func readXLSX<Value>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  )
    throws(InputError) -> FileResult<Value>
  {
    let bytes = try map(file)
    let sheet = try XLSXSheetReader(file: file.name, maxUncompressedBytes: maxFileSize)
      .read(URL(fileURLWithPath: file.path), head: bytes.prefix(8))
    guard !sheet.rows.isEmpty else {
      throw InputError(
        file: file.name, kind: .empty,
        reason:
          "its first worksheet (\"\(sheet.name)\") is empty: it needs a header row, then one row per record"
      )
    }
    var details = ReadDetails()
    details.worksheet = sheet.name
    details.worksheetHidden = sheet.hidden
    details.sheetsBefore = sheet.sheetsBefore
    details.uncomputedFormulas = sheet.uncomputedFormulas
    details.controlCharactersRemoved = sheet.controlCharactersRemoved
    var search = HeaderSearch(
      kind: file.dataset, extra: columnMappings[file.dataset] ?? [:], file: file.name)
    var found: (map: HeaderMap, index: Int)?
    for (index, row) in sheet.rows.enumerated() {
      if let map = try search.offer(row.cells, line: row.number) {
        found = (map, index)
        break
      }
    }
    guard let (map, headerIndex) = found else { throw search.noHeader() }
    details.headerLine = sheet.rows[headerIndex].number
    details.linesAboveHeader = search.linesAbove
    details.repeatedColumns = map.repeatedNotes
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
