import ArgumentParser
import OrbisCore

/// `orbis`: the command line of the Orbis daemon.
@main
struct Orbis: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orbis",
    abstract: "Statistics and reports for an international-relations office.",
    discussion: """
      Orbis reads staff rosters, cooperation programmes and agreements from a data directory \
      and writes spreadsheet and text reports into a reports directory.
      """,
    version: OrbisVersion.current,
    // Each names itself (`commandName`): a name derived from the type costs a look-up through
    // every protocol conformance of the binary at each start (`String(describing:)`).
    subcommands: [
      Serve.self, Run.self, Check.self, Status.self, Schedule.self, History.self, ServeRun.self,
      Cells.self,
    ]
  )
}
