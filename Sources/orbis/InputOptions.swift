import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon

/// The options `check` and `run` share: which configuration, data directory and date.
struct InputOptions: ParsableArguments {
  @OptionGroup var config: ConfigOption

  @Option(
    name: .long, help: "Data directory (default: the configuration's paths.data).",
    completion: .directory)
  var data: String?

  @Option(
    name: .customLong("as-of"),
    help:
      "The as-of date, YYYY-MM-DD (default: each report's as_of rule, in its time zone; for check: today)."
  )
  var asOf: String?

  func validate() throws {
    if let asOf, let problem = Day.asOfProblem(asOf) {
      throw ValidationError("--as-of: \(problem)")
    }
  }

  var asOfDay: Day? { asOf.flatMap(Day.init(iso:)) }

  /// The configuration file, loaded; an invalid one ends the command with status 2.
  func loadConfiguration() throws -> LoadedConfiguration { try config.load() }
}
