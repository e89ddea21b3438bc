import Foundation
import OrbisCore
import OrbisSystem
import XLSXWriter

/// Writes the report files of one record into a directory: `report.xlsx` on one thread,
/// `stats.json`, `summary.txt` and `summary.md` on another. Each file is flushed to disk on
/// the thread that wrote it, as soon as it is written, so that flushing one overlaps writing
/// the others (the publisher's own flush of each then finds nothing left to write).
public enum ReportRenderer {
  public static let workbookName = "report.xlsx"
  public static let statsName = "stats.json"
  public static let textName = "summary.txt"
  public static let markdownName = "summary.md"

  /// Seconds spent on each part, for the log and benchmarks.
  public struct Timings: Sendable {
    public var workbook: Double = 0
    /// All three text files, of which `json` for `stats.json`.
    public var text: Double = 0
    public var json: Double = 0
    public init() {}
  }

  public struct RenderError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "cannot write \(file): \(reason)" }
  }

  /// Writes `stats.json` and the files of `formats` (default: all).
  @discardableResult
  public static func render(
    _ record: ReportRecord, into directory: String,
    formats: [Configuration.OutputFormat] = Configuration.OutputFormat.allCases
  ) throws -> Timings {
    @Sendable func path(_ name: String) -> String {
      (directory as NSString).appendingPathComponent(name)
    }
    // The text files and the JSON on a thread of their own, below this one's priority: the
    // workbook, the longer of the two, is the run's critical path.
    let pendingTexts = Pending(.lower) {
      () -> (failures: [RenderError], json: Double, seconds: Double) in
      let start = ContinuousClock.now
      // The JSON is written from the encoder's own bytes (tens of MB at the largest): not
      // copied into an array first.
      let json = record.json()
      let jsonSeconds = (ContinuousClock.now - start).seconds
      let document = SummaryDocument(record: record)
      var files = [(statsName, json)]
      if formats.contains(.txt) { files.append((textName, Data(document.plainText().utf8))) }
      if formats.contains(.md) { files.append((markdownName, Data(document.markdown().utf8))) }
      var failures: [RenderError] = []
      for (name, bytes) in files {
        do throws(SystemError) {
          // errno's own words (ENOSPC: "No space left on device"), not Foundation's.
          try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemError) in
              try FileSystem.createFile(buffer, at: path(name), synced: true)
            }
          }.get()
        } catch {
          failures.append(RenderError(file: name, reason: error.message))
        }
      }
      return (failures, jsonSeconds, (ContinuousClock.now - start).seconds)
    }
    let workbook = { () -> (failure: RenderError?, seconds: Double) in
      guard formats.contains(.xlsx) else { return (nil, 0) }
      let start = ContinuousClock.now
      var failure: RenderError?
      do {
        try WorkbookReport.write(record, to: path(workbookName))
        try FileSystem.fsync(path(workbookName))
      } catch {
        failure = RenderError(file: workbookName, reason: "\(error)")
      }
      return (failure, (ContinuousClock.now - start).seconds)
    }()
    let texts = pendingTexts.wait()
    if let failure = workbook.failure ?? texts.failures.first { throw failure }
    var timings = Timings()
    timings.workbook = workbook.seconds
    timings.json = texts.json
    timings.text = texts.seconds
    return timings
  }
}
