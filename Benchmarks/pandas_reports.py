#!/usr/bin/env python3
"""The same job as `orbis run`, written the way an office would script it with pandas and
XlsxWriter: read every input file, validate rows, compute the figures, and write report.xlsx
(the same sheets, tables, formats and three charts), stats.json and summary.txt.

Usage: pandas_reports.py DATA_DIR OUT_DIR AS_OF   (the benchmark's baseline; see run-bench.sh)
"""
import glob
import json
import os
import sys
import time

import pandas as pd
import xlsxwriter

from reference_data import HOST, REGION, countries, fold

data, out, as_of = sys.argv[1], sys.argv[2], pd.Timestamp(sys.argv[3])
os.makedirs(out, exist_ok=True)
t0 = time.perf_counter()




def read(path):
    header = open(path, encoding="utf-8-sig").readline()
    sep = "\t" if path.endswith(".tsv") else (";" if header.count(";") > header.count(",") else ",")
    # Rows with too many fields are skipped (not listed: less work than Orbis does).
    df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                     on_bad_lines="skip").fillna("")
    df["_file"] = os.path.basename(path)
    df["_line"] = range(2, len(df) + 2)
    return df


def dates(series):
    iso = pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
    fr = pd.to_datetime(series, format="%d/%m/%Y", errors="coerce")
    parsed = iso.fillna(fr)
    bad = (series != "") & parsed.isna()
    return parsed, bad


rejected = []


def reject(df, mask, column, kind):
    if mask.any():
        bad = df[mask]
        rejected.append(pd.DataFrame({"file": bad["_file"], "line": bad["_line"], "column": column,
                                      "value": bad[column] if column in bad else "", "kind": kind}))
    return df[~mask]


inputs = []
staff = pd.concat([read(p) for p in sorted(glob.glob(f"{data}/staff*"))], ignore_index=True)
staff = reject(staff, staff["id"] == "", "id", "missing_required_field")
nat_split = staff["nationality"].str.split("|")
codes = nat_split.map(lambda parts: [countries.get(fold(p)) for p in parts])
staff = staff.assign(_codes=codes)
staff = reject(staff, staff["_codes"].map(lambda cs: None in cs), "nationality", "unknown_country")
start, bad_start = dates(staff["start_date"])
staff = reject(staff.assign(_start=start), bad_start, "start_date", "bad_date")
end, bad_end = dates(staff["end_date"])
staff = reject(staff.assign(_end=end), bad_end, "end_date", "bad_date")
staff = reject(staff, staff["_end"] < staff["_start"], "end_date", "end_before_start")
fte = pd.to_numeric(staff["fte"].str.replace(",", "."), errors="coerce").where(staff["fte"] != "", 1.0)
staff = reject(staff.assign(_fte=fte), fte.isna() | (fte <= 0) | (fte > 1), "fte", "bad_number")
staff = reject(staff, staff["id"].duplicated(), "id", "duplicate_id")

programmes = read(f"{data}/programmes.csv")
pcodes = programmes["partner_countries"].map(
    lambda v: [countries.get(fold(p)) for p in v.split("|")] if v else [])
programmes = reject(programmes.assign(_codes=pcodes), pcodes.map(lambda cs: None in cs),
                    "partner_countries", "unknown_country")
ps, bad = dates(programmes["start_date"])
programmes = reject(programmes.assign(_start=ps), bad, "start_date", "bad_date")
pe, bad = dates(programmes["end_date"])
programmes = reject(programmes.assign(_end=pe), bad, "end_date", "bad_date")
programmes = reject(programmes, programmes["id"].duplicated(), "id", "duplicate_id")
agreements = read(f"{data}/agreements.csv")
t_read = time.perf_counter()

# Figures.
here = staff[(staff["_start"].isna() | (staff["_start"] <= as_of))
             & (staff["_end"].isna() | (staff["_end"] >= as_of))]
