import ArgumentParser
import Foundation
import OrbisCore
import OrbisDaemon
import OrbisHistory

/// `orbis history`: the figures of every published report, from the history database.
struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Print the figures of the published reports over time, from the history database.",
    discussion: """
      The history database (STATE/history.sqlite) keeps the figures of every published report, \
      whatever the reports' retention; published reports it lacks are imported first. Without \
      --figure, one row per report with its key figures (with --csv: every figure the history \
      keeps). Exit status: 0, or 2 when the database cannot be used.
      """)

  @OptionGroup var config: ConfigOption

  @Option(name: .long, help: "Only the reports of this name.")
  var report: String?

  @Option(
    name: .long,
    help:
      "One figure (headcount, foreign_share, programmes_active…) or BREAKDOWN:KEY (programmes_by_type:IRP)."
  )
  var figure: String?

  @Flag(name: .long, help: "Comma-separated values (RFC 4180), shares as fractions.")
  var csv = false

  @Option(
    name: .customLong("prune-before"),
    help: "Remove the reports as of a day before this date (YYYY-MM-DD) from the history.")
  var pruneBefore: String?

  func validate() throws {
    if let pruneBefore, Day(iso: pruneBefore) == nil {
      throw ValidationError("--prune-before \(pruneBefore) is not a date; use YYYY-MM-DD")
    }
    if let figure, case .failure(let error) = HistoryListing.Selection.parse(figure) {
      throw ValidationError(error.reason)
    }
    if pruneBefore != nil, figure != nil || csv || report != nil {
      throw ValidationError("--prune-before removes entries only: give it alone")
    }
  }

  func run() throws {
    let logger = LogSetup.logger()
    let configuration = try config.load().configuration
    do throws(HistoryError) {
      guard let store = try HistoryListing.open(configuration, create: false, logger: logger)
      else {
        print(
          "No history yet: \(HistoryStore.path(in: configuration.stateDirectory)) is made by the first published report."
        )
        return
      }
      if let pruneBefore, let day = Day(iso: pruneBefore) {
        let removed = try store.prune(before: day)
        print(
          "Removed \(removed) report\(removed == 1 ? "" : "s") as of before \(day) from \(store.path)."
        )
        return
      }
      // validate() refused a figure the history does not keep.
      let selection = figure.flatMap { try? HistoryListing.Selection.parse($0).get() }
      print(
        try HistoryListing.text(store, report: report, selection: selection, csv: csv),
        terminator: "")
    } catch {
      FileHandle.standardError.write(Data("orbis: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}
