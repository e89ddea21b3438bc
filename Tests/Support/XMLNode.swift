import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed XML element, names without their namespace prefix: enough to inspect the parts of
/// an Office Open XML package in tests.
public final class XMLNode: @unchecked Sendable {
  public let name: String
  public let qualifiedName: String
  public let attributes: [String: String]
  public internal(set) var children: [XMLNode] = []
  public internal(set) var text = ""

  init(qualifiedName: String, attributes: [String: String]) {
    self.qualifiedName = qualifiedName
    self.name = String(qualifiedName.split(separator: ":").last ?? Substring(qualifiedName))
    self.attributes = attributes
  }

  /// Parses a document and returns its root element.
  public static func parse(_ data: Data) throws -> XMLNode {
    let delegate = Builder()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    guard parser.parse(), let root = delegate.root else {
      throw XMLParseError(reason: parser.parserError.map { "\($0)" } ?? "no root element")
    }
    return root
  }

  /// Every element below this one (depth first) with this local name.
  public func all(_ name: String) -> [XMLNode] {
    children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
  }

  /// The first element below this one with this local name.
  public func first(_ name: String) -> XMLNode? {
    for child in children {
      if child.name == name { return child }
      if let found = child.first(name) { return found }
    }
    return nil
  }

  /// The concatenated text of this element and its descendants.
  public var allText: String { text + children.map(\.allText).joined() }

  public subscript(attribute: String) -> String? { attributes[attribute] }
}

public struct XMLParseError: Error, CustomStringConvertible {
  public let reason: String
  public var description: String { "XML parse error: \(reason)" }
}

private final class Builder: NSObject, XMLParserDelegate {
  var root: XMLNode?
  var stack: [XMLNode] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let node = XMLNode(qualifiedName: elementName, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(node) } else { root = node }
    stack.append(node)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
