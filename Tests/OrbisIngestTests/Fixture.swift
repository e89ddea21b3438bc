import Foundation
import OrbisCore
import OrbisIngest

/// A data directory in a fresh temporary folder.
struct Fixture {
  let directory: String

  init() throws {
    directory =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-ingest-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
  }

  func write(_ name: String, bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
  }

  func read(
    maxFileSize: Int = 1 << 30, cap: Int = 10_000, encoding: Configuration.InputEncoding = .auto,
    rules: [Configuration.FileRule] = []
  ) -> IngestResult {
    DataDirectoryReader(
      directory: directory, maxFileSize: maxFileSize, maxListedDiagnostics: cap,
      encoding: encoding, fileRules: rules
    ).read()
  }

  func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
