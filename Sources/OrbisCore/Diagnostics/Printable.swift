/// Text from outside (file names, cell values) made safe for a line of a log or a terminal:
/// control characters spelled out (`\n`, `\t`, `\x1B`) and bytes that are not UTF-8 shown as
/// `\xFF`, so that a name cannot forge a log line or move the cursor, and stays recognisable.
public enum Printable {
  public static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
          out += hex(UInt8(truncatingIfNeeded: scalar.value))
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A file name's bytes: valid UTF-8 sequences as text (escaped as above), others as `\xFF`.
  public static func escaped(bytes: [UInt8]) -> String {
    var out = ""
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        out += escaped(String(Unicode.UTF8.decode(encoded)))
        offset += encoded.count
      case .error(let length):
        for byte in bytes[offset..<offset + length] { out += hex(byte) }
        offset += length
      case .emptyInput:
        return out
      }
    }
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "\\x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
  }
}
