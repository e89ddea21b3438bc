import Foundation
import OrbisCore
import OrbisSystem
import Testing

@testable import OrbisDaemon

/// Real child processes (`/bin/sh`): input, output, how they end, what they inherit.
@Suite struct ChildProcessTests {
  init() {
    // As in the daemon: a child that ends before reading its input must not end the tests.
    signal(SIGPIPE, SIG_IGN)
  }

  func shell(
    _ script: String, input: String = "", environment: [String: String] = [:]
  )
    throws -> ChildProcess
  {
    try ChildProcess(
      executable: "/bin/sh", arguments: ["sh", "-c", script], environment: environment,
      input: Array(input.utf8))
  }

  @Test func passesInputAndEnvironmentAndCollectsOutputAndStatus() throws {
    let ending = try shell(
      "cat; echo \" $ORBIS_X\"; exit 3", input: "hello", environment: ["ORBIS_X": "é"]
    ).wait()
    #expect(String(decoding: ending.output, as: UTF8.self) == "hello é\n")
    #expect(ending.termination == .exited(3))
    #expect(ending.termination.description == "exit status 3")
    #expect(ending.peakMemoryKB > 0)
  }

  @Test func tellsASignalByName() throws {
    let ending = try shell("kill -9 $$").wait()
    #expect(ending.termination == .signalled(SIGKILL))
    #expect(ending.termination.description == "signal 9 (SIGKILL)")
  }

  @Test func inheritsOnlyItsStandardDescriptors() throws {
    // A descriptor of ours without close-on-exec still stays out of the child.
    let fd = open("/dev/null", O_RDONLY)
    defer { close(fd) }
    #expect(fd > 2)
    let ending = try shell("ls /proc/$$/fd").wait()
    #expect(String(decoding: ending.output, as: UTF8.self) == "0\n1\n2\n")
  }

  @Test func signalsReachTheChildWithTheirDefaultAction() throws {
    // Ignored here, SIGTERM is back to its default in the child, which it ends.
    let previous = signal(SIGTERM, SIG_IGN)
    defer { signal(SIGTERM, previous) }
    let child = try shell("read line; exec sleep 30", input: "go\n")
    child.signal(SIGTERM)
    let ending = try child.wait()
    #expect(ending.termination == .signalled(SIGTERM))
    child.signal(SIGKILL)  // reaped: sent to nobody
  }

  /// A report process killed with its daemon is a zombie until init reaps it: not running, so
  /// that the next daemon removes its temporary directory at once.
  @Test func aZombieIsNotRunning() throws {
    #expect(Processes.isRunning(getpid()))
    let running = try shell("read line; exec sleep 30", input: "go\n")
    #expect(Processes.isRunning(running.pid))
    running.signal(SIGKILL)
    _ = try running.wait()
    #expect(!Processes.isRunning(running.pid))

    let child = try shell("exit 0")
    var zombie = false
    let deadline = Date().addingTimeInterval(20)
    while !zombie, Date() < deadline {
      let stat = (try? String(contentsOfFile: "/proc/\(child.pid)/stat", encoding: .utf8)) ?? ""
      zombie = stat.contains(") Z ")
      if !zombie { usleep(10_000) }
    }
    #expect(zombie)
    #expect(kill(child.pid, 0) == 0)
    #expect(!Processes.isRunning(child.pid))
    _ = try child.wait()
  }

  @Test func aMissingProgramIsAnErrorNamingIt() {
    #expect {
      _ = try ChildProcess(
        executable: "/nonexistent/orbis", arguments: ["orbis"], environment: [:], input: [])
    } throws: { error in
      "\(error)" == "posix_spawn /nonexistent/orbis: No such file or directory"
    }
  }
}

/// How the daemon turns a report process that gives no outcome into a failed run.
@Suite struct ReportProcessTests {
  let loaded: LoadedConfiguration

  init() throws {
    let toml = "[institute]\nhost_country = \"FR\"\n"
    loaded = try ConfigurationFile.parse(
      Data(toml.utf8), path: "/tmp/orbis.toml", environment: [:], workingDirectory: "/tmp")
  }

  func run(_ executable: String) -> (ReportRun.Outcome, ChildProcess.Ending?) {
    signal(SIGPIPE, SIG_IGN)
    nonisolated(unsafe) var ending: ChildProcess.Ending?
    let outcome = ReportProcess.run(
      loaded: loaded, reportName: "default", reason: .dataChanged, started: Date(),
      executable: executable, environment: [:], workingDirectory: "/tmp", attach: { _ in }
    ) { ending = $0 }
    return (outcome, ending)
  }

  func reason(_ outcome: ReportRun.Outcome) -> String? {
    if case .crashed(let reason) = outcome { reason } else { nil }
  }

  @Test func aProcessThatFailsOrSaysNothingIsACrash() {
    let (failed, ending) = run("/bin/false")
    #expect(reason(failed) == "its process ended with exit status 1")
    #expect(ending?.termination == .exited(1))
    #expect(failed.exitCode == 2)
    let silent = reason(run("/bin/true").0)
    #expect(silent?.hasPrefix("its process gave no outcome that this Orbis reads") == true)
    #expect(
      reason(run("/nonexistent").0)
        == "its process could not be run (posix_spawn /nonexistent: No such file or directory)")
    #expect(
      RunSummary.text(failed, reportName: "default")
        == "Nothing published for \"default\": the run ended abnormally (its process ended with exit status 1); see the log.\n"
    )
  }
}
