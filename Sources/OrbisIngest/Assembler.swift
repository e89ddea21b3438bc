import OrbisCore

/// Records with an id that must be unique across the files of their dataset.
protocol IdentifiedRecord {
  var recordID: String? { get }
  /// Whose row it is, for the rejected rows of a scoped report.
  var rowScope: RowScope? { get }
}
extension StaffMember: IdentifiedRecord {
  var recordID: String? { id }
  var rowScope: RowScope? { RowScope(unit: unit, category: category, isStaff: true) }
}
extension Programme: IdentifiedRecord {
  var recordID: String? { id }
  var rowScope: RowScope? { RowScope(unit: unit, category: nil, isStaff: false) }
}
extension Agreement: IdentifiedRecord {
  var recordID: String? { nil }
  var rowScope: RowScope? { nil }
}

/// Puts the files' rows together in file order: checks ids across files (the later occurrence
/// of an id is rejected, naming the first), counts and logs the rejections.
struct Assembler {
  var dataset = Dataset()
  var files: [FileSummary] = []
  var log: DiagnosticLog
  var errors: [InputError] = []
  /// The ids accepted so far in the dataset being assembled (as rows of its array), and its
  /// files so far. The files come dataset by dataset (`listInputs`): a dataset's table is
  /// freed when the next one starts.
  private var seen: (kind: DatasetKind, ids: IDTable, files: [AcceptedRows])?
  private var fileNames: [String] = []
  /// Rows with an id accepted on their own, per file index.
  private var idRows: [Int] = []
  /// Ids a later file repeats from an earlier one: (earlier << 32 | later) → count.
  private var repeated: [Int: Int] = [:]

  /// Bytes of each dataset whose files are all delimited text (rows take bytes in proportion
  /// there; not in a compressed XLSX), to size its id table and its array once from its first
  /// file's rows per byte (growing them copies them), while the other files are still read.
  private let bytes: [DatasetKind: Int]

  init(cap: Int, bytes: [DatasetKind: Int]) {
    log = DiagnosticLog(cap: cap)
    self.bytes = bytes
  }

  /// Two files of one dataset that share more than half of the smaller one's ids are two
  /// versions of one list (`staff.csv` and the new export saved beside it as `staff (1).csv`),
  /// not two halves of it: reading both would build the report on whichever sorts first.
  mutating func refuseTwoVersions() {
    for (pair, count) in repeated.sorted(by: { $0.key < $1.key }) {
      let (earlier, later) = (pair >> 32, pair & 0xFFFF_FFFF)
      guard earlier != later else { continue }
      let smaller = min(idRows[earlier], idRows[later])
      guard count * 2 > smaller else { continue }
      errors.append(
        InputError(
          file: fileNames[later], kind: .twoVersions,
          reason:
            "it and \(fileNames[earlier]) look like two versions of the same list (\(count) of "
            + "their ids are in both): keep one, and move the other out of the data directory"))
    }
  }

