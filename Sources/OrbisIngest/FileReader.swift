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
        return .success(
          try parseDelimited(bytes, file, sha256: Digest.sha256(bytes), makeParser))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private func parseDelimited<Value>(
    _ bytes: UnsafeRawBufferPointer, _ file: InputFile, sha256: String,
    _ makeParser: (HeaderMap) -> RowParser<Value>
  ) throws(InputError) -> FileResult<Value> {
    if let offset = UTF8Check.firstInvalidOffset(bytes) {
      let line = UTF8Check.line(of: offset, in: bytes)
      let hint =
        UTF8Check.looksLikeLatin1(bytes, at: offset)
        ? "; it looks like Latin-1 (Windows-1252): re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
        : "; re-save it as UTF-8"
      throw InputError(
        file: file.name, kind: .notUTF8,
        reason:
          "not UTF-8: invalid byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset) (line \(line))\(hint)"
      )
    }
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let delimiter =
      file.format == .tsv ? UInt8(ascii: "\t") : CSVScanner.detectDelimiter(bytes, from: start)
    var scanner = CSVScanner(bytes: bytes, delimiter: delimiter, start: start)
    var spans: [FieldSpan] = []
    func next() throws(InputError) -> Int? {
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
    guard try next() != nil else {
      throw InputError(
        file: file.name, kind: start == bytes.count ? .empty : .noHeader,
        reason: "is empty: it needs a header row, then one row per record")
    }
    let header = CSVRecord(buffer: bytes, spans: spans)
    let map = try HeaderMap(
      headers: (0..<header.count).map(header.text), kind: file.dataset,
      extra: columnMappings[file.dataset] ?? [:], file: file.name)
    var parser = makeParser(map)
    var result = FileResult<Value>(
      file: file, sha256: sha256, ignoredColumns: map.ignored,
      idHeader: map.column(of: "id").map { map.headers[$0] })
    result.values.reserveCapacity(max(16, bytes.count / 64))
    result.lines.reserveCapacity(max(16, bytes.count / 64))
    while let line = try next() {
      parser.parse(CSVRecord(buffer: bytes, spans: spans), line: line, into: &result)
    }
    return result
  }

  private func readXLSX<Value>(
    _ file: InputFile, makeParser: (HeaderMap) -> RowParser<Value>
  )
    throws(InputError) -> FileResult<Value>
  {
    let bytes = try map(file)
    let rows = try XLSXSheetReader(file: file.name, maxUncompressedBytes: maxFileSize)
      .read(URL(fileURLWithPath: file.path), head: bytes.prefix(8))
    guard let headerRow = rows.first else {
      throw InputError(
        file: file.name, kind: .empty,
        reason: "its first worksheet is empty: it needs a header row, then one row per record")
    }
    let map = try HeaderMap(
      headers: headerRow.cells, kind: file.dataset, extra: columnMappings[file.dataset] ?? [:],
      file: file.name)
    var parser = makeParser(map)
    let width = map.headers.count
    var result = FileResult<Value>(
      file: file, sha256: Digest.sha256(bytes), ignoredColumns: map.ignored,
      idHeader: map.column(of: "id").map { map.headers[$0] })
    for row in rows.dropFirst() {
      // Cells missing at the end of a row are empty, not missing fields.
      var cells = row.cells
      if cells.count < width { cells += Array(repeating: "", count: width - cells.count) }
      parser.parse(TextRecord(cells: cells), line: row.number, into: &result)
    }
    return result
  }
}
