import Foundation
import OrbisCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A handler of one XML part. Each handler conforms to `XMLParserDelegate` itself: on Linux the
/// protocol's callbacks have default implementations, so methods added by a subclass of a
/// conforming class are never called.
protocol PartHandler: XMLParserDelegate {
  var failure: String? { get }
  /// The handler aborted the parse on purpose (it had read enough).
  var stoppedEarly: Bool { get }
}

/// The text of strings as XML delivers it (in pieces, as CDATA sections, through character
/// references, all joined by the handlers), finished as a cell holds it: Excel's `_xHHHH_`
/// escapes decoded (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), then C0 control characters other
/// than tab and line breaks removed and counted.
struct StringText {
  private(set) var controlCharactersRemoved = 0

  mutating func finish(_ raw: String) -> String {
    var text = raw.contains("_x") ? Self.unescaped(raw) : raw
    if text.unicodeScalars.contains(where: Self.isDisallowedControl) {
      let before = text.unicodeScalars.count
      var kept = String.UnicodeScalarView()
      kept.append(contentsOf: text.unicodeScalars.filter { !Self.isDisallowedControl($0) })
      text = String(kept)
      controlCharactersRemoved += before - text.unicodeScalars.count
    }
    return text
  }

  static func isDisallowedControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }

  /// `_x000D_` → CR, `_x005F_x0041_` → `_x0041_` (the escape of a literal `_x`).
  static func unescaped(_ raw: String) -> String {
    let scalars = Array(raw.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
        let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        out.append(scalar)
        i += 7
        continue
      }
      out.append(scalars[i])
      i += 1
    }
    return String(out)
  }
}

final class WorkbookHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  /// The sheets in `<sheets>` order (worksheets, chart sheets, dialog or macro sheets).
  var sheets: [(name: String, relationship: String, hidden: Bool)] = []
  var date1904 = false

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch localName(name) {
    case "sheet":
      // `r:id` in Transitional and Strict alike, whatever the prefix.
      let id = attributes.first { $0.key.hasSuffix(":id") }?.value ?? attributes["id"] ?? ""
      let state = attributes["state"] ?? "visible"
      sheets.append((attributes["name"] ?? "", id, state == "hidden" || state == "veryHidden"))
    case "workbookPr":
      date1904 = attributes["date1904"] == "1" || attributes["date1904"] == "true"
    default: break
    }
  }
}

final class RelationshipsHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  let base: String
  var relationships: [Relationship] = []

  init(base: String) {
    self.base = base
    super.init()
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    guard localName(name) == "Relationship", let id = attributes["Id"],
      let target = attributes["Target"], attributes["TargetMode"] != "External"
    else { return }
    let type = attributes["Type"]?.split(separator: "/").last.map(String.init) ?? ""
    relationships.append(
      Relationship(id: id, type: type, target: XLSXSheetReader.resolve(target, base: base)))
  }
}

final class SharedStringsHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
  var strings: [String] = []
  var text = StringText()
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
    case "si": strings.append(text.finish(current))
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    if inText { current += String(decoding: block, as: UTF8.self) }
  }
}

final class StylesHandler: NSObject, PartHandler {
  var failure: String?
  var stoppedEarly: Bool { false }
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

func localName(_ name: String) -> Substring {
  name.split(separator: ":").last ?? Substring(name)
}
