#!/usr/bin/env python3
"""Independent check of the trends of `orbis run` (stats.json, the Trends sheet and its charts)
and of the history database behind them.

For two seeds it writes a data directory spread over ten years (staff arriving and leaving
2012-2030, dual nationals written `DE;FR`, `DE/FR`, `DE|FR`, stateless and unknown
nationalities, part-time staff, programmes and agreements with open or closed bounds, dates on
and next to period ends; the second seed adds a few invalid rows), and a configuration with an
annual report (as of 2025-12-31, 10 years) and a quarterly one (as of 2025-11-15, 8 quarters).
It computes every trend point from those raw files with the standard library alone, then:

- runs the quarterly report and the annual one as of 2022-12-31, 2023-12-31, 2024-12-31 and
  finally as of its own rule (2025-12-31); every point of every `trends` must equal Python's
  figures, points of earlier reports of the same name must be "published" and equal those
  reports' `statistics`, the others "recomputed"; the ten largest foreign nationalities at the
  last point and their counts at every point;
- opens the workbook with openpyxl: the Trends sheet's table (one row per point), its
  nationality table, the number formats, and the line charts' series references: headcount
  with the foreign share on a secondary axis in per cent, then one series per programme type
  (two charts); or, as libxlsxwriter 1.1.4 has no secondary axis, the foreign share in a chart
  of its own with a value axis in per cent (three charts, said in a note);
- `orbis history --csv` (and `--figure foreign_share`) and the `report` table of
  `STATE/history.sqlite` (opened read-only) against the published stats.json;
- a corrupt history database: the run exits 2 naming it and publishes nothing;
- a run killed (SIGKILL, `ORBIS_FAILPOINT=after_publish`) between the publish and the history
  write: `orbis history` repairs it, once, and the next run counts it as published.

Usage: check_trends.py PATH/TO/orbis
"""
import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import urllib.request
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

orbis = sys.argv[1]
HOST = "FR"
CODES = ["FR", "DE", "IT", "ES", "PL", "RO", "UA", "GB", "CH", "RU", "CZ", "CN", "JP", "IN",
         "VN", "KR", "IL", "TR", "LB", "US", "CA", "BR", "AR", "MX", "CL", "SN", "MA", "DZ",
         "CM", "AU"]
# English short names that every reference spells alike (the others are not compared by name).
NAMES = {"DE": "Germany", "IT": "Italy", "ES": "Spain", "PL": "Poland", "RO": "Romania",
         "UA": "Ukraine", "CH": "Switzerland", "CN": "China", "JP": "Japan", "IN": "India",
         "IL": "Israel", "LB": "Lebanon", "CA": "Canada", "BR": "Brazil", "AR": "Argentina",
         "MX": "Mexico", "CL": "Chile", "SN": "Senegal", "MA": "Morocco", "DZ": "Algeria",
         "CM": "Cameroon", "AU": "Australia"}
STATELESS = ["stateless", "apatride", "XXA", "Stateless"]
UNKNOWN = ["unknown", "XXX", "inconnu", "Unknown"]
TYPES = ["IEA", "IRN", "IRP", "IRL"]
FIGURES = ["headcount", "fte", "foreign", "foreign_share", "known_nationality",
           "distinct_primary_nationalities", "stateless", "unknown_nationality",
           "programmes_active", "programmes_by_type", "agreements_in_force"]
# Columns of the Trends sheet: header text -> figure.
SHEET_COLUMNS = {"Headcount": "headcount", "FTE": "fte", "Foreign": "foreign",
                 "Foreign share": "foreign_share",
                 "Nationalities": "distinct_primary_nationalities", "Stateless": "stateless",
                 "Unknown nationality": "unknown_nationality",
                 "Programmes active": "programmes_active",
                 "Agreements in force": "agreements_in_force"}
C_NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}

failures = 0
checks = 0


def check(name, want, have, tol=1e-9):
    """Floats compare within tol (None only equals None); anything else compares with ==."""
    global failures, checks
    checks += 1
    if isinstance(want, float) or isinstance(have, float):
        ok = (want is None and have is None) or (
            isinstance(want, (int, float)) and isinstance(have, (int, float))
            and not isinstance(want, bool) and not isinstance(have, bool)
            and abs(want - have) < tol)
    else:
        ok = want == have
    if not ok:
        failures += 1
        print(f"  MISMATCH {name}: expected {want!r}, orbis {have!r}")
    return ok


def run(args, env=None):
    try:
        return subprocess.run([orbis] + args, capture_output=True, text=True, timeout=120,
                              env=env)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(e.cmd, None, e.stdout or "", e.stderr or "")


def check_status(name, want, r):
    """Exit status (a negative one is the signal that killed it), with orbis's output on a
    mismatch."""
    if not check(f"{name}: exit status", want, r.returncode):
        for stream in (r.stdout, r.stderr):
            tail = (stream or "").strip().splitlines()[-8:]
            for line in tail:
                print(f"      | {line}")


