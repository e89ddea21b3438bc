import Foundation
import Testing

@testable import OrbisReports

@Suite struct PublisherTests {
  struct DiskFull: Error {}

  let t0 = Date(timeIntervalSince1970: 1_795_413_600)  // 2026-11-23T06:00:00Z

  func entries(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  func writeFiles(_ directory: String, _ names: [String] = ["a.txt", "b.txt"]) throws {
    for name in names {
      try Data(name.utf8).write(
        to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
    }
  }

  @Test func publishesUnderUTCStampsAndMovesLatest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let publisher = Publisher(reportsDirectory: dir.path, reportName: "default", retention: 30)
    let first = try publisher.publish(at: t0) { try writeFiles($0) }
    #expect(first == dir.join("default", "2026-11-23T060000Z"))
    #expect(FileSystemLink.target(publisher.latestPath) == "2026-11-23T060000Z")
    // Same second: a suffix, never a replacement.
    let second = try publisher.publish(at: t0) { try writeFiles($0, ["c.txt"]) }
    #expect(second == dir.join("default", "2026-11-23T060000Z-2"))
    #expect(entries(first) == ["a.txt", "b.txt"])
    #expect(entries(publisher.latestDirectory!) == ["c.txt"])
    #expect(
      entries(dir.join("default")) == ["2026-11-23T060000Z", "2026-11-23T060000Z-2", "latest"])
    #expect(Publisher.stamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T000000Z")
  }

  @Test func aWriteErrorHalfWayPublishesNothingAndKeepsLatest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let publisher = Publisher(reportsDirectory: dir.path, reportName: "default", retention: 30)
    let good = try publisher.publish(at: t0) { try writeFiles($0) }
    #expect(throws: PublishError.self) {
      try publisher.publish(at: t0.addingTimeInterval(3600)) { directory in
        try writeFiles(directory, ["report.xlsx"])
        throw DiskFull()
      }
    }
    // Only the complete report and `latest`: no partial or temporary directory.
    #expect(entries(dir.join("default")) == ["2026-11-23T060000Z", "latest"])
    #expect(publisher.latestDirectory == good)
    #expect(entries(good) == ["a.txt", "b.txt"])
  }

  @Test func theErrorSaysWhatFailedAndWhatToDo() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    // The reports directory is a file: nothing can be created under it.
    try Data().write(to: URL(fileURLWithPath: dir.join("reports")))
    let publisher = Publisher(
      reportsDirectory: dir.join("reports"), reportName: "default", retention: 30)
    let error = #expect(throws: PublishError.self) {
      try publisher.publish(at: t0) { try writeFiles($0) }
    }
    #expect(error?.description.contains("cannot create the report directory") == true)
    #expect(error?.description.contains("Nothing was published; latest is unchanged.") == true)
  }

  @Test func staleTemporaryDirectoriesAreRemoved() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let publisher = Publisher(reportsDirectory: dir.path, reportName: "default", retention: 30)
    _ = try publisher.publish(at: t0) { try writeFiles($0) }
    // What a run killed while rendering leaves behind.
    try FileManager.default.createDirectory(
      atPath: dir.join("default", ".tmp-2026-11-23T070000Z-4194306-9"),
      withIntermediateDirectories: false)
    try writeFiles(dir.join("default", ".tmp-2026-11-23T070000Z-4194306-9"), ["report.xlsx"])
    // A run still in progress in another process (here: pid 1, always alive) is left alone.
    try FileManager.default.createDirectory(
      atPath: dir.join("default", ".tmp-2026-11-23T070000Z-1-5"), withIntermediateDirectories: false
    )
    // A dead process's: pid 2^22 + 1 is above Linux's pid_max.
    try FileManager.default.createDirectory(
      atPath: dir.join("default", ".tmp-2026-11-23T070000Z-4194305-9"),
      withIntermediateDirectories: false)
    #expect(
      publisher.removeStale().sorted() == [
        ".tmp-2026-11-23T070000Z-4194305-9", ".tmp-2026-11-23T070000Z-4194306-9",
      ])
    #expect(
      entries(dir.join("default")) == [
        ".tmp-2026-11-23T070000Z-1-5", "2026-11-23T060000Z", "latest",
      ])
    #expect(Publisher.ownerPID(".tmp-latest-77") == 77)
    #expect(Publisher.ownerPID(".tmp-2026-11-23T070000Z-4194306-9") == 4_194_306)
  }

  @Test func retentionKeepsTheNewest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let publisher = Publisher(reportsDirectory: dir.path, reportName: "r", retention: 3)
    for hour in 0..<5 {
      _ = try publisher.publish(at: t0.addingTimeInterval(Double(hour) * 3600)) {
        try writeFiles($0)
      }
    }
    #expect(
      entries(dir.join("r")) == [
        "2026-11-23T080000Z", "2026-11-23T090000Z", "2026-11-23T100000Z", "latest",
      ])
    #expect(FileSystemLink.target(publisher.latestPath) == "2026-11-23T100000Z")
    #expect(
      Publisher.stampOrder("2026-11-23T100000Z-10")! > Publisher.stampOrder("2026-11-23T100000Z-9")!
    )
    #expect(
      Publisher.stampOrder("2026-11-23T100000Z")! < Publisher.stampOrder("2026-11-23T100000Z-2")!)
    for name in [
      "latest", ".tmp-2026-11-23T100000Z-1-2", "2026-11-23T100000", "2026-11-23T100000Z-",
      "2026-11-23T100000Z-x", "2026-11-23T10000aZ", "x2026-11-23T100000Z", "2026-11-23T100000Zz",
    ] {
      #expect(!Publisher.isStamp(name), "\(name)")
    }
  }
}

enum FileSystemLink {
  static func target(_ path: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: path)
  }
}
