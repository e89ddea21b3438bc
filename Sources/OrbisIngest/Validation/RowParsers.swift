import Foundation
import OrbisCore

/// Reads one dataset's records: the checks of the contract, in column order, first defect wins.
struct RowParser<Value: IdentifiedRecord & Sendable> {
  let map: HeaderMap
  let file: String
  let rules: ValueRules
  /// Mapped columns in file order, with the field and whether it is required.
  private let plan: [(index: Int, field: Field, required: Bool)]

  /// Every field of every dataset, so that a row's checks switch on an enum, not on strings.
  enum Field: String {
    case id, nationality, unit, category, gender, type, acronym, title, partner, kind, fte
    case startDate = "start_date"
    case endDate = "end_date"
    case signed
    case partnerCountries = "partner_countries"
    case country
  }
  private var countries: CountryCache
  private let build: (inout Builder) -> Value
  /// Turns a value's FTE from a percentage into a fraction (staff only), once the file's scale
  /// is known after its last row.
  private let scaleFTE: ((inout Value) -> Void)?
  private var fte = FTEScan()
  /// Columns of the unit and the staff category, for a rejected row's `RowScope`; nil for
  /// agreements.
  private let scopeColumns: (unit: Int?, category: Int?, isStaff: Bool)?
  private var lastScope: RowScope?

  init(map: HeaderMap, file: String, rules: ValueRules = ValueRules()) where Value == StaffMember {
    self.init(
      kind: .staff, map: map, file: file, rules: rules, scaleFTE: { $0.fte /= 100 }
    ) { b in
      StaffMember(
        id: b.id.take() ?? "", nationality: b.nationalities.first ?? .unknown,
        otherNationalities: b.nationalities.count > 1 ? Array(b.nationalities.dropFirst()) : [],
        unit: b.unit.take(), category: b.category.take(),
        period: DayInterval(start: b.start, end: b.end), fte: b.number ?? 1,
        gender: b.gender.take())
    }
  }

  init(map: HeaderMap, file: String, rules: ValueRules = ValueRules()) where Value == Programme {
    self.init(kind: .programmes, map: map, file: file, rules: rules, scaleFTE: nil) { b in
      Programme(
        id: b.id.take() ?? "", type: (b.type ?? "").uppercased(), acronym: b.acronym.take(),
        title: b.title.take(), partnerCountries: b.countries, unit: b.unit.take(),
        period: DayInterval(start: b.start, end: b.end))
    }
  }

  init(map: HeaderMap, file: String, rules: ValueRules = ValueRules()) where Value == Agreement {
    self.init(kind: .agreements, map: map, file: file, rules: rules, scaleFTE: nil) { b in
      Agreement(
        partner: b.partner.take() ?? "", acronym: b.acronym.take(),
        category: b.category.take(), kind: b.kind.take(), signed: b.start, end: b.end,
        country: b.countries.first)
    }
  }

  private init(
    kind: DatasetKind, map: HeaderMap, file: String, rules: ValueRules,
    scaleFTE: ((inout Value) -> Void)?, build: @escaping (inout Builder) -> Value
  ) {
    self.map = map
    self.file = file
    self.rules = rules
    self.countries = CountryCache(aliases: rules.countryAliases)
    self.plan = Self.plan(kind, map)
    let column = { (field: Field) in map.columns.first { $0.field == field.rawValue }?.index }
    switch kind {
    case .staff: scopeColumns = (column(.unit), column(.category), true)
    case .programmes: scopeColumns = (column(.unit), nil, false)
    case .agreements: scopeColumns = nil
    }
    self.scaleFTE = scaleFTE
    self.build = build
  }

  private static func plan(
    _ kind: DatasetKind, _ map: HeaderMap
  ) -> [(index: Int, field: Field, required: Bool)] {
    let required = Set(kind.fields.filter(\.required).map(\.name))
    return map.columns.map { ($0.index, Field(rawValue: $0.field)!, required.contains($0.field)) }
  }

