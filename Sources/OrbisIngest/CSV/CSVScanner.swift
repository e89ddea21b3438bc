/// One field of a record: a byte range of the buffer. Quotes are already stripped; `escaped`
/// says the range still holds doubled quotes (`""`) to turn into one.
struct FieldSpan {
  var start: Int
  var end: Int
  var escaped: Bool
}

/// Splits RFC 4180 records out of a UTF-8 buffer: quoted fields may hold delimiters, doubled
/// quotes and line breaks; records end with LF or CRLF; empty lines are skipped. It creates no
/// `String`: callers turn only the fields they keep into strings.
struct CSVScanner {
  let bytes: UnsafeRawBufferPointer
  let delimiter: UInt8
  private(set) var position: Int
  /// Physical line (1-based) at `position`.
  private(set) var line = 1

  static let quote = UInt8(ascii: "\"")
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")

  init(bytes: UnsafeRawBufferPointer, delimiter: UInt8, start: Int = 0) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.position = start
  }

  enum Failure: Error { case unterminatedQuote(line: Int) }

  /// Reads the next record into `fields`; returns the line it starts on, or nil at the end.
  mutating func next(into fields: inout [FieldSpan]) throws(Failure) -> Int? {
    fields.removeAll(keepingCapacity: true)
    let count = bytes.count
    // Skip empty lines.
    while position < count {
      let b = bytes[position]
      if b == CSVScanner.lf {
        position += 1
        line += 1
      } else if b == CSVScanner.cr, position + 1 < count, bytes[position + 1] == CSVScanner.lf {
        position += 2
        line += 1
      } else {
        break
      }
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
      let b = bytes[position]
      if b == delimiter {
        position += 1
        if position == count {
          fields.append(FieldSpan(start: count, end: count, escaped: false))
          return startLine
        }
        continue
      }
      // LF (a CR before it was already left out of the field).
      position += 1
      line += 1
      return startLine
    }
  }

  private mutating func scanPlain(into fields: inout [FieldSpan]) {
    let start = position
    let count = bytes.count
    let d = delimiter
    var p = position
    while p < count {
      let b = bytes[p]
      if b == d || b == CSVScanner.lf { break }
      p += 1
    }
    var end = p
    if p < count, bytes[p] == CSVScanner.lf, end > start, bytes[end - 1] == CSVScanner.cr {
      end -= 1
    } else if p == count, end > start, bytes[end - 1] == CSVScanner.cr {
      end -= 1
    }
    position = p
    fields.append(FieldSpan(start: start, end: end, escaped: false))
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
      if b == CSVScanner.lf { line += 1 }
      p += 1
    }
    let end = p
    p += 1  // closing quote
    // Text after the closing quote (`"a"b`) is kept, as most readers do.
    var tailEnd = p
    while tailEnd < count, bytes[tailEnd] != delimiter, bytes[tailEnd] != CSVScanner.lf {
      tailEnd += 1
    }
    var trimmedTail = tailEnd
    if trimmedTail > p, bytes[trimmedTail - 1] == CSVScanner.cr { trimmedTail -= 1 }
    position = tailEnd
    if trimmedTail > p {
      // Rare: a malformed field; keep quote-stripped text plus the tail as written.
      fields.append(FieldSpan(start: start - 1, end: trimmedTail, escaped: false))
    } else {
      fields.append(FieldSpan(start: start, end: end, escaped: escaped))
    }
  }

  /// The delimiter of a `.csv` file: `;` when its header line holds more `;` than `,`.
  static func detectDelimiter(_ bytes: UnsafeRawBufferPointer, from start: Int) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var inQuotes = false
    var p = start
    while p < bytes.count {
      let b = bytes[p]
      if b == quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if b == lf { break }
        if b == UInt8(ascii: ",") { commas += 1 } else if b == UInt8(ascii: ";") { semicolons += 1 }
      }
      p += 1
    }
    return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
  }
}
