import TestSupport
import Testing

@testable import OrbisReports

/// Column widths are counted without formatting each number: they must equal the formatted
/// text's length, or the workbook's columns would change.
@Suite struct ColumnWidthTests {
  @Test func integersAsFormatted() {
    var values = [0, 1, -1, 9, 10, 99, 100, 999, 1_000, -1_000, 9_999, 10_000, 123_456, 999_999]
    values += [1_000_000, -12_345_678, Int.max, Int.min + 1]
    var generator = SeededGenerator(seed: 19)
    for _ in 0..<2_000 {
      values.append(Int.random(in: -10_000_000...10_000_000, using: &generator))
    }
    for n in values {
      #expect(ReportValue.integer(n).shownWidth == TextFormat.integer(n).count, "\(n)")
    }
  }

  @Test func decimalsAsFormatted() {
    var values = [0, -0.0, 0.5, 0.005, 0.995, 9.994, 9.995, 9.999, 99.995, 999.995, -0.001, -0.004]
    values += [-9.995, 1_234.5, 2_702.7, 12_345.678, 0.1 + 0.2, 1e14, -1e14]
    var generator = SeededGenerator(seed: 19)
    for _ in 0..<2_000 { values.append(Double.random(in: -100_000...100_000, using: &generator)) }
    for _ in 0..<2_000 {
      values.append(Double(Int.random(in: 0...100_000, using: &generator)) / 100 + 0.005)
    }
    for d in values {
      #expect(ReportValue.decimal(d).shownWidth == TextFormat.fte(d).count, "\(d)")
    }
  }

  @Test func textCountsCharacters() {
    for text in ["", "LAPP", "Laboratoire d’Annecy", "e\u{301}", "👩‍🔬 lab", "日本", "a\r\nb", "a\rb"] {
      #expect(ReportValue.text(text).shownWidth == text.count, "\(text)")
    }
  }
}
