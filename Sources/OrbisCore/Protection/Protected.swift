/// A published count of people (or a figure derived from one), or the mark that small-count
/// protection suppressed it: `null` in `stats.json`, `< K` in the workbook and the summaries.
///
/// Both suppressed cases are `null` in JSON (and read back as `suppressed`): `belowMinimum` is
/// a count from 1 to K − 1 (primary suppression, shown `< K`), `suppressed` a figure hidden so
/// that such a count cannot be worked out (secondary suppression, shown `x`), or the share or
/// FTE of a suppressed count.
public enum Protected<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
  case shown(Value)
  case belowMinimum
  case suppressed

  /// The value, if published.
  public var value: Value? {
    if case .shown(let value) = self { value } else { nil }
  }

  public var isSuppressed: Bool { value == nil }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    self = container.decodeNil() ? .suppressed : .shown(try container.decode(Value.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .shown(let value): try container.encode(value)
    case .belowMinimum, .suppressed: try container.encodeNil()
    }
  }
}

extension Protected: ExpressibleByIntegerLiteral where Value == Int {
  public init(integerLiteral value: Int) { self = .shown(value) }
}

extension Protected: ExpressibleByFloatLiteral where Value == Double {
  public init(floatLiteral value: Double) { self = .shown(value) }
}
