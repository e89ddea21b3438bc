/// A file that cannot be read at all. It stops the run: a report without that file would show
/// wrong figures. Each case says what the person who dropped the file must do.
public struct InputError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable, Codable {
    case unreadable = "unreadable"
    case tooLarge = "too_large"
    case notUTF8 = "not_utf8"
    /// UTF-32, or UTF-16 without a byte-order mark.
    case unsupportedEncoding = "unsupported_encoding"
    case empty = "empty"
    case noHeader = "no_header"
    case missingColumn = "missing_column"
    case corruptXLSX = "corrupt_xlsx"
    case unterminatedQuote = "unterminated_quote"
    case unsupportedFormat = "unsupported_format"
    case badFileName = "bad_file_name"
    /// Two files of one dataset share most of their ids.
    case twoVersions = "two_versions"
  }

  public var file: String
  public var kind: Kind
  public var reason: String

  public init(file: String, kind: Kind, reason: String) {
    self.file = file
    self.kind = kind
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}
