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
    "Holy See": "VA", "Saint-Siège": "VA", "West Bank and Gaza": "PS", "RDC": "CD",
    "RD Congo": "CD", "Hollande": "NL", "Hollandais": "NL", "Hollandaise": "NL", "E.A.U.": "AE",
    "Macedonia, FYR": "MK", "Taiwan, China": "TW", "Irlande du Nord": "GB",
  ]

  /// Values meaning "stateless" (contract: `stateless`, `apatride`, ICAO `XXA`).
  static let statelessSpellings = ["stateless", "apatride", "apatrides", "xxa"]
  /// Values meaning "unknown" (contract: `unknown`, `inconnue`, `inconnu`, ICAO-style `XXX`).
  static let unknownSpellings = ["unknown", "inconnue", "inconnu", "xxx"]
  /// "Not available" as HR exports write it, compared as written (lower case): unknown.
  static let notAvailableSpellings: Set<String> = ["n/a", "n.a.", "n.a", "n/d", "n.d.", "n.d"]

  /// What a spelling names: one country, several (a spelling two countries share), or none.
  public enum Lookup: Hashable, Sendable {
    case found(Nationality)
    /// Shared by these countries: never a guess.
    case ambiguous([CountryID])
    case notFound
  }

  /// The lookup tables: folded spellings → entries (`buildIndex`).
  struct Index: Equatable, Sendable {
    /// Folded spelling → entry: codes, names, aliases, alternative spellings, demonyms.
    var unique: [String: Int] = [:]
    /// Folded spellings two or more countries share (within the first layer that has them).
    var ambiguous: [String: [Int]] = [:]
    /// Word key (`WordKey`) of every name → entry, for spellings in another word order or with
    /// abbreviations (`Korea, Rep.`, `Congo, Dem. Rep.`, `The Netherlands`).
    var words: [String: Int] = [:]
    var ambiguousWords: [String: [Int]] = [:]

    /// Adds one layer of spellings: a key a higher layer already has is left to it; a key two
    /// entries of this layer share is ambiguous, unless `prefer` picks one of them.
    mutating func add(
      _ layer: [(key: String, entry: Int)], prefer: (([Int]) -> Int?)? = nil, words: Bool = false
    ) {
      var claims: [String: [Int]] = [:]
      for (key, entry) in layer where !key.isEmpty {
        if words
          ? (self.words[key] != nil || ambiguousWords[key] != nil)
          : (unique[key] != nil || ambiguous[key] != nil)
        {
          continue
        }
        if !(claims[key]?.contains(entry) ?? false) { claims[key, default: []].append(entry) }
      }
      for (key, entries) in claims {
        let chosen = entries.count == 1 ? entries[0] : prefer?(entries)
        switch (words, chosen) {
        case (false, let entry?): unique[key] = entry
        case (false, nil): ambiguous[key] = entries.sorted()
        case (true, let entry?): self.words[key] = entry
        case (true, nil): ambiguousWords[key] = entries.sorted()
        }
      }
    }
  }

  /// The lookup tables, as `buildIndex()` makes them. They are generated
  /// (`CountryTable+Index.swift`, `make country-table`) so that no run folds thousands of
  /// spellings through Foundation at start-up (8 ms, a sixth of a small run); a test checks
  /// that the generated tables are what `buildIndex()` gives.
  static let index: Index = generatedIndex

  /// Layers, first wins: ISO codes; iso-codes and CLDR names; the aliases above; mledoze's
  /// names and alternative spellings; demonyms (a demonym shared by one independent state and
  /// dependent territories is the state's: a nationality is a state's). Then the word keys of
  /// every name.
  static func buildIndex() -> Index {
    var index = Index()
    let all = Array(entries.enumerated())
    index.add(all.flatMap { i, c in [(TextKey.fold(c.alpha2), i), (TextKey.fold(c.alpha3), i)] })
    let names = all.flatMap { i, c in
      ([c.englishName, c.frenchName] + c.otherNames).map { ($0, i) }
    }
    index.add(names.map { (TextKey.fold($0.0), $0.1) })
    let byAlpha2 = Dictionary(uniqueKeysWithValues: all.map { ($1.alpha2, $0) })
    let aliasNames = aliases.compactMap { alias, code in byAlpha2[code].map { (alias, $0) } }
    index.add(aliasNames.map { (TextKey.fold($0.0), $0.1) })
    let alternatives = all.flatMap { i, c in c.alternativeSpellings.map { ($0, i) } }
    index.add(alternatives.map { (TextKey.fold($0.0), $0.1) })
    index.add(
      all.flatMap { i, c in c.demonyms.map { (TextKey.fold($0), i) } },
      prefer: { candidates in
        let states = candidates.filter { entries[$0].independent }
        return states.count == 1 ? states[0] : nil
      })
    index.add((names + aliasNames + alternatives).map { (WordKey.make($0.0), $0.1) }, words: true)
    return index
  }

  /// The country with this alpha-2 code (`FR`), if any.
  public static func country(alpha2 code: String) -> CountryID? {
    guard code.utf8.count == 2, let i = index.unique[TextKey.fold(code)],
      entries[i].alpha2 == code.uppercased()
    else { return nil }
    return CountryID(i)
  }

  /// Looks up any accepted spelling of a single nationality or country.
  public static func resolve(_ value: some StringProtocol) -> Nationality? {
    if case .found(let nationality) = lookup(value) { return nationality }
    return nil
  }

  /// Looks up one spelling: the folded value (codes, names, aliases, alternative spellings,
  /// demonyms), the stateless and unknown values, then its word key.
  public static func lookup(_ value: some StringProtocol) -> Lookup {
    // "Not available", before folding: `N/A` would fold to Namibia's code.
    if value.utf8.count <= 6, notAvailableSpellings.contains(value.lowercased()) {
      return .found(.unknown)
    }
    let key = TextKey.fold(value)
    // Namibia's code only as written (`NA`), never from `N / A`, `n\a`, `N-A`.
    if key == "na", value.count != 2 { return .found(.unknown) }
    if let i = index.unique[key] { return .found(.country(CountryID(i))) }
    if let shared = index.ambiguous[key] { return .ambiguous(shared.map(CountryID.init)) }
    if statelessSpellings.contains(key) { return .found(.stateless) }
    if unknownSpellings.contains(key) { return .found(.unknown) }
    let words = WordKey.make(value)
    if let i = index.words[words] { return .found(.country(CountryID(i))) }
    if let shared = index.ambiguousWords[words] { return .ambiguous(shared.map(CountryID.init)) }
    return .notFound
  }

  /// The closest known names to a value that matched nothing, best first.
  public static func suggestions(for value: String, limit: Int = 3) -> [String] {
    let key = TextKey.fold(value)
    // No country name is near a long value (and the distance is quadratic in its length).
    guard !key.isEmpty, key.count <= 64 else { return [] }
    let threshold = max(2, key.count / 3)
    let scalars = Array(key.unicodeScalars)
    var best: [Int: Int] = [:]  // entry → smallest distance, within the threshold
    for (name, i) in index.unique where name.count > 3 {
      guard let d = TextKey.distance(scalars, name, atMost: threshold) else { continue }
      if d < (best[i] ?? .max) { best[i] = d }
    }
    return
      best
      .sorted { ($0.value, entries[$0.key].englishName) < ($1.value, entries[$1.key].englishName) }
      .prefix(limit).map { entries[$0.key].englishName }
  }

  /// The region (continent) and sub-region names for codes used in `entries`.
  public static func region(code: String) -> M49Region? {
    regions.first { $0.code == code }
  }

  /// The region of an English name (as `stats.json` gives continents).
  public static func region(englishName: String) -> M49Region? {
    regions.first { $0.englishName == englishName }
  }
}
