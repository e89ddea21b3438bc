import OrbisCore

/// A file of the data directory and what it is.
public struct InputFile: Hashable, Sendable {
  public enum Format: String, Hashable, Sendable, Codable { case csv, tsv, xlsx }

  /// The file's name, relative to the data directory.
  public var name: String
  public var path: String
  public var dataset: DatasetKind
  public var format: Format
  public var size: Int

  /// What a file name means under the contract: a dataset file, a file to ignore silently
  /// (temporary, hidden, lock and swap files), or a file that is not Orbis's.
  public enum Classification: Hashable, Sendable {
    case input(DatasetKind, Format)
    /// A dataset's name with a format Orbis cannot read (`staff.xls`).
    case unsupported(DatasetKind, String)
    case ignored
    case unrelated
  }

  public static func classify(_ name: String) -> Classification {
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
      let kind = DatasetKind.allCases.first(where: { kind in
        kind.filePrefixes.contains { lower.hasPrefix($0) }
      })
    else { return .unrelated }
    let ext = lower.split(separator: ".").count > 1 ? String(lower.split(separator: ".").last!) : ""
    switch ext {
    case "csv": return .input(kind, .csv)
    case "tsv": return .input(kind, .tsv)
    case "xlsx": return .input(kind, .xlsx)
    default: return .unsupported(kind, ext)
    }
  }
}
