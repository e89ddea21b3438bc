import COrbisSystem
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A child process: its input written to its stdin, its stdout collected, its stderr shared
/// with ours (the journal), every other descriptor closed and every signal at its default.
///
/// The caller ignores SIGPIPE (a child that ends before reading its input would otherwise
/// end the caller) and calls `wait()` once, or the child stays a zombie.
public final class ChildProcess: Sendable {
  /// How the child ended.
  public enum Termination: Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
      switch self {
      case .exited(let status): "exit status \(status)"
      case .signalled(let number):
        "signal \(number)"
          + (orbis_signal_abbreviation(number).map { " (SIG\(String(cString: $0)))" } ?? "")
      }
    }
  }

  public let pid: Int32
  private let output: Int32
  /// Whether `wait()` reaped the child: its pid may then belong to another process.
  private let reaped = Mutex(false)

  /// Starts `executable` with `arguments` (the first is the name the child sees as argv[0]).
  /// `input` is written whole before this returns: the child must read its stdin before it
  /// writes more than a pipe holds (64 KiB) to its stdout.
  public init(
    executable: String, arguments: [String], environment: [String: String], input: [UInt8]
  ) throws(SystemError) {
    let stdin = try Self.pipe(executable)
    let stdout: (read: Int32, write: Int32)
    do {
      stdout = try Self.pipe(executable)
    } catch {
      close(stdin.read)
      close(stdin.write)
      throw error
    }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let error = orbis_spawn(executable, argv, envp, stdin.read, stdout.write, &pid)
    close(stdin.read)
    close(stdout.write)
    guard error == 0 else {
      close(stdin.write)
      close(stdout.read)
      throw SystemError(call: "posix_spawn", path: executable, errno: error)
    }
    self.pid = pid
    self.output = stdout.read
    // A child that ended early closed its stdin (EPIPE): `wait()` tells how it ended.
    try? FileSystem.writeAll(input, to: stdin.write, path: "stdin of \(executable)")
    close(stdin.write)
  }

  deinit { close(output) }

  /// Sends `number` to the child unless it was reaped already.
  public func signal(_ number: Int32) {
    reaped.withLock { reaped in
      if !reaped { _ = kill(pid, number) }
    }
  }

  /// What the child wrote to its stdout, how it ended and what it used.
  public struct Ending: Sendable {
    public var output: [UInt8]
    public var termination: Termination
    /// Its peak resident memory, in kB.
    public var peakMemoryKB: Int
    /// User and system CPU time, in seconds.
    public var cpuSeconds: Double
  }

  /// Reads the child's stdout to its end and waits for the child to end.
  public func wait() throws(SystemError) -> Ending {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var readError: SystemError?
    while true {
      let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
      if n > 0 {
        bytes += chunk[0..<n]
      } else if n == 0 {
        break
      } else if errno != EINTR {
        readError = SystemError(call: "read", path: "stdout of process \(pid)", errno: errno)
        signal(SIGKILL)
        break
      }
    }
    // Waits without reaping, so that `signal` never reaches a reused pid; then reaps.
    var info = siginfo_t()
    try Syscall.retrying("waitid", "process \(pid)") {
      waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT)
    }
    var status: Int32 = 0
    var usage = rusage()
    try reaped.withLock { (reaped: inout Bool) throws(SystemError) in
      try Syscall.retrying("wait4", "process \(pid)") { wait4(pid, &status, 0, &usage) }
      reaped = true
    }
    if let readError { throw readError }
    let signalNumber = status & 0x7f
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return Ending(
      output: bytes,
      termination: signalNumber == 0 ? .exited((status >> 8) & 0xff) : .signalled(signalNumber),
      peakMemoryKB: usage.ru_maxrss, cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime))
  }

  private static func pipe(_ executable: String) throws(SystemError) -> (read: Int32, write: Int32)
  {
    var fds: [Int32] = [0, 0]
    try Syscall.retrying("pipe2", executable) { orbis_pipe_cloexec(&fds) }
    return (fds[0], fds[1])
  }
}

extension ChildProcess {
  /// In a child: be killed (SIGKILL) when the parent dies, and fail if it already has.
  public static func dieWithParent(_ parent: Int32) throws(SystemError) {
    try Syscall.retrying("prctl(PR_SET_PDEATHSIG)", "process \(parent)") {
      orbis_die_with_parent(parent)
    }
  }

  /// SIGTERM and SIGINT only set a flag, which the process reads when it can stop cleanly.
  public enum StopRequest {
    public static func install() { orbis_stop_flag_install() }
    public static var isSet: Bool { orbis_stop_flag_is_set() != 0 }
  }
}

/// Other processes, by pid.
public enum Processes {
  /// Whether `pid` is a running process: it exists (`kill(pid, 0)`, allowed or not) and is not
  /// a zombie waiting for its parent to reap it (a killed report process whose daemon died
  /// with it, until init reaps it).
  public static func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 || errno == EPERM else { return false }
    // "pid (comm) S …": the state follows the last ')'. Unreadable (another user's process
    // under ProtectProc=invisible): running, as kill said.
    let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return true }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 512)
    let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count > 0, let paren = bytes[..<count].lastIndex(of: UInt8(ascii: ")")),
      paren + 2 < count
    else { return true }
    let state = bytes[paren + 2]
    return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
  }
}
