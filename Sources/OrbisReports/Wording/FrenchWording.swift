import OrbisCore

/// The reports' wording in French (`fr_FR` numbers and dates). French typography: a no-break
/// space before `:` and `;` and inside « », as the Imprimerie nationale's rules ask.
public struct FrenchWording: Wording {
  public init() {}
  public var localeIdentifier: String { "fr_FR" }

  /// The no-break space of French punctuation.
  static let nb = "\u{00A0}"

  /// `1 ligne rejetée`, `2 lignes rejetées`: the plural from 2 (0 and 1 are singular in French).
  func plural(_ count: Int, _ shown: String, _ singular: String, _ plural: String) -> String {
    "\(shown) \(count < 2 ? singular : plural)"
  }

  // MARK: Report
  public func reportTitle(_ name: String) -> String {
    "Rapport Orbis «\(Self.nb)\(name)\(Self.nb)»"
  }
  public func titleAsOf(_ title: String, _ date: String) -> String { "\(title) au \(date)" }
  public var documentSubject: String { "Personnels internationaux, programmes et accords" }
  public func generatedLine(
    asOf: String, timeZone: String, generatedAt: String, version: String
  )
    -> String
  {
    "Situation au \(asOf) (\(timeZone))\(Self.nb); produit le \(generatedAt) par Orbis \(version)."
  }
  public func hostLine(_ host: String) -> String {
    "Pays d’accueil\(Self.nb): \(host). Les parts des tableaux à 100\(Self.nb)% sont arrondies "
      + "par la méthode du plus fort reste."
  }
  public var pageFooter: String { "Page &P sur &N" }

  // MARK: Sheet names
  public var sheetSummary: String { "Synthèse" }
  public var sheetNationalities: String { "Nationalités" }
  public var sheetUnits: String { "Unités" }
  public var sheetProgrammes: String { "Programmes" }
  public var sheetProgrammeList: String { "Liste des programmes" }
  public var sheetAgreements: String { "Accords" }
  public var sheetChanges: String { "Écarts" }
  public var sheetTrends: String { "Tendances" }
  public var sheetDataQuality: String { "Qualité des données" }
  public var sheetProvenance: String { "Provenance" }
  public var sheetChartData: String { "Données des graphiques" }

  // MARK: Key figures
  public var asOf: String { "Situation au" }
  public var timeZone: String { "Fuseau horaire" }
  public var generatedAtUTC: String { "Produit le (UTC)" }
  public var hostCountry: String { "Pays d’accueil" }
  public var staffPresent: String { "Personnels présents" }
  public var headcount: String { "Effectif" }
  public var fullTimeEquivalent: String { "Équivalent temps plein" }
  public var foreignStaff: String { "Personnels étrangers" }
  public func noHostNationality(_ host: String) -> String {
    "Sans la nationalité du pays d’accueil (\(host))"
  }
  public var nationalitiesPrimary: String { "Nationalités principales" }
  public var nationalitiesHeld: String { "Nationalités détenues (toutes)" }
  public var multipleNationalities: String { "Plusieurs nationalités" }
  public var stateless: String { "Apatrides" }
  public var nationalityUnknown: String { "Nationalité inconnue" }
  public var programmesActive: String { "Programmes actifs" }
  public var allTypes: String { "Tous types" }
  public var agreements: String { "Accords" }
  public var inForce: String { "En vigueur" }
  public var listed: String { "Recensés" }
  public var dataQuality: String { "Qualité des données" }
  public var rowsRead: String { "Lignes lues" }
  public var rowsRejected: String { "Lignes rejetées" }
  public var sharesNote: String {
    "Les parts portent sur les personnels de nationalité connue\(Self.nb); les tableaux à "
      + "100\(Self.nb)% sont arrondis par la méthode du plus fort reste."
  }
  public var keyFigures: String { "Chiffres clés" }
  public var figure: String { "Indicateur" }
  public var value: String { "Valeur" }
  public func sharesOfKnown(_ known: String) -> String {
    "Les parts portent sur les \(known) personnels de nationalité connue."
  }

