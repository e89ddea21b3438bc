// The Swift side of the XLSXWriter benchmark: the loop of Benchmarks/c/xlsxwriter_bench.c,
// written through XLSXWriter. Usage: xlsxwriter-bench OUT.xlsx [ROWS]
import Foundation
import XLSXWriter

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data("usage: xlsxwriter-bench OUT.xlsx [ROWS]\n".utf8))
  exit(2)
}
let path = arguments[1]
let rows = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let pool = (0..<1000).map { "Partner \($0)" }

let clock = ContinuousClock()
let start = clock.now
do {
  let book = try Workbook(path: path, options: .init(constantMemory: true))
  let sheet = try book.addWorksheet(named: "Sheet1")
  for r in 0..<rows {
    for c in 0..<4 {
      try sheet.write(number: Double(r * 4 + c) + 0.5, row: r, column: c)
    }
    for c in 4..<8 {
      try sheet.write(text: pool[(r * 4 + c) % pool.count], row: r, column: c)
    }
  }
  try book.close()
} catch {
  FileHandle.standardError.write(Data("xlsxwriter-bench: \(error)\n".utf8))
  exit(1)
}
let elapsed = clock.now - start
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let cpu =
  Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
  + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
print(String(format: "seconds=%.3f cpu=%.3f maxrss_kb=%ld", seconds, cpu, usage.ru_maxrss))
