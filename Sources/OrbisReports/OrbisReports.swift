// OrbisReports turns statistics into report.xlsx (through XLSXWriter), summary.txt, summary.md
// and stats.json, and publishes them atomically. Filled by the statistics-and-reports issue.
