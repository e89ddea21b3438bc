import Foundation
import OrbisSystem
import XLSXWriter

/// Publishes the reports of one report name atomically under
/// `REPORTS/<name>/<YYYY-MM-DDTHHMMSSZ>/`, with `REPORTS/<name>/latest` pointing at the newest.
///
/// A run renders into a temporary directory beside its final place (`.tmp-…`), flushes every
/// file and the directory, renames it to its final name (never replacing one), flushes the
/// parent, then swaps `latest` by renaming a new relative symlink over it. Whatever fails or
/// is interrupted leaves at most a `.tmp-…` directory (removed by `removeStale()`) and never
/// moves `latest`.
public struct Publisher: Sendable {
  public let reportsDirectory: String
  public let reportName: String
  /// Published directories kept; older ones are removed after a publish.
  public let retention: Int

  public static let latestName = "latest"
  static let temporaryPrefix = ".tmp-"

  public init(reportsDirectory: String, reportName: String, retention: Int) {
    self.reportsDirectory = reportsDirectory
    self.reportName = reportName
    self.retention = max(1, retention)
  }

  /// `REPORTS/<name>`
  public var directory: String {
    (reportsDirectory as NSString).appendingPathComponent(reportName)
  }

  public var latestPath: String { (directory as NSString).appendingPathComponent(Self.latestName) }

  /// The name `latest` points to, if any.
  var latestTarget: String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: latestPath)
  }

  /// The published directory `latest` points to, if any.
  public var latestDirectory: String? {
    guard let target = latestTarget else { return nil }
    return (directory as NSString).appendingPathComponent(target)
  }

  /// The directory name of a run started at `date`: UTC, so that names sort and a DST change
  /// never repeats one.
  public static func stamp(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func pad(_ n: Int?, _ width: Int = 2) -> String {
      let s = String(n ?? 0)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return
      "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour))\(pad(c.minute))\(pad(c.second))Z"
  }

  /// Removes temporary directories left by interrupted runs (those of a process still alive,
  /// such as an `orbis run` beside the daemon, are left alone); returns their names.
  @discardableResult
  public func removeStale() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var removed: [String] = []
    for name in names where name.hasPrefix(Self.temporaryPrefix) {
      if let pid = Self.ownerPID(name), pid != getpid(), Processes.isRunning(pid) {
        continue
      }
      let path = (directory as NSString).appendingPathComponent(name)
      if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
    }
    return removed
  }

  /// The process that made a temporary name: `.tmp-<stamp>-<pid>-<random>` or
  /// `.tmp-latest-<pid>`.
  static func ownerPID(_ name: String) -> pid_t? {
    let parts = name.dropFirst(temporaryPrefix.count).split(separator: "-")
    let field = parts.first == "latest" ? parts.last : parts.dropLast().last
    return field.flatMap { pid_t($0) }.flatMap { $0 > 0 ? $0 : nil }
  }

  /// The published directories, oldest first.
  public func published() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.compactMap { name in Self.stampOrder(name).map { (name, $0) } }
      .sorted { $0.1 < $1.1 }.map(\.0)
  }

  /// Whether a name is that of a published report (a `stamp`, with its `-2`… suffix).
  public static func isStamp(_ name: String) -> Bool { stampOrder(name) != nil }

  /// `…Z`, `…Z-2`, `…Z-10` as (stamp, n), in the order they were made; nil for a name that is
  /// not `YYYY-MM-DDTHHMMSSZ`, optionally followed by `-n`, in ASCII digits (the names Orbis
  /// makes; a look-alike in other digits is not taken for one, nor removed by retention). Read
  /// without a regular expression: a report folder lists every published name at each publish.
  static func stampOrder(_ name: String) -> (String, Int)? {
    let bytes = Array(name.utf8)
    let shape = Array("0000-00-00T000000Z".utf8)
    guard bytes.count >= shape.count else { return nil }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    for (b, s) in zip(bytes, shape) {
      guard s == 0x30 ? isDigit(b) : b == s else { return nil }
    }
    let stamp = String(decoding: bytes[..<shape.count], as: UTF8.self)
    guard bytes.count > shape.count else { return (stamp, 1) }
    let suffix = bytes[(shape.count + 1)...]
    guard bytes[shape.count] == 0x2D, !suffix.isEmpty, suffix.allSatisfy(isDigit),
      let n = Int(String(decoding: suffix, as: UTF8.self))
    else { return nil }
    return (stamp, n)
  }

  /// Renders with `render` (given the directory to write into) and publishes the result.
  /// Returns the published directory. On any error nothing is published and `latest` stays.
  public func publish(
    at date: Date, render: (String) throws -> Void
  ) throws(PublishError) -> String {
    let fm = FileManager.default
    do {
      try fm.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o750])
    } catch {
      throw PublishError(
        step: "create the report directory", path: directory,
        reason: error.localizedDescription,
        advice: "check that the reports directory exists and that Orbis may write to it")
    }
    let temporary = (directory as NSString).appendingPathComponent(
      "\(Self.temporaryPrefix)\(Self.stamp(date))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    do {
      try FileSystem.makeDirectory(temporary)
    } catch {
      throw PublishError(error, step: "create a temporary directory")
    }
    var done = false
    defer { if !done { try? fm.removeItem(atPath: temporary) } }
    do {
      try render(temporary)
    } catch {
      throw PublishError(rendering: error, path: temporary)
    }
    let final: String
    do {
      for name in try fm.contentsOfDirectory(atPath: temporary) {
        try FileSystem.fsync((temporary as NSString).appendingPathComponent(name))
      }
      try FileSystem.fsync(temporary)
      final = try moveIntoPlace(temporary, stamp: Self.stamp(date))
      done = true
      try FileSystem.fsync(directory)
    } catch let error as SystemError {
      throw PublishError(error, step: "publish")
    } catch {
      throw PublishError(
        step: "publish", path: temporary, reason: "\(error)",
        advice: "check the reports directory")
    }
    // The report is in place; now point `latest` at it.
    let name = (final as NSString).lastPathComponent
    let link = (directory as NSString).appendingPathComponent(
      "\(Self.temporaryPrefix)latest-\(getpid())")
    do {
      try? fm.removeItem(atPath: link)
      try FileSystem.symlink(name, at: link)
      try FileSystem.rename(link, to: latestPath)
      try FileSystem.fsync(directory)
    } catch {
      try? fm.removeItem(atPath: link)
      throw PublishError(error, step: "point \(Self.latestName) at \(name)")
    }
    applyRetention()
    return final
  }

  /// Renames the finished directory to its stamp, adding `-2`, `-3`… on a collision.
  private func moveIntoPlace(_ temporary: String, stamp: String) throws(SystemError) -> String {
    var suffix = 1
    while true {
      let name = suffix == 1 ? stamp : "\(stamp)-\(suffix)"
      let final = (directory as NSString).appendingPathComponent(name)
      do {
        try FileSystem.renameNoReplace(temporary, to: final)
        return final
      } catch  where error.errno == EEXIST || error.errno == ENOTEMPTY {
        suffix += 1
      }
    }
  }

  /// Keeps the newest `retention` published directories (and always the one `latest` names).
  func applyRetention() {
    let all = published()
    guard all.count > retention else { return }
    let keep = latestTarget
    for name in all.dropLast(retention) where name != keep {
      try? FileManager.default.removeItem(
        atPath: (directory as NSString).appendingPathComponent(name))
    }
  }
}

