/// An ISO 3166-1 country or territory, with its UN M49 region (the continent scheme of the
/// reports) and sub-region, as CLDR assigns them.
public struct Country: Hashable, Sendable {
  /// `FR`
  public let alpha2: String
  /// `FRA`
  public let alpha3: String
  /// `250`
  public let numeric: String
  /// The short English name (iso-codes `common_name`, else `name`): `Iran`, `South Korea`.
  public let englishName: String
  /// The French name from iso-codes' catalogue: `Iran`, `Corée, République de`.
  public let frenchName: String
  /// Other accepted spellings: ISO `name` and `official_name`, their French translations, the
  /// CLDR names in both languages.
  public let otherNames: [String]
  /// mledoze/countries' names and alternative spellings not listed above (`Holy See (Vatican
  /// City State)`, `Korea, Republic of`).
  public let alternativeSpellings: [String]
  /// Nationality adjectives from mledoze/countries: English then French, masculine then
  /// feminine (`French`, `Français`, `Française`).
  public let demonyms: [String]
  /// An independent state (mledoze/countries): a demonym it shares with dependent territories
  /// (`French`, also the French Southern Territories') is its own, since a nationality is a
  /// state's.
  public let independent: Bool
  /// UN M49 region code (`150` Europe, `002` Africa, `019` Americas, `142` Asia, `009` Oceania).
  public let regionCode: String
  /// UN M49 sub-region code (`155` Western Europe…).
  public let subRegionCode: String

  public init(
    alpha2: String, alpha3: String, numeric: String, englishName: String, frenchName: String,
    otherNames: [String], alternativeSpellings: [String] = [], demonyms: [String] = [],
    independent: Bool = false, regionCode: String, subRegionCode: String
  ) {
    self.alternativeSpellings = alternativeSpellings
    self.demonyms = demonyms
    self.independent = independent
    self.alpha2 = alpha2
    self.alpha3 = alpha3
    self.numeric = numeric
    self.englishName = englishName
    self.frenchName = frenchName
    self.otherNames = otherNames
    self.regionCode = regionCode
    self.subRegionCode = subRegionCode
  }
}

/// A UN M49 region or sub-region with its CLDR names.
public struct M49Region: Hashable, Sendable {
  public let code: String
  public let englishName: String
  public let frenchName: String
}

/// A compact reference to a country of `CountryTable` (its index), cheap to store per row.
public struct CountryID: Hashable, Comparable, Sendable {
  let index: UInt16
  init(_ index: Int) { self.index = UInt16(index) }
  public static func < (a: CountryID, b: CountryID) -> Bool { a.index < b.index }

  /// The country this refers to.
  public var country: Country { CountryTable.entries[Int(index)] }
}
