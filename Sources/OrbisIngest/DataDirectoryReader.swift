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
  /// Look at the header of files that are not read, to hint at a dataset they look like
  /// (`orbis check`; a run does not read them again each time).
  public var lookalikeHints = false

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
    var inputs: [InputFile] = []
    for name in names.sorted() {
      let path = (directory as NSString).appendingPathComponent(name)
      switch InputFile.classify(name, rules: fileRules) {
      case .ignored: continue
      case .unrelated:
        var reason =
          "not an input file (names start with staff, programmes, programs or agreements, or match a rule under [inputs.files])"
        if lookalikeHints, let kind = lookalike(name: name, path: path) {
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
        guard let size = FileSystem.regularFileSize(resolved) else {
          skipped.append(SkippedFile(name: name, reason: "not a regular file"))
          continue
        }
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
    // One reader per core takes the next file; this thread assembles the files in their
    // order as each is read, beside the readers of the later ones.
    let ready = inputs.map { _ in DispatchSemaphore(value: 0) }
    let next = Atomic<Int>(0)
    let group = DispatchGroup()
    for _ in 0..<min(inputs.count, ProcessInfo.processInfo.activeProcessorCount) {
      DispatchQueue.global().async(group: group) {
        while true {
          let i = next.add(1, ordering: .relaxed).oldValue
          guard i < inputs.count else { return }
          let result = Self.read(inputs[i], with: reader, rules: rules)
          results.withLock { $0[i] = result }
          ready[i].signal()
        }
      }
    }
    var bytes: [DatasetKind: Int] = [:]
    // Only files that can be read count (one over the size limit is refused, not read), and
    // only datasets of text files: an XLSX file's bytes say little of its rows.
    for input in inputs where input.size <= maxFileSize {
      bytes[input.dataset, default: 0] += input.size
    }
    for input in inputs where input.format == .xlsx { bytes[input.dataset] = nil }
    var assembler = Assembler(cap: maxListedDiagnostics, bytes: bytes)
    assembler.errors = listing.errors
    for i in inputs.indices {
      ready[i].wait()
      // Taken out, so that each file's rows are freed once assembled.
      let result = results.withLock { slots in
        defer { slots[i] = nil }
        return slots[i]!
      }
      switch result {
      case .staff(let r): assembler.add(r, into: \.staff)
      case .programmes(let r): assembler.add(r, into: \.programmes)
      case .agreements(let r): assembler.add(r, into: \.agreements)
      case .failed(let error): assembler.errors.append(error)
      }
    }
    group.wait()
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
    guard resolved.hasPrefix(root + "/"), let size = FileSystem.regularFileSize(resolved),
      size <= maxFileSize
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
        return .staff(
          try reader.read(file) { RowParser(map: $0, file: file.name, rules: rules) })
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
