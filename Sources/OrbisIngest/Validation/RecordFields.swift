/// The fields of one input record, whatever the file format. Values are trimmed of surrounding
/// spaces; bytes are lent without creating a `String`.
protocol RecordFields {
  var count: Int { get }
  func isBlank(_ i: Int) -> Bool
  func text(_ i: Int) -> String
  func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R
  /// The spreadsheet error an (empty) field held, e.g. `#N/A`; nil for most.
  func spreadsheetError(_ i: Int) -> String?
  /// Whether the field's text starts with `#` (a cheap test before `errorLiteral`).
  func startsWithHash(_ i: Int) -> Bool
}

extension RecordFields {
  func spreadsheetError(_ i: Int) -> String? { nil }

  /// A spreadsheet error written as text (`#N/A`, `#REF!`…), as exports of formulas leave it:
  /// an empty value, never data (`#N/A` would otherwise fold to Namibia's code).
  func errorLiteral(_ i: Int) -> String? {
    guard startsWithHash(i) else { return nil }
    let text = self.text(i)
    return SpreadsheetErrors.all.contains(text.uppercased()) ? text : nil
  }
}

/// The error values a spreadsheet cell can show (ECMA-376 Part 1, §18.17.3: `#NULL!`,
/// `#DIV/0!`, `#VALUE!`, `#REF!`, `#NAME?`, `#NUM!`, `#N/A`; and `#GETTING_DATA`, `#SPILL!`,
/// `#CALC!` of newer Excel), and `#NA` as some exports write it.
enum SpreadsheetErrors {
  static let all: Set<String> = [
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#NA",
    "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!",
    "#UNKNOWN!",
  ]
}

/// A CSV record: spans into the file's buffer.
struct CSVRecord: RecordFields {
  let buffer: UnsafeRawBufferPointer
  let spans: [FieldSpan]

  var count: Int { spans.count }

  @inline(__always)
  private func trimmed(_ i: Int) -> (Int, Int) {
    var s = spans[i].start
    var e = spans[i].end
    while s < e, buffer[s] == 0x20 || buffer[s] == 0x09 { s += 1 }
    while e > s, buffer[e - 1] == 0x20 || buffer[e - 1] == 0x09 { e -= 1 }
    return (s, e)
  }

  func isBlank(_ i: Int) -> Bool {
    let (s, e) = trimmed(i)
    return s == e
  }

  func startsWithHash(_ i: Int) -> Bool {
    // The first byte decides for nearly every field; spaces before it are rare.
    let span = spans[i]
    guard span.start < span.end else { return false }
    let first = buffer[span.start]
    if first == 0x23 { return true }
    guard first == 0x20 || first == 0x09 else { return false }
    let (s, e) = trimmed(i)
    return s < e && buffer[s] == 0x23
  }

  func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    let (s, e) = trimmed(i)
    if !spans[i].escaped { return body(UnsafeRawBufferPointer(rebasing: buffer[s..<e])) }
    var unescaped: [UInt8] = []
    unescaped.reserveCapacity(e - s)
    var p = s
    while p < e {
      unescaped.append(buffer[p])
      p += buffer[p] == 0x22 && p + 1 < e && buffer[p + 1] == 0x22 ? 2 : 1
    }
    return unescaped.withUnsafeBytes(body)
  }

  func text(_ i: Int) -> String {
    withBytes(i) { String(decoding: $0, as: UTF8.self) }
  }
}

/// An XLSX record: cell texts of one worksheet row.
struct TextRecord: RecordFields {
  let cells: [String]
  /// Column → the error a cell held (`t="e"`); such cells are empty.
  var errors: [Int: String] = [:]

  func spreadsheetError(_ i: Int) -> String? { errors.isEmpty ? nil : errors[i] }

  var count: Int { cells.count }
  func isBlank(_ i: Int) -> Bool { text(i).isEmpty }
  func text(_ i: Int) -> String { Self.trimmed(cells[i]) }
  func startsWithHash(_ i: Int) -> Bool { text(i).utf8.first == 0x23 }

  static func trimmed(_ cell: String) -> String {
    guard let first = cell.utf8.first, let last = cell.utf8.last,
      first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09
    else { return cell }
    return String(cell.trimmingSpaces)
  }
  func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    var value = text(i)
    return value.withUTF8 { body(UnsafeRawBufferPointer($0)) }
  }
}

extension StringProtocol {
  var trimmingSpaces: SubSequence {
    var start = startIndex
    var end = endIndex
    while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
    while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
      end = index(before: end)
    }
    return self[start..<end]
  }
}
