import OrbisCore
import OrbisReports

/// A dataset whose accepted rows fell implausibly against the previous published report of the
/// same name: a truncated export, or the wrong file, would otherwise become a report whose
/// figures are silently wrong. Such a run publishes nothing until accepted.
public struct DatasetDrop: Codable, Hashable, Sendable, CustomStringConvertible {
  public var dataset: DatasetKind
  /// Accepted rows in the previous published report.
  public var previous: Int
  /// Accepted rows now.
  public var current: Int

  public init(dataset: DatasetKind, previous: Int, current: Int) {
    self.dataset = dataset
    self.previous = previous
    self.current = current
  }

  /// The fall, in per cent of the previous count.
  public var percent: Double { Double(previous - current) / Double(previous) * 100 }

  /// `staff fell from 1,200 accepted rows to 300 (-75%)`, `(-50.02%)` when not whole.
  public var description: String {
    let shown =
      percent == percent.rounded()
      ? String(Int(percent)) : String(format: "%.2f", percent)
    return "\(dataset.rawValue) fell from \(TextFormat.integer(previous)) accepted rows to "
      + "\(TextFormat.integer(current)) (-\(shown)%)"
  }

  /// The datasets whose accepted rows fell by more than `maxPercent` per cent, or to zero from
  /// a non-zero count, from `previous` to `current` inputs. A dataset the previous report did
  /// not have cannot fall; `maxPercent` 100 turns the guard off.
  public static func find(
    previous: [InputRecord], current: [InputRecord], maxPercent: Double
  ) -> [DatasetDrop] {
    guard maxPercent < 100 else { return [] }
    func accepted(_ inputs: [InputRecord]) -> [DatasetKind: Int] {
      inputs.reduce(into: [:]) { $0[$1.dataset, default: 0] += $1.rowsAccepted }
    }
    let before = accepted(previous)
    let now = accepted(current)
    return DatasetKind.allCases.compactMap { kind in
      guard let old = before[kind], old > 0 else { return nil }
      let drop = DatasetDrop(dataset: kind, previous: old, current: now[kind] ?? 0)
      return drop.current == 0 || drop.percent > maxPercent ? drop : nil
    }
  }

  /// What to do, for the log, `STATUS=` and `orbis run`.
  public static func advice(maxPercent: Double) -> String {
    "if the files are right, publish with `orbis run --accept-drop` (or raise "
      + "inputs.max_drop_percent, now \(Int(maxPercent)), and `orbis serve` publishes); "
      + "otherwise fix or replace the files"
  }
}
