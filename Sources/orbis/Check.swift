import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisIngest

/// `orbis check`: reads the data directory and says, per file, what is wrong.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read every input file and report rejected rows and unreadable files.",
    discussion: """
      Exit status: 0 when every row is valid, 1 when some rows were rejected, 2 when a file \
      cannot be read or the configuration is invalid.
      """)

  @Option(
    name: .long, help: "Configuration file (default: $ORBIS_CONFIG, else /etc/orbis/orbis.toml).")
  var config: String?

  @Option(name: .long, help: "Data directory (default: the configuration's paths.data).")
  var data: String?

  @Option(
    name: .customLong("as-of"),
    help: "Reference date, YYYY-MM-DD (default: today in the configured time zone).")
  var asOf: String?

  @Flag(name: .long, help: "List every rejected row kept, not only the first 20.")
  var all = false

  @Flag(name: .long, help: "Print one JSON document for scripts.")
  var json = false

  func validate() throws {
    if let asOf, Day(iso: asOf) == nil {
      throw ValidationError("--as-of \(asOf) is not a date; use YYYY-MM-DD")
    }
  }

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let configuration: Configuration
    do {
      configuration = try ConfigurationFile.load(
        path: ConfigurationFile.path(option: config, environment: environment),
        environment: environment)
    } catch {
      FileHandle.standardError.write(Data("orbis: invalid configuration: \(error)\n".utf8))
      throw ExitCode(2)
    }
    var reader = DataDirectoryReader(configuration: configuration)
    if let data {
      reader = DataDirectoryReader(
        directory: data, columnMappings: configuration.columnMappings,
        maxFileSize: configuration.maxInputFileSize,
        maxListedDiagnostics: configuration.maxListedDiagnostics)
    }
    let asOfDay =
      asOf.flatMap(Day.init(iso:))
      ?? Day(Date(), in: TimeZone(identifier: configuration.timeZone) ?? .current)
    let report = CheckReport(result: reader.read(), dataDirectory: reader.directory, asOf: asOfDay)
    let limit = all ? nil : 20
    print(json ? report.json(limit: limit) : report.text(limit: limit), terminator: "")
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }
}
