extension Array {
  /// Removes the elements at the indices `isRemoved` picks, in place and in order: the kept
  /// ones are moved down, not copied into a new array (a file's hundreds of thousands of rows
  /// would be twice in memory).
  mutating func removeAll(at isRemoved: (Int) -> Bool) {
    var kept = 0
    for i in indices where !isRemoved(i) {
      if kept != i { swapAt(kept, i) }
      kept += 1
    }
    removeSubrange(kept...)
  }
}
