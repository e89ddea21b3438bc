// Generates Sources/OrbisCore/Countries/CountryTable+Generated.swift from two maintained
// sources, so that no country name is typed by hand:
//
// - Debian's iso-codes: /usr/share/iso-codes/json/iso_3166-1.json (alpha-2, alpha-3, numeric,
//   name, common_name, official_name) and the French gettext catalogue
//   /usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo;
// - Foundation's CLDR data: Locale.Region(code).continent / .containingRegion (UN M49 region and
//   sub-region) and the CLDR English and French names of countries and regions;
// - the mledoze/countries dataset (Reference/mledoze-countries.json, ODbL 1.0, see
//   Reference/mledoze-countries.LICENSE.md): nationality adjectives (demonyms) in English and
//   French, masculine and feminine, its names and alternative spellings, whether an entry is
//   an independent state, and Kosovo (XK), which ISO 3166-1 leaves to users.
//
// Run with `make country-table`; commit the generated file with the change of sources.
import Foundation

struct ISOEntry: Decodable {
  let alpha_2: String
  let alpha_3: String
  let numeric: String
  let name: String
  let common_name: String?
  let official_name: String?
}

struct ISOFile: Decodable {
  let entries: [ISOEntry]
  enum CodingKeys: String, CodingKey { case entries = "3166-1" }
}

/// Reads a GNU gettext `.mo` catalogue: msgid → msgstr.
func readMO(_ path: String) throws -> [String: String] {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  let bytes = [UInt8](data)
  func u32(_ offset: Int, _ littleEndian: Bool) -> Int {
    let b = bytes[offset..<offset + 4].map(UInt32.init)
    return Int(littleEndian ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24)
  }
  let little = u32(0, true) == 0x9504_12de
  let count = u32(8, little)
  let originals = u32(12, little)
  let translations = u32(16, little)
  func string(_ table: Int, _ i: Int) -> String {
    let length = u32(table + 8 * i, little)
    let offset = u32(table + 8 * i + 4, little)
    return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
  }
  var result: [String: String] = [:]
  for i in 0..<count where !string(originals, i).isEmpty {
    result[string(originals, i)] = string(translations, i)
  }
  return result
}

/// One entry of mledoze/countries, the fields used.
struct MledozeEntry: Decodable {
  struct Names: Decodable {
    let common: String
    let official: String
  }
  struct Demonym: Decodable {
    let f: String
    let m: String
  }
  let name: Names
  let cca2: String
  let cca3: String
  let independent: Bool?
  let altSpellings: [String]
  let translations: [String: Names]
  let demonyms: [String: Demonym]?
}

