import Foundation
import OrbisCore
import OrbisSystem
import Synchronization

/// One input file's counts, for `orbis check` and the reports' provenance.
public struct FileSummary: Hashable, Sendable {
  public var file: InputFile
  /// SHA-256 of the bytes read, lower-case hex.
  public var sha256: String
  public var rowsRead: Int
  public var rowsAccepted: Int
  public var rejectedByKind: [DiagnosticKind: Int]
  /// Headers that map to no field.
  public var ignoredColumns: [String]
  /// How it was read: encoding, worksheet, header line, text cleaned.
  public var details: ReadDetails

  public var rowsRejected: Int { rowsRead - rowsAccepted }

  /// What must not pass unnoticed: a file that gives no record, or none accepted.
  public var warnings: [String] {
    if rowsRead == 0 {
      return [
        "no data row: the file has a header (line \(details.headerLine)) and nothing below it"
      ]
    }
    if rowsAccepted == 0 {
      return [
        "every data row was rejected (\(rowsRead)): it adds nothing to the figures; see the rejected rows"
      ]
    }
    return []
  }
}

/// A file of the data directory that was not read, and why.
public struct SkippedFile: Hashable, Sendable {
  public var name: String
  public var reason: String
}

/// Everything read from a data directory.
public struct IngestResult: Sendable {
  public var dataset: Dataset
  /// Files read, in the order read (by dataset, then name).
  public var files: [FileSummary]
  public var diagnostics: DiagnosticLog
  /// Files that could not be read at all: any of them stops a run.
  public var errors: [InputError]
  /// Files not read: not an input, or not safe to follow.
  public var skipped: [SkippedFile]
}

/// Reads the data directory into a validated dataset with diagnostics.
public struct DataDirectoryReader: Sendable {
  public let directory: String
  public let columnMappings: [DatasetKind: [String: String]]
  public let maxFileSize: Int
  public let maxListedDiagnostics: Int
  public let encoding: Configuration.InputEncoding
  public let fileRules: [Configuration.FileRule]
  public let rules: ValueRules

  public init(
    directory: String, columnMappings: [DatasetKind: [String: String]] = [:],
    maxFileSize: Int = Configuration.defaultMaxInputFileSize,
    maxListedDiagnostics: Int = Configuration.defaultMaxListedDiagnostics,
    encoding: Configuration.InputEncoding = .auto, fileRules: [Configuration.FileRule] = [],
    rules: ValueRules = ValueRules()
  ) {
    self.rules = rules
    self.directory = directory
    self.columnMappings = columnMappings
    self.maxFileSize = maxFileSize
    self.maxListedDiagnostics = maxListedDiagnostics
    self.encoding = encoding
    self.fileRules = fileRules
  }

  /// The reader the configuration describes; `directory` overrides its data directory.
  public init(configuration c: Configuration, directory: String? = nil) {
    self.init(
      directory: directory ?? c.dataDirectory, columnMappings: c.columnMappings,
      maxFileSize: c.maxInputFileSize, maxListedDiagnostics: c.maxListedDiagnostics,
      encoding: c.inputEncoding, fileRules: c.fileRules, rules: ValueRules(configuration: c))
  }

  /// Lists the input files, sorted by dataset then name; other entries are skipped with a reason
  /// (temporary and hidden files silently). An input whose name is not UTF-8 is an error: it
  /// cannot be named faithfully in a report, and leaving it out would make the figures wrong.
  public func listInputs() throws(InputError) -> (
    inputs: [InputFile], skipped: [SkippedFile], errors: [InputError]
  ) {
    let entries: [DirectoryEntry]
    do {
      entries = try FileSystem.listDirectory(directory)
    } catch {
      throw InputError(
        file: directory, kind: .unreadable,
        reason:
          "the data directory cannot be listed (\(error.message)); check that it exists and is readable"
      )
    }
    var names: [String] = []
    var errors: [InputError] = []
    var skipped: [SkippedFile] = []
    for entry in entries {
      if let name = entry.name {
        names.append(name)
        continue
      }
      let shown = Printable.escaped(bytes: entry.bytes)
      switch InputFile.classify(shown, rules: fileRules) {
      case .ignored: continue
      case .input, .unsupported:
        errors.append(
          InputError(
            file: shown, kind: .badFileName,
            reason:
              "the file name is not valid UTF-8 (bytes shown as \\xFF); rename it, for example to staff-2.csv"
          ))
      case .unrelated:
        skipped.append(SkippedFile(name: shown, reason: "not an input file; its name is not UTF-8"))
      }
    }
    let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    let fm = FileManager.default
    var inputs: [InputFile] = []
    for name in names.sorted() {
      let path = (directory as NSString).appendingPathComponent(name)
      switch InputFile.classify(name, rules: fileRules) {
      case .ignored: continue
      case .unrelated:
        var reason =
          "not an input file (names start with staff, programmes, programs or agreements, or match a rule under [inputs.files])"
        if let kind = lookalike(name: name, path: path) {
          reason =
            "it looks like a \(kind.rawValue) file: name it \(kind.rawValue)….\(ext(name)) "
            + "or add a rule under [inputs.files]"
        }
        skipped.append(SkippedFile(name: name, reason: reason))
      case .unsupported(let kind, let ext):
        if let format = InputFile.unreadableSpreadsheets[ext] {
          errors.append(
            InputError(
              file: name, kind: .unsupportedFormat,
              reason:
                "a \(kind.rawValue) file in \(format), which Orbis does not read; save it as .xlsx "
                + "(or .csv UTF-8), or move it out of the data directory"))
        } else {
          skipped.append(
            SkippedFile(
              name: name,
              reason: "format .\(ext) is not read; save it as .xlsx, .csv (UTF-8) or .tsv"))
        }
      case .input(let kind, let format):
        // A symbolic link is followed only when it stays inside the data directory.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root + "/") else {
          skipped.append(
            SkippedFile(
              name: name,
              reason: "a symbolic link to \(resolved), outside the data directory; not followed"))
          continue
        }
        guard let attributes = try? fm.attributesOfItem(atPath: resolved),
          attributes[.type] as? FileAttributeType == .typeRegular
        else {
          skipped.append(SkippedFile(name: name, reason: "not a regular file"))
          continue
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        inputs.append(
          InputFile(
            name: name, path: resolved, dataset: kind, format: format, size: size,
            encoding: InputFile.rule(for: name, in: fileRules)?.encoding ?? encoding))
      }
    }
    let order = Dictionary(uniqueKeysWithValues: DatasetKind.allCases.enumerated().map { ($1, $0) })
    inputs.sort { (order[$0.dataset]!, $0.name) < (order[$1.dataset]!, $1.name) }
    skipped.sort { $0.name < $1.name }
    return (inputs, skipped, errors.sorted { $0.file < $1.file })
  }

