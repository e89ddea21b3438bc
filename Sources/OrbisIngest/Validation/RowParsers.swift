import OrbisCore

/// Reads one dataset's records: the checks of the contract, in column order, first defect wins.
struct RowParser<Value: Sendable> {
  let map: HeaderMap
  let file: String
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
  private var countries = CountryCache()
  private let build: (inout Builder) -> Value

  init(map: HeaderMap, file: String) where Value == StaffMember {
    self.init(kind: .staff, map: map, file: file) { b in
      StaffMember(
        id: b.id ?? "", nationality: b.nationalities.first ?? .unknown,
        otherNationalities: Array(b.nationalities.dropFirst()), unit: b.unit,
        category: b.category, period: DayInterval(start: b.start, end: b.end),
        fte: b.number ?? 1, gender: b.gender)
    }
  }

  init(map: HeaderMap, file: String) where Value == Programme {
    self.init(kind: .programmes, map: map, file: file) { b in
      Programme(
        id: b.id ?? "", type: (b.type ?? "").uppercased(), acronym: b.acronym,
        title: b.title, partnerCountries: b.countries, unit: b.unit,
        period: DayInterval(start: b.start, end: b.end))
    }
  }

  init(map: HeaderMap, file: String) where Value == Agreement {
    self.init(kind: .agreements, map: map, file: file) { b in
      Agreement(
        partner: b.partner ?? "", acronym: b.acronym,
        category: b.category, kind: b.kind, signed: b.start, end: b.end,
        country: b.countries.first)
    }
  }

  private init(
    kind: DatasetKind, map: HeaderMap, file: String, build: @escaping (inout Builder) -> Value
  ) {
    self.map = map
    self.file = file
    self.plan = Self.plan(kind, map)
    self.build = build
  }

  private static func plan(
    _ kind: DatasetKind, _ map: HeaderMap
  ) -> [(index: Int, field: Field, required: Bool)] {
    let required = Set(kind.fields.filter(\.required).map(\.name))
    return map.columns.map { ($0.index, Field(rawValue: $0.field)!, required.contains($0.field)) }
  }

  /// Field values gathered from one record.
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
  }

  /// Checks one record and adds it to `result`, accepted or rejected.
  mutating func parse<R: RecordFields>(
    _ record: R, line: Int, into result: inout FileResult<Value>
  ) {
    guard record.count == map.headers.count else {
      result.rejections.append(
        .init(
          diagnostic: Diagnostic(
            location: SourceLocation(file: file, line: line), column: "",
            value: record.count == 1 ? record.text(0) : "", kind: .wrongFieldCount,
            reason:
              "\(record.count) field\(record.count == 1 ? "" : "s") where the header has \(map.headers.count)"
          ), id: nil, idBeforeDefect: false))
      return
    }
    var b = Builder()
    var idSeen = false
    for (index, field, required) in plan {
      if let (kind, reason) = check(field, required, index, record, &b) {
        result.rejections.append(
          .init(
            diagnostic: Diagnostic(
              location: SourceLocation(file: file, line: line), column: map.headers[index],
              value: record.text(index), kind: kind, reason: reason),
            id: b.id, idBeforeDefect: idSeen))
        return
      }
      if field == .id { idSeen = true }
    }
    result.values.append(build(&b))
    result.lines.append(Int32(clamping: line))
  }

  /// Checks one field and stores its value; returns the defect, if any.
  private mutating func check<R: RecordFields>(
    _ field: Field, _ required: Bool, _ i: Int, _ record: R, _ b: inout Builder
  ) -> (DiagnosticKind, String)? {
    if record.isBlank(i) {
      guard required else { return nil }
      if let error = record.spreadsheetError(i) {
        return (
          .missingRequiredField,
          "\(field.rawValue) is required; the cell holds the spreadsheet error \(error)"
        )
      }
      return (.missingRequiredField, "\(field.rawValue) is required")
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
      guard let day = record.withBytes(i, FieldParsers.day) else {
        return (.badDate, "not a date; use YYYY-MM-DD or DD/MM/YYYY")
      }
      b.start = day
      if let end = b.end, end < day { return endBeforeStart(start: day, end: end) }
    case .endDate:
      guard let day = record.withBytes(i, FieldParsers.day) else {
        return (.badDate, "not a date; use YYYY-MM-DD or DD/MM/YYYY")
      }
      b.end = day
      if let start = b.start, day < start { return endBeforeStart(start: start, end: day) }
    case .fte:
      guard let value = record.withBytes(i, FieldParsers.decimal), value > 0, value <= 1 else {
        return (.badNumber, "FTE must be a number in (0, 1], with . or , as decimal mark")
      }
      b.number = value
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
}

/// Resolves country fields, remembering each distinct raw value (a roster repeats a few dozen).
struct CountryCache {
  struct Failure: Error {
    let message: String
  }
  private var cache: [String: Result<[Nationality], Failure>] = [:]

  mutating func resolveList<R: RecordFields>(
    _ record: R, _ i: Int
  ) -> Result<
    [Nationality], Failure
  > {
    let raw = record.text(i)
    if let known = cache[raw] { return known }
    var list: [Nationality] = []
    var result: Result<[Nationality], Failure>?
    for part in raw.split(separator: "|") {
      let name = part.trimmingSpaces
      guard !name.isEmpty else { continue }
      guard let nationality = CountryTable.resolve(name) else {
        let suggestions = CountryTable.suggestions(for: String(name))
        let hint =
          suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
        result = .failure(Failure(message: "unknown country \"\(name)\"\(hint)"))
        break
      }
      list.append(nationality)
    }
    if result == nil, list.isEmpty {
      result = .failure(Failure(message: "no country in \"\(raw)\" (separate several with |)"))
    }
    let final = result ?? .success(list)
    if cache.count < 100_000 { cache[raw] = final }
    return final
  }
}
