import Foundation
import Logging
import OrbisCore
import OrbisSystem

#if canImport(Glibc)
  import Glibc
#endif

/// `orbis serve` runs each report in a child process, `orbis serve-run` (hidden): what a run
/// allocates goes back to the system whole when it ends, where a long-lived heap fragments and
/// keeps a little more of it run after run; and a run that crashes or is killed fails that
/// run, not the daemon. The child gets the daemon's configuration bytes (not the file, which
/// may have changed since it was loaded) and answers with the run's outcome.
public enum ReportProcess {
  /// The hidden subcommand of `orbis` that runs one report for the daemon.
  public static let subcommand = "serve-run"

  /// What the daemon writes to the child's stdin.
  struct Request: Codable {
    var configPath: String
    var config: Data
    var workingDirectory: String
    var reportName: String
    var reason: String
    var force: Bool
    var started: Date
    var parent: Int32
  }

  /// Variables the child must not see: it is not the service systemd talks to.
  static let daemonOnly: Set = ["NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC"]

  /// The daemon's side: runs one report in a child process of `executable` and returns its
  /// outcome. `attach` gets the child as soon as it runs (to signal it), `ended` how it ended
  /// and what it used.
  static func run(
    loaded: LoadedConfiguration, reportName: String, reason: RunQueue.Reason, started: Date,
    executable: String, environment: [String: String], workingDirectory: String,
    attach: (ChildProcess) -> Void, ended: (ChildProcess.Ending) -> Void
  ) -> ReportRun.Outcome {
    let request = Request(
      configPath: loaded.path, config: loaded.bytes, workingDirectory: workingDirectory,
      reportName: reportName, reason: reason.rawValue, force: reason.forcesPublish,
      started: started, parent: getpid())
    let input = Array(try! JSONEncoder().encode(request))
    do {
      let child = try ChildProcess(
        executable: executable, arguments: ["orbis", subcommand],
        environment: environment.filter { !daemonOnly.contains($0.key) }, input: input)
      attach(child)
      let ending = try child.wait()
      ended(ending)
      guard ending.termination == .exited(0) else {
        return .crashed(reason: "its process ended with \(ending.termination)")
      }
      do {
        return try JSONDecoder().decode(ReportRun.Outcome.self, from: Data(ending.output))
      } catch {
        return .crashed(reason: "its process gave no outcome that this Orbis reads (\(error))")
      }
    } catch {
      return .crashed(reason: "its process could not be run (\(error))")
    }
  }

  /// The child's side (`orbis serve-run`): reads the request on stdin, runs the report and
  /// writes its outcome to stdout. Returns the exit status: 0 when an outcome was written,
  /// 2 otherwise (logged).
  public static func child(logger: Logger) -> Int32 {
    // As in the daemon: a file-size limit fails the write (EFBIG), a closed journal stream is
    // no reason to die; SIGTERM (the daemon stops, or the run timed out) abandons the run
    // before it publishes.
    signal(SIGXFSZ, SIG_IGN)
    signal(SIGPIPE, SIG_IGN)
    ReportRun.prepareProcess()
    ChildProcess.StopRequest.install()
    let request: Request
    do {
      request = try JSONDecoder().decode(
        Request.self, from: FileHandle.standardInput.readToEnd() ?? Data())
    } catch {
      logger.critical(
        "`orbis \(subcommand)` runs a report for `orbis serve`, which writes its request on stdin; this one is unreadable (\(error))"
      )
      return 2
    }
    do {
      try ChildProcess.dieWithParent(request.parent)
    } catch {
      // ESRCH: the daemon died between starting this process and this call.
      logger.warning("not run: cannot follow the daemon that asked for it (\(error))")
      return 2
    }
    let loaded: LoadedConfiguration
    do {
      loaded = try ConfigurationFile.parse(
        request.config, path: request.configPath,
        environment: ProcessInfo.processInfo.environment,
        workingDirectory: request.workingDirectory)
    } catch {
      logger.critical("the daemon's configuration no longer decodes: \(error)")
      return 2
    }
    var run = ReportRun(loaded: loaded, reportName: request.reportName, force: request.force)
    run.shouldPublish = { !ChildProcess.StopRequest.isSet }
    var logger = logger
    logger[metadataKey: "run.reason"] = "\(request.reason)"
    let outcome = run.run(now: request.started, logger: logger)
    do {
      try FileSystem.writeAll(
        Array(try JSONEncoder().encode(outcome)), to: STDOUT_FILENO, path: "stdout")
    } catch {
      logger.critical("the run's outcome cannot be given to the daemon: \(error)")
      return 2
    }
    return 0
  }
}
