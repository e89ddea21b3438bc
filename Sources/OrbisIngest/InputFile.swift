import OrbisCore

#if canImport(Glibc)
  import Glibc
#endif

/// A file of the data directory and what it is.
public struct InputFile: Hashable, Sendable {
  public enum Format: String, Hashable, Sendable, Codable { case csv, tsv, xlsx }

  /// The file's name, relative to the data directory.
  public var name: String
  public var path: String
  public var dataset: DatasetKind
  public var format: Format
  public var size: Int
  /// How a text file is decoded (its `[inputs.files]` rule's, else `inputs.encoding`).
  public var encoding: Configuration.InputEncoding = .auto

  /// What a file name means under the contract: a dataset file, a file to ignore silently
  /// (temporary, hidden, lock and swap files), or a file that is not Orbis's.
  public enum Classification: Hashable, Sendable {
    case input(DatasetKind, Format)
    /// A dataset's name with a format Orbis cannot read (`staff.xls`).
    case unsupported(DatasetKind, String)
    case ignored
    case unrelated
  }

  /// What `name` is: `rules` (`[inputs.files]`) first, in order, then the name prefixes.
  public static func classify(
    _ name: String, rules: [Configuration.FileRule] = []
  ) -> Classification {
    let lower = name.lowercased()
    if lower.hasPrefix(".") || lower.hasPrefix("~$") || lower.hasPrefix("#") || lower.hasSuffix("~")
      || lower.hasSuffix("#")
    {
      return .ignored
    }
    for suffix in [".tmp", ".part", ".swp", ".swo", ".swx", ".crdownload", ".bak"]
    where lower.hasSuffix(suffix) {
      return .ignored
    }
    guard
      let kind = rule(for: name, in: rules)?.dataset
        ?? DatasetKind.allCases.first(where: { kind in
          kind.filePrefixes.contains { lower.hasPrefix($0) }
        })
    else { return .unrelated }
    let ext = lower.split(separator: ".").count > 1 ? String(lower.split(separator: ".").last!) : ""
    guard let format = format(ofExtension: ext) else { return .unsupported(kind, ext) }
    return .input(kind, format)
  }

  /// The format Orbis reads for a lower-case file extension, if any.
  static func format(ofExtension ext: String) -> Format? {
    switch ext {
    case "csv": .csv
    case "tsv": .tsv
    // A macro-enabled workbook is the same package; its first worksheet is read alike.
    case "xlsx", "xlsm": .xlsx
    default: nil
    }
  }

  /// Spreadsheet formats Orbis cannot read, with what to save them as: a dataset file in one of
  /// them stops the run (left out, its rows would be missing from the figures unseen).
  public static let unreadableSpreadsheets: [String: String] = [
    "xls": "the old Excel format (.xls)", "xlsb": "Excel's binary format (.xlsb)",
    "ods": "OpenDocument (.ods)", "fods": "flat OpenDocument (.fods)",
    "numbers": "Apple Numbers (.numbers)", "xlt": "an old Excel template (.xlt)",
    "xltx": "an Excel template (.xltx)", "et": "WPS Spreadsheets (.et)",
  ]

  /// The first `[inputs.files]` rule whose glob matches `name`, ignoring case (fnmatch(3)).
  public static func rule(
    for name: String, in rules: [Configuration.FileRule]
  ) -> Configuration.FileRule? {
    rules.first { fnmatch($0.pattern, name, caseFold) == 0 }
  }

  /// glibc's `FNM_CASEFOLD` (`<fnmatch.h>`, a GNU extension Swift does not import).
  private static let caseFold: Int32 = 1 << 4
}
