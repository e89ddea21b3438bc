import Crypto
import Foundation
import OrbisCore

/// The folder of each unit's report under `REPORTS/<name>/` (`for_each_unit`): the unit's name
/// when it is a safe folder name, else a safe form of it with a suffix from its SHA-256.
///
/// A safe name keeps letters, digits, spaces and `-_.()+&,'`; any other character (`/`, `\`,
/// `:`, control characters…) becomes `_`; it does not start with a dot, nor end with a dot or
/// a space; it is at most `maxBytes` bytes of UTF-8 (NFC); it is not `latest` nor the stamp of a
/// published report. Folder names are distinct even where the file system ignores case or
/// accents (SMB shares, macOS): among units whose names differ only so, the first in byte order
/// keeps its name and the others take the suffix.
public enum UnitFolders {
  /// Bytes of a folder name before its suffix (`-` and 8 hexadecimal digits).
  public static let maxBytes = 64

  /// Unit (as the data writes it) → folder name, for every unit of `units`. A unit keeps the
  /// folder `existing` gives it (its reports so far), and no other unit takes one of those, so
  /// that a unit's folder, and its history, never move when other units come or go.
  public static func names(
    _ units: [String], existing: [String: String] = [:]
  ) -> [String: String] {
    var result: [String: String] = [:]
    var taken = Set(existing.values.map(key))
    for unit in units {
      if let folder = existing[unit] { result[unit] = folder }
    }
    let ordered = Set(units).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
    // Names kept as they are first, so that a suffixed name never takes one of them.
    var pending: [(unit: String, base: String)] = []
    for unit in ordered where result[unit] == nil {
      let (base, changed) = safe(unit)
      if !changed, taken.insert(key(base)).inserted {
        result[unit] = base
      } else {
        pending.append((unit, base))
      }
    }
    for (unit, base) in pending {
      var digits = 8
      var name = "\(base)-\(hash(unit, digits))"
      while !taken.insert(key(name)).inserted, digits < 64 {
        digits *= 2
        name = "\(base)-\(hash(unit, digits))"
      }
      result[unit] = name
    }
    return result
  }

  /// The safe form of a name, and whether it differs from the name.
  static func safe(_ unit: String) -> (String, Bool) {
    let extra = Set(" -_.()+&,'".unicodeScalars)
    var scalars = String.UnicodeScalarView()
    for scalar in unit.precomposedStringWithCanonicalMapping.unicodeScalars {
      let allowed =
        extra.contains(scalar) || scalar.properties.isAlphabetic
        || scalar.properties.numericType != nil || scalar.properties.generalCategory.isMark
      scalars.append(allowed ? scalar : "_")
    }
    var name = String(scalars).trimmingCharacters(in: .whitespaces)
    if name.hasPrefix(".") { name = "_" + name.dropFirst() }
    while name.hasSuffix(".") || name.hasSuffix(" ") { name = String(name.dropLast()) + "_" }
    var truncated = false
    while name.utf8.count > maxBytes {
      name.removeLast()
      truncated = true
    }
    if name.isEmpty { name = "unit" }
    // Never the name of a published report, whatever the suffix: that folder's retention
    // would remove it.
    if Publisher.isStamp(name) { name = "_" + name }
    let reserved = key(name) == Publisher.latestName
    return (name, truncated || reserved || name != unit)
  }

  /// The unit of each folder of `directory` (`REPORTS/<name>/`) holding a unit's reports,
  /// read from its latest `stats.json`: unit → folder.
  public static func existing(in directory: String) -> [String: String] {
    struct Head: Decodable { var scope: ReportScope? }
    let decoder = JSONDecoder()
    var result: [String: String] = [:]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for folder in names
    where !Publisher.isStamp(folder) && folder != Publisher.latestName && !folder.hasPrefix(".") {
      let path = "\(directory)/\(folder)/\(Publisher.latestName)/\(ReportRenderer.statsName)"
      guard let data = FileManager.default.contents(atPath: path),
        let scope = (try? decoder.decode(Head.self, from: data))?.scope, scope.exact,
        let unit = scope.units?.first
      else { continue }
      result[unit] = folder
    }
    return result
  }

  /// How a file system that ignores case and accents sees a name.
  public static func key(_ name: String) -> String {
    name.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
  }

  static func hash(_ unit: String, _ digits: Int) -> String {
    SHA256.hash(data: Data(unit.utf8)).map { String(format: "%02x", $0) }.joined()
      .prefix(digits).description
  }
}

extension Unicode.GeneralCategory {
  fileprivate var isMark: Bool {
    self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
  }
}