# --- the data --------------------------------------------------------------------------------

def rand_date(rng, y0, y1):
    return dt.date(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def special_dates():
    """Period ends and the days around them: the bounds are inclusive."""
    days = []
    for y in range(2011, 2031):
        days += [dt.date(y, 12, 31), dt.date(y + 1, 1, 1), dt.date(y, 12, 30)]
    for y in range(2023, 2026):
        for m, d in [(3, 31), (6, 30), (9, 30)]:
            end = dt.date(y, m, d)
            days += [end, end + dt.timedelta(days=1), end - dt.timedelta(days=1)]
    days += [dt.date(2025, 11, 14), dt.date(2025, 11, 15), dt.date(2025, 11, 16)]
    return days


SPECIAL = special_dates()


def pick_date(rng, y0, y1):
    if rng.random() < 0.08:
        d = rng.choice(SPECIAL)
        if y0 <= d.year <= y1:
            return d
    return rand_date(rng, y0, y1)


def fmt_date(rng, d):
    if d is None:
        return ""
    r = rng.random()
    if r < 0.7:
        return d.isoformat()
    if r < 0.9:
        return d.strftime("%d/%m/%Y")
    return d.strftime("%d.%m.%Y")


def write_data(directory, seed, n_staff, with_invalid):
    """Writes the three files; returns the valid records (as Orbis must read them) and how many
    rows are invalid."""
    rng = random.Random(seed)
    os.makedirs(directory)
    foreign = [c for c in CODES if c != HOST]
    rng.shuffle(foreign)
    weights = [0.82 ** i for i in range(len(foreign))]  # a clear top ten and a few rare ones
    invalid = 0
    staff = []
    accepted_ids = []
    with open(os.path.join(directory, "staff.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "nationality", "unit", "category", "start_date", "end_date", "fte"])
        for n in range(n_staff):
            r = rng.random()
            if r < 0.55:
                nats, written = [HOST], [HOST]
            elif r < 0.93:
                c = rng.choices(foreign, weights)[0]
                nats, written = [c], [c]
            elif r < 0.96:
                nats, written = ["stateless"], [rng.choice(STATELESS)]
            else:
                nats, written = ["unknown"], [rng.choice(UNKNOWN)]
            nationality = written[0]
            if nats[0] not in ("stateless", "unknown") and rng.random() < 0.12:
                second = rng.choice([c for c in CODES if c != nats[0]])
                nats.append(second)
                nationality += rng.choice([";", "/", "|"]) + second
            start = pick_date(rng, 2012, 2026) if rng.random() < 0.85 else None
            end = None
            if rng.random() < 0.45:
                end = pick_date(rng, start.year if start else 2012, 2030)
                if start and end < start:
                    end = start + dt.timedelta(days=rng.randint(0, 2500))
            fte = rng.choice(["1", "1", "0.5", "0.8", "0,75", "0.6", ""])
            unit = rng.choice(["LAPP", "CPPM", "IJCLab", ""])
            cat = rng.choice(["researcher", "engineer", "doctoral", ""])
            row = [f"S{n}", nationality, unit, cat, fmt_date(rng, start), fmt_date(rng, end), fte]
            if with_invalid and rng.random() < 0.004:
                # Invalid, one defect each: Orbis must reject the row, and it is left out here.
                kind = rng.choice(["country", "date", "order", "empty", "duplicate"])
                if kind == "country":
                    row[1] = "Atlantis"
                elif kind == "date":
                    row[4] = "2025-02-30"
                elif kind == "order":
                    s = rand_date(rng, 2014, 2024)
                    row[4], row[5] = s.isoformat(), (s - dt.timedelta(days=10)).isoformat()
                elif kind == "empty":
                    row[1] = ""  # nationality is required: missing_required_field
                elif accepted_ids:
                    row[0] = rng.choice(accepted_ids)
                else:
                    row[1] = "Atlantis"
                w.writerow(row)
                invalid += 1
                continue
            w.writerow(row)
            accepted_ids.append(row[0])
            staff.append(dict(nats=nats, start=start, end=end,
                              fte=float((fte or "1").replace(",", "."))))
    programmes = []
    with open(os.path.join(directory, "programmes.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["id", "type", "acronym", "partner_countries", "unit", "start_date", "end_date"])
        for n in range(200):
            kind = rng.choice(TYPES)
            start = pick_date(rng, 2013, 2028) if rng.random() < 0.9 else None
            end = None
            if rng.random() < 0.85:
                end = pick_date(rng, start.year if start else 2013, 2030)
                if start and end < start:
                    end = start + dt.timedelta(days=rng.randint(0, 2000))
            countries = rng.sample([c for c in CODES if c != HOST], rng.randint(0, 2))
            w.writerow([f"P{n}", kind, f"A{n}", "|".join(countries), rng.choice(["LAPP", ""]),
                        fmt_date(rng, start), fmt_date(rng, end)])
            programmes.append(dict(type=kind, start=start, end=end))
    agreements = []
    with open(os.path.join(directory, "agreements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["partner", "category", "kind", "signed", "end_date"])
        for n in range(50):
            signed = pick_date(rng, 2010, 2030) if rng.random() < 0.85 else None
            end = None
            if rng.random() < 0.5:
                end = pick_date(rng, signed.year if signed else 2012, 2032)
                if signed and end < signed:
                    end = signed + dt.timedelta(days=rng.randint(0, 3000))
            row = [f"Org {n}", rng.choice(["EIROforum", "UN system", "Bilateral", ""]),
                   rng.choice(["Cooperation agreement", "Observer status", ""]),
                   fmt_date(rng, signed), fmt_date(rng, end)]
            if with_invalid and n % 20 == 7:  # end_before_start
                s = rand_date(rng, 2014, 2024)
                row[3], row[4] = s.isoformat(), (s - dt.timedelta(days=1)).isoformat()
                w.writerow(row)
                invalid += 1
                continue
            w.writerow(row)
            agreements.append(dict(start=signed, end=end))
    return dict(staff=staff, programmes=programmes, agreements=agreements, cache={}), invalid


# --- the figures, from the raw records ---------------------------------------------------------

def present(p, day):
    return (p["start"] is None or p["start"] <= day) and (p["end"] is None or day <= p["end"])


def expected(data, day):
    if day in data["cache"]:
        return data["cache"][day]
    here = [p for p in data["staff"] if present(p, day)]
    known = [p for p in here if p["nats"][0] != "unknown"]
    primary = Counter(p["nats"][0] for p in known)
    foreign = sum(1 for p in known if p["nats"][0] != HOST)
    active = Counter(p["type"] for p in data["programmes"] if present(p, day))
    e = {
        "headcount": len(here),
        "fte": round(sum(round(p["fte"] * 10000) for p in here) / 10000, 4),
        "foreign": foreign,
        "foreign_share": foreign / len(known) if known else None,
        "known_nationality": len(known),
        "distinct_primary_nationalities": len([c for c in primary if c != "stateless"]),
        "stateless": primary.get("stateless", 0),
        "unknown_nationality": len(here) - len(known),
        "programmes_active": sum(active.values()),
        "programmes_by_type": [(t, active.get(t, 0)) for t in TYPES],
        "agreements_in_force": sum(1 for a in data["agreements"] if present(a, day)),
        # not a figure of a point: the foreign primary nationalities, for the top ten
        "foreign_by_country": {c: n for c, n in primary.items() if c not in (HOST, "stateless")},
    }
    data["cache"][day] = e
    return e


def point_figures(p):
    """A trends point in the shape of expected()."""
    f = {k: p.get(k) for k in FIGURES if k != "programmes_by_type"}
    f["programmes_by_type"] = [(r.get("code"), r.get("count"))
                               for r in p.get("programmes_by_type") or []]
    return f


def statistics_figures(stats):
    """A report's own statistics in the shape of expected()."""
    s = stats.get("statistics") or {}
    staff, prog, agr = s.get("staff") or {}, s.get("programmes") or {}, s.get("agreements") or {}
    f = {k: staff.get(k) for k in ["headcount", "fte", "foreign", "foreign_share",
                                   "known_nationality", "distinct_primary_nationalities",
                                   "stateless", "unknown_nationality"]}
    f["programmes_active"] = prog.get("active")
    f["programmes_by_type"] = [(r.get("code"), r.get("count")) for r in prog.get("by_type") or []]
    f["agreements_in_force"] = agr.get("in_force")
    return f


def compare_figures(name, want, have):
    for key in FIGURES:
        check(f"{name}: {key}", want[key], have[key], tol=1e-6 if key == "fte" else 1e-9)


def period_points(as_of, period, n):
    """The n period ends strictly before as_of, ascending, then as_of."""
    ends = []
    if period == "year":
        y = as_of.year
        while len(ends) < n:
            if dt.date(y, 12, 31) < as_of:
                ends.append(dt.date(y, 12, 31))
            y -= 1
    else:
        y, q = as_of.year, 4
        while len(ends) < n:
            d = dt.date(y, 3 * q, 30 if q in (2, 3) else 31)
            if d < as_of:
                ends.append(d)
            y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return sorted(ends) + [as_of]


assert [d.isoformat() for d in period_points(dt.date(2025, 12, 31), "year", 10)][::10] == \
    ["2015-12-31", "2025-12-31"]
assert [d.isoformat() for d in period_points(dt.date(2025, 11, 15), "quarter", 8)] == \
    ["2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31",
     "2025-06-30", "2025-09-30", "2025-11-15"]


def name_key(name):
    """English names in order of their characters (Unicode scalars, NFC), as Swift compares
    strings."""
    return unicodedata.normalize("NFC", str(name or ""))


# --- stats.json ----------------------------------------------------------------------------------

def check_trends(label, stats, data, as_of, period, n, published):
    """published: as-of date (ISO) -> stats.json of the reports of this name published before."""
    trends = stats.get("trends")
    if not check(f"{label}: stats.json has a trends object", True, isinstance(trends, dict)):
        return
    check(f"{label}: trends.period", period, trends.get("period"))
    points = trends.get("points") or []
    days = period_points(as_of, period, n)
    if not check(f"{label}: point dates", [d.isoformat() for d in days],
                 [p.get("date") for p in points]):
        return
    own_types = {r.get("code"): r.get("label")
                 for r in ((stats.get("statistics") or {}).get("programmes") or {}).get("by_type")
                 or []}
    for i, (day, p) in enumerate(zip(days, points)):
        iso = day.isoformat()
        have = point_figures(p)
        compare_figures(f"{label} {iso} (source {p.get('source')!r}) vs Python",
                        expected(data, day), have)
        if i < len(points) - 1:
            check(f"{label} {iso}: source", "published" if iso in published else "recomputed",
                  p.get("source"))
        else:  # the report's own figures, computed by this run
            check(f"{label} {iso} (the as-of date): source", "recomputed", p.get("source"))
        if iso in published:
            compare_figures(f"{label} {iso} vs the statistics of the report as of {iso}",
                            statistics_figures(published[iso]), have)
        for r in p.get("programmes_by_type") or []:
            lab = r.get("label")
            check(f"{label} {iso}: label of {r.get('code')}", True,
                  isinstance(lab, str) and lab != "")
            if own_types.get(r.get("code")):
                check(f"{label} {iso}: label of {r.get('code')} as in statistics",
                      own_types[r.get("code")], lab)
    compare_figures(f"{label}: last point vs the report's own statistics",
                    statistics_figures(stats), point_figures(points[-1]))

    # The ten largest foreign nationalities at the last point, counted at every point.
    tops = trends.get("top_foreign_nationalities")
    if not check(f"{label}: top_foreign_nationalities is a list", True, isinstance(tops, list)):
        return
    last = expected(data, days[-1])["foreign_by_country"]
    ranked = sorted(((c, k) for c, k in last.items() if k > 0), key=lambda ck: -ck[1])
    size = min(10, len(ranked))
    codes = [r.get("code") for r in tops]
    check(f"{label}: top foreign nationalities: how many", size, len(tops))
    if size:
        tenth = ranked[size - 1][1]
        above = sorted(c for c, k in ranked if k > tenth)
        tied = {c for c, k in ranked if k == tenth}
        if len(above) + len(tied) == size:  # no tie across the 10th place
            check(f"{label}: top foreign nationalities (codes)",
                  sorted(c for c, _ in ranked[:size]), sorted(codes))
        else:
            check(f"{label}: top foreign nationalities above the 10th count ({tenth})", above,
                  sorted(c for c in codes if c in above))
            check(f"{label}: top foreign nationalities: the others are tied at the 10th count", [],
                  [c for c in codes if c not in above and c not in tied])
    order = sorted(tops, key=lambda r: (-(r.get("counts") or [0])[-1], name_key(r.get("name"))))
    check(f"{label}: top foreign nationalities in order (count at the last point, then name)",
          [r.get("code") for r in order], codes)
    check(f"{label}: top foreign nationalities without host and stateless", [],
          [c for c in codes if c in (HOST, "XXA", "stateless")])
    for r in tops:
        code = r.get("code")
        if code in NAMES:
            check(f"{label}: name of {code}", NAMES[code], r.get("name"))
        check(f"{label}: {code} counts per point",
              [expected(data, d)["foreign_by_country"].get(code, 0) for d in days], r.get("counts"))


# --- the workbook -------------------------------------------------------------------------------

def iso_text(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def column_letter(col):
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def norm_ref(ref):
    return None if ref is None else str(ref).replace("$", "").replace("'", "")


def series_refs(chart):
    """(plot, series, normalised values reference) of every series of a chart, over all its
    plots (a secondary axis is a plot of its own)."""
    out = []
    for plot in getattr(chart, "_charts", None) or [chart]:
        for ser in plot.series:
            ref = ser.val.numRef.f if ser.val is not None and ser.val.numRef is not None else None
            out.append((plot, ser, norm_ref(ref)))
    return out


def axis_format_from_xml(path, ref):
    """The number format of the value axis of the plot holding the series whose values are ref,
    read from the chart parts themselves."""
    with zipfile.ZipFile(path) as z:
        for part in sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)):
            root = ET.fromstring(z.read(part))
            area = root.find(".//c:plotArea", C_NS)
            if area is None:
                continue
            for plot in area:
                for f in plot.findall("c:ser/c:val/c:numRef/c:f", C_NS):
                    if norm_ref(f.text) != ref:
                        continue
                    ids = {a.get("val") for a in plot.findall("c:axId", C_NS)}
                    for ax in area.findall("c:valAx", C_NS):
                        axid = ax.find("c:axId", C_NS)
                        if axid is not None and axid.get("val") in ids:
                            fmt = ax.find("c:numFmt", C_NS)
                            return part, None if fmt is None else fmt.get("formatCode")
    return None, None


def check_workbook(label, path, stats):
    try:
        import openpyxl
    except ImportError:
        print("  openpyxl missing (make deps installs python3-openpyxl)")
        sys.exit(1)
    label = f"{label} workbook"
    wb = openpyxl.load_workbook(path)
    if not check(f"{label}: a sheet named Trends", True, "Trends" in wb.sheetnames):
        return
    ws = wb["Trends"]
    trends = stats.get("trends") if isinstance(stats.get("trends"), dict) else {}
    points = trends.get("points") or []
    tops = trends.get("top_foreign_nationalities") or []
    header = next((r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Date"), None)
    if not check(f"{label}: a header row with Date in column A", True, header is not None):
        return
    cols = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(header, c).value
        if isinstance(v, str) and v.strip() not in cols:
            cols[v.strip()] = c
    wanted = ["Date", "Source"] + list(SHEET_COLUMNS) + TYPES
    if not check(f"{label}: Trends columns missing", [], [h for h in wanted if h not in cols]):
        return
    first, last = header + 1, header + len(points)
    rows = 0
    for r in range(first, ws.max_row + 1):
        v = iso_text(ws.cell(r, 1).value)
        if not (isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)):
            break
        rows += 1
    check(f"{label}: Trends rows below the header", len(points), rows)
    for i, p in enumerate(points):
        r = header + 1 + i
        date = p.get("date")
        cell = lambda h: ws.cell(r, cols[h])  # noqa: E731
        check(f"{label} row {r}: Date", date, iso_text(cell("Date").value))
        src = cell("Source").value
        check(f"{label} row {r} ({date}): Source", str(p.get("source")).lower(),
              src.lower() if isinstance(src, str) else src)
        for h, key in SHEET_COLUMNS.items():
            v = cell(h).value
            if key == "foreign_share" and v == "":
                v = None
            check(f"{label} row {r} ({date}): {h}", p.get(key), v,
                  tol=1e-6 if key == "fte" else 1e-9)
        by_type = {t.get("code"): t.get("count") for t in p.get("programmes_by_type") or []}
        for t in TYPES:
            check(f"{label} row {r} ({date}): {t}", by_type.get(t), cell(t).value)
        share = cell("Foreign share")
        if isinstance(share.value, (int, float)):
            check(f"{label} row {r} ({date}): Foreign share format has %", True,
                  "%" in (share.number_format or ""))

    # The nationality table: its header names the points, ten rows below it.
    nat = next((r for r in range(last + 1, ws.max_row + 1)
                if ws.cell(r, 1).value == "Nationality"), None)
    if check(f"{label}: a row with Nationality in column A below the points", True,
             nat is not None):
        check(f"{label}: nationality table columns are the point dates",
              [p.get("date") for p in points],
              [iso_text(ws.cell(nat, 2 + i).value) for i in range(len(points))])
        for i, t in enumerate(tops):
            r = nat + 1 + i
            check(f"{label} row {r}: nationality name", t.get("name"), ws.cell(r, 1).value)
            check(f"{label} row {r} ({t.get('name')}): counts", t.get("counts"),
                  [ws.cell(r, 2 + j).value for j in range(len(points))])

    # The charts: what their series refer to.
    def ref(h):
        letter = column_letter(cols[h])
        return f"Trends!{letter}{first}:{letter}{last}"

    def share_axis_format(plot):
        """The number format of the value axis the foreign share is drawn against."""
        axis = plot.y_axis
        if axis is not None and axis.numFmt is not None and axis.numFmt.formatCode:
            return "openpyxl", axis.numFmt.formatCode
        return axis_format_from_xml(path, ref("Foreign share"))

    charts = [(chart, series_refs(chart)) for chart in ws._charts]
    for i, (chart, _) in enumerate(charts):
        check(f"{label}: chart {i + 1} is a line chart", "lineChart", chart.tagname)

    def holding(wanted):
        return next((i for i, (_, refs) in enumerate(charts)
                     if wanted & {x for _, _, x in refs}), None)

    types = [ref(t) for t in TYPES]
    h, s, p = holding({ref("Headcount")}), holding({ref("Foreign share")}), holding(set(types))
    check(f"{label}: a chart of the Headcount column ({ref('Headcount')})", True, h is not None)
    check(f"{label}: a chart of the Foreign share column ({ref('Foreign share')})", True,
          s is not None)
    check(f"{label}: a chart of the programme type columns", True, p is not None)
    if h is not None and h == s:
        # One chart with the share on a secondary axis, then the programmes.
        check(f"{label}: charts on the Trends sheet", 2, len(charts))
        check(f"{label}: chart order (headcount and share, programmes)", (0, 1), (h, p))
        refs = charts[h][1]
        head = next(plot for plot, _, x in refs if x == ref("Headcount"))
        share = next(plot for plot, _, x in refs if x == ref("Foreign share"))
        primary_axis = head.y_axis.axId if head.y_axis is not None else None
        secondary_axis = share.y_axis.axId if share.y_axis is not None else None
        check(f"{label}: foreign share on a secondary value axis "
              f"(axis ids {primary_axis} and {secondary_axis})", True,
              share is not head and secondary_axis is not None
              and secondary_axis != primary_axis)
        where, fmt = share_axis_format(share)
        check(f"{label}: secondary axis number format has % ({where}: {fmt!r})", True,
              fmt is not None and "%" in fmt)
    elif h is not None and s is not None:
        # libxlsxwriter 1.1.4 (Debian 12) draws no secondary axis: the share has a chart of its
        # own, with a value axis in per cent.
        print(f"  note: {label}: headcount and foreign share in separate charts "
              "(no secondary axis)")
        check(f"{label}: charts on the Trends sheet (headcount, foreign share, programmes)", 3,
              len(charts))
        share = next(plot for plot, _, x in charts[s][1] if x == ref("Foreign share"))
        where, fmt = share_axis_format(share)
        check(f"{label}: foreign share chart's value axis number format has % ({where}: "
              f"{fmt!r})", True, fmt is not None and "%" in fmt)
    if p is not None:
        check(f"{label}: chart {p + 1} series values, one per programme type", types,
              [x for _, _, x in charts[p][1]])


# --- history -------------------------------------------------------------------------------------

def history_csv(label, config, report, figure=None):
    args = ["history", "--config", config, "--report", report, "--csv"]
    if figure:
        args += ["--figure", figure]
    r = run(args)
    check_status(f"{label}: orbis history{' --figure ' + figure if figure else ''}", 0, r)
    table = list(csv.reader(io.StringIO(r.stdout or "")))
    if not table:
        return [], []
    return table[0], [dict(zip(table[0], row)) for row in table[1:] if row]


def same_instant(a, b):
    def parse(s):
        try:
            return dt.datetime.fromisoformat(str(s).replace("Z", "+00:00")).replace(microsecond=0)
        except ValueError:
            return s
    return parse(a) == parse(b)


def db_reports(label, state):
    """Rows of the report table as dicts, read-only; None when it cannot be read."""
    path = os.path.join(state, "history.sqlite")
    if not check(f"{label}: {path} exists", True, os.path.isfile(path)):
        return None
    try:
        con = sqlite3.connect(f"file:{urllib.request.pathname2url(path)}?mode=ro", uri=True)
        try:
            columns = [r[1] for r in con.execute("PRAGMA table_info(report)")]
            check(f"{label}: history.sqlite report table columns missing", [],
                  [c for c in ["name", "as_of", "generated_at", "directory", "config_sha256",
                               "orbis_version"] if c not in columns])
            cur = con.execute("SELECT * FROM report")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        finally:
            con.close()
    except sqlite3.Error as e:
        check(f"{label}: history.sqlite readable", "readable", f"{type(e).__name__}: {e}")
        return None


def report_dirs(reports, name):
    base = os.path.join(reports, name)
    if not os.path.isdir(base):
        return set()
    return {e for e in os.listdir(base) if not e.startswith(".") and e != "latest"}


# --- one seed ------------------------------------------------------------------------------------

def run_seed(seed, n_staff, with_invalid, tmp):
    label = f"seed {seed}"
    data, invalid = write_data(os.path.join(tmp, "data"), seed, n_staff, with_invalid)
    reports, state = os.path.join(tmp, "reports"), os.path.join(tmp, "state")

    def write_config(path, state_dir):
        with open(path, "w") as f:
            f.write(f'[paths]\ndata = "data"\nreports = "reports"\nstate = "{state_dir}"\n'
                    '[institute]\nhost_country = "FR"\ntime_zone = "Europe/Paris"\n'
                    '\n[[report]]\nname = "annual"\nas_of = "2025-12-31"\n'
                    'trends.period = "year"\ntrends.periods = 10\n'
                    '\n[[report]]\nname = "quarterly"\nas_of = "2025-11-15"\n'
                    'trends.period = "quarter"\ntrends.periods = 8\n')
        return path

    config = write_config(os.path.join(tmp, "orbis.toml"), "state")
    run_status = 1 if invalid else 0

    def publish(name, as_of=None, env=None, status=None):
        args = ["run", "--config", config, "--report", name]
        if as_of:
            args += ["--as-of", as_of]
        r = run(args, env=env)
        check_status(f"{label}: orbis run --report {name}{' --as-of ' + as_of if as_of else ''}",
                     run_status if status is None else status, r)
        latest = os.path.join(reports, name, "latest")
        directory = os.path.realpath(latest)
        try:
            with open(os.path.join(directory, "stats.json")) as f:
                stats = json.load(f)
        except (OSError, ValueError) as e:
            check(f"{label}: {latest}/stats.json readable", "readable", str(e))
            return directory, None
        check(f"{label} {name}: rows rejected", invalid, (stats.get("rejected") or {}).get("total"))
        return directory, stats

    # The quarterly report first: no history yet, every point recomputed.
    qdir, qstats = publish("quarterly")
    if qstats:
        check(f"{label} quarterly: as_of (the report's as_of rule)", "2025-11-15",
              qstats.get("as_of"))
        check_trends(f"{label} quarterly", qstats, data, dt.date(2025, 11, 15), "quarter", 8, {})
        check_workbook(f"{label} quarterly", os.path.join(qdir, "report.xlsx"), qstats)

    # The annual report as of three past year ends, then as of its rule: each sees the earlier
    # ones as published.
    published, directories = {}, {}
    for as_of in ["2022-12-31", "2023-12-31", "2024-12-31", None]:
        day = as_of or "2025-12-31"
        directory, stats = publish("annual", as_of)
        if not stats:
            return
        check(f"{label} annual {day}: as_of", day, stats.get("as_of"))
        check_trends(f"{label} annual as of {day}", stats, data, dt.date.fromisoformat(day),
                     "year", 10, dict(published))
        published[day], directories[day] = stats, directory
    final = published["2025-12-31"]
    check_workbook(f"{label} annual", os.path.join(directories["2025-12-31"], "report.xlsx"), final)

    # orbis history
    header, rows = history_csv(label, config, "annual")
    check(f"{label}: history CSV header has report, as_of, generated_at, headcount", [],
          [c for c in ["report", "as_of", "generated_at", "headcount"] if c not in header])
    check(f"{label}: history CSV rows (as_of)", sorted(published),
          sorted(r.get("as_of") for r in rows))
    for r in rows:
        stats = published.get(r.get("as_of"))
        if stats is None:
            continue
        check(f"{label}: history {r.get('as_of')}: report", "annual", r.get("report"))
        check(f"{label}: history {r.get('as_of')}: generated_at as in stats.json", True,
              same_instant(stats.get("generated_at"), r.get("generated_at")))
        check(f"{label}: history {r.get('as_of')}: headcount",
              str(stats["statistics"]["staff"]["headcount"]), r.get("headcount"))
    header, rows = history_csv(label, config, "annual", "foreign_share")
    check(f"{label}: history --figure header", ["report", "as_of", "generated_at", "value"], header)
    check(f"{label}: history --figure rows (as_of)", sorted(published),
          sorted(r.get("as_of") for r in rows))
    for r in rows:
        stats = published.get(r.get("as_of"))
        if stats is None:
            continue
        want = stats["statistics"]["staff"]["foreign_share"]
        value = r.get("value")
        try:
            have = None if value == "" else float(value)
        except (TypeError, ValueError):
            have = value
        check(f"{label}: history --figure foreign_share {r.get('as_of')}", want, have)

    # The history database itself, read-only.
    rows = db_reports(label, state)
    if rows is not None:
        annual = [r for r in rows if r.get("name") == "annual"]
        check(f"{label}: history.sqlite annual rows (as_of)", sorted(published),
              sorted(str(r.get("as_of")) for r in annual))
        check(f"{label}: history.sqlite quarterly rows", 1,
              sum(1 for r in rows if r.get("name") == "quarterly"))
        for r in annual:
            stats = published.get(str(r.get("as_of")))
            if stats is None:
                continue
            what = f"{label}: history.sqlite annual {r.get('as_of')}"
            check(f"{what}: config_sha256", stats.get("config_sha256"), r.get("config_sha256"))
            check(f"{what}: orbis_version", stats.get("orbis_version"), r.get("orbis_version"))
            check(f"{what}: generated_at as in stats.json", True,
                  same_instant(stats.get("generated_at"), r.get("generated_at")))
            check(f"{what}: directory (name)", os.path.basename(directories[str(r.get("as_of"))]),
                  os.path.basename(str(r.get("directory")).rstrip("/")))

    # A corrupt history database (in a copy of the state directory): nothing is published.
    corrupt_state = os.path.join(tmp, "state-corrupt")
    if not check(f"{label}: state directory {state} exists", True, os.path.isdir(state)):
        return
    shutil.copytree(state, corrupt_state)
    db = os.path.join(corrupt_state, "history.sqlite")
    for extra in ["-wal", "-shm", "-journal"]:
        if os.path.exists(db + extra):
            os.remove(db + extra)
    garbage = random.Random(seed).randbytes(4096)
    with open(db, "wb") as f:
        f.write(garbage)
    corrupt_config = write_config(os.path.join(tmp, "orbis-corrupt.toml"), "state-corrupt")
    before, latest_before = report_dirs(reports, "annual"), os.path.realpath(
        os.path.join(reports, "annual", "latest"))
    r = run(["run", "--config", corrupt_config, "--report", "annual"])
    check_status(f"{label}: orbis run with a corrupt history database", 2, r)
    output = (r.stdout or "") + (r.stderr or "")
    check(f"{label}: the corrupt database named in the output", True,
          db in output or os.path.realpath(db) in output)
    check(f"{label}: no report published with a corrupt database", [],
          sorted(report_dirs(reports, "annual") - before))
    check(f"{label}: latest unchanged with a corrupt database", latest_before,
          os.path.realpath(os.path.join(reports, "annual", "latest")))
    with open(db, "rb") as f:
        check(f"{label}: the corrupt database left as it was", True, f.read() == garbage)
    r = run(["history", "--config", corrupt_config, "--report", "annual", "--csv"])
    check(f"{label}: orbis history with a corrupt database fails", True,
          r.returncode not in (0, None))
    check(f"{label}: orbis history names the corrupt database", True,
          db in (r.stdout or "") + (r.stderr or ""))

    # Killed between the publish and the history write; orbis history repairs it, once.
    before = report_dirs(reports, "annual")
    env = dict(os.environ, ORBIS_FAILPOINT="after_publish")
    directory, stats = publish("annual", "2021-12-31", env=env, status=-9)
    new = sorted(report_dirs(reports, "annual") - before)
    if check(f"{label}: one report directory published before the kill", 1, len(new)):
        check(f"{label}: latest points at the report published before the kill",
              os.path.realpath(os.path.join(reports, "annual", new[0])), directory)
    if stats:
        check(f"{label}: the report published before the kill: as_of", "2021-12-31",
              stats.get("as_of"))
        compare_figures(f"{label} report as of 2021-12-31 vs Python",
                        expected(data, dt.date(2021, 12, 31)), statistics_figures(stats))
        published["2021-12-31"], directories["2021-12-31"] = stats, directory
    for attempt in ["first", "second"]:
        _, rows = history_csv(f"{label} ({attempt} orbis history after the kill)", config, "annual")
        check(f"{label}: {attempt} orbis history after the kill lists 2021-12-31 once", 1,
              sum(1 for r in rows if r.get("as_of") == "2021-12-31"))
        check(f"{label}: {attempt} orbis history after the kill (as_of)", sorted(published),
              sorted(r.get("as_of") for r in rows))
        if stats:
            check(f"{label}: {attempt} orbis history after the kill: 2021-12-31 headcount",
                  [str(stats["statistics"]["staff"]["headcount"])],
                  [r.get("headcount") for r in rows if r.get("as_of") == "2021-12-31"])
    rows = db_reports(f"{label} after the repair", state)
    if rows is not None:
        repaired = [r for r in rows
                    if r.get("name") == "annual" and str(r.get("as_of")) == "2021-12-31"]
        if check(f"{label}: history.sqlite rows for 2021-12-31 after the repair", 1,
                 len(repaired)) and new:
            check(f"{label}: history.sqlite 2021-12-31 directory (name)", new[0],
                  os.path.basename(str(repaired[0].get("directory")).rstrip("/")))

    # The next run counts the repaired report as published.
    directory, stats = publish("annual")
    if stats:
        check_trends(f"{label} annual as of 2025-12-31 after the repair", stats, data,
                     dt.date(2025, 12, 31), "year", 10, {k: v for k, v in published.items()
                                                          if k != "2025-12-31"})


for seed, n_staff, with_invalid in [(1, 3000, False), (2, 3200, True)]:
    before = checks, failures
    with tempfile.TemporaryDirectory() as tmp:
        try:
            run_seed(seed, n_staff, with_invalid, tmp)
        except Exception:  # a shape the checks did not expect: say where, go on with the next seed
            traceback.print_exc()
            check(f"seed {seed}: the checks ran to the end", "no exception", "an exception (above)")
    print(f"seed {seed}, {n_staff} staff{' with invalid rows' if with_invalid else ''}: "
          f"{checks - before[0]} checks, {failures - before[1]} failed")

print(f"check_trends: {checks} checks, {failures} failed")
sys.exit(1 if failures else 0)
