import Foundation
import ZIPFoundation

/// An XLSX file opened as what it is, a ZIP of XML parts, for tests that read back what was
/// written without trusting the writer.
public struct XLSXPackage {
  public let parts: [String: Data]
  /// Each part's size as stored (deflated), from the ZIP's central directory.
  public let storedSizes: [String: Int]

  public init(contentsOf url: URL) throws {
    let archive = try Archive(url: url, accessMode: .read)
    var parts: [String: Data] = [:]
    var storedSizes: [String: Int] = [:]
    for entry in archive where entry.type == .file {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      parts[entry.path] = data
      storedSizes[entry.path] = Int(entry.compressedSize)
    }
    self.parts = parts
    self.storedSizes = storedSizes
  }

  public func xml(_ part: String) throws -> XMLNode {
    guard let data = parts[part] else {
      throw XMLParseError(reason: "no part \(part) in the package; parts: \(parts.keys.sorted())")
    }
    return try XMLNode.parse(data)
  }

  /// The part path of a worksheet, found by name through workbook.xml and its relationships.
  public func worksheetPart(named name: String) throws -> String {
    let workbook = try xml("xl/workbook.xml")
    guard let sheet = workbook.all("sheet").first(where: { $0["name"] == name }),
      let id = sheet["r:id"]
    else { throw XMLParseError(reason: "no worksheet named \(name)") }
    return try target(of: id, in: "xl/_rels/workbook.xml.rels", base: "xl/")
  }

  /// The parts a relationships file points to, resolved against `base`.
  public func targets(in relsPart: String, base: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for rel in try xml(relsPart).all("Relationship") {
      guard let id = rel["Id"], let target = rel["Target"] else { continue }
      result[id] = XLSXPackage.resolve(target, base: base)
    }
    return result
  }

  func target(of id: String, in relsPart: String, base: String) throws -> String {
    guard let target = try targets(in: relsPart, base: base)[id] else {
      throw XMLParseError(reason: "no relationship \(id) in \(relsPart)")
    }
    return target
  }

  static func resolve(_ target: String, base: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var components = base.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      if piece == ".." { components.removeLast() } else { components.append(String(piece)) }
    }
    return components.joined(separator: "/")
  }

  /// One cell as stored: its type attribute, style index, raw value, formula and text.
  public struct Cell: Equatable {
    public var type: String?
    public var style: Int
    public var value: String?
    public var formula: String?
    /// The text of a string cell (shared or inline), else nil.
    public var text: String?
  }

  /// The cells of a worksheet keyed by reference (`B3`).
  public func cells(ofSheet name: String) throws -> [String: Cell] {
    let shared =
      try parts["xl/sharedStrings.xml"].map { try XMLNode.parse($0).all("si").map(\.allText) } ?? []
    var result: [String: Cell] = [:]
    for c in try xml(try worksheetPart(named: name)).all("c") {
      guard let ref = c["r"] else { continue }
      let value = c.first("v")?.text
      var text: String?
      switch c["t"] {
      case "s": text = value.flatMap(Int.init).map { shared[$0] }
      case "inlineStr": text = c.first("is")?.allText
      case "str": text = value
      default: break
      }
      result[ref] = Cell(
        type: c["t"], style: Int(c["s"] ?? "0") ?? 0, value: value, formula: c.first("f")?.text,
        text: text)
    }
    return result
  }

  /// The number format code of a cell style index (cellXfs), built-in codes included.
  public func numberFormat(ofStyle index: Int) throws -> String? {
    let styles = try xml("xl/styles.xml")
    guard let xfs = styles.first("cellXfs")?.children, index < xfs.count,
      let id = Int(xfs[index]["numFmtId"] ?? "0")
    else { return nil }
    if let custom = styles.all("numFmt").first(where: { $0["numFmtId"] == String(id) }) {
      return custom["formatCode"]
    }
    return [0: "General", 1: "0", 3: "#,##0", 9: "0%", 10: "0.00%", 14: "m/d/yy"][id]
  }
}