  /// Reads every input file (several at once) and assembles the dataset.
  public func read() -> IngestResult {
    let listing: (inputs: [InputFile], skipped: [SkippedFile], errors: [InputError])
    do {
      listing = try listInputs()
    } catch {
      return IngestResult(
        dataset: Dataset(), files: [], diagnostics: DiagnosticLog(cap: maxListedDiagnostics),
        errors: [error], skipped: [])
    }
    let inputs = listing.inputs
    let results = Mutex<[ReadResult?]>(Array(repeating: nil, count: inputs.count))
    let reader = FileReader(columnMappings: columnMappings, maxFileSize: maxFileSize)
    DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
      let result = Self.read(inputs[i], with: reader, rules: rules)
      results.withLock { $0[i] = result }
    }
    // Taken out one by one, so that each file's rows are freed once assembled.
    let taken = results.withLock { slots in
      defer { slots = [] }
      return slots
    }
    var capacity: [DatasetKind: Int] = [:]
    for result in taken {
      switch result! {
      case .staff(let r): capacity[.staff, default: 0] += r.values.count
      case .programmes(let r): capacity[.programmes, default: 0] += r.values.count
      case .agreements, .failed: break
      }
    }
    var assembler = Assembler(cap: maxListedDiagnostics, capacity: capacity)
    assembler.errors = listing.errors
    for result in taken {
      switch result! {
      case .staff(let r): assembler.add(r, into: \.staff)
      case .programmes(let r): assembler.add(r, into: \.programmes)
      case .agreements(let r): assembler.add(r, into: \.agreements)
      case .failed(let error): assembler.errors.append(error)
      }
    }
    assembler.refuseTwoVersions()
    return IngestResult(
      dataset: assembler.dataset, files: assembler.files, diagnostics: assembler.log,
      errors: assembler.errors, skipped: listing.skipped)
  }

  private func ext(_ name: String) -> String {
    name.split(separator: ".").last.map { $0.lowercased() } ?? "csv"
  }

  /// The dataset whose required columns a file not read maps in its header (among its first
  /// rows), for a hint; nil when it is not a readable format, not a regular file inside the
  /// data directory, or maps none.
  func lookalike(name: String, path: String) -> DatasetKind? {
    guard let format = InputFile.format(ofExtension: ext(name)), name.contains(".") else {
      return nil
    }
    let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard resolved.hasPrefix(root + "/"),
      let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
      attributes[.type] as? FileAttributeType == .typeRegular,
      let size = (attributes[.size] as? NSNumber)?.intValue, size <= maxFileSize
    else { return nil }
    let reader = FileReader(columnMappings: columnMappings, maxFileSize: maxFileSize)
    return DatasetKind.allCases.first { kind in
      let file = InputFile(
        name: name, path: resolved, dataset: kind, format: format, size: size, encoding: encoding)
      return (try? reader.header(of: file)) != nil
    }
  }

  /// Every input file's rows as cell texts, or its error (for `orbis cells`).
  public func cells() throws(InputError) -> [Result<FileCells, InputError>] {
    let reader = FileReader(columnMappings: columnMappings, maxFileSize: maxFileSize)
    let listing = try listInputs()
    return listing.errors.map { .failure($0) }
      + listing.inputs.map { file in
        do throws(InputError) { return .success(try reader.cells(of: file)) } catch {
          return .failure(error)
        }
      }
  }

  private enum ReadResult: Sendable {
    case staff(FileResult<StaffMember>)
    case programmes(FileResult<Programme>)
    case agreements(FileResult<Agreement>)
    case failed(InputError)
  }

  private static func read(
    _ file: InputFile, with reader: FileReader, rules: ValueRules
  ) -> ReadResult {
    do {
      switch file.dataset {
      case .staff:
        return .staff(try reader.read(file) { RowParser(map: $0, file: file.name, rules: rules) })
      case .programmes:
        return .programmes(
          try reader.read(file) { RowParser(map: $0, file: file.name, rules: rules) })
      case .agreements:
        return .agreements(
          try reader.read(file) { RowParser(map: $0, file: file.name, rules: rules) })
      }
    } catch {
      return .failed(error)
    }
  }
}