  // MARK: Staff tables
  public var categories: String { "Catégories" }
  public var category: String { "Catégorie" }
  public var staff: String { "Personnels" }
  public var fte: String { "ETP" }
  public var share: String { "Part" }
  public var countryGroups: String { "Groupes de pays (nationalité principale)" }
  public var countryGroup: String { "Groupe de pays" }
  public var group: String { "Groupe" }
  public var noCountryGroups: String { "aucun n’est configuré ([country_groups])" }
  /// "Néant", as French administrative tables write an empty list (whatever its gender).
  public var none: String { "néant" }
  public var nationality: String { "Nationalité" }
  public var code: String { "Code" }
  public var continent: String { "Continent" }
  public var continents: String { "Continents (régions M49 de l’ONU)" }
  public var m49Code: String { "Code M49" }
  public var unit: String { "Unité" }
  public var units: String { "Unités" }
  public var knownNationality: String { "Nationalité connue" }
  public var foreign: String { "Étrangers" }
  public var foreignShare: String { "Part d’étrangers" }
  public var nationalities: String { "Nationalités" }
  public var other: String { "Autres" }
  public var notGiven: String { "(non renseigné)" }
  public func moreInWorkbook(_ count: String, sheet: String) -> String {
    "… et \(count) de plus dans report.xlsx (feuille «\(Self.nb)\(sheet)\(Self.nb)»)."
  }

  // MARK: Charts
  public func chartForeignByNationality(_ largest: Int) -> String {
    largest == 1
      ? "Personnels étrangers\(Self.nb): la première nationalité"
      : "Personnels étrangers\(Self.nb): les \(largest) premières nationalités"
  }
  public var chartForeignByContinent: String { "Personnels étrangers par continent" }
  public func chartForeignShareByUnit(largest: Int?) -> String {
    largest.map { "Part d’étrangers par unité (les \($0) plus grandes)" }
      ?? "Part d’étrangers par unité"
  }
  public var chartProgrammesByType: String { "Programmes actifs par type" }
  public var chartHeadcountTrend: String { "Évolution de l’effectif" }
  public var chartForeignShareTrend: String { "Évolution de la part d’étrangers" }
  public var chartProgrammesTrend: String { "Évolution des programmes actifs" }

  // MARK: Programmes
  public var programmes: String { "Programmes" }
  public var byType: String { "Par type" }
  public var type: String { "Type" }
  public var label: String { "Libellé" }
  public var active: String { "Actifs" }
  public var byPartnerCountry: String { "Par pays partenaire" }
  public var country: String { "Pays" }
  public var partnerCountry: String { "Pays partenaire" }
  public var byContinent: String { "Par continent" }
  public var byUnit: String { "Par unité" }
  public var activeProgrammes: String { "Programmes actifs" }
  public var id: String { "Identifiant" }
  public var acronym: String { "Acronyme" }
  public var title: String { "Intitulé" }
  public var partnerCountries: String { "Pays partenaires" }
  public var start: String { "Début" }
  public var end: String { "Fin" }
  public func upcoming(days: Int, _ shown: String) -> String {
    "Débutant ou s’achevant sous \(plural(days, shown, "jour", "jours"))"
  }
  public func noUpcoming(days: Int, _ shown: String) -> String {
    "Aucun programme ne débute ni ne s’achève sous \(plural(days, shown, "jour", "jours"))."
  }
  public var date: String { "Date" }
  public var inDays: String { "Dans (jours)" }
  public var event: String { "Événement" }
  public func eventName(_ event: UpcomingRow.Event) -> String {
    switch event {
    case .starts: "début"
    case .ends: "fin"
    }
  }
  public func programmesActiveSentence(_ count: Int, _ shown: String) -> String {
    plural(count, shown, "programme actif", "programmes actifs") + "."
  }

  // MARK: Agreements
  public var inForceByCategory: String { "En vigueur par catégorie" }
  public var inForceByKind: String { "En vigueur par nature" }
  public var kind: String { "Nature" }
  public var allAgreements: String { "Tous les accords" }
  public var partner: String { "Partenaire" }
  public var signed: String { "Signé le" }
  public var seat: String { "Siège" }
  public var status: String { "Statut" }
  public func statusName(_ status: AgreementRow.Status) -> String {
    switch status {
    case .inForce: "en vigueur"
    case .notYetSigned: "pas encore signé"
    case .ended: "échu"
    }
  }
  public func agreementsSentence(inForce: String, listed: Int, _ shown: String) -> String {
    "\(inForce) en vigueur sur \(plural(listed, shown, "accord recensé", "accords recensés"))."
  }

