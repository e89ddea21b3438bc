import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon

/// `orbis schedule`: the next fire times of each report.
struct Schedule: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Print the next fire times of each report's schedule.",
    discussion: "Times are shown in the report's time zone and in UTC.")

  @OptionGroup var config: ConfigOption

  @Option(name: .long, help: "How many fire times to print per report.")
  var count = 5

  /// For the croniter comparison script: lines `zone<TAB>start epoch<TAB>expression` on
  /// stdin, the next fire time (epoch seconds, or `none`, or `error: …`) per line on stdout.
  @Flag(name: .customLong("batch"), help: .hidden)
  var batch = false

  func validate() throws {
    guard (1...1000).contains(count) else { throw ValidationError("--count must be 1 to 1000") }
  }

  func run() throws {
    if batch { return runBatch() }
    let configuration = try config.load().configuration
    let now = Date()
    var out = ""
    for report in configuration.reports {
      out += "Report \"\(report.name)\" (\(report.timeZone))\n"
      out += StatusReport.schedule(report, after: now, count: count)
    }
    print(out, terminator: "")
  }

  func runBatch() {
    var output = ""
    while let line = readLine() {
      let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
      guard parts.count == 3, let zone = TimeZone(identifier: parts[0]),
        let start = Double(parts[1])
      else {
        output += "error: malformed line\n"
        continue
      }
      do {
        let expression = try CronExpression(parts[2])
        let next = expression.nextFire(after: Date(timeIntervalSince1970: start), in: zone)
        output += next.map { "\(Int($0.timeIntervalSince1970))\n" } ?? "none\n"
      } catch {
        output += "error: \(error)\n"
      }
    }
    print(output, terminator: "")
  }
}
