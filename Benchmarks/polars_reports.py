#!/usr/bin/env python3
"""The same job as `orbis run` and Benchmarks/pandas_reports.py, written the way an analyst would
script it with polars and XlsxWriter: read every input file, validate rows with the same rules,
compute the same figures, and write report.xlsx (the same sheets, tables, formats and three
charts), stats.json and summary.txt. Its figures equal pandas_reports.py's on the same data.

Usage: polars_reports.py DATA_DIR OUT_DIR AS_OF   (a peer in Benchmarks/bench-table.sh)
"""
import datetime
import glob
import json
import os
import sys
import time

import polars as pl
import xlsxwriter

from reference_data import HOST, REGION, countries, fold

data, out = sys.argv[1], sys.argv[2]
as_of = datetime.date.fromisoformat(sys.argv[3])
os.makedirs(out, exist_ok=True)
t0 = time.perf_counter()




def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    header, _, body = raw.partition(b"\n")
    header = header.rstrip(b"\r").decode()
    sep = "\t" if path.endswith(".tsv") else (";" if header.count(";") > header.count(",") else ",")
    # Rows with too many fields are skipped, as pandas's on_bad_lines="skip" does (not listed:
    # less work than Orbis does). polars cannot skip them, so a spare header column catches
    # them; rows with fewer fields get nulls, as in pandas.
    df = pl.read_csv((header + sep + "_extra\n").encode() + body, separator=sep,
                     infer_schema=False, truncate_ragged_lines=True)
    df = df.filter(pl.col("_extra").is_null()).drop("_extra").with_columns(pl.all().fill_null(""))
    return df.with_columns(_file=pl.lit(os.path.basename(path)),
                           _line=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))


def dates(column):
    parsed = pl.coalesce(pl.col(column).str.to_date("%Y-%m-%d", strict=False),
                         pl.col(column).str.to_date("%d/%m/%Y", strict=False))
    return parsed, (pl.col(column) != "") & parsed.is_null()


rejected = []


def reject(df, mask, column, kind):
    mask = mask.fill_null(False)
    bad = df.filter(mask)
    if len(bad):
        rejected.append(bad.select(file="_file", line="_line", column=pl.lit(column),
                                   value=pl.col(column) if column in bad.columns else pl.lit(""),
                                   kind=pl.lit(kind)))
    return df.filter(~mask)


def country_codes(column):
    """Each spelling of the |-separated list folded once, looked up in the country table."""
    return pl.col(column).str.split("|").list.eval(
        pl.element().replace_strict(spellings, default=None, return_dtype=pl.String))


def unknown(codes):
    return codes.list.eval(pl.element().is_null()).list.any()


def counts(series):
    """value_counts: most frequent first, ties in order of first appearance."""
    return (series.drop_nulls().to_frame("key").group_by("key", maintain_order=True).len()
            .sort("len", descending=True, maintain_order=True))


staff = pl.concat([read(p) for p in sorted(glob.glob(f"{data}/staff*"))], how="vertical")
programmes = read(f"{data}/programmes.csv")
spellings = {}
for v in pl.concat([staff["nationality"], programmes["partner_countries"]]).str.split("|").explode().unique():
    code = countries.get(fold(v))
    if code is not None:
        spellings[v] = code

staff = reject(staff, pl.col("id") == "", "id", "missing_required_field")
staff = staff.with_columns(_codes=country_codes("nationality"))
staff = reject(staff, unknown(pl.col("_codes")), "nationality", "unknown_country")
start, bad_start = dates("start_date")
staff = reject(staff.with_columns(_start=start), bad_start, "start_date", "bad_date")
end, bad_end = dates("end_date")
staff = reject(staff.with_columns(_end=end), bad_end, "end_date", "bad_date")
staff = reject(staff, pl.col("_end") < pl.col("_start"), "end_date", "end_before_start")
fte = (pl.when(pl.col("fte") == "").then(1.0)
       .otherwise(pl.col("fte").str.replace_all(",", ".", literal=True).cast(pl.Float64, strict=False)))
