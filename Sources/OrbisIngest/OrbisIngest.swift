// OrbisIngest reads the data directory (CSV, TSV, XLSX) into OrbisCore values with
// diagnostics naming file, line and column. Filled by the inputs issue.
