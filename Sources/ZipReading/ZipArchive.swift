import CMinizip
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// A ZIP archive open for reading, through minizip. The only code that touches minizip's
/// handle; knows nothing of Orbis. Entries are read whole, with a cap on the bytes they may
/// decompress to, and their CRC-32 checked. The cap is checked against the declared size:
/// minizip inflates no more than that, so an archive that understates it fails the CRC check
/// instead of passing the cap.
///
/// (ZIPFoundation, used before, leaks its path buffer on each archive opened on Linux — through
/// `FileManager.fileSystemRepresentation(withPath:)` — which pinned heap pages run after run.)
public final class ZipArchive {
  private let handle: unzFile

  /// Opens the archive at `path`; `nil` when it is not one (no readable central directory:
  /// another format, truncated, or a file that cannot be opened).
  public init?(path: String) {
    guard let handle = path.withCString({ unzOpen64($0) }) else { return nil }
    self.handle = handle
  }

  deinit { unzClose(handle) }

  /// The names of the entries, in the central directory's order, as stored (a name that is not
  /// UTF-8 is decoded with replacement characters).
  public func entryNames() -> [String] {
    var names: [String] = []
    var code = unzGoToFirstFile(handle)
    var buffer = [CChar](repeating: 0, count: 65_536)
    while code == UNZ_OK {
      var info = unz_file_info64()
      let infoCode = buffer.withUnsafeMutableBufferPointer {
        unzGetCurrentFileInfo64(handle, &info, $0.baseAddress, UInt($0.count), nil, 0, nil, 0)
      }
      guard infoCode == UNZ_OK else { break }
      let length = min(Int(info.size_filename), buffer.count)
      names.append(
        buffer.withUnsafeBufferPointer {
          String(decoding: UnsafeRawBufferPointer($0).prefix(length), as: UTF8.self)
        })
      code = unzGoToNextFile(handle)
    }
    return names
  }

  /// The bytes of the entry named `name` (exactly, case included); `nil` when there is none.
  /// Throws `ZipError.tooLarge` when it declares more than `limit` bytes, `.encrypted`, or
  /// `.damaged` with minizip's or zlib's reason.
  public func read(_ name: String, limit: Int) throws(ZipError) -> Data? {
    guard name.withCString({ unzLocateFile(handle, $0, 1) }) == UNZ_OK else { return nil }
    var info = unz_file_info64()
    let infoCode = unzGetCurrentFileInfo64(handle, &info, nil, 0, nil, 0, nil, 0)
    guard infoCode == UNZ_OK else { throw .damaged(name, Self.reason(infoCode)) }
    guard info.flag & 1 == 0 else { throw .encrypted(name) }
    // Stored and deflated only (what Office writes); minizip would hand other methods' bytes
    // back undecoded.
    guard info.compression_method == 0 || info.compression_method == UInt(Z_DEFLATED) else {
      throw .damaged(name, "compression method \(info.compression_method) is not supported")
    }
    guard info.uncompressed_size <= UInt64(max(limit, 0)) else { throw .tooLarge(name) }
    let openCode = unzOpenCurrentFile(handle)
    guard openCode == UNZ_OK else {
      throw .damaged(
        name,
        info.compression_method != 0 && info.compression_method != UInt(Z_DEFLATED)
          ? "compression method \(info.compression_method) is not supported"
          : Self.reason(openCode))
    }
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let count = chunk.withUnsafeMutableBytes {
        unzReadCurrentFile(handle, $0.baseAddress, UInt32($0.count))
      }
      if count < 0 {
        unzCloseCurrentFile(handle)
        throw .damaged(name, Self.reason(count))
      }
      if count == 0 { break }
      data.append(contentsOf: chunk[..<Int(count)])
    }
    // Reports the CRC-32 check once the whole entry was read.
    let closeCode = unzCloseCurrentFile(handle)
    guard closeCode == UNZ_OK else { throw .damaged(name, Self.reason(closeCode)) }
    return data
  }

  private static func reason(_ code: Int32) -> String {
    switch code {
    case UNZ_CRCERROR: "its CRC-32 does not match its content"
    case UNZ_BADZIPFILE: "its header is damaged"
    case UNZ_ERRNO: "read error: \(String(cString: strerror(errno)))"
    case Z_DATA_ERROR: "its compressed data is damaged"
    case Z_MEM_ERROR: "out of memory"
    case Z_BUF_ERROR: "its compressed data is truncated"
    default: "minizip error \(code)"
    }
  }
}

/// Why an entry could not be read.
public enum ZipError: Error, Equatable, Sendable {
  /// The entry decompresses (or claims to) to more than the limit.
  case tooLarge(String)
  /// The entry is encrypted.
  case encrypted(String)
  /// The entry cannot be decompressed: the reason.
  case damaged(String, String)
}
