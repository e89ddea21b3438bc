/// Small-count protection of a set of linked tables by cell suppression: the threshold rule
/// (primary suppression) and secondary suppression, as statistical offices apply them
/// (A. Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, on frequency tables;
/// the τ-ARGUS user's manual, Statistics Netherlands, on primary and secondary suppression).
///
/// Cells are counts of people. A `Sum` says that a total equals the sum of its members (a
/// table's rows and its total, the nationalities of a continent and the continent's count…);
/// tables that share cells are linked through them. With a threshold K:
///
/// - **Primary**: a published count from 1 to K − 1 is suppressed.
/// - **Secondary**, until nothing changes:
///   - in a sum whose total is published, the unknown members (suppressed, or never published)
///     must be two or more and add up to K or more, else the smallest published non-zero
///     member is suppressed too (the total itself when no member is left);
///   - no suppressed cell may be worked out exactly by solving all the sums together (Gaussian
///     elimination on the unknowns): where one can, a cell of a sum it is in is suppressed,
///     the smallest that makes it unknown again.
/// - A `link` suppresses cells along with another (a unit's foreign count with its headcount).
///
/// Cells marked `fixed` stay published (they are published elsewhere, or are totals the rule
/// keeps); a suppressed cell that can be worked out only through them is reported in
/// `Result.exposed`, not hidden.
public struct CellSuppression: Sendable {
  public enum Role: Sendable, Equatable {
    /// A count that may be suppressed.
    case cell
    /// A total: suppressed when it is itself below K, never to protect another cell.
    case total
    /// A count that stays published whatever its value (a total the rule keeps, or a value
    /// published elsewhere).
    case fixed
    /// A quantity no output publishes (the "other nationalities" of a chart): always unknown.
    case hidden
  }

  public private(set) var values: [Int] = []
  public private(set) var roles: [Role] = []
  /// How many suppressed cells of other reports a hidden cell stands for (their sum): the sum
  /// rule protects them as it protects this report's, counting each; 0 for any other cell.
  public private(set) var standsFor: [Int] = []
  /// `total` = sum of `members`.
  public private(set) var sums: [(total: Int, members: [Int])] = []
  /// When `cell` is suppressed, `along` are too.
  public private(set) var links: [(cell: Int, along: [Int])] = []

  public init() {}

  /// Adds a cell; returns its index.
  public mutating func add(_ value: Int, _ role: Role = .cell) -> Int {
    values.append(value)
    roles.append(role)
    standsFor.append(0)
    return values.count - 1
  }

  /// Adds a hidden cell standing for `cells` suppressed cells of other reports, worth `value`
  /// together; returns its index.
  public mutating func addSuppressedElsewhere(_ value: Int, cells: Int) -> Int {
    let i = add(value, .hidden)
    standsFor[i] = cells
    return i
  }

  /// Whether the sum rule protects this unknown cell.
  private func isProtected(_ i: Int, _ suppressed: Set<Int>) -> Bool {
    suppressed.contains(i) || standsFor[i] > 0
  }

  public mutating func sum(_ total: Int, of members: [Int]) {
    guard !members.isEmpty else { return }
    sums.append((total, members))
  }

  public mutating func link(_ cell: Int, along: [Int]) {
    links.append((cell, along))
  }

  public struct Result: Sendable, Equatable {
    /// Suppressed cells (primary and secondary).
    public var suppressed: Set<Int>
    /// Of which those suppressed by the threshold rule.
    public var primary: Set<Int>
    /// Suppressed cells that can still be worked out, or whose sum below K can, through
    /// cells that stay published.
    public var exposed: Set<Int>
  }

  /// Suppresses with threshold `minCount` (K ≥ 2), starting from `initially` (cells suppressed
  /// elsewhere that must stay so).
  public func suppress(minCount k: Int, initially: Set<Int> = []) -> Result {
    let primary = Set(
      values.indices.filter {
        (roles[$0] == .cell || roles[$0] == .total) && (1..<k).contains(values[$0])
      })
    var suppressed = initially.union(primary)
    var stuck = Set<Int>()
    while true {
      close(&suppressed)
      if let cell = sumRuleFix(suppressed, k) {
        suppressed.insert(cell)
        continue
      }
      if let cell = solvedFix(suppressed, skipping: &stuck) {
        suppressed.insert(cell)
        continue
      }
      break
    }
    return Result(
      suppressed: suppressed, primary: primary,
      exposed: solved(suppressed).union(sumRuleBreaches(suppressed, k)))
  }

  /// The sums whose published total still gives away a sum below K or a single cell (no cell
  /// was left to suppress): their suppressed members, and the total when other reports' cells
  /// are among them.
  private func sumRuleBreaches(_ suppressed: Set<Int>, _ k: Int) -> Set<Int> {
    var cells = Set<Int>()
    for (total, _, unknown) in breachedSums(suppressed, k) {
      cells.formUnion(unknown.filter { suppressed.contains($0) })
      if unknown.contains(where: { standsFor[$0] > 0 }) { cells.insert(total) }
    }
    return cells
  }

