import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisIngest

/// `orbis cells` (hidden): every input file's rows as the readers deliver them, as JSON, so
/// that an independent reader (Tests/scripts/check_real_files.py) can compare every cell.
struct Cells: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cells",
    abstract: "Print every input file's header and rows as read, as JSON (for checks).",
    shouldDisplay: false)

  @OptionGroup var inputs: InputOptions

  struct Document: Encodable {
    var files: [File]
    var errors: [FileError]
  }
  struct File: Encodable {
    var name: String
    var encoding: String?
    var worksheet: String?
    var headerLine: Int
    var linesAboveHeader: [Int]
    var controlCharactersRemoved: Int
    var header: [String]
    var rows: [Row]
  }
  struct Row: Encodable {
    var line: Int
    var cells: [String]
  }
  struct FileError: Encodable {
    var file: String
    var kind: String
    var reason: String
  }

  func run() throws {
    let configuration = try inputs.loadConfiguration().configuration
    let reader = DataDirectoryReader(configuration: configuration, directory: inputs.data)
    var document = Document(files: [], errors: [])
    do {
      for result in try reader.cells() {
        switch result {
        case .success(let f):
          document.files.append(
            File(
              name: f.file, encoding: f.details.encoding?.rawValue, worksheet: f.details.worksheet,
              headerLine: f.details.headerLine, linesAboveHeader: f.details.linesAboveHeader,
              controlCharactersRemoved: f.details.controlCharactersRemoved, header: f.header,
              rows: f.rows.map { Row(line: $0.line, cells: $0.cells) }))
        case .failure(let e):
          document.errors.append(FileError(file: e.file, kind: e.kind.rawValue, reason: e.reason))
        }
      }
    } catch {
      document.errors.append(
        FileError(file: error.file, kind: error.kind.rawValue, reason: error.reason))
    }
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(document), as: UTF8.self))
  }
}
