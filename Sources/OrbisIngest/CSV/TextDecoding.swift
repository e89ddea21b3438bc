import Foundation
import OrbisCore
import OrbisSystem

/// The encoding a text input was read in, as reports name it.
public enum TextEncoding: String, Hashable, Sendable, Codable {
  case utf8 = "UTF-8"
  case utf16LE = "UTF-16LE"
  case utf16BE = "UTF-16BE"
  case windows1252 = "Windows-1252"
  case macRoman = "Mac OS Roman"

  /// The name iconv(3) knows it by.
  var iconvName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf16LE: "UTF-16LE"
    case .utf16BE: "UTF-16BE"
    case .windows1252: "WINDOWS-1252"
    case .macRoman: "MACINTOSH"
    }
  }
}

/// A text input as UTF-8 bytes: the file's own bytes when they are UTF-8 already (no copy),
/// else the converted text; C0 control characters other than tab and line breaks removed.
struct DecodedText {
  var encoding: TextEncoding
  /// The converted or cleaned text; nil: the file's bytes from `start` are used as they are.
  var converted: [UInt8]?
  /// Where the text starts in the file's bytes (after a UTF-8 byte-order mark).
  var start: Int
  /// The encoding was inferred: the bytes are not UTF-8 (`inputs.encoding = "auto"`).
  var encodingFallback = false
  /// C0 control characters (NUL included) removed from the text.
  var controlCharactersRemoved: Int

  /// Lends the UTF-8 text.
  func withBytes<R>(
    of file: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(InputError) -> R
  ) throws(InputError) -> R {
    guard let converted else {
      return try body(UnsafeRawBufferPointer(rebasing: file[start...]))
    }
    return try withInputBytes(of: converted, body)
  }

  /// How the file was read, as far as decoding goes.
  var details: ReadDetails {
    var details = ReadDetails()
    details.encoding = encoding
    details.encodingFallback = encodingFallback
    details.controlCharactersRemoved = controlCharactersRemoved
    return details
  }
}

