import Foundation
import TestSupport
import Testing
import XLSXWriter

/// `Options.compressionLevel`, which libxlsxwriter does not offer: the binding replaces the
/// level in libxlsxwriter's call to minizip (CXlsxPackaging).
@Suite struct CompressionLevelTests {
  /// The same cells, at `level`; the package read back.
  func write(level: Int32?, in dir: TemporaryDirectory, name: String) throws -> XLSXPackage {
    let path = dir.path(name)
    let book = try Workbook(path: path, options: .init(compressionLevel: level))
    var properties = DocumentProperties()
    properties.created = Date(timeIntervalSince1970: 1_750_000_000)
    try book.setProperties(properties)
    let sheet = try book.addWorksheet(named: "Rows")
    var generator = SeededGenerator(seed: 7)
    for r in 0..<3_000 {
      try sheet.write(text: "Programme \(r % 97) of unit \(r % 13)", row: r, column: 0)
      try sheet.write(number: Double(generator.next() % 100_000), row: r, column: 1)
    }
    try book.close()
    return try XLSXPackage(contentsOf: URL(fileURLWithPath: path))
  }

  @Test func theLevelChangesTheStoredSizesOnlyAndIsNotKeptAfterClose() throws {
    #expect(Workbook.compressionLevelApplies)
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let standard = try write(level: nil, in: dir, name: "standard.xlsx")
    let fastest = try write(level: 1, in: dir, name: "fastest.xlsx")
    let smallest = try write(level: 9, in: dir, name: "smallest.xlsx")
    let standardAgain = try write(level: nil, in: dir, name: "again.xlsx")
    let sheet = "xl/worksheets/sheet1.xml"

    // Every part holds the same bytes at every level.
    #expect(fastest.parts == standard.parts)
    #expect(smallest.parts == standard.parts)
    #expect(standard.parts[sheet].map(\.count) ?? 0 > 100_000)
    // Level 1 stores the sheet larger than zlib's default (6), and 9 no larger.
    let sizes = [fastest, standard, smallest].map { $0.storedSizes[sheet] ?? 0 }
    #expect(sizes[0] > sizes[1], "stored sizes at 1, 6, 9: \(sizes)")
    #expect(sizes[2] <= sizes[1], "stored sizes at 1, 6, 9: \(sizes)")
    // The level applied to that close only: the next workbook without one is stored as the
    // first.
    #expect(standardAgain.storedSizes == standard.storedSizes)
  }

  /// Clamped where the workbook is made, whichever way the option was set.
  @Test func levelsOutOfRangeAreTakenAsTheNearest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    #expect(
      try write(level: 12, in: dir, name: "12.xlsx").storedSizes
        == write(level: 9, in: dir, name: "9.xlsx").storedSizes)
    #expect(
      try write(level: 0, in: dir, name: "0.xlsx").storedSizes
        == write(level: 1, in: dir, name: "1.xlsx").storedSizes)
  }
}
