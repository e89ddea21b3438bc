import Foundation
import Logging
import OrbisCore
import OrbisSystem
import Synchronization
import Testing

@testable import OrbisDaemon

@Suite struct InotifyTests {
  @Test func aRealWatchReportsWritesMovesAndDeletes() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-inotify-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let inotify = try Inotify()
    let watch = try inotify.addWatch(directory, mask: DirectoryWatcher.dataMask)
    try Data("id\n".utf8).write(to: URL(fileURLWithPath: "\(directory)/staff.part"))
    try FileManager.default.moveItem(
      atPath: "\(directory)/staff.part", toPath: "\(directory)/staff é.csv")
    try FileManager.default.removeItem(atPath: "\(directory)/staff é.csv")
    // A child spawned by a test running alongside may briefly share the open file, so the
    // last close (IN_CLOSE_WRITE) can come later: wait for each expected event, with a deadline.
    let expected: [(String, Inotify.Mask)] = [
      ("staff.part", .closeWrite), ("staff é.csv", .movedTo), ("staff é.csv", .delete),
    ]
    let events = try Self.events(of: inotify, within: 20) { events in
      expected.allSatisfy { name, mask in
        events.contains { $0.name == name && $0.mask.contains(mask) }
      }
    }
    let seen = events.map { "\($0.name ?? "-"):\($0.mask.rawValue)" }
    #expect(events.allSatisfy { $0.watch == watch })
    for (name, mask) in expected {
      #expect(events.contains { $0.name == name && $0.mask.contains(mask) }, "\(seen)")
    }
  }

  /// Reads events until `done` holds for all read so far, waiting in poll(2) up to `seconds`.
  static func events(
    of inotify: Inotify, within seconds: Double, until done: ([Inotify.Event]) -> Bool
  ) throws -> [Inotify.Event] {
    let deadline = Date().addingTimeInterval(seconds)
    var events = try inotify.readEvents()
    while !done(events), Date() < deadline {
      var descriptor = pollfd(fd: inotify.descriptor, events: Int16(POLLIN), revents: 0)
      _ = poll(&descriptor, 1, 100)
      events += try inotify.readEvents()
    }
    return events
  }

  @Test func decodesPaddedNamesByOffset() {
    // wd 1, IN_CREATE, cookie 0, len 16 "staff.csv" NUL-padded; then wd -1, IN_Q_OVERFLOW.
    var bytes: [UInt8] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0]
    bytes += Array("staff.csv".utf8) + [UInt8](repeating: 0, count: 7)
    bytes += [255, 255, 255, 255, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    let events = Inotify.decode(bytes[...])
    #expect(events.count == 2)
    #expect(events[0].name == "staff.csv" && events[0].mask == .create && events[0].watch == 1)
    #expect(events[1].name == nil && events[1].mask == .overflow && events[1].watch == -1)
  }
}

@Suite struct NotifySocketTests {
  /// A real datagram socket bound where systemd would listen.
  func receiver(_ address: String) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    var bytes = Array(address.utf8)
    if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
    withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
    let length = socklen_t(2 + bytes.count + (bytes.first == 0 ? 0 : 1))
    let result = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    #expect(result == 0)
    var timeout = timeval(tv_sec: 20, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return fd
  }

  func receive(_ fd: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : ""
  }

  @Test func sendsDatagramsToPathAndAbstractAddresses() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-notify-\(getpid()).sock").path
    unlink(path)
    defer { unlink(path) }
    for address in [path, "@orbis-notify-test-\(getpid())"] {
      let fd = try receiver(address)
      defer { close(fd) }
      let socket = try #require(try NotifySocket(environment: ["NOTIFY_SOCKET": address]))
      try socket.send("READY=1\nSTATUS=Serving")
      #expect(receive(fd) == "READY=1\nSTATUS=Serving")
    }
    #expect(try NotifySocket(environment: [:]) == nil)
    #expect(throws: SystemError.self) { try NotifySocket(path: "relative.sock") }
  }

  @Test func notifierHalvesTheWatchdogIntervalForThisProcessOnly() throws {
    let address = "@orbis-watchdog-test-\(getpid())"
    let fd = try receiver(address)
    defer { close(fd) }
    let logger = Logger(label: "test")
    let mine = SystemdNotifier(
      environment: [
        "NOTIFY_SOCKET": address, "WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "\(getpid())",
      ],
      logger: logger)
    #expect(mine.watchdogInterval == 1.5)
    let other = SystemdNotifier(
      environment: ["NOTIFY_SOCKET": address, "WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "1"],
      logger: logger)
    #expect(other.watchdogInterval == nil)
    mine.reloading()
    let message = receive(fd)
    #expect(message.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
    #expect(message.contains("\nSTATUS=Reloading"))
  }
}

