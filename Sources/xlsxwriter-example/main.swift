// An example of the XLSXWriter binding, as libxlsxwriter ships examples: a small workbook with
// formats, a table, a merged title, dates, a frozen header and a chart.
//
//     swift run xlsxwriter-example Reports/xlsxwriter-example.xlsx
import Foundation
import XLSXWriter

let path = CommandLine.arguments.dropFirst().first ?? "xlsxwriter-example.xlsx"

do {
  var book = try Workbook(path: path)
  try book.setProperties(
    DocumentProperties(
      title: "XLSXWriter example", subject: "Programmes by type", author: "Orbis",
      company: "Orbis"))
  let title = try book.addFormat(FormatSpec(bold: true, fontSize: 14, horizontalAlignment: .center))
  let integer = try book.addFormat(.integer)
  let percent = try book.addFormat(.percent)
  let date = try book.addFormat(.date)

  let sheet = try book.addWorksheet(named: "Programmes")
  try sheet.merge(
    CellRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 3), text: "Programmes by type",
    format: title)
  let rows: [(String, Double, ExcelDateTime)] = [
    ("IEA", 22, ExcelDateTime(year: 2026, month: 1, day: 15)),
    ("IRN", 2, ExcelDateTime(year: 2025, month: 9, day: 1)),
    ("IRP", 10, ExcelDateTime(year: 2026, month: 3, day: 31)),
    ("IRL", 5, ExcelDateTime(year: 2024, month: 11, day: 4)),
  ]
  let total = rows.reduce(0) { $0 + $1.1 }
  let table = CellRange(firstRow: 2, firstColumn: 0, lastRow: 2 + rows.count, lastColumn: 3)
  try sheet.addTable(table, columns: ["Type", "Count", "Share", "Latest start"], name: "ByType")
  for (i, (type, count, started)) in rows.enumerated() {
    let r = 3 + i
    try sheet.write(text: type, row: r, column: 0)
    try sheet.write(number: count, row: r, column: 1, format: integer)
    try sheet.write(number: count / total, row: r, column: 2, format: percent)
    try sheet.write(date: started, row: r, column: 3, format: date)
  }
  try sheet.setColumnWidth(0...0, width: 10)
  try sheet.setColumnWidth(1...3, width: 14)
  try sheet.freezePanes(row: 3, column: 0)

  let chart = try book.addChart(.column)
  try chart.setTitle("Programmes by type")
  try chart.addSeries(
    name: "Programmes", sheet: sheet.name,
    categories: CellRange(column: 0, rows: 3...(2 + rows.count)),
    values: CellRange(column: 1, rows: 3...(2 + rows.count)))
  try chart.setLegend(.none)
  try sheet.insertChart(chart, row: 2, column: 5)

  try book.close()
  print("wrote \(path)")
} catch {
  FileHandle.standardError.write(Data("xlsxwriter-example: \(error)\n".utf8))
  exit(1)
}