staff = reject(staff.with_columns(_fte=fte),
               pl.col("_fte").is_null() | pl.col("_fte").is_nan() | (pl.col("_fte") <= 0) | (pl.col("_fte") > 1),
               "fte", "bad_number")
staff = reject(staff, ~pl.col("id").is_first_distinct(), "id", "duplicate_id")

programmes = programmes.with_columns(
    _codes=pl.when(pl.col("partner_countries") == "").then(pl.lit([], dtype=pl.List(pl.String)))
    .otherwise(country_codes("partner_countries")))
programmes = reject(programmes, unknown(pl.col("_codes")), "partner_countries", "unknown_country")
ps, bad = dates("start_date")
programmes = reject(programmes.with_columns(_start=ps), bad, "start_date", "bad_date")
pe, bad = dates("end_date")
programmes = reject(programmes.with_columns(_end=pe), bad, "end_date", "bad_date")
programmes = reject(programmes, ~pl.col("id").is_first_distinct(), "id", "duplicate_id")
agreements = read(f"{data}/agreements.csv")
t_read = time.perf_counter()


# Figures.
def in_window(start, end):
    return (start.is_null() | (start <= as_of)) & (end.is_null() | (end >= as_of))


here = staff.filter(in_window(pl.col("_start"), pl.col("_end"))).with_columns(
    _p=pl.col("_codes").list.first())
known = here.filter(pl.col("_p") != "XXX")
kp = known["_p"]
foreign = int((kp != HOST).sum())
# Shares divided in Python: polars divides a column by a scalar as a product with its
# reciprocal, 1 ulp away from the quotient for some counts (pandas gives the quotient).
nat = [(c, n, n / len(known)) for c, n in counts(kp).iter_rows()]
units = here.group_by("unit").agg(
    headcount=pl.len(), fte=pl.col("_fte").sum(),
    foreign=((pl.col("_p") != HOST) & (pl.col("_p") != "XXX")).sum(),
    nationalities=pl.col("_p").filter((pl.col("_p") != "XXX") & (pl.col("_p") != "XXA")).n_unique(),
).sort("unit")
categories = counts(here["category"])
active = programmes.filter(in_window(pl.col("_start"), pl.col("_end")))
by_type = counts(active["type"])
by_country = counts(active["_codes"].explode())
agreements = agreements.with_columns(_signed=pl.col("signed").str.to_date("%Y-%m-%d", strict=False),
                                     _aend=pl.col("end_date").str.to_date("%Y-%m-%d", strict=False))
in_force = agreements.filter(in_window(pl.col("_signed"), pl.col("_aend")))
by_category = counts(in_force["category"])
by_kind = counts(in_force["kind"])
rejected_rows = pl.concat(rejected) if rejected else pl.DataFrame(
    schema={"file": pl.String, "line": pl.Int64, "column": pl.String, "value": pl.String, "kind": pl.String})
t_stats = time.perf_counter()

# Workbook.
wb = xlsxwriter.Workbook(os.path.join(out, "report.xlsx"), {"strings_to_formulas": False})
pct = wb.add_format({"num_format": "0.0%"})
integer = wb.add_format({"num_format": "#,##0"})
datef = wb.add_format({"num_format": "yyyy-mm-dd"})


def table(ws, row, col, headers, rows, formats=None):
    rows = list(rows)
    for r, values in enumerate(rows, row + 1):
        for c, v in enumerate(values):
            f = formats[c] if formats else None
            if v is None or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, datetime.date):
                ws.write_datetime(r, col + c, v, datef)
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
table(ws, 0, 0, ["Nationality", "Staff", "Share"], nat, [None, integer, pct])
ws.freeze_panes(1, 0)
pie = wb.add_chart({"type": "pie"})
pie.add_series({"categories": ["Nationalities", 1, 0, min(len(nat), 10), 0],
                "values": ["Nationalities", 1, 1, min(len(nat), 10), 1]})
ws.insert_chart(1, 5, pie)
ws = wb.add_worksheet("Continents")
cont = counts(kp.replace_strict(REGION, default=None))
table(ws, 0, 0, ["Continent", "Staff"], cont.iter_rows(), [None, integer])
ws = wb.add_worksheet("Units")
table(ws, 0, 0, ["Unit", "Staff", "FTE", "Foreign", "Foreign share", "Nationalities"],
      units.select("unit", "headcount", "fte", "foreign", (pl.col("foreign") / pl.col("headcount")).alias("share"),
                   "nationalities").iter_rows(),
      [None, integer, None, integer, pct, integer])