  /// Field values gathered from one record; `build` takes its strings out (moved, not copied
  /// then released with the builder).
  struct Builder {
    var id: String?
    var unit: String?
    var category: String?
    var gender: String?
    var type: String?
    var acronym: String?
    var title: String?
    var partner: String?
    var kind: String?
    var nationalities: [Nationality] = []
    var countries: [CountryID] = []
    var start: Day?
    var end: Day?
    var number: Double?
    /// The FTE was written with `%` (already a fraction).
    var percentSign = false
  }

  /// Checks one record and adds it to `result`, accepted or rejected.
  mutating func parse<R: RecordFields>(
    _ record: R, line: Int, into result: inout FileResult<Value>
  ) {
    guard record.count == map.headers.count else {
      // The first value beyond the header, or the whole record when it has one field.
      let extra =
        record.count > map.headers.count
        ? (map.headers.count..<record.count).first { !record.isBlank($0) } : nil
      var reason =
        "\(record.count) field\(record.count == 1 ? "" : "s") where the header has \(map.headers.count)"
      if let extra { reason += "; the first extra one is field \(extra + 1)" }
      result.rejections.append(
        .init(
          diagnostic: Diagnostic(
            location: SourceLocation(file: file, line: line), column: "",
            value: extra.map(record.text) ?? (record.count == 1 ? record.text(0) : ""),
            kind: .wrongFieldCount, reason: reason, scope: rowScope(record)), id: nil,
          idBeforeDefect: false))
      return
    }
    var b = Builder()
    var idSeen = false
    var fteColumn: Int?
    for (index, field, required) in plan {
      if let (kind, reason) = check(field, required, index, record, &b) {
        var rejection = FileResult<Value>.Rejection(
          diagnostic: Diagnostic(
            location: SourceLocation(file: file, line: line), column: map.headers[index],
            value: record.text(index), kind: kind, reason: reason, scope: rowScope(record)),
          id: b.id, idBeforeDefect: idSeen)
        // An FTE above 1 before the defect: the first defect, if the file is not percentages.
        if let fteColumn, let number = b.number, number > 1, !b.percentSign {
          rejection.fteAboveOne = Self.fteDefect(record, fteColumn, line: line, file: file, map)
          rejection.fteAboveOne?.scope = rowScope(record)
        }
        result.rejections.append(rejection)
        return
      }
      if field == .id { idSeen = true }
      if field == .fte { fteColumn = index }
    }
    if let fteColumn, rules.fteScale == .auto {
      if let number = b.number, !b.percentSign {
        if number > 1 {
          fte.aboveOne = true
          var defect = Self.fteDefect(record, fteColumn, line: line, file: file, map)
          defect.scope = rowScope(record)
          fte.defects.append((result.values.count, defect))
        }
      } else {
        fte.notPlain.append(Int32(result.values.count))
      }
    }
    let value = build(&b)
    // Hashed here, on the reader's thread, for the assembler's id check.
    result.idHashes.append(value.recordID.map(IDHash.of) ?? 0)
    result.values.append(consume value)
    result.lines.append(Int32(clamping: line))
  }

  /// The unit and category of a rejected row, as written (nil when blank or beyond the row):
  /// the last one made when it is the same.
  private mutating func rowScope<R: RecordFields>(_ record: R) -> RowScope? {
    guard let (unit, category, isStaff) = scopeColumns else { return nil }
    func text(_ i: Int?) -> String? {
      guard let i, i < record.count, !record.isBlank(i) else { return nil }
      return record.text(i)
    }
    let scope = RowScope(unit: text(unit), category: text(category), isStaff: isStaff)
    if let last = lastScope, last == scope { return last }
    lastScope = scope
    return scope
  }

