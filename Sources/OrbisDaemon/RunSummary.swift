import OrbisCore
import OrbisReports

/// What `orbis run` prints: where the report went and its key figures.
public enum RunSummary {
  public static func text(_ outcome: ReportRun.Outcome, reportName: String) -> String {
    switch outcome {
    case .published(let directory, let r, _):
      let s = r.statistics
      var out = "Published \(directory)\n"
      out += "Report \"\(reportName)\" as of \(r.asOf) (\(r.timeZone))\n"
      // The key figures in the report's language.
      let l = r.locale
      let w = l.words
      out +=
        "  "
        + w.logStaff(
          headcount: l.integer(s.staff.headcount), foreign: l.integer(s.staff.foreign),
          share: l.percent(s.staff.foreignShare),
          nationalities: l.integer(s.staff.distinctPrimaryNationalities)) + "\n"
      let byType = s.programmes.byType.map { "\(l.integer($0.count)) \($0.code)" }
      out +=
        "  "
        + w.logProgrammes(
          active: l.integer(s.programmes.active), byType: byType.joined(separator: ", ")) + "\n"
      out += "  " + w.logAgreements(inForce: l.integer(s.agreements.inForce)) + "\n"
      if r.rejected.total > 0 {
        out += "  " + w.logRejected(l.integer(r.rejected.total), sheet: w.sheetDataQuality) + "\n"
      }
      return out
    case .unchanged(let directory):
      return "Unchanged since \(directory): nothing published.\n"
    case .inputErrors(let errors):
      return
        "Nothing published for \"\(reportName)\": a file cannot be read or used; latest is unchanged.\n"
        + errors.map { "  \($0)\n" }.joined()
    case .publishFailed(let error):
      return "Nothing published for \"\(reportName)\": \(error)\n"
    case .abandoned:
      return
        "Nothing published for \"\(reportName)\": the run was abandoned; latest is unchanged.\n"
    case .crashed(let reason):
      return
        "Nothing published for \"\(reportName)\": the run ended abnormally (\(reason)); see the log.\n"
    case .refused(let drops, let previous, let maxPercent):
      return
        "Nothing published for \"\(reportName)\": "
        + drops.map(\.description).joined(separator: "; ")
        + " against the previous report (\(previous)); latest is unchanged.\n"
        + "  \(DatasetDrop.advice(maxPercent: maxPercent).capitalizedFirst).\n"
    case .historyFailed(let error):
      return "Nothing published for \"\(reportName)\": \(error)\n"
    }
  }
}

extension String {
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
