import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisIngest

/// `orbis check`: reads the data directory and says, per file, what is wrong.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Read every input file and report rejected rows and unreadable files.",
    discussion: """
      Exit status: 0 when every row is valid, 1 when some rows were rejected, 2 when a file \
      cannot be read or the configuration is invalid.
      """)

  @OptionGroup var inputs: InputOptions

  @Flag(name: .long, help: "List every rejected row kept, not only the first 20.")
  var all = false

  @Flag(name: .long, help: "Print one JSON document for scripts.")
  var json = false

  func run() throws {
    let configuration = try inputs.loadConfiguration().configuration
    var reader = DataDirectoryReader(configuration: configuration, directory: inputs.data)
    reader.lookalikeHints = true
    let asOfDay = inputs.asOfDay ?? configuration.day(at: Date())
    let report = CheckReport(
      result: reader.read(), dataDirectory: reader.directory, asOf: asOfDay,
      reports: configuration.reports)
    let limit = all ? nil : 20
    print(json ? report.json(limit: limit) : report.text(limit: limit), terminator: "")
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }
}
