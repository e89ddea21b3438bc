/// Rounding of shares that must add up to 100 % as shown (Hamilton's largest-remainder method).
public enum LargestRemainder {
  /// Splits `units` (1000 for shares shown to 0.1 %) among `counts` in proportion, with
  /// integer arithmetic only: each gets the floor of its quota, and the units left over go
  /// to the largest remainders (ties: the larger count, then the earlier row). The result
  /// adds up to `units` exactly whenever the counts are not all zero.
  public static func apportion(_ counts: [Int], units: Int = 1000) -> [Int] {
    let total = counts.reduce(0, +)
    guard total > 0 else { return counts.map { _ in 0 } }
    var shares = counts.map { $0 * units / total }
    let remainders = counts.map { $0 * units % total }
    let left = units - shares.reduce(0, +)
    let order = counts.indices.sorted {
      (remainders[$0], counts[$0], -$0) > (remainders[$1], counts[$1], -$1)
    }
    for i in order.prefix(left) { shares[i] += 1 }
    return shares
  }

  /// The shares as fractions rounded to 0.1 % (`0.123` for 12.3 %), adding up to exactly 1.
  public static func shownShares(_ counts: [Int]) -> [Double] {
    apportion(counts).map { Double($0) / 1000 }
  }
}
