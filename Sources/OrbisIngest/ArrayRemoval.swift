extension Array {
  /// Removes the elements at `removed`, indices in ascending order (repeats allowed), in
  /// place and keeping the others' order. Each run of kept elements is moved down at once, as
  /// bytes: nothing is copied, retained or released but the removed elements, which are
  /// moved aside and put back at the end before they are dropped (so that the buffer is whole
  /// throughout). A file's hundreds of thousands of rows are neither copied into a new array
  /// (twice in memory) nor swapped down one by one. Every index must be one of the array's.
  mutating func removeAll(atAscending removed: [Int]) {
    guard !removed.isEmpty else { return }
    var indices: [Int] = []
    indices.reserveCapacity(removed.count)
    for index in removed where index != indices.last {
      precondition(
        index > (indices.last ?? -1) && index < count,
        "removeAll(atAscending:): index \(index) is not ascending or not in 0..<\(count)")
      indices.append(index)
    }
    let aside = UnsafeMutablePointer<Element>.allocate(capacity: indices.count)
    defer { aside.deallocate() }
    withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      var kept = indices[0]
      for (n, index) in indices.enumerated() {
        (aside + n).moveInitialize(from: base + index, count: 1)
        let next = n + 1 < indices.count ? indices[n + 1] : buffer.count
        let run = next - index - 1
        (base + kept).moveInitialize(from: base + index + 1, count: run)
        kept += run
      }
      (base + kept).moveInitialize(from: aside, count: indices.count)
    }
    removeLast(indices.count)
  }
}

extension Array {
  /// Appends the elements of `source` except those at `skipped` (indices of `source`, in
  /// ascending order, repeats allowed), in order: run by run, each run copied at once, with
  /// no element moved twice (removing from `source` first would move every element after
  /// the first skipped one).
  mutating func append(contentsOf source: [Element], skipping skipped: [Int]) {
    // No reservation here: an exact one would copy the whole array again for each file whose
    // dataset had no estimate; appending grows it geometrically.
    var start = 0
    var previous = 0
    for index in skipped {
      precondition(
        index >= previous && index < source.count,
        "append(contentsOf:skipping:): index \(index) is not ascending or not in 0..<\(source.count)"
      )
      previous = index
      guard index >= start else { continue }  // a repeat
      append(contentsOf: source[start..<index])
      start = index + 1
    }
    append(contentsOf: source[start...])
  }
}