/// Records with an id that must be unique across the files of their dataset.
protocol IdentifiedRecord { var recordID: String? { get } }
extension StaffMember: IdentifiedRecord { var recordID: String? { id } }
extension Programme: IdentifiedRecord { var recordID: String? { id } }
extension Agreement: IdentifiedRecord { var recordID: String? { nil } }

/// Puts the files' rows together in file order: checks ids across files (the later occurrence
/// of an id is rejected, naming the first), counts and logs the rejections.
private struct Assembler {
  var dataset = Dataset()
  var files: [FileSummary] = []
  var log: DiagnosticLog
  var errors: [InputError] = []
  /// id → where it was first accepted (file index << 32 | line), per dataset.
  private var seen: [DatasetKind: [String: Int]] = [:]
  private var fileNames: [String] = []
  /// Rows with an id accepted on their own, per file index.
  private var idRows: [Int] = []
  /// Ids a later file repeats from an earlier one: (earlier << 32 | later) → count.
  private var repeated: [Int: Int] = [:]

  /// Rows per dataset, to size the id tables once (growing them rehashes every id).
  private let capacity: [DatasetKind: Int]

  init(cap: Int, capacity: [DatasetKind: Int]) {
    log = DiagnosticLog(cap: cap)
    self.capacity = capacity
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
    var ids = seen.removeValue(forKey: kind) ?? [:]
    if ids.isEmpty { ids.reserveCapacity(capacity[kind] ?? 0) }
    var rejected: [DiagnosticKind: Int] = [:]
    var duplicates = Set<Int>()
    func record(_ d: Diagnostic) {
      rejected[d.kind, default: 0] += 1
      log.record(d)
    }
    func duplicate(_ id: String, line: Int, first: Int) -> Diagnostic {
      repeated[(first >> 32) << 32 | fileIndex, default: 0] += 1
      let firstPlace = SourceLocation(file: fileNames[first >> 32], line: first & 0xFFFF_FFFF)
      return Diagnostic(
        location: SourceLocation(file: result.file.name, line: line),
        column: result.idHeader ?? "id", value: id, kind: .duplicateID,
        reason: "id \"\(id)\" is already used at \(firstPlace)")
    }
    /// A rejected row is logged under its own defect, unless its id column comes first and
    /// holds an id already accepted.
    func reject(_ rejection: FileResult<Value>.Rejection) {
      if rejection.idBeforeDefect, let id = rejection.id, let first = ids[id] {
        record(duplicate(id, line: rejection.diagnostic.location.line, first: first))
      } else {
        record(rejection.diagnostic)
      }
    }
    // Merge accepted values and rejections in line order.
    var r = 0
    for i in result.values.indices {
      let line = Int(result.lines[i])
      while r < result.rejections.count, result.rejections[r].diagnostic.location.line < line {
        reject(result.rejections[r])
        r += 1
      }
      guard let id = result.values[i].recordID else { continue }
      // One hash per id: insert, and put the first place back on the rare duplicate.
      if let first = ids.updateValue(fileIndex << 32 | line, forKey: id) {
        ids[id] = first
        record(duplicate(id, line: line, first: first))
        duplicates.insert(i)
      }
    }
    for rejection in result.rejections[r...] { reject(rejection) }
    seen[kind] = ids
    idRows.append(result.values.count { $0.recordID != nil })
    let rowsRead = result.rowsRead
    var values = result.values
    if !duplicates.isEmpty {
      values = values.indices.filter { !duplicates.contains($0) }.map { values[$0] }
    }
    files.append(
      FileSummary(
        file: result.file, sha256: result.sha256, rowsRead: rowsRead, rowsAccepted: values.count,
        rejectedByKind: rejected, ignoredColumns: result.ignoredColumns,
        details: result.details))
    // Taken out, appended to, put back: appending in place through the generic key path
    // leaked the grown buffers (heaptrack: two per run in the daemon).
    var all = dataset[keyPath: path]
    dataset[keyPath: path] = []
    if all.isEmpty {
      all = values
    } else {
      all.append(contentsOf: values)
    }
    dataset[keyPath: path] = all
  }
}