func swiftLiteral(_ s: String) -> String {
  "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

let arguments = CommandLine.arguments
let output = arguments.count > 1 ? arguments[1] : "Sources/OrbisCore/Countries/CountryTable+Generated.swift"
let isoJSON = "/usr/share/iso-codes/json/iso_3166-1.json"
let isoMO = "/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo"

let mledozeJSON = arguments.count > 2 ? arguments[2] : "Tools/CountryTableGenerator/Reference/mledoze-countries.json"

var iso = try JSONDecoder().decode(ISOFile.self, from: Data(contentsOf: URL(fileURLWithPath: isoJSON)))
let mledoze = try JSONDecoder().decode(
  [MledozeEntry].self, from: Data(contentsOf: URL(fileURLWithPath: mledozeJSON)))
let mledozeByCode = Dictionary(mledoze.map { ($0.cca2, $0) }, uniquingKeysWith: { a, _ in a })
// Kosovo: not in ISO 3166-1; `XK` / `XKX` are the user-assigned codes the EU and CLDR use.
iso = ISOFile(
  entries: iso.entries + [
    ISOEntry(
      alpha_2: "XK", alpha_3: "XKX", numeric: "", name: "Kosovo", common_name: nil,
      official_name: "Republic of Kosovo")
  ])
let french = try readMO(isoMO)
// Where this machine's CLDR gives a name an office would not write in a report
// ("China mainland"), the plain short name.
let displayOverrides: [String: (english: String, french: String)] = ["CN": ("China", "Chine")]
let en = Locale(identifier: "en_US")
let fr = Locale(identifier: "fr_FR")

var regionCodes = Set<String>()
var lines: [String] = []
for entry in iso.entries.sorted(by: { $0.alpha_2 < $1.alpha_2 }) {
  let region = Locale.Region(entry.alpha_2)
  let continent = region.continent?.identifier ?? ""
  let subRegion = region.containingRegion?.identifier ?? ""
  if !continent.isEmpty { regionCodes.insert(continent) }
  if !subRegion.isEmpty { regionCodes.insert(subRegion) }
  // Display names: CLDR's short names (`Russia`, `Russie`), else iso-codes'.
  let englishName =
    displayOverrides[entry.alpha_2]?.english ?? en.localizedString(forRegionCode: entry.alpha_2)
    ?? entry.common_name ?? entry.name
  let frenchName =
    displayOverrides[entry.alpha_2]?.french ?? fr.localizedString(forRegionCode: entry.alpha_2)
    ?? french[entry.common_name ?? entry.name] ?? englishName
  var others: [String] = [entry.name]
  for name in [entry.common_name, entry.official_name].compactMap({ $0 }) { others.append(name) }
  for name in [entry.name, entry.common_name, entry.official_name].compactMap({ $0 }) {
    if let translated = french[name] { others.append(translated) }
  }
  var seen = Set([englishName, frenchName])
  others = others.filter { seen.insert($0).inserted }
  // mledoze: its names and alternative spellings (codes and names already listed left out),
  // and the demonyms, English then French, masculine then feminine.
  let m = mledozeByCode[entry.alpha_2]
  var alternatives: [String] = []
  if let m {
    for name in [m.name.common, m.name.official, m.translations["fra"]?.common, m.translations["fra"]?.official]
      .compactMap({ $0 }) + m.altSpellings
    where name.count > 3 && seen.insert(name).inserted {
      alternatives.append(name)
    }
  }
  var demonyms: [String] = []
  for language in ["eng", "fra"] {
    for form in [m?.demonyms?[language]?.m, m?.demonyms?[language]?.f].compactMap({ $0 })
    where !form.isEmpty && !demonyms.contains(form) {
      demonyms.append(form)
    }
  }
  lines.append(
    "    Country(alpha2: \(swiftLiteral(entry.alpha_2)), alpha3: \(swiftLiteral(entry.alpha_3)), "
      + "numeric: \(swiftLiteral(entry.numeric)), englishName: \(swiftLiteral(englishName)), "
      + "frenchName: \(swiftLiteral(frenchName)), otherNames: [\(others.map(swiftLiteral).joined(separator: ", "))], "
      + "alternativeSpellings: [\(alternatives.map(swiftLiteral).joined(separator: ", "))], "
      + "demonyms: [\(demonyms.map(swiftLiteral).joined(separator: ", "))], "
      + "independent: \(m?.independent ?? false), "
      + "regionCode: \(swiftLiteral(continent)), subRegionCode: \(swiftLiteral(subRegion))),")
}

var regionLines: [String] = []
for code in regionCodes.sorted() {
  let englishName = en.localizedString(forRegionCode: code) ?? code
  let frenchName = fr.localizedString(forRegionCode: code) ?? englishName
  regionLines.append(
    "    M49Region(code: \(swiftLiteral(code)), englishName: \(swiftLiteral(englishName)), frenchName: \(swiftLiteral(frenchName))),")
}

let source = """
  // Generated by Tools/CountryTableGenerator (`make country-table`) from Debian iso-codes
  // (\(isoJSON), French from \(isoMO)), Foundation's CLDR data, and the mledoze/countries
  // dataset (demonyms, alternative spellings, independence, Kosovo; ODbL 1.0:
  // Tools/CountryTableGenerator/Reference/mledoze-countries.LICENSE.md). Do not edit by hand.
  // swift-format-ignore-file

  extension CountryTable {
    /// Every ISO 3166-1 entry and Kosovo (XK), sorted by alpha-2 code.
    static let entries: [Country] = [
  \(lines.joined(separator: "\n"))
    ]

    /// The UN M49 regions and sub-regions the entries refer to, with CLDR names.
    static let regions: [M49Region] = [
  \(regionLines.joined(separator: "\n"))
    ]
  }

  """
try source.write(toFile: output, atomically: true, encoding: .utf8)
print("wrote \(output): \(lines.count) countries, \(regionLines.count) regions")
