extension SummaryDocument {
  /// `summary.txt`: plain text, every line at most 100 columns.
  func plainText() -> String {
    var out = title + "\n" + String(repeating: "=", count: min(100, title.count)) + "\n\n"
    for line in preamble { out += Self.wrap(line) }
    for section in sections {
      out +=
        "\n" + section.title + "\n" + String(repeating: "-", count: min(100, section.title.count))
        + "\n"
      for (i, block) in section.blocks.enumerated() {
        // A blank line after each table.
        if i > 0, case .table = section.blocks[i - 1] { out += "\n" }
        switch block {
        case .line(let text): out += Self.wrap(text)
        case .table(let table): out += table.render()
        }
      }
    }
    return out
  }

  /// Words wrapped to `width` columns.
  static func wrap(_ text: String, width: Int = 100) -> String {
    var lines: [String] = []
    var line = ""
    for word in TextFormat.oneLine(text).split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + (word.count > width ? word.prefix(width - 1) + "…" : word)
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `summary.md`: the same content, with Markdown tables.
  func markdown() -> String {
    var out = "# \(Self.escape(title))\n\n"
    for line in preamble { out += Self.escape(line) + "\n" }
    for section in sections {
      out += "\n## \(Self.escape(section.title))\n"
      for block in section.blocks {
        switch block {
        case .line(let text): out += "\n" + Self.escape(text) + "\n"
        case .table(let table):
          out +=
            "\n| " + table.columns.map { Self.escape($0.header) }.joined(separator: " | ") + " |\n"
          out +=
            "|" + table.columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined()
            + "\n"
          for row in table.rows {
            out += "| " + row.map { Self.escape($0) }.joined(separator: " | ") + " |\n"
          }
        }
      }
    }
    return out
  }

  /// Text from the inputs shown literally: Markdown's special characters are escaped and
  /// control characters become spaces, so a cell cannot break its table or become a link.
  static func escape(_ text: String) -> String {
    var out = ""
    for c in TextFormat.oneLine(text) {
      if "\\`*_[]<>|~#".contains(c) { out.append("\\") }
      out.append(c)
    }
    return out
  }
}