primary = here["_codes"].str[0]
known = here[primary != "XXX"]
kp = primary[primary != "XXX"]
foreign = int((kp != HOST).sum())
nat = kp.value_counts()
shares = nat / len(known)
units = here.assign(_p=primary).groupby("unit").agg(
    headcount=("id", "size"), fte=("_fte", "sum"),
    foreign=("_p", lambda p: int(((p != HOST) & (p != "XXX")).sum())),
    nationalities=("_p", lambda p: p[(p != "XXX") & (p != "XXA")].nunique()))
categories = here.groupby("category").size().sort_values(ascending=False)
active = programmes[(programmes["_start"].isna() | (programmes["_start"] <= as_of))
                    & (programmes["_end"].isna() | (programmes["_end"] >= as_of))]
by_type = active["type"].value_counts()
by_country = active["_codes"].explode().dropna().value_counts()
signed = pd.to_datetime(agreements["signed"], errors="coerce")
aend = pd.to_datetime(agreements["end_date"], errors="coerce")
in_force = agreements[(signed.isna() | (signed <= as_of)) & (aend.isna() | (aend >= as_of))]
by_category = in_force["category"].value_counts()
by_kind = in_force["kind"].value_counts()
rejected_rows = pd.concat(rejected, ignore_index=True) if rejected else pd.DataFrame()
t_stats = time.perf_counter()

# Workbook.
wb = xlsxwriter.Workbook(os.path.join(out, "report.xlsx"), {"strings_to_formulas": False})
pct = wb.add_format({"num_format": "0.0%"})
integer = wb.add_format({"num_format": "#,##0"})
datef = wb.add_format({"num_format": "yyyy-mm-dd"})


def table(ws, row, col, headers, rows, formats=None):
    for r, values in enumerate(rows, row + 1):
        for c, v in enumerate(values):
            f = formats[c] if formats else None
            if v is None or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, pd.Timestamp):
                ws.write_datetime(r, col + c, v.to_pydatetime(), datef)
            elif isinstance(v, (int, float)):
                ws.write_number(r, col + c, v, f)
            else:
                ws.write_string(r, col + c, str(v))
    if rows:
        ws.add_table(row, col, row + len(rows), col + len(headers) - 1,
                     {"columns": [{"header": h} for h in headers], "style": "Table Style Medium 2"})


summary = wb.add_worksheet("Summary")
for r, (k, v) in enumerate([("Headcount", len(here)), ("Foreign staff", foreign),
                            ("Foreign share", foreign / len(known)), ("All types", len(active)),
                            ("Rows rejected", len(rejected_rows))], 2):
    summary.write_string(r, 0, k)
    summary.write_number(r, 1, v, pct if k == "Foreign share" else integer)
ws = wb.add_worksheet("Nationalities")
table(ws, 0, 0, ["Nationality", "Staff", "Share"],
      [(c, int(n), float(shares[c])) for c, n in nat.items()], [None, integer, pct])
ws.freeze_panes(1, 0)
pie = wb.add_chart({"type": "pie"})
pie.add_series({"categories": ["Nationalities", 1, 0, min(len(nat), 10), 0],
                "values": ["Nationalities", 1, 1, min(len(nat), 10), 1]})
ws.insert_chart(1, 5, pie)
ws = wb.add_worksheet("Continents")
cont = kp.map(REGION).value_counts()
table(ws, 0, 0, ["Continent", "Staff"], [(c, int(n)) for c, n in cont.items()], [None, integer])
ws = wb.add_worksheet("Units")
table(ws, 0, 0, ["Unit", "Staff", "FTE", "Foreign", "Foreign share", "Nationalities"],
      [(u, int(r.headcount), float(r.fte), int(r.foreign), r.foreign / r.headcount,
        int(r.nationalities)) for u, r in units.iterrows()],
      [None, integer, None, integer, pct, integer])
