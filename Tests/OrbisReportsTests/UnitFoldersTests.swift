import Testing

@testable import OrbisReports

/// The folders of `for_each_unit` reports: safe and distinct, whatever the units are called.
@Suite struct UnitFoldersTests {
  @Test func plainNamesAreKept() {
    #expect(
      UnitFolders.names(["LAPP", "LP2I Bordeaux", "CC-IN2P3", "Laboratoire d’Annecy"])
        == [
          "LAPP": "LAPP", "LP2I Bordeaux": "LP2I Bordeaux", "CC-IN2P3": "CC-IN2P3",
          // ’ is not a safe character: replaced, and the name takes a suffix.
          "Laboratoire d’Annecy":
            "Laboratoire d_Annecy-\(UnitFolders.hash("Laboratoire d’Annecy", 8))",
        ])
  }

  @Test func namesThatDifferOnlyInCaseOrAccentsGetDistinctFolders() {
    let units = ["LAPP", "Lapp", "lapp", "Lapp ", "Subatech", "SUBATECH", "Subatéch"]
    let names = UnitFolders.names(units)
    #expect(Set(names.values).count == Set(units).count)
    // Distinct even where the file system ignores case and accents (SMB, macOS).
    #expect(Set(names.values.map(UnitFolders.key)).count == Set(units).count)
    // The first in byte order keeps its name.
    #expect(names["LAPP"] == "LAPP")
    #expect(names["SUBATECH"] == "SUBATECH")
    #expect(names["Lapp"]!.hasPrefix("Lapp-"))
  }

  @Test func unsafeNamesAreMadeSafe() {
    let long = String(repeating: "Laboratoire de physique ", count: 13)  // 312 characters
    let units = [
      "../x", "..", ".", "a/b", "a\\b", "latest", "2026-01-01T000000Z", "", " ", "\u{0}x",
      "tab\there", long, long + "2",
    ]
    let names = UnitFolders.names(units)
    #expect(Set(names.values).count == units.count)
    for (unit, name) in names {
      #expect(!name.isEmpty, "\(unit)")
      #expect(!name.hasPrefix("."), "\(unit) → \(name)")
      #expect(!name.contains("/") && !name.contains("\\") && !name.contains("\u{0}"))
      #expect(name.utf8.count <= UnitFolders.maxBytes + 9, "\(unit) → \(name)")
      #expect(name != "latest" && !Publisher.isStamp(name), "\(unit) → \(name)")
      #expect(!name.hasSuffix(" ") && !name.hasSuffix("."))
    }
    #expect(names["../x"]!.hasPrefix("_._x-"))
    // Two long names with the same first 64 bytes: distinct by their suffixes.
    #expect(names[long] != names[long + "2"])
  }
}
