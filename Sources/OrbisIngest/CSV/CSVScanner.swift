/// One field of a record: a byte range of the buffer. Quotes are already stripped; `escaped`
/// says the range still holds doubled quotes (`""`) to turn into one.
struct FieldSpan {
  var start: Int
  var end: Int
  var escaped: Bool
}

/// Splits RFC 4180 records out of a UTF-8 buffer: quoted fields may hold delimiters, doubled
/// quotes and line breaks; records end with LF, CRLF or a bare CR (classic Mac, Excel for
/// Mac's "CSV (Macintosh)"), mixed as they come; empty lines are skipped. It creates no
/// `String`: callers turn only the fields they keep into strings.
struct CSVScanner {
  let bytes: UnsafeRawBufferPointer
  let delimiter: UInt8
  private(set) var position: Int
  /// Physical line (1-based) at `position`: LF, CRLF and CR each end one.
  private(set) var line: Int

  static let quote = UInt8(ascii: "\"")
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")

  init(bytes: UnsafeRawBufferPointer, delimiter: UInt8, start: Int = 0, line: Int = 1) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.position = start
    self.line = line
  }

  enum Failure: Error { case unterminatedQuote(line: Int) }

  /// Steps over the line end at `p` (LF, CR or CRLF); returns the offset after it.
  @inline(__always)
  private func afterLineEnd(_ p: Int) -> Int {
    bytes[p] == CSVScanner.cr && p + 1 < bytes.count && bytes[p + 1] == CSVScanner.lf
      ? p + 2 : p + 1
  }

  /// Reads the next record into `fields`; returns the line it starts on, or nil at the end.
  mutating func next(into fields: inout [FieldSpan]) throws(Failure) -> Int? {
    fields.removeAll(keepingCapacity: true)
    let count = bytes.count
    // Skip empty lines.
    while position < count {
      let b = bytes[position]
      guard b == CSVScanner.lf || b == CSVScanner.cr else { break }
      position = afterLineEnd(position)
      line += 1
    }
    guard position < count else { return nil }
    let startLine = line
    while true {
      if position < count, bytes[position] == CSVScanner.quote {
        try scanQuoted(into: &fields, startLine: startLine)
      } else {
        scanPlain(into: &fields)
      }
      // `position` is at a delimiter, a line end, or the end of the buffer.
      guard position < count else { return startLine }
      if bytes[position] == delimiter {
        position += 1
        if position == count {
          fields.append(FieldSpan(start: count, end: count, escaped: false))
          return startLine
        }
        continue
      }
      position = afterLineEnd(position)
      line += 1
      return startLine
    }
  }

  private mutating func scanPlain(into fields: inout [FieldSpan]) {
    let start = position
    let count = bytes.count
    let d = delimiter
    // One comparison for most bytes: no line end or delimiter is above it.
    let highest = max(d, CSVScanner.cr)
    var p = position
    while p < count {
      let b = bytes[p]
      if b <= highest, b == d || b == CSVScanner.lf || b == CSVScanner.cr { break }
      p += 1
    }
    position = p
    fields.append(FieldSpan(start: start, end: p, escaped: false))
  }

  private mutating func scanQuoted(
    into fields: inout [FieldSpan], startLine: Int
  )
    throws(Failure)
  {
    let count = bytes.count
    var p = position + 1
    let start = p
    var escaped = false
    while true {
      guard p < count else { throw .unterminatedQuote(line: startLine) }
      let b = bytes[p]
      if b == CSVScanner.quote {
        if p + 1 < count, bytes[p + 1] == CSVScanner.quote {
          escaped = true
          p += 2
          continue
        }
        break
      }
      if b == CSVScanner.lf
        || (b == CSVScanner.cr && (p + 1 >= count || bytes[p + 1] != CSVScanner.lf))
      {
        line += 1
      }
      p += 1
    }
    let end = p
    p += 1  // closing quote
    // Text after the closing quote (`"a"b`) is kept, as most readers do.
    var tailEnd = p
    while tailEnd < count, bytes[tailEnd] != delimiter, bytes[tailEnd] != CSVScanner.lf,
      bytes[tailEnd] != CSVScanner.cr
    {
      tailEnd += 1
    }
    position = tailEnd
    if tailEnd > p {
      // Rare: a malformed field; keep quote-stripped text plus the tail as written.
      fields.append(FieldSpan(start: start - 1, end: tailEnd, escaped: false))
    } else {
      fields.append(FieldSpan(start: start, end: end, escaped: escaped))
    }
  }

  /// The delimiter of a `.csv` line starting at `start`: `;` when it holds more `;` than `,`
  /// outside quotes, `\t` when it holds tabs and neither, else `,`.
  static func detectDelimiter(_ bytes: UnsafeRawBufferPointer, from start: Int) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var tabs = 0
    var inQuotes = false
    var p = start
    while p < bytes.count, bytes[p] == lf || bytes[p] == cr { p += 1 }
    while p < bytes.count {
      let b = bytes[p]
      if b == quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if b == lf || b == cr { break }
        if b == UInt8(ascii: ",") {
          commas += 1
        } else if b == UInt8(ascii: ";") {
          semicolons += 1
        } else if b == 0x09 {
          tabs += 1
        }
      }
      p += 1
    }
    if semicolons > commas { return UInt8(ascii: ";") }
    if commas == 0, tabs > 0 { return 0x09 }
    return UInt8(ascii: ",")
  }

  /// Excel's delimiter hint, a first line `sep=;` (or `sep=,`, `sep=\t`, `sep=|`; case ignored):
  /// the delimiter and the offset of the next line, or nil.
  static func separatorLine(
    _ bytes: UnsafeRawBufferPointer, from start: Int
  ) -> (delimiter: UInt8, next: Int)? {
    let prefix = Array("sep=".utf8)
    guard start + 5 <= bytes.count else { return nil }
    for (i, c) in prefix.enumerated() where bytes[start + i] | 0x20 != c | 0x20 { return nil }
    let delimiter = bytes[start + 4]
    guard delimiter != lf, delimiter != cr, delimiter != quote else { return nil }
    var p = start + 5
    guard p == bytes.count || bytes[p] == lf || bytes[p] == cr else { return nil }
    if p < bytes.count { p += bytes[p] == cr && p + 1 < bytes.count && bytes[p + 1] == lf ? 2 : 1 }
    return (delimiter, p)
  }
}
