/// The country reference: every ISO 3166-1 entry (generated from iso-codes and CLDR, see
/// `CountryTable+Generated.swift`) and the lookup of the spellings people type.
public enum CountryTable {
  /// Common spellings that neither iso-codes nor CLDR list. Each must name a real alpha-2 code;
  /// a test checks that none collides with another country's name.
  static let aliases: [String: String] = [
    "UK": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB",
    "Wales": "GB", "Northern Ireland": "GB", "Grande-Bretagne": "GB", "Angleterre": "GB",
    "USA": "US", "US": "US", "United States of America": "US", "America": "US",
    "Etats-Unis d'Amérique": "US",
    "Russia": "RU", "Russie": "RU", "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR",
    "Corée": "KR", "North Korea": "KP", "Czech Republic": "CZ", "République tchèque": "CZ",
    "Turkey": "TR", "Vietnam": "VN", "Viet Nam": "VN", "Ivory Coast": "CI", "Holland": "NL",
    "Pays-Bas": "NL", "Burma": "MM", "Swaziland": "SZ", "Macedonia": "MK", "Cape Verde": "CV",
    "East Timor": "TL", "Laos": "LA", "Syria": "SY", "Moldova": "MD", "Tanzania": "TZ",
    "Bolivia": "BO", "Venezuela": "VE", "Iran": "IR", "Persia": "IR", "Taiwan": "TW",
    "Palestine": "PS", "Vatican": "VA", "Vatican City": "VA", "Brunei": "BN",
    "Micronesia": "FM", "Congo-Kinshasa": "CD", "DR Congo": "CD", "DRC": "CD",
    "Democratic Republic of Congo": "CD", "Congo-Brazzaville": "CG", "Republic of Congo": "CG",
    "UAE": "AE", "Emirats arabes unis": "AE", "Saint Kitts": "KN", "Bosnia": "BA",
    "Allemagne de l'Ouest": "DE", "Deutschland": "DE", "España": "ES", "Italia": "IT",
    "Chine": "CN", "PRC": "CN", "Mainland China": "CN", "Hong Kong": "HK", "Macao": "MO",
  ]

  /// Values meaning "stateless" (contract: `stateless`, `apatride`, ICAO `XXA`).
  static let statelessSpellings = ["stateless", "apatride", "apatrides", "xxa"]
  /// Values meaning "unknown" (contract: `unknown`, `inconnue`, `inconnu`, ICAO-style `XXX`).
  static let unknownSpellings = ["unknown", "inconnue", "inconnu", "xxx"]

  /// Folded spelling → entry index. Built once, on first use.
  static let index: [String: Int] = {
    var index: [String: Int] = [:]
    for (i, country) in entries.enumerated() {
      for name in [country.alpha2, country.alpha3, country.englishName, country.frenchName]
        + country.otherNames
      {
        index[TextKey.fold(name)] = i
      }
    }
    let byAlpha2 = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.alpha2, $0) })
    for (alias, code) in aliases {
      let key = TextKey.fold(alias)
      if index[key] == nil, let i = byAlpha2[code] { index[key] = i }
    }
    return index
  }()

  /// The country with this alpha-2 code (`FR`), if any.
  public static func country(alpha2 code: String) -> CountryID? {
    guard code.utf8.count == 2, let i = index[TextKey.fold(code)],
      entries[i].alpha2 == code.uppercased()
    else { return nil }
    return CountryID(i)
  }

  /// Looks up any accepted spelling of a single nationality or country.
  public static func resolve(_ value: some StringProtocol) -> Nationality? {
    let key = TextKey.fold(value)
    if let i = index[key] { return .country(CountryID(i)) }
    if statelessSpellings.contains(key) { return .stateless }
    if unknownSpellings.contains(key) { return .unknown }
    return nil
  }

  /// The closest known names to a value that matched nothing, best first.
  public static func suggestions(for value: String, limit: Int = 3) -> [String] {
    let key = TextKey.fold(value)
    guard !key.isEmpty else { return [] }
    var best: [Int: Int] = [:]  // entry → smallest distance
    for (name, i) in index where name.count > 3 {
      let d = TextKey.distance(key, name)
      if d < (best[i] ?? .max) { best[i] = d }
    }
    let threshold = max(2, key.count / 3)
    return best.filter { $0.value <= threshold }
      .sorted { ($0.value, entries[$0.key].englishName) < ($1.value, entries[$1.key].englishName) }
      .prefix(limit).map { entries[$0.key].englishName }
  }

  /// The region (continent) and sub-region names for codes used in `entries`.
  public static func region(code: String) -> M49Region? {
    regions.first { $0.code == code }
  }
}
