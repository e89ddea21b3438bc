import Dispatch
import Foundation
import OrbisCore
import OrbisSystem
import Testing

@testable import OrbisDaemon

/// How the data directory is watched: the file-system mapping (pure), the mount table's
/// lines, the scan's differences, and the poller on a real directory.
@Suite struct WatchModeTests {
  @Test(arguments: [
    (UInt32(0x6969), "nfs"), (0xFF53_4D42, "cifs"), (0xFE53_4D42, "smb2"), (0x517B, "smb"),
    (0x6573_5546, "fuse"), (0x0102_1997, "9p"), (0x00C3_6400, "ceph"),
  ])
  func autoPollsOnNetworkAndFUSEFileSystems(magic: UInt32, name: String) {
    let decision = WatchDecision.decide(.auto, magic: magic)
    #expect(decision.mode == .poll)
    #expect(decision.fileSystem == name)
    #expect(decision.reason == "\(name): inotify does not see changes made by other machines")
    #expect(
      decision.text(pollSeconds: 30, rescanSeconds: 600)
        == "polling every 30 s (\(name): inotify does not see changes made by other machines)")
  }

  @Test(arguments: [(UInt32(0xEF53), "ext4"), (0x5846_5342, "xfs"), (0x0102_1994, "tmpfs")])
  func autoUsesInotifyOnLocalFileSystems(magic: UInt32, name: String) {
    let decision = WatchDecision.decide(.auto, magic: magic)
    #expect(decision.mode == .inotify)
    #expect(
      decision.text(pollSeconds: 30, rescanSeconds: 600)
        == "inotify (\(name): not known to be a network file system), rescan every 600 s")
    #expect(
      decision.text(pollSeconds: 30, rescanSeconds: 0)
        == "inotify (\(name): not known to be a network file system)")
  }

  @Test func anOverlayIsJudgedByWhatIsUnderIt() {
    let overlay = FileSystemMagic.overlay
    #expect(WatchDecision.decide(.auto, magic: overlay, lower: [0xEF53]).mode == .inotify)
    let overNFS = WatchDecision.decide(.auto, magic: overlay, lower: [0xEF53, 0x6969])
    #expect(overNFS.mode == .poll)
    #expect(
      overNFS.reason == "overlay over nfs: inotify does not see changes made by other machines")
  }

  @Test func theSettingWinsOverTheFileSystem() {
    #expect(WatchDecision.decide(.inotify, magic: 0x6969).mode == .inotify)
    #expect(WatchDecision.decide(.poll, magic: 0xEF53).mode == .poll)
    #expect(WatchDecision.decide(.auto, magic: nil).mode == .inotify)
    #expect(FileSystemMagic.name(0x1234_5678) == "0x12345678")
  }

  @Test func mountinfoLinesAreRead() throws {
    let line: Substring =
      "36 35 0:31 / /mnt/office\\040share rw,relatime shared:1 - overlay overlay rw,lowerdir=/a:/b,upperdir=/u,workdir=/w"
    let mount = try #require(FileSystem.Mount(mountinfoLine: line))
    #expect(mount.mountPoint == "/mnt/office share")
    #expect(mount.type == "overlay")
    #expect(mount.superOptions == ["rw", "lowerdir=/a:/b", "upperdir=/u", "workdir=/w"])
    #expect(FileSystem.Mount(mountinfoLine: "not a mount line") == nil)
    // This machine's own table has a root.
    #expect(FileSystem.mounts().contains { $0.mountPoint == "/" })
  }

  @Test func theRealDirectoryHasAFileSystemType() throws {
    let magic = try FileSystem.typeMagic(NSTemporaryDirectory())
    #expect(magic != 0)
    #expect {
      try FileSystem.typeMagic("/nonexistent-orbis/dir")
    } throws: { error in
      (error as? SystemError)?.errno == ENOENT
    }
  }

  @Test func scansDifferByNameSizeTimeAndInode() {
    let a = DirectoryScan.Entry(size: 10, modified: 1, inode: 7)
    let old = DirectoryScan(entries: ["staff.csv": a, "programmes.csv": a, "gone.csv": a])
    var moved = a
    moved.inode = 8
    var grown = a
    grown.size = 11
    // Rewritten in place with the same size and modification time (`cp -p`), or made
    // readable (`chmod`): only the change time moves.
    var touched = a
    touched.changed = 5
    let new = DirectoryScan(
      entries: [
        "staff.csv": moved, "programmes.csv": touched, "new.csv": a, "agreements.csv": grown,
      ])
    #expect(
      new.changes(since: old)
        == ["agreements.csv", "gone.csv", "new.csv", "programmes.csv", "staff.csv"])
    #expect(old.changes(since: old).isEmpty)
    #expect(DirectoryScan(entries: nil).changes(since: old).count == 3)
  }

  @Test func aScanListsInputFilesOnly() throws {
    let directory = NSTemporaryDirectory() + "orbis-scan-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for name in [
      "staff.csv", "programmes.xlsx", ".~lock.staff.csv#", "notes.txt", "staff-old.xls",
      "RH_export.csv",
    ] {
      #expect(
        FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data("x".utf8)))
    }
    // A directory named like a dataset is not an input file.
    try FileManager.default.createDirectory(
      atPath: directory + "/staff-archive", withIntermediateDirectories: false)
    let scan = DirectoryScan.scan(directory)
    #expect(
      scan.entries.map { $0.keys.sorted() } == ["programmes.xlsx", "staff-old.xls", "staff.csv"])
    // A file rule makes a file of any name an input.
    let rules = [Configuration.FileRule(pattern: "rh_*.csv", dataset: .staff)]
    #expect(DirectoryScan.scan(directory, rules: rules).entries?["RH_export.csv"] != nil)
    #expect(DirectoryScan.scan(directory + "/missing").entries == nil)
  }

  /// The poller on a real directory reports a new file, a change and the directory going away,
  /// each waited for with a deadline.
  @Test func thePollerReportsChanges() throws {
    let directory = NSTemporaryDirectory() + "orbis-poll-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let queue = DispatchQueue(label: "poller-test")
    let seen = Seen()
    let poller = queue.sync {
      let poller = DirectoryPoller(directory: directory, rules: [], interval: 0.1, queue: queue) {
        change in
        switch change {
        case .file(let name, _): seen.add(name)
        case .gone: seen.add("(gone)")
        case .back: seen.add("(back)")
        case .overflow: seen.add("(overflow)")
        }
      }
      poller.start()
      return poller
    }
    #expect(
      FileManager.default.createFile(atPath: directory + "/staff.csv", contents: Data("a".utf8)))
    #expect(seen.wait(for: "staff.csv", seconds: 20))
    // A permission change (a file made readable after a failed run) is a change.
    seen.clear()
    #expect(chmod(directory + "/staff.csv", 0o600) == 0)
    #expect(seen.wait(for: "staff.csv", seconds: 20))
    // A resync takes the current state as the reference: nothing more to report.
    queue.sync { poller.resync() }
    try FileManager.default.removeItem(atPath: directory)
    #expect(seen.wait(for: "(gone)", seconds: 20))
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    #expect(seen.wait(for: "(back)", seconds: 20))
    #expect(seen.all.filter { $0 == "staff.csv" }.count == 1)  // the chmod's, once
    queue.sync { _ = poller }
  }

  final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []

    func add(_ name: String) { lock.withLock { names.append(name) } }
    func clear() { lock.withLock { names = [] } }
    var all: [String] { lock.withLock { names } }

    func wait(for name: String, seconds: Double) -> Bool {
      let end = Date().addingTimeInterval(seconds)
      while Date() < end {
        if all.contains(name) { return true }
        usleep(20_000)
      }
      return all.contains(name)
    }
  }
}
