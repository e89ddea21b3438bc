import Foundation
import Testing

@testable import OrbisCore

@Suite struct CountryTableTests {
  func unaccented(_ s: String) -> String {
    s.folding(options: .diacriticInsensitive, locale: nil)
  }

  /// Every entry resolves from its codes and names, in upper, lower and unaccented forms.
  @Test func everyEntryResolvesFromEverySpelling() {
    #expect(CountryTable.entries.count == 249)
    for (i, country) in CountryTable.entries.enumerated() {
      for name in [country.alpha2, country.alpha3, country.englishName, country.frenchName] {
        for form in [name, name.uppercased(), name.lowercased(), unaccented(name)] {
          guard case .country(let id)? = CountryTable.resolve(form) else {
            Issue.record("\(form) (\(country.alpha2)) does not resolve")
            continue
          }
          #expect(id.country.alpha2 == country.alpha2, "\(form) → \(id.country.alpha2), entry \(i)")
        }
      }
      #expect(!country.regionCode.isEmpty, "\(country.alpha2) has no M49 region")
    }
  }

  @Test func spellingsPeopleType() {
    let cases: [(String, String)] = [
      ("Turquie", "TR"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Iran, Islamic Republic of", "IR"),
      ("Russie, Fédération de", "RU"), ("Corée du Sud", "KR"), ("UK", "GB"), ("USA", "US"),
      ("Russia", "RU"), ("South Korea", "KR"), ("Czech Republic", "CZ"), ("Vietnam", "VN"),
      ("Ivory Coast", "CI"), ("Côte d’Ivoire", "CI"), ("cote d'ivoire", "CI"), ("Allemagne", "DE"),
      ("ÉTATS-UNIS", "US"), ("  france ", "FR"),
    ]
    for (spelling, code) in cases {
      guard case .country(let id)? = CountryTable.resolve(spelling) else {
        Issue.record("\(spelling) does not resolve")
        continue
      }
      #expect(id.country.alpha2 == code, "\(spelling)")
    }
    #expect(CountryTable.resolve("apatride") == .stateless)
    #expect(CountryTable.resolve("XXA") == .stateless)
    #expect(CountryTable.resolve("Inconnue") == .unknown)
    #expect(CountryTable.resolve("XXX") == .unknown)
    #expect(CountryTable.resolve("Atlantis") == nil)
  }

  @Test func aliasesNameTheirCountry() {
    for (alias, code) in CountryTable.aliases {
      guard case .country(let id)? = CountryTable.resolve(alias) else {
        Issue.record("alias \(alias) does not resolve")
        continue
      }
      #expect(id.country.alpha2 == code, "alias \(alias) resolves to \(id.country.alpha2)")
    }
  }

  @Test func suggestionsForTypos() {
    #expect(CountryTable.suggestions(for: "Frence").first == "France")
    #expect(CountryTable.suggestions(for: "Germny").first == "Germany")
    #expect(CountryTable.suggestions(for: "Narnia").isEmpty)
  }

  @Test func regions() {
    let fr = CountryTable.country(alpha2: "FR")!.country
    #expect(CountryTable.region(code: fr.regionCode)?.englishName == "Europe")
    #expect(CountryTable.region(code: fr.subRegionCode)?.englishName == "Western Europe")
    let br = CountryTable.country(alpha2: "BR")!.country
    #expect(CountryTable.region(code: br.regionCode)?.frenchName == "Amériques")
  }
}