  /// The sums the sum rule finds wanting, with their unknown members: the total is published,
  /// an unknown member is protected, and the unknowns are one cell or worth less than K
  /// together. A pinned cell is as good as published: it protects nothing, and needs no
  /// protection that suppressing another cell could give.
  private func breachedSums(
    _ suppressed: Set<Int>, _ k: Int
  ) -> [(total: Int, members: [Int], unknown: [Int])] {
    let pinned = self.pinned(suppressed)
    return sums.compactMap { total, members in
      guard !isUnknown(total, suppressed) else { return nil }
      let unknown = members.filter { isUnknown($0, suppressed) && !pinned.contains($0) }
      guard unknown.contains(where: { isProtected($0, suppressed) }) else { return nil }
      // What the published total minus the published members gives away (the values of
      // cells suppressed elsewhere need not be known).
      let revealed = members.filter { !unknown.contains($0) }
        .reduce(values[total]) { $0 - values[$1] }
      let count = unknown.reduce(0) { $0 + max(1, standsFor[$1]) }
      return count == 1 || revealed < k ? (total, members, unknown) : nil
    }
  }

  /// Applies the links until none adds a cell.
  private func close(_ suppressed: inout Set<Int>) {
    var changed = true
    while changed {
      changed = false
      for (cell, along) in links where suppressed.contains(cell) {
        for other in along where roles[other] == .cell && suppressed.insert(other).inserted {
          changed = true
        }
      }
    }
  }

  private func isUnknown(_ i: Int, _ suppressed: Set<Int>) -> Bool {
    roles[i] == .hidden || suppressed.contains(i)
  }

  /// The cells that may be suppressed to protect others, best first: non-zero, published
  /// cells, smallest first; never a pinned one.
  private func candidates(_ cells: [Int], _ suppressed: Set<Int>) -> [Int] {
    let pinned = self.pinned(suppressed)
    return cells.filter {
      roles[$0] == .cell && !suppressed.contains($0) && values[$0] > 0 && !pinned.contains($0)
    }
    .sorted { (values[$0], $0) < (values[$1], $1) }
  }

  /// Cells that published cells which are never suppressed to protect another give away
  /// (the host country's count is the known-nationality total less the foreign total):
  /// suppressing them protects nothing.
  private func pinned(_ suppressed: Set<Int>) -> Set<Int> {
    var pinned = Set<Int>()
    for (total, members) in sums {
      let free = (members + [total]).filter { roles[$0] == .cell || isUnknown($0, suppressed) }
      if free.count == 1 { pinned.insert(free[0]) }
    }
    return pinned
  }

  /// The first cell the sum rule asks for, if any.
  private func sumRuleFix(_ suppressed: Set<Int>, _ k: Int) -> Int? {
    for (total, members, _) in breachedSums(suppressed, k) {
      if let cell = candidates(members, suppressed).first ?? candidates([total], suppressed).first {
        return cell
      }
    }
    return nil
  }

  /// A cell that stops a suppressed cell from being solved for, if one is.
  private func solvedFix(_ suppressed: Set<Int>, skipping stuck: inout Set<Int>) -> Int? {
    for cell in solved(suppressed).sorted() where !stuck.contains(cell) {
      // The cells of its sums first, then any: the smallest that makes it unknown again.
      var near: Set<Int> = []
      for (total, members) in sums where total == cell || members.contains(cell) {
        near.formUnion(members)
        near.insert(total)
      }
      let nearest = candidates(Array(near), suppressed)
      let options =
        nearest + candidates(Array(values.indices), suppressed).filter { !near.contains($0) }
      guard let first = nearest.first ?? options.first else {
        stuck.insert(cell)
        continue
      }
      for option in options.prefix(40) {
        var trial = suppressed
        trial.insert(option)
        close(&trial)
        if !solved(trial).contains(cell) { return option }
      }
      // Not one cell: if all of them would not do either, the cell is given away by cells
      // that stay published; it is reported, and nothing more is suppressed for it.
      var all = suppressed.union(options)
      close(&all)
      guard !solved(all).contains(cell) else {
        stuck.insert(cell)
        continue
      }
      return first
    }
    return nil
  }

  /// The suppressed cells whose value follows from the published cells and the sums.
  func solved(_ suppressed: Set<Int>) -> Set<Int> {
    let unknowns = values.indices.filter { isUnknown($0, suppressed) }
    guard !unknowns.isEmpty else { return [] }
    let column = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
    var rows: [[Double]] = []
    for (total, members) in sums {
      var row = [Double](repeating: 0, count: unknowns.count)
      var any = false
      for m in members {
        if let c = column[m] {
          row[c] += 1
          any = true
        }
      }
      if let c = column[total] {
        row[c] -= 1
        any = true
      }
      if any { rows.append(row) }
    }
    // Reduced row echelon form: a row with one non-zero entry solves that unknown.
    var pivotRow = 0
    for c in unknowns.indices where pivotRow < rows.count {
      guard let p = (pivotRow..<rows.count).first(where: { abs(rows[$0][c]) > 1e-9 }) else {
        continue
      }
      rows.swapAt(pivotRow, p)
      let pivot = rows[pivotRow][c]
      for j in rows[pivotRow].indices { rows[pivotRow][j] /= pivot }
      for r in rows.indices where r != pivotRow && abs(rows[r][c]) > 1e-9 {
        let factor = rows[r][c]
        for j in rows[r].indices { rows[r][j] -= factor * rows[pivotRow][j] }
      }
      pivotRow += 1
    }
    var result = Set<Int>()
    for row in rows.prefix(pivotRow) {
      let nonZero = row.indices.filter { abs(row[$0]) > 1e-9 }
      if nonZero.count == 1, suppressed.contains(unknowns[nonZero[0]]) {
        result.insert(unknowns[nonZero[0]])
      }
    }
    return result
  }
}
