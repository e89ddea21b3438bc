import TestSupport
import Testing

@testable import OrbisIngest

@Suite struct IDTableTests {
  /// Ids whose hashes all collide are still told apart by the ids themselves.
  @Test func collidingHashesAreConfirmedByTheIds() {
    // The table keeps a hash's upper half: these differ there.
    let (same, other): (UInt64, UInt64) = (42 << 32, 43 << 32)
    var table = IDTable()
    let ids = (0..<500).map { "ID\($0)" }
    for (place, id) in ids.enumerated() {
      #expect(table.insert(same, row: place) { ids[$0] == id } == nil)
    }
    #expect(table.count == 500)
    for (place, id) in ids.enumerated() {
      #expect(table.row(of: same) { ids[$0] == id } == place)
      // A repeated id gives the place of its first acceptance, and is not added.
      #expect(table.insert(same, row: 10_000 + place) { ids[$0] == id } == place)
    }
    #expect(table.count == 500)
    #expect(table.row(of: same) { _ in false } == nil)
    #expect(table.row(of: other) { _ in true } == nil)
  }

  /// Against `[String: Int]` on seeded ids, a fifth of them repeated, from an empty table
  /// (grown as it fills) and from one reserved for them.
  @Test func sameAnswersAsADictionary() {
    var random = SeededGenerator(seed: 19)
    let ids = (0..<50_000).map { _ in "S\(Int.random(in: 0..<40_000, using: &random))" }
    for reserved in [0, ids.count] {
      var table = IDTable()
      table.reserve(reserved)
      var reference: [String: Int] = [:]
      for (place, id) in ids.enumerated() {
        let first = table.insert(IDHash.of(id), row: place) { ids[$0] == id }
        #expect(first == reference[id])
        if reference[id] == nil { reference[id] = place }
      }
      #expect(table.count == reference.count)
      for (id, place) in reference {
        #expect(table.row(of: IDHash.of(id)) { ids[$0] == id } == place)
      }
      #expect(table.row(of: IDHash.of("absent")) { ids[$0] == "absent" } == nil)
    }
  }

  /// The ids' hash agrees with `String`'s equality: equal ids, whatever their Unicode form,
  /// hash alike; others (almost always) differ.
  @Test func hashesFollowStringEquality() {
    #expect(IDHash.of("A1") == IDHash.of("A1"))
    #expect(IDHash.of("A1") != IDHash.of("A2"))
    #expect(IDHash.of("A1") != IDHash.of("1A"))
    #expect(IDHash.of("\u{E9}") == IDHash.of("e\u{301}"))
    #expect(IDHash.of("\u{212A}") == IDHash.of("K"))
  }

  @Test func removingAtIndicesKeepsTheOthersInOrder() {
    var values = Array(0..<10).map { "v\($0)" }
    values.removeAll(atAscending: [0, 3, 4, 4, 9])
    #expect(values == ["v1", "v2", "v5", "v6", "v7", "v8"])
    values.removeAll(atAscending: [])
    #expect(values.count == 6)
    values.removeAll(atAscending: [5])
    #expect(values == ["v1", "v2", "v5", "v6", "v7"])
    values.removeAll(atAscending: Array(0..<5))
    #expect(values.isEmpty)
  }

  @Test func appendingSkipsTheIndicesAndKeepsTheOrder() {
    let source = Array(0..<10).map { "v\($0)" }
    var values = ["a"]
    values.append(contentsOf: source, skipping: [0, 3, 4, 4, 9])
    #expect(values == ["a", "v1", "v2", "v5", "v6", "v7", "v8"])
    values.append(contentsOf: ["x", "y"], skipping: [])
    #expect(values.suffix(2) == ["x", "y"])
    values = []
    values.append(contentsOf: source, skipping: Array(0..<10))
    #expect(values.isEmpty)
    // Every way of skipping from a short list agrees with filtering it.
    for mask in 0..<64 {
      let skipped = (0..<6).filter { mask & 1 << $0 != 0 }
      var kept: [String] = []
      kept.append(contentsOf: Array(source.prefix(6)), skipping: skipped)
      #expect(
        kept == source.prefix(6).enumerated().filter { !skipped.contains($0.offset) }.map(\.element)
      )
    }
  }
}