/// Why nothing was published: the step, the path, the system's reason and what to do.
public struct PublishError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
  public var step: String
  public var path: String
  public var reason: String
  public var advice: String

  public init(step: String, path: String, reason: String, advice: String) {
    self.step = step
    self.path = path
    self.reason = reason
    self.advice = advice
  }

  init(_ error: any Error, step: String) {
    if let error = error as? SystemError {
      self.init(
        step: step, path: error.path, reason: "\(error.call): \(error.message)",
        advice: error.isNoSpace
          ? "free space on the reports file system"
          : error.errno == EFBIG
            ? "raise the service's file size limit (LimitFSIZE=)"
            : "check the reports directory's permissions")
    } else {
      self.init(step: step, path: "", reason: "\(error)", advice: "check the reports directory")
    }
  }

  /// A report that could not be written: the advice follows the cause. A file operation that
  /// failed (an errno) is about the reports directory; a value the workbook refused is not.
  init(rendering error: any Error, path: String) {
    var advice = "check the free space and permissions of the reports directory"
    if let error = error as? XLSXError, error.systemError == 0, error.kind != .workbookClosed,
      !error.reason.contains("Error creating output xlsx file")
    {
      advice =
        "the workbook refused a value (not a disk or permission problem); please report it, "
        + "with this message, to Orbis's maintainers"
    } else if let error = error as? SystemError {
      self.init(error, step: "write the reports")
      return
    }
    self.init(step: "write the reports", path: path, reason: "\(error)", advice: advice)
  }

  public var description: String {
    "cannot \(step) (\(path)): \(reason); \(advice). Nothing was published; latest is unchanged."
  }
}