@Suite struct JournalAndMetricsTests {
  final class Lines: Sendable {
    let lines = Mutex<[String]>([])
  }

  @Test func journalLinesCarryPrioritiesAndNoTimestamps() {
    let captured = Lines()
    var handler = LineLogHandler(
      label: "orbis", style: .journal,
      write: { line in captured.lines.withLock { $0.append(line) } })
    handler.logLevel = .debug
    handler[metadataKey: "report.name"] = "default"
    let logger = Logger(label: "orbis") { _ in handler }
    logger.error("cannot read staff.csv\nsecond line", metadata: ["file.path": "/d/staff.csv"])
    logger.warning("w")
    logger.notice("n")
    logger.info("i")
    logger.debug("d")
    let lines = captured.lines.withLock { $0 }
    #expect(
      lines == [
        "<3>cannot read staff.csv\\nsecond line file.path=/d/staff.csv report.name=default\n",
        "<4>w report.name=default\n", "<5>n report.name=default\n", "<6>i report.name=default\n",
        "<7>d report.name=default\n",
      ])
  }

  /// A file name with a line break and a priority prefix stays on its own line.
  @Test func namesCannotForgeLogLines() {
    let captured = Lines()
    let handler = LineLogHandler(
      label: "orbis", style: .timestamped, now: { Date(timeIntervalSince1970: 0) },
      write: { line in captured.lines.withLock { $0.append(line) } })
    let logger = Logger(label: "orbis") { _ in handler }
    logger.warning(
      "not read: a symbolic link", metadata: ["file.path": "staff-\n<3>forged\u{1B}[2J.csv"])
    let lines = captured.lines.withLock { $0 }
    #expect(lines.count == 1)
    #expect(
      lines.first?.hasSuffix(
        " warning orbis: not read: a symbolic link file.path=staff-\\n<3>forged\\x1B[2J.csv\n")
        == true)
    #expect(lines.first?.filter { $0 == "\n" }.count == 1)
  }

  @Test func prometheusTextfile() {
    var state = DaemonState()
    var report = DaemonState.ReportState()
    report.lastRun = Date(timeIntervalSince1970: 1_795_000_000)
    report.lastSuccess = report.lastRun
    report.outcome = "published"
    report.durationSeconds = 0.25
    state.reports["default"] = report
    var failed = DaemonState.ReportState()
    failed.outcome = "failed"
    failed.failures = 2
    state.reports["we\"ird"] = failed
    let text = Metrics.text(state: state, figures: [:])
    #expect(text.contains("# TYPE orbis_last_run_success gauge\n"))
    #expect(text.contains("orbis_last_run_success{report=\"default\"} 1\n"))
    #expect(text.contains("orbis_last_run_success{report=\"we\\\"ird\"} 0\n"))
    #expect(text.contains("orbis_last_run_duration_seconds{report=\"default\"} 0.250000\n"))
    #expect(text.contains("orbis_last_success_timestamp_seconds{report=\"default\"} 1795000000\n"))
    #expect(text.contains("orbis_consecutive_failures{report=\"we\\\"ird\"} 2\n"))
    #expect(!text.contains("orbis_staff_present"))
  }

  @Test func stateFileRoundTripsAtomically() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("orbis-state-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(try DaemonState.load(from: directory) == DaemonState())
    var state = DaemonState()
    var report = DaemonState.ReportState()
    report.lastRun = Date(timeIntervalSince1970: 1_795_000_000)
    report.error = "staff-x.csv: not UTF-8"
    report.inputs = ["staff.csv": "ab"]
    state.reports["default"] = report
    try state.save(to: directory)
    #expect(try DaemonState.load(from: directory) == state)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])
    let text = try String(contentsOfFile: "\(directory)/state.json", encoding: .utf8)
    #expect(text.contains("\"last_run\" : \"2026-11-18T11:06:40Z\""))
  }

  /// Runs sharing a state directory take turns: the second lock waits for the first.
  @Test func aFileLockIsTakenInTurn() throws {
    let path = NSTemporaryDirectory() + "orbis-lock-\(UUID().uuidString)"
    defer { unlink(path) }
    let first = try FileLock(path: path)
    let waiting = DispatchSemaphore(value: 0)
    let acquired = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      let second = try? FileLock(path: path) { waiting.signal() }
      acquired.signal()
      second?.unlock()
    }
    // The second finds it held and says it waits; it has not got it.
    #expect(waiting.wait(timeout: .now() + 20) == .success)
    #expect(acquired.wait(timeout: .now() + 0.2) == .timedOut)
    first.unlock()
    #expect(acquired.wait(timeout: .now() + 20) == .success)
  }
}