  // MARK: Changes
  public var changes: String { "Écarts" }
  public var noPreviousReport: String { "Aucun rapport précédent de ce nom à comparer." }
  public func changesSince(asOf: String, generatedAt: String) -> String {
    "Écarts depuis le rapport au \(asOf) (produit le \(generatedAt))"
  }
  public var before: String { "Avant" }
  public var now: String { "Maintenant" }
  public var change: String { "Écart" }
  public var agreementsInForce: String { "Accords en vigueur" }
  public var nationalitiesGained: String { "Nationalités apparues" }
  public var nationalitiesLost: String { "Nationalités disparues" }
  public var staffBefore: String { "Personnels avant" }
  public var programmesAdded: String { "Programmes ajoutés" }
  public var programmesEnded: String { "Programmes terminés" }
  public func points(_ shown: String) -> String { "\(shown)\(Self.nb)\(pointsUnit)" }
  public var pointsUnit: String { "pts" }
  public func listLine(_ heading: String, _ items: String) -> String {
    "\(heading)\(Self.nb): \(items)."
  }
  public func andMore(_ count: String) -> String { " et \(count) de plus" }

  // MARK: Trends
  public var trends: String { "Tendances" }
  public var noTrends: String {
    "Pas de tendances\(Self.nb): trends.periods vaut 0 pour ce rapport."
  }
  public func trendsTitle(period: TrendPeriod, points: Int, shown: String) -> String {
    let by =
      switch period {
      case .year: "par année"
      case .quarter: "par trimestre"
      case .month: "par mois"
      }
    return "Tendances \(by)\(Self.nb): \(plural(points, shown, "point", "points")) jusqu’à la "
      + "date de référence"
  }
  public var trendsNote: String {
    "publié\(Self.nb): tel que le rapport de ce nom publié à cette date l’indiquait\(Self.nb); "
      + "recalculé\(Self.nb): à partir des fichiers actuels, à cette date, aussi complets qu’ils "
      + "le sont (une liste de personnels qui retire les partants sous-estime le passé)."
  }
  public var source: String { "Source" }
  public func sourceName(_ source: TrendPoint.Source) -> String {
    switch source {
    case .published: "publié"
    case .recomputed: "recalculé"
    }
  }
  public var unknownNationality: String { "Nationalité inconnue" }
  public func topNationalitiesAtEveryPoint(_ count: Int) -> String {
    "Les \(count) premières nationalités étrangères à la date de référence, à chaque point"
  }
  public var noForeignStaff: String { "aucun personnel étranger" }
  public func programmesByTypeAtEachPoint(sheet: String) -> String {
    "Programmes par type à chaque point\(Self.nb): report.xlsx, feuille «\(Self.nb)\(sheet)\(Self.nb)»."
  }