bar = wb.add_chart({"type": "bar"})
bar.add_series({"categories": ["Units", 1, 0, len(units), 0], "values": ["Units", 1, 4, len(units), 4]})
ws.insert_chart(1, 8, bar)
ws = wb.add_worksheet("Programmes")
table(ws, 1, 0, ["Type", "Active"], [(t, int(n)) for t, n in by_type.items()], [None, integer])
col = wb.add_chart({"type": "column"})
col.add_series({"categories": ["Programmes", 2, 0, 1 + len(by_type), 0],
                "values": ["Programmes", 2, 1, 1 + len(by_type), 1]})
ws.insert_chart(10, 0, col)
table(ws, 1, 4, ["Country", "Programmes"], [(c, int(n)) for c, n in by_country.items()], [None, integer])
table(ws, 1, 15, ["Id", "Type", "Acronym", "Title", "Partner countries", "Unit", "Start", "End"],
      [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in active[
          ["id", "type", "acronym", "title", "partner_countries", "unit", "_start", "_end"]
      ].itertuples(index=False)])
ws = wb.add_worksheet("Agreements")
table(ws, 1, 0, ["Category", "Agreements"], [(c, int(n)) for c, n in by_category.items()], [None, integer])
table(ws, 1, 3, ["Kind", "Agreements"], [(c, int(n)) for c, n in by_kind.items()], [None, integer])
table(ws, 1, 6, ["Partner", "Acronym", "Category", "Kind", "Signed", "End", "Seat"],
      [tuple(r) for r in agreements[["partner", "acronym", "category", "kind", "signed", "end_date",
                                     "country"]].itertuples(index=False)])
wb.add_worksheet("Changes").write_string(0, 0, "No previous report of this name to compare with.")
ws = wb.add_worksheet("Data quality")
if len(rejected_rows):
    table(ws, 1, 0, ["File", "Line", "Column", "Value", "Kind"],
          [tuple(r) for r in rejected_rows.head(10000).itertuples(index=False)])
ws = wb.add_worksheet("Provenance")
table(ws, 0, 0, ["File", "Rows"], [(os.path.basename(p), 0) for p in sorted(glob.glob(f"{data}/*.*sv"))])
wb.close()
t_book = time.perf_counter()

stats = {
    "schema_version": 1, "as_of": str(as_of.date()),
    "staff": {"headcount": len(here), "foreign": foreign, "foreign_share": foreign / len(known),
              "nationalities": [{"code": c, "count": int(n), "share": float(shares[c])} for c, n in nat.items()],
              "units": [{"unit": u, "headcount": int(r.headcount)} for u, r in units.iterrows()],
              "categories": {c: int(n) for c, n in categories.items()}},
    "programmes": {"active": len(active), "by_type": {t: int(n) for t, n in by_type.items()},
                   "list": active[["id", "type", "acronym", "title", "partner_countries", "unit",
                                   "start_date", "end_date"]].to_dict("records")},
    "agreements": {"in_force": len(in_force), "by_category": {c: int(n) for c, n in by_category.items()},
                   "list": agreements[["partner", "acronym", "category", "kind", "signed"]].to_dict("records")},
    "rejected": {"total": len(rejected_rows),
                 "rows": rejected_rows.head(10000).astype(str).to_dict("records") if len(rejected_rows) else []},
}
with open(os.path.join(out, "stats.json"), "w") as f:
    json.dump(stats, f, indent=2, sort_keys=True)
with open(os.path.join(out, "summary.txt"), "w") as f:
    f.write(f"Staff present {len(here)}\nForeign {foreign} ({100 * foreign / len(known):.1f}%)\n")
    for c, n in nat.head(20).items():
        f.write(f"  {c:<4} {n:>8} {100 * shares[c]:5.1f}%\n")
t_text = time.perf_counter()
print(f"pandas+XlsxWriter: read {t_read - t0:.2f}s, statistics {t_stats - t_read:.2f}s, "
      f"workbook {t_book - t_stats:.2f}s, text {t_text - t_book:.2f}s; staff {len(here)}, "
      f"foreign {foreign}, programmes {len(active)}, rejected {len(rejected_rows)}", file=sys.stderr)
