import Foundation
import OrbisReports

// Experiment: JSON encode/decode costs of a large stats.json.
let path = CommandLine.arguments[1]
let data = try Data(contentsOf: URL(fileURLWithPath: path))
func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
  let start = ContinuousClock.now
  let value = try body()
  print(label, ContinuousClock.now - start)
  return value
}
let record = try time("decode (snake strategy)") { try ReportRecord.decode(data).get() }
_ = time("encode (snake, pretty, sorted)") { record.json() }
let e = JSONEncoder()
_ = time("encode (no strategy, no pretty)") { try! e.encode(record) }
e.keyEncodingStrategy = .convertToSnakeCase
_ = time("encode (snake, no pretty)") { try! e.encode(record) }
let d = JSONDecoder()
let plain = try! JSONEncoder().encode(record)
_ = time("decode (no strategy)") { try! d.decode(ReportRecord.self, from: plain) }
