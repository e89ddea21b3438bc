/// The columns of each dataset, as the input contract (`shared/data-contract.md`) defines them:
/// field name, whether it is required, and the English and French header aliases.
public struct FieldSpec: Hashable, Sendable {
  public let name: String
  public let required: Bool
  public let aliases: [String]
}

extension DatasetKind {
  /// File-name prefixes that select this dataset (`staff-lapp.csv`, `programs.xlsx`).
  public var filePrefixes: [String] {
    switch self {
    case .staff: ["staff"]
    case .programmes: ["programmes", "programs"]
    case .agreements: ["agreements"]
    }
  }

  /// The fields in contract order.
  public var fields: [FieldSpec] {
    switch self {
    case .staff:
      [
        FieldSpec(name: "id", required: true, aliases: ["matricule", "identifiant"]),
        FieldSpec(
          name: "nationality", required: true,
          aliases: ["nationalite", "nationalité", "country", "pays"]),
        FieldSpec(name: "unit", required: false, aliases: ["laboratoire", "lab", "laboratory"]),
        FieldSpec(name: "category", required: false, aliases: ["categorie", "statut", "status"]),
        FieldSpec(name: "start_date", required: false, aliases: ["date_debut", "arrival"]),
        FieldSpec(name: "end_date", required: false, aliases: ["date_fin", "departure"]),
        FieldSpec(name: "fte", required: false, aliases: ["etp", "quotite"]),
        FieldSpec(name: "gender", required: false, aliases: ["genre", "sexe"]),
      ]
    case .programmes:
      [
        FieldSpec(name: "id", required: true, aliases: []),
        FieldSpec(name: "type", required: true, aliases: ["instrument", "outil"]),
        FieldSpec(name: "acronym", required: false, aliases: ["acronyme", "sigle"]),
        FieldSpec(name: "title", required: false, aliases: ["titre", "intitule"]),
        FieldSpec(
          name: "partner_countries", required: false, aliases: ["pays_partenaires", "countries"]),
        FieldSpec(name: "unit", required: false, aliases: ["laboratoire"]),
        FieldSpec(name: "start_date", required: false, aliases: ["date_debut"]),
        FieldSpec(name: "end_date", required: false, aliases: ["date_fin"]),
      ]
    case .agreements:
      [
        FieldSpec(
          name: "partner", required: true, aliases: ["organisation", "organization", "partenaire"]),
        FieldSpec(name: "acronym", required: false, aliases: ["sigle"]),
        FieldSpec(name: "category", required: false, aliases: ["categorie", "group"]),
        FieldSpec(name: "kind", required: false, aliases: ["type", "nature"]),
        FieldSpec(name: "signed", required: false, aliases: ["date_signature", "signed_on"]),
        FieldSpec(name: "end_date", required: false, aliases: ["date_fin"]),
        FieldSpec(name: "country", required: false, aliases: ["pays"]),
      ]
    }
  }
}
