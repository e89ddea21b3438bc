/// The language a report is written in (`[[report]] language`, default `[institute] language`,
/// else English). Its wording is `OrbisReports.Wording`; `stats.json` keys stay English.
public enum ReportLanguage: String, CaseIterable, Codable, Hashable, Sendable {
  case en
  case fr
}

extension Configuration.ProgrammeType {
  /// The type's label in `language`: `[programme_types.IRP] fr = "…"`, else the label given
  /// for every language (`[programme_types] IRP = "…"`), else the English one.
  public func label(in language: ReportLanguage) -> String {
    labels[language] ?? label
  }
}
