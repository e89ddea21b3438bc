/// Orbis's own version, shown by `orbis --version` and recorded in every report's provenance.
public enum OrbisVersion {
  public static let current = "0.3.0"
}