  /// The `bad_number` an FTE above 1 is in a file of fractions.
  private static func fteDefect<R: RecordFields>(
    _ record: R, _ column: Int, line: Int, file: String, _ map: HeaderMap
  ) -> Diagnostic {
    Diagnostic(
      location: SourceLocation(file: file, line: line), column: map.headers[column],
      value: record.text(column), kind: .badNumber,
      reason: "")  // set by `finish`, which knows why the file is fractions
  }

  /// Settles the file's FTE scale once every row is read (`inputs.fte_scale = "auto"`): plain
  /// values all above 1 and at most 100 are percentages (divided by 100, and said in
  /// `details`); otherwise values above 1 are rejected as `bad_number`, in line order. A file
  /// that mixes values of 1 or less with values above 1 is read as fractions: its values above
  /// 1 are refused loudly rather than every value silently divided by 100.
  mutating func finish(_ result: inout FileResult<Value>) {
    guard let scaleFTE, rules.fteScale == .auto, fte.aboveOne else { return }
    if !fte.atMostOne {
      // `notPlain` is ascending: walked beside the values, not hashed per row.
      var n = 0
      for i in result.values.indices {
        if n < fte.notPlain.count, fte.notPlain[n] == Int32(i) {
          n += 1
          continue
        }
        scaleFTE(&result.values[i])
      }
      result.details.ftePercentages = true
      for i in result.rejections.indices { result.rejections[i].fteAboveOne = nil }
      return
    }
    let reason =
      "FTE must be a number in (0, 1] (or a percentage such as 80 %); this file's FTE values are "
      + "fractions: it also has \(DiagnosticText.quoted(fte.firstAtMostOne))"
    var rejected: [Int] = []
    for (index, diagnostic) in fte.defects {
      rejected.append(index)
      var diagnostic = diagnostic
      diagnostic.reason = reason
      result.rejections.append(.init(diagnostic: diagnostic, id: nil, idBeforeDefect: false))
    }
    for i in result.rejections.indices {
      if var defect = result.rejections[i].fteAboveOne {
        defect.reason = reason
        result.rejections[i].diagnostic = defect
        result.rejections[i].fteAboveOne = nil
      }
    }
    result.rejections.sort { $0.diagnostic.location.line < $1.diagnostic.location.line }
    // Ascending: the defects were met row after row.
    result.values.removeAll(atAscending: rejected)
    result.lines.removeAll(atAscending: rejected)
    result.idHashes.removeAll(atAscending: rejected)
  }