  mutating func add<Value: IdentifiedRecord>(
    _ result: consuming FileResult<Value>, into path: WritableKeyPath<Dataset, [Value]>
  ) {
    let kind = result.file.dataset
    let fileIndex = fileNames.count
    fileNames.append(result.file.name)
    // Taken out of `seen` so that inserting does not copy it.
    var (ids, earlier) = seen?.kind == kind ? (seen!.ids, seen!.files) : (IDTable(), [])
    seen = nil
    // The dataset's rows, estimated from its first file (0 for a later one, or without an
    // estimate in `bytes`), bounded: a line of text takes at least 4 bytes, and never more
    // than 50 million.
    var estimatedRows = 0
    if dataset[keyPath: path].isEmpty, result.file.size > 0, let total = bytes[kind] {
      let rows = Double(result.values.count) * Double(total) / Double(result.file.size)
      estimatedRows = Int(min(rows * 1.05, Double(total) / 4, 50_000_000))
    }
    // Agreements have no ids.
    if ids.count == 0, kind != .agreements { ids.reserve(estimatedRows) }
    // This file's rows follow the earlier files' in the dataset's array; `kept` holds the
    // indices of its values accepted so far (not repeating an id).
    let start = dataset[keyPath: path].count
    var kept: [Int32] = []
    kept.reserveCapacity(result.values.count)
    /// Whether the id of `row` (this file's or an earlier one's) is `id`.
    func isSame(_ id: String, _ row: Int) -> Bool {
      row >= start
        ? result.values[Int(kept[row - start])].recordID == id
        : dataset[keyPath: path][row].recordID == id
    }
    /// Where `row` was read: file index << 32 | line.
    func place(_ row: Int) -> Int {
      if row >= start { return fileIndex << 32 | Int(result.lines[Int(kept[row - start])]) }
      let file = earlier[earlier.lastIndex { $0.start <= row }!]
      return file.fileIndex << 32 | Int(file.lines[row - file.start])
    }
    var rejected: [DiagnosticKind: Int] = [:]
    // Indices of values repeating an id, ascending.
    var duplicates: [Int] = []
    func record(_ d: Diagnostic) {
      rejected[d.kind, default: 0] += 1
      log.record(d)
    }
    func duplicate(_ id: String, line: Int, first: Int, scope: RowScope?) -> Diagnostic {
      repeated[(first >> 32) << 32 | fileIndex, default: 0] += 1
      let firstPlace = SourceLocation(file: fileNames[first >> 32], line: first & 0xFFFF_FFFF)
      return Diagnostic(
        location: SourceLocation(file: result.file.name, line: line),
        column: result.idHeader ?? "id", value: id, kind: .duplicateID,
        reason: "id \"\(id)\" is already used at \(firstPlace)", scope: scope)
    }
    /// A rejected row is logged under its own defect, unless its id column comes first and
    /// holds an id already accepted.
    func reject(_ rejection: FileResult<Value>.Rejection) {
      if rejection.idBeforeDefect, let id = rejection.id,
        let first = ids.row(of: IDHash.of(id), isSame: { isSame(id, $0) })
      {
        record(
          duplicate(
            id, line: rejection.diagnostic.location.line, first: place(first),
            scope: rejection.diagnostic.scope))
      } else {
        record(rejection.diagnostic)
      }
    }
    // Merge accepted values and rejections in line order.
    var r = 0
    let ahead = 16
    for i in result.values.indices {
      if i + ahead < result.idHashes.count { ids.prefetch(result.idHashes[i + ahead]) }
      let line = Int(result.lines[i])
      while r < result.rejections.count, result.rejections[r].diagnostic.location.line < line {
        reject(result.rejections[r])
        r += 1
      }
      guard let id = result.values[i].recordID else {
        kept.append(Int32(i))
        continue
      }
      let row = start + kept.count
      if let first = ids.insert(result.idHashes[i], row: row, isSame: { isSame(id, $0) }) {
        record(duplicate(id, line: line, first: place(first), scope: result.values[i].rowScope))
        duplicates.append(i)
      } else {
        kept.append(Int32(i))
      }
    }
    for rejection in result.rejections[r...] { reject(rejection) }
    idRows.append(result.values.count { $0.recordID != nil })
    let rowsRead = result.rowsRead
    // Taken out of `result`, so that the first file's rows are moved, not copied.
    let values = result.values
    result.values = []
    var acceptedLines = result.lines
    result.lines = []
    acceptedLines.removeAll(atAscending: duplicates)
    if kind != .agreements {
      earlier.append(AcceptedRows(fileIndex: fileIndex, start: start, lines: acceptedLines))
      seen = (kind, ids, earlier)
    }
    files.append(
      FileSummary(
        file: result.file, sha256: result.sha256, rowsRead: rowsRead,
        rowsAccepted: acceptedLines.count,
        rejectedByKind: rejected, ignoredColumns: result.ignoredColumns,
        details: result.details))
    // Taken out, appended to, put back: appending in place through the generic key path
    // leaked the grown buffers (heaptrack: two per run in the daemon).
    var all = dataset[keyPath: path]
    dataset[keyPath: path] = []
    // Room for the later files at once: grown file after file, the array would be copied at
    // each doubling, and be up to twice the rows' size.
    if all.isEmpty, duplicates.isEmpty {
      // The rows' only reference: growing it moves them.
      all = consume values
      if estimatedRows > all.count { all.reserveCapacity(estimatedRows) }
    } else {
      if estimatedRows > all.count { all.reserveCapacity(estimatedRows) }
      all.append(contentsOf: values, skipping: duplicates)
    }
    dataset[keyPath: path] = all
  }
}

/// A file's accepted rows in its dataset's array: from `start`, read at `lines`.
private struct AcceptedRows {
  var fileIndex: Int
  var start: Int
  var lines: [Int32]
}