/// Decodes text inputs: a byte-order mark (UTF-8, UTF-16 LE or BE) decides; else UTF-8, and
/// under `auto` a file that is not valid UTF-8 is read as Windows-1252 (Mac OS Roman when its
/// lines end with CR alone). Conversions go through the C library's iconv. UTF-32, and UTF-16
/// without a byte-order mark, are refused by name.
enum TextDecoding {
  static func decode(
    _ bytes: UnsafeRawBufferPointer, policy: Configuration.InputEncoding, file: String
  ) throws(InputError) -> DecodedText {
    if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
      throw unsupported(
        file, "it is UTF-32 (its byte-order mark says so), which Orbis does not read")
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      guard bytes.count % 2 == 0 else {
        throw InputError(
          file: file, kind: .notUTF8,
          reason:
            "its UTF-16 text has an odd number of bytes (\(bytes.count)): the file is truncated; "
            + "save it again")
      }
      return try convert(bytes, from: 2, bytes[0] == 0xFF ? .utf16LE : .utf16BE, file)
    }
    if let format = otherFormat(bytes) {
      throw InputError(
        file: file, kind: .unsupportedFormat,
        reason: "it is \(format), not a text file; give it its own extension, or save it as CSV")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      return try utf8(bytes, from: 3, policy: .utf8, file: file)
    }
    if let guess = wideEncodingWithoutMark(bytes) {
      throw unsupported(
        file,
        "it looks like \(guess) without a byte-order mark (every other byte is NUL), which cannot "
          + "be read safely")
    }
    if policy == .windows1252 { return try convert(bytes, from: 0, .windows1252, file) }
    if policy == .macRoman { return try convert(bytes, from: 0, .macRoman, file) }
    return try utf8(bytes, from: 0, policy: policy, file: file)
  }

  /// What a file named `.csv` or `.tsv` really is, when its first bytes say it is no text: a
  /// ZIP package (`.xlsx` renamed), an OLE compound file (`.xls`), a PDF.
  private static func otherFormat(_ bytes: UnsafeRawBufferPointer) -> String? {
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      return "a ZIP package (an Excel .xlsx workbook renamed?)"
    }
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Excel .xls workbook" }
    if bytes.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
    return nil
  }

  private static func utf8(
    _ bytes: UnsafeRawBufferPointer, from start: Int, policy: Configuration.InputEncoding,
    file: String
  ) throws(InputError) -> DecodedText {
    let scan = UTF8Check.scan(bytes, from: start)
    guard let offset = scan.firstInvalid else {
      var text = DecodedText(
        encoding: .utf8, converted: nil, start: start, controlCharactersRemoved: 0)
      if scan.controlCharacters > 0 {
        (text.converted, text.controlCharactersRemoved) = removingControls(bytes[start...])
      }
      return text
    }
    let place =
      "byte 0x\(hex(bytes[offset])) at byte offset \(offset) (line \(UTF8Check.line(of: offset, in: bytes)))"
    if policy == .utf8 {
      let hint =
        UTF8Check.looksLikeLatin1(bytes, at: offset)
        ? "; it looks like Windows-1252: set inputs.encoding = \"auto\" or re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)"
        : "; re-save it as UTF-8"
      throw InputError(
        file: file, kind: .notUTF8, reason: "not UTF-8: invalid \(place)\(hint)")
    }
    // Valid UTF-8 letters beside the invalid byte: a file that mixes encodings (pasted
    // together), which no single decoding reads right.
    if let utf8Offset = firstMultibyteSequence(bytes, from: start) {
      throw InputError(
        file: file, kind: .notUTF8,
        reason:
          "it mixes encodings: UTF-8 text at byte offset \(utf8Offset) (line \(UTF8Check.line(of: utf8Offset, in: bytes))), "
          + "but invalid \(place); re-save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)")
    }
    // Lines ending in CR alone: Excel for Mac's "CSV (Macintosh)", which is Mac OS Roman.
    let fallback: TextEncoding = endsLinesWithCROnly(bytes, from: start) ? .macRoman : .windows1252
    do {
      var text = try convert(bytes, from: start, fallback, file)
      text.encodingFallback = true
      return text
    } catch {
      throw InputError(
        file: file, kind: .notUTF8,
        reason:
          "neither UTF-8 (invalid \(place)) nor \(fallback.rawValue) (\(error.reason)); re-save it as "
          + "\"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice)")
    }
  }

  /// Converts with the C library's converter (iconv; Foundation's decodes Mac OS Roman wrong
  /// on Linux), then removes control characters.
  private static func convert(
    _ bytes: UnsafeRawBufferPointer, from start: Int, _ encoding: TextEncoding, _ file: String
  ) throws(InputError) -> DecodedText {
    guard let converter = TextConverter(from: encoding.iconvName) else {
      throw InputError(
        file: file, kind: .notUTF8,
        reason: "\(encoding.rawValue) cannot be decoded on this system (iconv lacks it)")
    }
    switch converter.convert(UnsafeRawBufferPointer(rebasing: bytes[start...])) {
    case .success(var utf8):
      var removed = 0
      if utf8.contains(where: UTF8Check.isDisallowedControl) {
        (utf8, removed) = removingControls(utf8[...])
      }
      return DecodedText(
        encoding: encoding, converted: utf8, start: start, controlCharactersRemoved: removed)
    case .failure(let failure):
      let offset = min(start + failure.offset, bytes.count - 1)
      let reason =
        switch encoding {
        case .utf16LE, .utf16BE:
          "it is not valid \(encoding.rawValue) at byte offset \(offset) (an unpaired surrogate)"
        default:
          "byte 0x\(hex(bytes[offset])) at byte offset \(offset) (line \(UTF8Check.line(of: offset, in: bytes))) is undefined in \(encoding.rawValue)"
        }
      throw InputError(file: file, kind: .notUTF8, reason: reason)
    }
  }

  /// The offset of the first valid multi-byte UTF-8 sequence (a letter such as `é` written
  /// as UTF-8), if any.
  private static func firstMultibyteSequence(
    _ bytes: UnsafeRawBufferPointer, from start: Int
  ) -> Int? {
    var p = start
    while p < bytes.count {
      let b = bytes[p]
      let length =
        switch b {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
      if length > 0, p + length <= bytes.count,
        (1..<length).allSatisfy({ bytes[p + $0] & 0xC0 == 0x80 })
      {
        let scan = UTF8Check.scan(UnsafeRawBufferPointer(rebasing: bytes[p..<(p + length)]))
        if scan.firstInvalid == nil { return p }
      }
      p += 1
    }
    return nil
  }

  /// Whether the text's lines end with CR alone (no LF anywhere, at least one CR).
  private static func endsLinesWithCROnly(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Bool
  {
    let text = UnsafeRawBufferPointer(rebasing: bytes[start...])
    return !text.contains(0x0A) && text.contains(0x0D)
  }

  /// UTF-8 bytes without C0 control characters (bytes below 0x80 never occur inside a
  /// multi-byte sequence, so they are removed byte by byte).
  private static func removingControls<C: Collection<UInt8>>(_ bytes: C) -> ([UInt8], Int) {
    var kept: [UInt8] = []
    kept.reserveCapacity(bytes.count)
    for b in bytes where !UTF8Check.isDisallowedControl(b) { kept.append(b) }
    return (kept, bytes.count - kept.count)
  }

  /// "UTF-16LE" / "UTF-16BE" / "UTF-32" when most of the first 4 KiB are NUL bytes in a
  /// regular pattern, as text in a wide encoding without its byte-order mark is.
  private static func wideEncodingWithoutMark(_ bytes: UnsafeRawBufferPointer) -> String? {
    let sample = min(bytes.count, 4096) & ~3
    guard sample >= 4 else { return nil }
    var nulByPosition = [0, 0, 0, 0]
    for p in 0..<sample where bytes[p] == 0 { nulByPosition[p & 3] += 1 }
    let quarter = sample / 4
    let total = nulByPosition.reduce(0, +)
    guard total * 4 >= sample else { return nil }
    if nulByPosition.filter({ $0 * 10 >= quarter * 9 }).count == 3 { return "UTF-32" }
    let even = nulByPosition[0] + nulByPosition[2]
    let odd = nulByPosition[1] + nulByPosition[3]
    if odd * 10 >= quarter * 2 * 6, even * 4 < odd { return "UTF-16LE" }
    if even * 10 >= quarter * 2 * 6, odd * 4 < even { return "UTF-16BE" }
    return nil
  }

  private static func unsupported(_ file: String, _ why: String) -> InputError {
    InputError(
      file: file, kind: .unsupportedEncoding,
      reason:
        "\(why); save it as \"CSV UTF-8\" (Excel) or UTF-8 (LibreOffice), or as UTF-16 with its "
        + "byte-order mark (Excel's \"Unicode Text\")")
  }

  private static func hex(_ b: UInt8) -> String { String(b, radix: 16, uppercase: true) }
}