  // MARK: Data quality and provenance
  public func rejectedSentence(_ count: Int, _ shown: String) -> String {
    plural(count, shown, "ligne rejetée", "lignes rejetées")
      + "\(Self.nb); \(count < 2 ? "elle est exclue" : "elles sont exclues") de tous les chiffres."
  }
  public func rejectedListed(total: String, listed: String, notListed: String) -> String {
    "\(total) lignes rejetées\(Self.nb); les \(listed) premières sont listées, \(notListed) autres "
      + "sont seulement comptées (inputs.max_listed_diagnostics)."
  }
  public var everyRowAccepted: String { "Toutes les lignes ont été acceptées." }
  public func moreRejected(_ count: String, notListed: String?, sheet: String) -> String {
    "… et \(count) de plus\(Self.nb): report.xlsx, feuille «\(Self.nb)\(sheet)\(Self.nb)»"
      + (notListed.map { " (\($0) au-delà du plafond sont seulement comptées)." } ?? ".")
  }
  public var file: String { "Fichier" }
  public var line: String { "Ligne" }
  public var column: String { "Colonne" }
  public var reason: String { "Motif" }
  public var rows: String { "Lignes" }
  public var howRead: String { "Lecture du fichier" }
  public func diagnosticKind(_ kind: DiagnosticKind) -> String {
    switch kind {
    case .wrongFieldCount: "nombre de champs incorrect"
    case .missingRequiredField: "champ obligatoire manquant"
    case .unknownCountry: "pays inconnu"
    case .badDate: "date invalide"
    case .endBeforeStart: "fin avant le début"
    case .badNumber: "nombre invalide"
    case .duplicateID: "identifiant en double"
    }
  }
  public func shortenedCells(_ count: Int, _ shown: String, _ limit: String) -> String {
    plural(count, shown, "cellule dépasse", "cellules dépassent")
      + " les \(limit) caractères d’Excel et \(count < 2 ? "est raccourcie" : "sont raccourcies") "
      + "par … dans ce classeur\(Self.nb); stats.json et les rapports texte ont le texte entier."
  }
  public func rowsNotShown(_ count: String, limit: String) -> String {
    "… \(count) lignes de plus non affichées\(Self.nb): une feuille a au plus \(limit) lignes\(Self.nb); "
      + "stats.json les liste toutes."
  }
  public var inputs: String { "Fichiers lus" }
  public var dataset: String { "Jeu de données" }
  public func datasetName(_ kind: DatasetKind) -> String {
    switch kind {
    case .staff: "personnels"
    case .programmes: "programmes"
    case .agreements: "accords"
    }
  }
  public var format: String { "Format" }
  public var sizeBytes: String { "Taille (octets)" }
  public var rowsAccepted: String { "Lignes acceptées" }
  public var rejected: String { "Rejetées" }
  public var encoding: String { "Encodage" }
  public var noInputs: String { "Aucun fichier lu." }
  public var configurationSHA256: String { "SHA-256 de la configuration" }
  public func configurationHashLine(_ prefix: String) -> String {
    "SHA-256 de la configuration\(Self.nb): \(prefix)…\(Self.nb); empreintes complètes dans stats.json."
  }
  public var orbisVersion: String { "Version d’Orbis" }
  public var report: String { "Rapport" }
  public var language: String { "Langue" }
  public var schemaVersion: String { "Version du schéma de stats.json" }

  // MARK: Scope and small-count protection
  public var scope: String { "Périmètre" }
  public func scopeValue(units: [String]?, categories: [String]?) -> String {
    let parts =
      (units.map { ["unités " + $0.joined(separator: ", ")] } ?? [])
      + (categories.map { ["catégories " + $0.joined(separator: ", ")] } ?? [])
    return parts.isEmpty ? "tout l’institut" : parts.joined(separator: "\(Self.nb); ")
  }
  public func scopeNote(_ scope: String) -> String {
    "Périmètre\(Self.nb): \(scope). Les accords sont ceux de tout l’institut\(Self.nb); les "
      + "lignes par fichier d’entrée portent sur les fichiers entiers."
  }
  public var rejectedOfScopeOnly: String {
    "Seules les lignes rejetées du périmètre de ce rapport sont listées."
  }
  public var rejectedCountedOnly: String {
    "Un rapport protégé (min_count) compte les lignes rejetées sans les lister, leurs valeurs "
      + "pouvant être des données personnelles\(Self.nb); `orbis check` les liste."
  }
  public var protection: String { "Protection des petits effectifs" }
  public func protectionValue(k: String, below: String, largest: String, cells: String) -> String {
    "les effectifs de 1 à \(largest) sont affichés \(below), et ceux qui permettraient d’en "
      + "déduire un à partir des totaux, x (min_count = \(k)\(Self.nb); \(cells) cases)"
  }
  public var protectionOff: String { "désactivée (tous les effectifs sont affichés)" }

  // MARK: The log lines of a publication
  public func logStaff(
    headcount: String, foreign: String, share: String, nationalities: String
  )
    -> String
  {
    "Personnels présents\(Self.nb): \(headcount), étrangers\(Self.nb): \(foreign) (\(share)), "
      + "nationalités\(Self.nb): \(nationalities)"
  }
  public func logProgrammes(active: String, byType: String) -> String {
    "Programmes actifs\(Self.nb): \(active) (\(byType))"
  }
  public func logAgreements(inForce: String) -> String {
    "Accords en vigueur\(Self.nb): \(inForce)"
  }
  public func logRejected(_ count: String, sheet: String) -> String {
    "Lignes rejetées\(Self.nb): \(count) (listées dans summary.txt et la feuille «\(Self.nb)\(sheet)\(Self.nb)»\(Self.nb); "
      + "`orbis check` les montre aussi)"
  }
}
