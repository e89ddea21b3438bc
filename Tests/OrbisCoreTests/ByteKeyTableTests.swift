import TestSupport
import Testing

@testable import OrbisCore

/// The byte-keyed table against a `Dictionary` of the same keys, and the tallies that use it
/// against `String` equality.
@Suite struct ByteKeyTableTests {
  static func lookUp(_ table: ByteKeyTable, _ key: [UInt8]) -> Int? {
    key.withUnsafeBytes { table.value(for: $0) }
  }

  @Test func agreesWithADictionaryOnSeededKeys() {
    var generator = SeededGenerator(seed: 19)
    var table = ByteKeyTable()
    var reference: [[UInt8]: Int] = [:]
    // Short keys over a small alphabet: many share prefixes, lengths and hash buckets.
    for n in 0..<5_000 {
      let length = Int(generator.next() % 6)
      let key = (0..<length).map { _ in UInt8(0x61 + generator.next() % 3) }
      key.withUnsafeBytes { table.set(n, for: $0) }
      reference[key] = n
    }
    #expect(table.count == reference.count)
    for (key, value) in reference { #expect(Self.lookUp(table, key) == value) }
    #expect(Self.lookUp(table, Array("dddd".utf8)) == nil)
    #expect(Self.lookUp(table, []) == reference[[]])
  }

  @Test func keysAreBytesNotCharacters() {
    var table = ByteKeyTable()
    let precomposed = Array("Lab\u{E9}".utf8)
    let decomposed = Array("Labe\u{301}".utf8)
    precomposed.withUnsafeBytes { table.set(1, for: $0) }
    #expect(Self.lookUp(table, decomposed) == nil)
    #expect(Self.lookUp(table, Array("Lab".utf8)) == nil)
    #expect(Self.lookUp(table, precomposed) == 1)
  }

  /// Two spellings `String` holds equal are one unit, as with the dictionary alone.
  @Test func talliesMergeWhatStringEqualityMerges() {
    var units = Statistics.NamedTallies(empty: 0)
    let first = units.slot("Lab\u{E9}")
    #expect(units.slot("Labe\u{301}") == first)
    #expect(units.slot("Lab\u{E9}") == first)
    let other = units.slot("LAPP")
    #expect(other != first)
    #expect(units.names == ["Lab\u{E9}", "LAPP"])
  }
}
