import Foundation
import Testing
import ZIPFoundation
import ZipReading

/// ZIP files written by another implementation (ZIPFoundation), read back, then damaged byte by
/// byte the way hostile or broken uploads are.
@Suite struct ZipArchiveTests {
  let text = Data(String(repeating: "Orbis reads what it is given. ", count: 4_000).utf8)
  let binary = Data((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

  /// A ZIP with `a.txt` (deflated) then `b.bin` (stored); its path and bytes.
  func fixture() throws -> (path: String, bytes: Data) {
    let path = NSTemporaryDirectory() + "orbis-zip-\(UUID().uuidString).zip"
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    for (name, data, method) in [
      ("a.txt", text, CompressionMethod.deflate), ("b.bin", binary, .none),
    ] {
      try archive.addEntry(
        with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method
      ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
    }
    return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// Offsets of every record with this signature (local headers, central directory entries).
  func records(_ bytes: Data, signature: UInt32) -> [Int] {
    let b = [UInt8](bytes)
    return (0..<(b.count - 3)).filter {
      UInt32(b[$0]) | UInt32(b[$0 + 1]) << 8 | UInt32(b[$0 + 2]) << 16 | UInt32(b[$0 + 3]) << 24
        == signature
    }
  }

  func patched(_ bytes: Data, _ path: String, _ edit: (inout [UInt8]) -> Void) throws {
    var b = [UInt8](bytes)
    edit(&b)
    try Data(b).write(to: URL(fileURLWithPath: path))
  }

  func put32(_ b: inout [UInt8], _ at: Int, _ value: UInt32) {
    for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
  }

  @Test func readsDeflatedAndStoredEntriesExactlyByName() throws {
    let (path, _) = try fixture()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let archive = try #require(ZipArchive(path: path))
    #expect(try archive.read("a.txt", limit: 1 << 20) == text)
    #expect(try archive.read("b.bin", limit: 1 << 20) == binary)
    #expect(try archive.read("A.TXT", limit: 1 << 20) == nil)
    #expect(try archive.read("missing.xml", limit: 1 << 20) == nil)
  }

  @Test func notAZipIsNil() throws {
    let path = NSTemporaryDirectory() + "orbis-zip-\(UUID().uuidString).zip"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("hello, not a zip".utf8).write(to: URL(fileURLWithPath: path))
    #expect(ZipArchive(path: path) == nil)
    #expect(ZipArchive(path: path + ".absent") == nil)
    // Truncated: the central directory at the end is gone.
    let (zip, bytes) = try fixture()
    defer { try? FileManager.default.removeItem(atPath: zip) }
    try bytes.prefix(bytes.count - 40).write(to: URL(fileURLWithPath: zip))
    #expect(ZipArchive(path: zip) == nil)
  }

  @Test func theLimitHoldsForDeclaredAndForActualSizes() throws {
    let (path, bytes) = try fixture()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let declared = try #require(ZipArchive(path: path))
    #expect(throws: ZipError.tooLarge("a.txt")) { try declared.read("a.txt", limit: 1_000) }
    // An archive that claims 100 bytes for a.txt (local header and central directory alike):
    // the claim passes the limit; minizip inflates no more than it claims, and the CRC-32
    // check turns the short read into an error, never into 100 bytes of a truncated part.
    try patched(bytes, path) { b in
      for local in records(bytes, signature: 0x0403_4b50) { put32(&b, local + 22, 100) }
      for central in records(bytes, signature: 0x0201_4b50) { put32(&b, central + 24, 100) }
    }
    let lying = try #require(ZipArchive(path: path))
    #expect(throws: ZipError.damaged("a.txt", "its CRC-32 does not match its content")) {
      try lying.read("a.txt", limit: 1_000)
    }
  }

  @Test func damagedDataAndEncryptedEntriesAreErrorsNotBytes() throws {
    let (path, bytes) = try fixture()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let local = try #require(records(bytes, signature: 0x0403_4b50).first)
    // Bytes in the middle of a.txt's compressed data, flipped.
    try patched(bytes, path) { b in
      for i in (local + 60)..<(local + 70) { b[i] ^= 0xFF }
    }
    let damaged = try #require(ZipArchive(path: path))
    #expect {
      _ = try damaged.read("a.txt", limit: 1 << 20)
    } throws: { error in
      guard case .damaged("a.txt", let reason) = error as? ZipError else { return false }
      return reason.contains("damaged") || reason.contains("CRC-32")
    }
    // The stored b.bin is still read whole.
    #expect(try damaged.read("b.bin", limit: 1 << 20) == binary)
    // The encryption flag (bit 0) set on b.bin.
    try patched(bytes, path) { b in
      let lastLocal = records(bytes, signature: 0x0403_4b50).last!
      let lastCentral = records(bytes, signature: 0x0201_4b50).last!
      b[lastLocal + 6] |= 1
      b[lastCentral + 8] |= 1
    }
    let encrypted = try #require(ZipArchive(path: path))
    #expect(throws: ZipError.encrypted("b.bin")) { try encrypted.read("b.bin", limit: 1 << 20) }
  }
}
