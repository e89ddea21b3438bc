import OrbisCore

/// How figures read in the administrator's texts (`orbis history`, `orbis check`, log lines):
/// English, through `ReportLocale.english`. Reports use their own `ReportLocale`.
public enum TextFormat {
  /// `1,234,567`
  public static func integer(_ n: Int) -> String { ReportLocale.english.integer(n) }

  /// `28.6%` from a fraction, to 0.1 %; `–` when undefined.
  public static func percent(_ share: Double?) -> String { ReportLocale.english.percent(share) }

  /// FTE to 2 decimals: `2,845.50`
  public static func fte(_ value: Double) -> String { ReportLocale.english.fte(value) }

  /// A value from an input file on one line: control characters become spaces.
  static func oneLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else { return text }
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
  }
}

/// A plain-text table with aligned columns, cut to fit a total width.
public struct TextTable {
  public enum Alignment: Sendable { case left, right }
  var columns: [(header: String, alignment: Alignment)]
  var rows: [[String]] = []

  public init(_ columns: [(String, Alignment)]) {
    self.columns = columns.map { (header: $0.0, alignment: $0.1) }
  }

  public mutating func add(_ row: [String]) { rows.append(row) }

  /// Renders with two spaces between columns; the widest left-aligned columns are cut (with
  /// `…`) until every line fits `maxWidth` characters.
  public func render(indent: Int = 2, maxWidth: Int = 100) -> String {
    let all = ([columns.map(\.header)] + rows).map { $0.map(TextFormat.oneLine) }
    var widths = columns.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
    let budget = maxWidth - indent - 2 * (columns.count - 1)
    while widths.reduce(0, +) > budget {
      guard
        let widest = columns.indices.filter({ columns[$0].alignment == .left && widths[$0] > 8 })
          .max(by: { widths[$0] < widths[$1] })
      else { break }
      widths[widest] -= 1
    }
    let pad = String(repeating: " ", count: indent)
    return all.map { row in
      var cells: [String] = []
      for i in columns.indices {
        var cell = row[i]
        if cell.count > widths[i] { cell = String(cell.prefix(widths[i] - 1)) + "…" }
        let fill = String(repeating: " ", count: widths[i] - cell.count)
        cells.append(columns[i].alignment == .right ? fill + cell : cell + fill)
      }
      // Without its trailing whitespace (what `\s+$` matches; not a regex: parsing one
      // costs the text report a millisecond, and a small run's memory the regex engine's code).
      var line = pad + cells.joined(separator: "  ")
      while line.last?.isWhitespace == true { line.removeLast() }
      return line
    }.joined(separator: "\n") + "\n"
  }
}
