import Foundation

/// Document properties, shown by File ▸ Properties (`docProps/core.xml` and `app.xml`).
public struct DocumentProperties: Hashable, Sendable {
  public var title: String?
  public var subject: String?
  public var author: String?
  public var manager: String?
  public var company: String?
  public var category: String?
  public var keywords: String?
  public var comments: String?
  /// The creation time recorded in the file; `nil` means now. Fix it to get byte-identical
  /// files from identical input.
  public var created: Date?

  public init(
    title: String? = nil, subject: String? = nil, author: String? = nil, manager: String? = nil,
    company: String? = nil, category: String? = nil, keywords: String? = nil,
    comments: String? = nil, created: Date? = nil
  ) {
    self.title = title
    self.subject = subject
    self.author = author
    self.manager = manager
    self.company = company
    self.category = category
    self.keywords = keywords
    self.comments = comments
    self.created = created
  }
}
