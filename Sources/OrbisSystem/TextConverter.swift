#if canImport(Glibc)
  import Glibc
#endif

/// A character-set converter of the C library (`iconv(3)`), to UTF-8: owns its descriptor
/// (closed on deinit). Preferred to Foundation's converter, which on Linux decodes Mac OS
/// Roman with a shifted table (0x8E, `é`, comes out as `±`) and does not say where a
/// conversion failed.
public final class TextConverter {
  private let descriptor: iconv_t

  /// A converter from `encoding` (an iconv name: `MACINTOSH`, `WINDOWS-1252`) to UTF-8; nil
  /// when the C library does not know it.
  public init?(from encoding: String) {
    let d = iconv_open("UTF-8", encoding)
    guard let d, Int(bitPattern: d) != -1 else { return nil }
    descriptor = d
  }

  deinit { iconv_close(descriptor) }

  /// The UTF-8 bytes of `input`; nil at the first byte that has no character in the source
  /// encoding (`EILSEQ`) or an incomplete sequence at the end (`EINVAL`), with its offset.
  public func convert(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], Failure> {
    var output = [UInt8](repeating: 0, count: max(64, input.count * 3))
    var produced = 0
    guard let base = input.baseAddress else { return .success([]) }
    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
      mutating: base.assumingMemoryBound(to: CChar.self))
    var inLeft = input.count
    _ = iconv(descriptor, nil, nil, nil, nil)  // initial state
    while inLeft > 0 {
      let result = output.withUnsafeMutableBytes { out -> Int in
        var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.advanced(by: produced)
          .assumingMemoryBound(to: CChar.self)
        var outLeft = out.count - produced
        let r = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        produced = out.count - outLeft
        return r == -1 ? Int(errno) : 0
      }
      if result == 0 { break }
      if result == E2BIG {
        output += [UInt8](repeating: 0, count: output.count)
        continue
      }
      return .failure(Failure(offset: input.count - inLeft, errno: Int32(result)))
    }
    output.removeSubrange(produced...)
    return .success(output)
  }

  public struct Failure: Error, Sendable {
    /// Offset of the byte that could not be converted.
    public var offset: Int
    public var errno: Int32
  }
}