bar = wb.add_chart({"type": "bar"})
bar.add_series({"categories": ["Units", 1, 0, len(units), 0], "values": ["Units", 1, 4, len(units), 4]})
ws.insert_chart(1, 8, bar)
ws = wb.add_worksheet("Programmes")
table(ws, 1, 0, ["Type", "Active"], by_type.iter_rows(), [None, integer])
col = wb.add_chart({"type": "column"})
col.add_series({"categories": ["Programmes", 2, 0, 1 + len(by_type), 0],
                "values": ["Programmes", 2, 1, 1 + len(by_type), 1]})
ws.insert_chart(10, 0, col)
table(ws, 1, 4, ["Country", "Programmes"], by_country.iter_rows(), [None, integer])
table(ws, 1, 15, ["Id", "Type", "Acronym", "Title", "Partner countries", "Unit", "Start", "End"],
      active.select("id", "type", "acronym", "title", "partner_countries", "unit", "_start", "_end")
      .iter_rows())
ws = wb.add_worksheet("Agreements")
table(ws, 1, 0, ["Category", "Agreements"], by_category.iter_rows(), [None, integer])
table(ws, 1, 3, ["Kind", "Agreements"], by_kind.iter_rows(), [None, integer])
table(ws, 1, 6, ["Partner", "Acronym", "Category", "Kind", "Signed", "End", "Seat"],
      agreements.select("partner", "acronym", "category", "kind", "signed", "end_date", "country")
      .iter_rows())
wb.add_worksheet("Changes").write_string(0, 0, "No previous report of this name to compare with.")
ws = wb.add_worksheet("Data quality")
if len(rejected_rows):
    table(ws, 1, 0, ["File", "Line", "Column", "Value", "Kind"], rejected_rows.head(10000).iter_rows())
ws = wb.add_worksheet("Provenance")
table(ws, 0, 0, ["File", "Rows"], [(os.path.basename(p), 0) for p in sorted(glob.glob(f"{data}/*.*sv"))])
wb.close()
t_book = time.perf_counter()

stats = {
    "schema_version": 1, "as_of": as_of.isoformat(),
    "staff": {"headcount": len(here), "foreign": foreign, "foreign_share": foreign / len(known),
              "nationalities": [{"code": c, "count": n, "share": s} for c, n, s in nat],
              "units": units.select("unit", "headcount").to_dicts(),
              "categories": dict(categories.iter_rows())},
    "programmes": {"active": len(active), "by_type": dict(by_type.iter_rows()),
                   "list": active.select("id", "type", "acronym", "title", "partner_countries", "unit",
                                         "start_date", "end_date").to_dicts()},
    "agreements": {"in_force": len(in_force), "by_category": dict(by_category.iter_rows()),
                   "list": agreements.select("partner", "acronym", "category", "kind", "signed").to_dicts()},
    "rejected": {"total": len(rejected_rows),
                 "rows": rejected_rows.head(10000).cast(pl.String).to_dicts()},
}
with open(os.path.join(out, "stats.json"), "w") as f:
    json.dump(stats, f, indent=2, sort_keys=True)
with open(os.path.join(out, "summary.txt"), "w") as f:
    f.write(f"Staff present {len(here)}\nForeign {foreign} ({100 * foreign / len(known):.1f}%)\n")
    for c, n, s in nat[:20]:
        f.write(f"  {c:<4} {n:>8} {100 * s:5.1f}%\n")
t_text = time.perf_counter()
print(f"polars+XlsxWriter: read {t_read - t0:.2f}s, statistics {t_stats - t_read:.2f}s, "
      f"workbook {t_book - t_stats:.2f}s, text {t_text - t_book:.2f}s; staff {len(here)}, "
      f"foreign {foreign}, programmes {len(active)}, rejected {len(rejected_rows)}", file=sys.stderr)
