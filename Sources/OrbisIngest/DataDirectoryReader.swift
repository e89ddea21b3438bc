import Foundation
import OrbisCore
import Synchronization

/// One input file's counts, for `orbis check` and the reports' provenance.
public struct FileSummary: Hashable, Sendable {
  public var file: InputFile
  public var rowsRead: Int
  public var rowsAccepted: Int
  public var rejectedByKind: [DiagnosticKind: Int]
  /// Headers that map to no field.
  public var ignoredColumns: [String]

  public var rowsRejected: Int { rowsRead - rowsAccepted }
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

  public init(
    directory: String, columnMappings: [DatasetKind: [String: String]] = [:],
    maxFileSize: Int = Configuration.defaultMaxInputFileSize,
    maxListedDiagnostics: Int = Configuration.defaultMaxListedDiagnostics
  ) {
    self.directory = directory
    self.columnMappings = columnMappings
    self.maxFileSize = maxFileSize
    self.maxListedDiagnostics = maxListedDiagnostics
  }

  public init(configuration c: Configuration) {
    self.init(
      directory: c.dataDirectory, columnMappings: c.columnMappings,
      maxFileSize: c.maxInputFileSize, maxListedDiagnostics: c.maxListedDiagnostics)
  }

  /// Lists the input files, sorted by dataset then name; other entries are skipped with a reason
  /// (temporary and hidden files silently).
  public func listInputs() throws(InputError) -> (inputs: [InputFile], skipped: [SkippedFile]) {
    let fm = FileManager.default
    let names: [String]
    do {
      names = try fm.contentsOfDirectory(atPath: directory)
    } catch {
      throw InputError(
        file: directory, kind: .unreadable,
        reason:
          "the data directory cannot be listed (\(error.localizedDescription)); check that it exists and is readable"
      )
    }
    let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    var inputs: [InputFile] = []
    var skipped: [SkippedFile] = []
    for name in names.sorted() {
      let path = (directory as NSString).appendingPathComponent(name)
      switch InputFile.classify(name) {
      case .ignored: continue
      case .unrelated:
        skipped.append(
          SkippedFile(
            name: name,
            reason: "not an input file (names start with staff, programmes, programs or agreements)"
          ))
      case .unsupported(_, let ext):
        skipped.append(
          SkippedFile(
            name: name, reason: "format .\(ext) is not read; save it as .xlsx, .csv (UTF-8) or .tsv"
          ))
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
          InputFile(name: name, path: resolved, dataset: kind, format: format, size: size))
      }
    }
    let order = Dictionary(uniqueKeysWithValues: DatasetKind.allCases.enumerated().map { ($1, $0) })
    inputs.sort { (order[$0.dataset]!, $0.name) < (order[$1.dataset]!, $1.name) }
    return (inputs, skipped)
  }

  /// Reads every input file (several at once) and assembles the dataset.
  public func read() -> IngestResult {
    let listing: (inputs: [InputFile], skipped: [SkippedFile])
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
      let result = Self.read(inputs[i], with: reader)
      results.withLock { $0[i] = result }
    }
    var assembler = Assembler(cap: maxListedDiagnostics)
    for result in results.withLock({ $0 }) {
      switch result! {
      case .staff(let r): assembler.add(r, into: \.staff)
      case .programmes(let r): assembler.add(r, into: \.programmes)
      case .agreements(let r): assembler.add(r, into: \.agreements)
      case .failed(let error): assembler.errors.append(error)
      }
    }
    return IngestResult(
      dataset: assembler.dataset, files: assembler.files, diagnostics: assembler.log,
      errors: assembler.errors, skipped: listing.skipped)
  }

  private enum ReadResult: Sendable {
    case staff(FileResult<StaffMember>)
    case programmes(FileResult<Programme>)
    case agreements(FileResult<Agreement>)
    case failed(InputError)
  }

  private static func read(_ file: InputFile, with reader: FileReader) -> ReadResult {
    do {
      switch file.dataset {
      case .staff:
        return .staff(try reader.read(file) { RowParser(kind: .staff, map: $0, file: file.name) })
      case .programmes:
        return .programmes(
          try reader.read(file) { RowParser(kind: .programmes, map: $0, file: file.name) })
      case .agreements:
        return .agreements(
          try reader.read(file) { RowParser(kind: .agreements, map: $0, file: file.name) })
      }
    } catch {
      return .failed(error)
    }
  }
}

/// Puts the files' outcomes together in file order: checks ids across files (the later
/// occurrence of an id is rejected, naming the first), counts and logs the rejections.
private struct Assembler {
  var dataset = Dataset()
  var files: [FileSummary] = []
  var log: DiagnosticLog
  var errors: [InputError] = []
  /// id → where it was first accepted, per dataset.
  private var seen: [DatasetKind: [String: SourceLocation]] = [:]

  init(cap: Int) { log = DiagnosticLog(cap: cap) }

  mutating func add<Value>(
    _ result: FileResult<Value>, into path: WritableKeyPath<Dataset, [Value]>
  ) {
    let kind = result.file.dataset
    var ids = seen[kind] ?? [:]
    var accepted: [Value] = []
    accepted.reserveCapacity(result.outcomes.count)
    var rejected: [DiagnosticKind: Int] = [:]
    for outcome in result.outcomes {
      let location = SourceLocation(file: result.file.name, line: outcome.line)
      var diagnostic: Diagnostic?
      if outcome.idBeforeDefect, let id = outcome.id, let first = ids[id] {
        diagnostic = Diagnostic(
          location: location, column: idHeader(result), value: id, kind: .duplicateID,
          reason: "id \"\(id)\" is already used at \(first)")
      } else if case .rejected(let d) = outcome.result {
        diagnostic = d
      }
      if let diagnostic {
        rejected[diagnostic.kind, default: 0] += 1
        log.record(diagnostic)
      } else if case .accepted(let value) = outcome.result {
        if let id = outcome.id { ids[id] = location }
        accepted.append(value)
      }
    }
    seen[kind] = ids
    dataset[keyPath: path].append(contentsOf: accepted)
    files.append(
      FileSummary(
        file: result.file, rowsRead: result.outcomes.count, rowsAccepted: accepted.count,
        rejectedByKind: rejected, ignoredColumns: result.ignoredColumns))
  }

  private func idHeader<Value>(_ result: FileResult<Value>) -> String {
    result.idHeader ?? "id"
  }
}