  /// Checks one field and stores its value; returns the defect, if any.
  private mutating func check<R: RecordFields>(
    _ field: Field, _ required: Bool, _ i: Int, _ record: R, _ b: inout Builder
  ) -> (DiagnosticKind, String)? {
    // An error cell, or an error written as text (`#N/A`), is an empty value.
    let error = record.spreadsheetError(i) ?? record.errorLiteral(i)
    if error != nil || record.isBlank(i) {
      guard required else { return nil }
      guard let error else { return (.missingRequiredField, "\(field.rawValue) is required") }
      let what =
        error.hasPrefix("#")
        ? "the cell holds the spreadsheet error \(error)" : "the cell holds \(error)"
      return (.missingRequiredField, "\(field.rawValue) is required; \(what)")
    }
    switch field {
    case .id:
      b.id = record.text(i)
    case .nationality:
      switch countries.resolveList(record, i) {
      case .success(let list): b.nationalities = list
      case .failure(let failure): return (.unknownCountry, failure.message)
      }
    case .partnerCountries, .country:
      switch countries.resolveList(record, i) {
      case .success(let list):
        b.countries = list.compactMap { if case .country(let id) = $0 { id } else { nil } }
      case .failure(let failure): return (.unknownCountry, failure.message)
      }
    case .startDate, .signed:
      switch date(record, i) {
      case .success(let day):
        b.start = day
        if let end = b.end, end < day { return endBeforeStart(start: day, end: end) }
      case .failure(let reason): return (.badDate, reason.text)
      }
    case .endDate:
      switch date(record, i) {
      case .success(let day):
        b.end = day
        if let start = b.start, day < start { return endBeforeStart(start: start, end: day) }
      case .failure(let reason): return (.badDate, reason.text)
      }
    case .fte:
      guard let (value, percent) = record.withBytes(i, FieldParsers.decimal) else {
        return (.badNumber, "FTE must be a number in (0, 1], or a percentage such as 80 %")
      }
      let scale: Configuration.FTEScale = percent ? .percent : rules.fteScale
      switch scale {
      case .fraction:
        guard value > 0, value <= 1 else {
          return (.badNumber, "FTE must be a number in (0, 1] (inputs.fte_scale = \"fraction\")")
        }
        b.number = value
      case .percent:
        guard value > 0, value <= 100 else {
          return (.badNumber, "FTE must be a percentage in (0, 100]")
        }
        b.number = value / 100
        b.percentSign = percent
      case .auto:
        // Settled once the file is read (`finish`): fractions, or percentages.
        guard value > 0, value <= 100 else {
          return (.badNumber, "FTE must be a number in (0, 1], or a percentage such as 80 %")
        }
        if value <= 1, !fte.atMostOne {
          fte.atMostOne = true
          fte.firstAtMostOne = record.text(i)
        }
        b.number = value
      }
    case .unit: b.unit = record.text(i)
    case .category: b.category = record.text(i)
    case .gender: b.gender = record.text(i)
    case .type: b.type = record.text(i)
    case .acronym: b.acronym = record.text(i)
    case .title: b.title = record.text(i)
    case .partner: b.partner = record.text(i)
    case .kind: b.kind = record.text(i)
    }
    return nil
  }

  private func endBeforeStart(start: Day, end: Day) -> (DiagnosticKind, String) {
    (.endBeforeStart, "ends \(end), before it starts \(start)")
  }

  struct DateReason: Error {
    var text: String
  }

  private func date<R: RecordFields>(_ record: R, _ i: Int) -> Result<Day, DateReason> {
    let order = rules.dateOrder
    // Nothing of `self` in the closure: capturing it would copy the parser for every field.
    let parsed = record.withBytes(i) { FieldParsers.date($0, order: order) }
    switch parsed {
    case .day(let day): return .success(day)
    case .instant: return .success(parsed.day(in: rules.timeZone)!)
    case .otherOrder(let other):
      let setting = order == .dmy ? "mdy" : "dmy"
      return .failure(
        DateReason(
          text:
            "not a date as \(order.words) (inputs.date_order = \"\(order.rawValue)\"); as "
            + "\(order == .dmy ? Configuration.DateOrder.mdy.words : Configuration.DateOrder.dmy.words) "
            + "it would be \(other): set inputs.date_order = \"\(setting)\" if the file writes dates that way"
        ))
    case .invalid:
      let slashed = order == .dmy ? "DD/MM/YYYY" : "MM/DD/YYYY"
      return .failure(
        DateReason(text: "not a date; use YYYY-MM-DD, \(slashed), DD.MM.YYYY or YYYY/MM/DD"))
    }
  }
}

/// A file's plain FTE values (no `%`) under `inputs.fte_scale = "auto"`, to settle its scale.
struct FTEScan {
  /// A plain value above 1 was read: the file may be percentages.
  var aboveOne = false
  /// A plain value in (0, 1] was read: the file is not percentages.
  var atMostOne = false
  /// The first such value, as written, for the reason of the rows rejected.
  var firstAtMostOne = ""
  /// Accepted rows whose FTE is not a plain number (empty, or with `%`): left as they are
  /// when the file turns out to be percentages.
  var notPlain: [Int32] = []
  /// Accepted rows whose plain value is above 1, with the `bad_number` they are in a file of
  /// fractions.
  var defects: [(index: Int, diagnostic: Diagnostic)] = []
}
