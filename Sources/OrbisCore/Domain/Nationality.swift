/// One nationality as the contract defines it: a country, or the explicit stateless and
/// unknown values.
public enum Nationality: Hashable, Sendable {
  case country(CountryID)
  /// Counts as foreign; its own line ("Stateless") in nationality tables.
  case stateless
  /// Counts in the headcount, not in nationality shares or the foreign share.
  case unknown
}
