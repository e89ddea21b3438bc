extension Array {
  /// Removes the elements at `removed`, indices in ascending order, in place and keeping the
  /// others' order: they are moved down, not copied into a new array (a file's hundreds of
  /// thousands of rows would be twice in memory), and no index is hashed. Every index must be
  /// one of the array's.
  mutating func removeAll(atAscending removed: [Int]) {
    guard let first = removed.first else { return }
    var kept = first
    var r = 0
    for i in first..<count {
      if r < removed.count, removed[r] == i {
        while r < removed.count, removed[r] == i { r += 1 }
        continue
      }
      swapAt(kept, i)
      kept += 1
    }
    removeSubrange(kept...)
  }
}

extension Array {
  /// Appends the elements of `source` except those at `skipped` (indices of `source`, in
  /// ascending order, repeats allowed), in order: run by run, each run copied at once, with
  /// no element moved twice (removing from `source` first would move every element after
  /// the first skipped one).
  mutating func append(contentsOf source: [Element], skipping skipped: [Int]) {
    reserveCapacity(count + source.count)
    var start = 0
    for index in skipped where index >= start {
      append(contentsOf: source[start..<index])
      start = index + 1
    }
    append(contentsOf: source[start...])
  }
}
