import Crypto
import Foundation

/// SHA-256 fingerprints of inputs and configuration, as reports record them (swift-crypto).
public enum Digest {
  public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
    hex(SHA256.hash(data: bytes))
  }

  public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

  private static func hex(_ digest: SHA256.Digest) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
