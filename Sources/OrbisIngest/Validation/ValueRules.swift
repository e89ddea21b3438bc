import Foundation
import OrbisCore

/// How values are read, from the configuration: the office's country aliases, the order of
/// slashed dates, the FTE scale, and the time zone that zoned date-times are dated in.
public struct ValueRules: Sendable {
  public var countryAliases: [String: CountryID] = [:]
  public var dateOrder: Configuration.DateOrder = .dmy
  public var fteScale: Configuration.FTEScale = .auto
  public var timeZone = TimeZone(identifier: "UTC")!

  public init() {}

  public init(configuration c: Configuration) {
    countryAliases = c.countryAliases
    dateOrder = c.dateOrder
    fteScale = c.fteScale
    timeZone = TimeZone(identifier: c.timeZone) ?? TimeZone(identifier: "UTC")!
  }
}
