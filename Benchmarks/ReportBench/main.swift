import Foundation
import OrbisCore
import OrbisReports

// `report-bench STATS_JSON OUT_DIR`: times the workbook of a published report (median of 3)
// and dumps its cells (OUT_DIR/cells.tsv) for Benchmarks/c/cells_bench.c to write the same
// cells with libxlsxwriter.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: report-bench STATS_JSON OUT_DIR\n".utf8))
  exit(2)
}
let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
let record = try ReportRecord.decode(data).get()
let out = arguments[2]
let recorder = CellRecorder()
var times: [Double] = []
for run in 0..<3 {
  let start = ContinuousClock.now
  try WorkbookReport.write(
    record, to: "\(out)/report-\(run).xlsx", recorder: run == 0 ? recorder : nil)
  times.append((ContinuousClock.now - start).seconds)
}
var dump = ""
dump.reserveCapacity(recorder.cells.count * 24)
func escape(_ s: String) -> String {
  s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
}
for cell in recorder.cells {
  dump +=
    "\(escape(cell.sheet))\t\(cell.row)\t\(cell.column)\t\(cell.type)\t\(escape(cell.value))\n"
}
try dump.write(toFile: "\(out)/cells.tsv", atomically: false, encoding: .utf8)
print(
  String(
    format: "Swift WorkbookReport.write: %.3f s median (%d cells, tables, charts)",
    times.sorted()[1], recorder.cells.count))
