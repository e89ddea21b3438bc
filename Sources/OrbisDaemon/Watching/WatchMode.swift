import OrbisCore

/// How `orbis serve` sees changes in the data directory, and why (`daemon.watch`).
///
/// inotify reports the changes made through this host's kernel only: on a network file
/// system (NFS, SMB/CIFS, Ceph…) or a FUSE one (sshfs), files written by other machines make
/// no event, so `auto` polls there.
public struct WatchDecision: Hashable, Sendable {
  public enum Mode: String, Hashable, Sendable { case inotify, poll }

  public var mode: Mode
  /// The file system's name (`nfs`, `ext4`…), or `unknown`.
  public var fileSystem: String
  /// Why this mode: `configured`, or what `auto` found.
  public var reason: String

  /// `polling every 30 s (nfs: inotify does not see changes made by other machines)`.
  public func text(pollSeconds: Double, rescanSeconds: Double) -> String {
    switch mode {
    case .poll:
      "polling every \(Self.seconds(pollSeconds)) (\(reason))"
    case .inotify:
      "inotify (\(reason))"
        + (rescanSeconds > 0 ? ", rescan every \(Self.seconds(rescanSeconds))" : "")
    }
  }

  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
  }

  /// Chooses the mode for a data directory on a file system of type `magic` (statfs(2)'s
  /// `f_type`); `lower` gives, for an overlay, the magic numbers of the file systems under it
  /// (its `lowerdir=` and `upperdir=`).
  public static func decide(
    _ setting: Configuration.Daemon.WatchMode, magic: UInt32?, lower: [UInt32] = []
  ) -> WatchDecision {
    let name = magic.map(FileSystemMagic.name) ?? "unknown"
    switch setting {
    case .inotify:
      return WatchDecision(mode: .inotify, fileSystem: name, reason: "daemon.watch = \"inotify\"")
    case .poll:
      return WatchDecision(mode: .poll, fileSystem: name, reason: "daemon.watch = \"poll\"")
    case .auto:
      guard let magic else {
        return WatchDecision(
          mode: .inotify, fileSystem: name, reason: "file system unknown; inotify")
      }
      if FileSystemMagic.isRemote(magic) {
        return WatchDecision(
          mode: .poll, fileSystem: name,
          reason: "\(name): inotify does not see changes made by other machines")
      }
      if magic == FileSystemMagic.overlay, let remote = lower.first(where: FileSystemMagic.isRemote)
      {
        return WatchDecision(
          mode: .poll, fileSystem: name,
          reason:
            "overlay over \(FileSystemMagic.name(remote)): inotify does not see changes made by other machines"
        )
      }
      return WatchDecision(
        mode: .inotify, fileSystem: name,
        reason: "\(name): not known to be a network file system")
    }
  }
}

/// statfs(2)'s `f_type` magic numbers (linux/magic.h, fs/smb/client, fs/fuse) of the file
/// systems `daemon.watch = "auto"` tells apart.
public enum FileSystemMagic {
  public static let overlay: UInt32 = 0x794C_7630

  /// Network and FUSE file systems: changes made elsewhere make no inotify event here.
  static let remote: [UInt32: String] = [
    0x6969: "nfs",
    0x517B: "smb",
    0xFF53_4D42: "cifs",
    0xFE53_4D42: "smb2",
    0x6573_5546: "fuse",
    0x0102_1997: "9p",
    0x00C3_6400: "ceph",
    0x5346_414F: "afs",
    0x6B41_4653: "afs",
    0x0BD0_0BD0: "lustre",
    0x7375_7245: "coda",
    0x564C: "ncp",
  ]

  static let local: [UInt32: String] = [
    0xEF53: "ext4",
    0x5846_5342: "xfs",
    0x9123_683E: "btrfs",
    0x0102_1994: "tmpfs",
    0x794C_7630: "overlay",
    0x2FC1_2FC1: "zfs",
    0xF2F5_2010: "f2fs",
    0x4D44: "vfat",
    0x5346_544E: "ntfs",
    0x6A65_6A65: "exfat",
    0x9FA0: "proc",
  ]

  public static func isRemote(_ magic: UInt32) -> Bool { remote[magic] != nil }

  /// `nfs`, `ext4`…, or the number in hexadecimal.
  public static func name(_ magic: UInt32) -> String {
    remote[magic] ?? local[magic] ?? "0x" + String(magic, radix: 16)
  }
}
