import Foundation

/// Text folded for matching names typed by people: lower case, accents removed, and every
/// character that is not a letter or a digit dropped (spaces, punctuation, `_`, `-`, quotes).
/// `Côte d’Ivoire` and `cote-d'ivoire` both give `cotedivoire`.
public enum TextKey {
  public static func fold(_ text: some StringProtocol) -> String {
    // Fast path: plain ASCII needs no Unicode folding.
    let utf8 = text.utf8
    if utf8.allSatisfy({ $0 < 0x80 }) {
      return String(unsafeUninitializedCapacity: utf8.count) { buffer in
        var count = 0
        for b in utf8 {
          switch b {
          case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[count] = b + 32
          case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            buffer[count] = b
          default: continue
          }
          count += 1
        }
        return count
      }
    }
    return unicodeFold(text)
  }

  /// The general case, through Foundation's folding (equal to the ASCII path on ASCII text, as
  /// a test checks).
  static func unicodeFold(_ text: some StringProtocol) -> String {
    let folded = String(text).folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    var scalars = String.UnicodeScalarView()
    for scalar in folded.unicodeScalars
    where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
      // ß, æ, œ and friends fold to more than one letter.
      switch scalar {
      case "ß": scalars.append(contentsOf: "ss".unicodeScalars)
      case "æ": scalars.append(contentsOf: "ae".unicodeScalars)
      case "œ": scalars.append(contentsOf: "oe".unicodeScalars)
      default: scalars.append(scalar)
      }
    }
    return String(scalars)
  }

  /// Levenshtein distance between the scalars of `a` and `b`, for suggesting the closest
  /// known spelling.
  public static func distance(_ a: String, _ b: String) -> Int {
    distance(Array(a.unicodeScalars), b, atMost: .max)!
  }

  /// The Levenshtein distance between `a` and the scalars of `b` when it is at most `limit`,
  /// else nil. It is at least the difference of their lengths, and never less than the
  /// smallest value of a row of the table: both let a far spelling be left early (a value
  /// that matched nothing is compared with some 4,000 spellings).
  public static func distance(_ a: [Unicode.Scalar], _ b: String, atMost limit: Int) -> Int? {
    let bCount = b.unicodeScalars.count
    guard abs(a.count - bCount) <= limit else { return nil }
    if a.isEmpty || bCount == 0 { return max(a.count, bCount) }
    let b = Array(b.unicodeScalars)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = i
      for j in 1...b.count {
        current[j] = Swift.min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        rowMinimum = Swift.min(rowMinimum, current[j])
      }
      if rowMinimum > limit { return nil }
      swap(&previous, &current)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
  }
}

/// The words of a country name, for spellings that reorder or abbreviate them: folded, common
/// abbreviations written out (`Rep.` → republic, `Dem.` → democratic, `St.` → saint, `PDR`,
/// `SAR`, `RB`), articles and linking words (`the`, `of`, `and`, `le`, `la`, `les`, `de`…) and
/// one-letter words left out, then sorted. `Korea, Rep.`, `Republic of Korea` and `Korea,
/// Republic of` all give `korea republic`; `The Netherlands` gives `netherlands`.
public enum WordKey {
  static let expansions: [String: [String]] = [
    "rep": ["republic"], "republique": ["republic"], "dem": ["democratic"],
    "democratique": ["democratic"], "st": ["saint"], "ste": ["sainte"],
    "fed": ["federal"], "federated": ["federal"], "sts": ["states"], "is": ["islands"],
    "isl": ["islands"],
    "pdr": ["people", "democratic", "republic"], "peoples": ["people"],
    "sar": ["special", "administrative", "region"], "rb": ["bolivarian", "republic"],
    "utd": ["united"],
  ]
  static let linking: Set<String> = [
    "the", "of", "and", "le", "la", "les", "de", "du", "des", "et", "l", "d",
  ]

  public static func make(_ text: some StringProtocol) -> String {
    let folded = text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(text) : characterWords(text)
    var words: [String] = []
    for word in folded where word.count > 1 && !linking.contains(word) {
      words += expansions[word] ?? [word]
    }
    return words.sorted().joined(separator: " ")
  }

  /// The folded runs of letters and digits of an ASCII text: a letter or a digit is one byte,
  /// and folding is lower-casing (most names; equal to `characterWords`, as a test checks).
  static func asciiWords(_ text: some StringProtocol) -> [String] {
    var words: [String] = []
    var word: [UInt8] = []
    for b in text.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(b + 32)
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        word.append(b)
      default:
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        word.removeAll(keepingCapacity: true)
      }
    }
    if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
    return words
  }

  /// The folded runs of letters and digits as `Character` sees them (accents, other scripts).
  static func characterWords(_ text: some StringProtocol) -> [String] {
    var words: [String] = []
    var current = ""
    for character in text {
      if character.isLetter || character.isNumber {
        current.append(character)
      } else {
        let word = TextKey.fold(current)
        if !word.isEmpty { words.append(word) }
        current = ""
      }
    }
    let word = TextKey.fold(current)
    if !word.isEmpty { words.append(word) }
    return words
  }
}
