#!/usr/bin/env python3
"""Small-count protection, checked independently of Orbis's code.

For each seed, random staff (thousands of people in hundreds of units, of random sizes, so
that small counts abound) are published by one `orbis run` of a report with `for_each_unit`
and `min_count = K`: every unit's report and the institute's is a random set of linked tables
(nationalities, continents, country groups, units, categories, trend points).

For every report, from its own raw rows (the oracle computed here, not by Orbis):
- every published count of people equals the true count; every suppressed one is `null` in
  stats.json, `< K` (a count from 1 to K - 1) or `x` in the workbook, summary.txt and summary.md;
- no published count of people lies between 1 and K - 1, in any of the four outputs (the
  hidden chart data included);
- no suppressed cell can be derived: the published cells and totals give linear equations
  (a table's cells add up to its total, a continent's nationalities to the continent, a
  group's members to the group, the host country's count to known - foreign); solved exactly
  (fractions), no suppressed cell is determined, and every equation whose total is published
  leaves at least two unknowns worth K or more together. The only exceptions allowed are the
  cells Orbis itself lists in `protection.exposed` (given away by the totals the rule keeps);
- at each trend point, the same for the stateless count and the top nationalities.

Usage: check_protection.py ORBIS [--seeds N] [--units N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample_report import REPO, Checks  # noqa: E402

# UN M49 regions (https://unstats.un.org/unsd/methodology/m49/), written here, not taken from
# Orbis's country table.
REGION = {
    "FR": "150", "DE": "150", "IT": "150", "ES": "150", "BE": "150", "NL": "150", "PT": "150",
    "PL": "150", "SE": "150", "GR": "150", "CH": "150", "GB": "150", "RU": "150", "UA": "150",
    "CN": "142", "JP": "142", "IN": "142", "IR": "142", "TR": "142", "VN": "142", "LB": "142",
    "US": "019", "CA": "019", "BR": "019", "MX": "019", "CL": "019", "AR": "019",
    "DZ": "002", "MA": "002", "TN": "002", "SN": "002", "CM": "002", "NA": "002",
    "AU": "009", "NZ": "009",
}
HOST = "FR"
GROUPS = {
    "EU": ["DE", "IT", "ES", "BE", "NL", "PT", "PL", "SE", "GR", "FR"],
    "G7": ["US", "JP", "DE", "IT", "GB", "CA", "FR"],
}
CATEGORIES = ["researcher", "engineer", "technician", "doctoral", "postdoc", "administrative"]
AS_OF = "2026-06-30"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

check = Checks()


# MARK: data

def generate(rng, units):
    """Staff rows: (id, nationalities list or [] unknown, unit or None, category, start, end)."""
    others = [c for c in REGION if c != HOST]
    weights = [1 / (i + 1) for i in range(len(others))]
    rows = []
    n = 0
    for u in range(units):
        size = rng.choice([rng.randint(3, 12)] * 6 + [rng.randint(13, 40)] * 3
                          + [rng.randint(41, 120)])
        name = f"U{u:04d}"
        for _ in range(size):
            n += 1
            r = rng.random()
            if r < 0.02:
                nats = []
            elif r < 0.03:
                nats = ["XXA"]
            elif r < 0.63:
                nats = [HOST]
            else:
                nats = [rng.choices(others, weights)[0]]
            if nats and nats != ["XXA"] and rng.random() < 0.06:
                second = rng.choice(list(REGION))
                if second not in nats:
                    nats.append(second)
            unit = None if rng.random() < 0.01 else name
            start = f"{rng.randint(2014, 2026)}-{rng.randint(1, 12):02d}-01"
            end = f"{rng.randint(2020, 2028)}-{rng.randint(1, 12):02d}-28" if rng.random() < 0.2 else ""
            if end and end < start:
                start, end = end, start
            rows.append((f"P{n:06d}", nats, unit, rng.choice(CATEGORIES), start, end))
    return rows


def write_inputs(rows, data):
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "staff.csv"), "w", encoding="utf-8") as f:
        f.write("id,nationality,unit,category,start_date,end_date,fte\n")
        for pid, nats, unit, cat, start, end in rows:
            nat = "|".join(nats) if nats else "unknown"
            f.write(f"{pid},{nat},{unit or ''},{cat},{start},{end},1\n")


def write_config(path, k):
    with open(os.path.join(REPO, "Config", "orbis.toml"), encoding="utf-8") as f:
        text = f.read()
    text = text[: text.index("[[report]]")]
    groups = "".join(f'"{g}" = [{", ".join(repr(c).replace(chr(39), chr(34)) for c in m)}]\n'
                     for g, m in GROUPS.items())
    text = re.sub(r"(?ms)^\[country_groups\]\n.*?(?=^\[)", "[country_groups]\n" + groups + "\n",
                  text)
    text += ("[[report]]\nname = \"public\"\nfor_each_unit = true\n"
             f"min_count = {k}\ntrends.period = \"year\"\ntrends.periods = 3\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def present(row, day):
    start, end = row[4], row[5]
    return start <= day and (not end or end >= day)


def oracle(rows, day):
    """The true counts of the rows present on `day`, keyed as the checks name cells."""
    cells = {}

    def add(key, n=1):
        cells[key] = cells.get(key, 0) + n
    for row in rows:
        if not present(row, day):
            continue
        nats, unit, cat = row[1], row[2] or "(not given)", row[3]
        add("headcount")
        add(("unit_h", unit))
        add(("cat", cat))
        if not nats:
            continue
        primary = nats[0]
        add("known")
        add(("unit_k", unit))
        add(("nat", primary))
        add(("cont", "XXA" if primary == "XXA" else REGION[primary]))
        for g, members in GROUPS.items():
            if primary in members:
                add(("group", g))
        if primary != HOST:
            add("foreign")
            add(("unit_f", unit))
        if primary == "XXA":
            add("stateless")
        if len(nats) > 1:
            add("multiple")
        if HOST not in nats:
            add("nohost")
    return cells


# MARK: stats.json

def published(stats):
    """{cell: value or None (suppressed)} of a report's people counts, and its totals."""
    s = stats["statistics"]["staff"]
    cells = {}
    for r in s["nationalities"]:
        cells[("nat", r["code"])] = r["count"]
    for r in s["continents"]:
        cells[("cont", r["code"])] = r["count"]
    for r in s["country_groups"]:
        cells[("group", r["name"])] = r["count"]
    for r in s["units"]:
        cells[("unit_h", r["unit"])] = r["headcount"]
        cells[("unit_k", r["unit"])] = r["known_nationality"]
        cells[("unit_f", r["unit"])] = r["foreign"]
    for r in s["categories"]:
        cells[("cat", r["category"])] = r["headcount"]
    cells["stateless"] = s["stateless"]
    cells["multiple"] = s["multiple_nationalities"]
    cells["nohost"] = s["no_host_nationality"]
    totals = {"headcount": s["headcount"], "known": s["known_nationality"],
              "foreign": s["foreign"]}
    return cells, totals


def equations(cells, totals):
    """(total cell or value, [member cells]) of the additive relations a reader knows."""
    nats = [c for c in cells if c[0] == "nat"]
    eqs = [("known", nats)]
    for c in cells:
        if c[0] == "cont" and c[1] != "XXA":
            eqs.append((c, [n for n in nats if n[1] != "XXA" and REGION[n[1]] == c[1]]))
    eqs.append(("known", [c for c in cells if c[0] == "cont"]))
    for c in cells:
        if c[0] == "group":
            eqs.append((c, [n for n in nats if n[1] in GROUPS[c[1]]]))
    if ("nat", HOST) in cells:
        eqs.append(("known", ["foreign", ("nat", HOST)]))
    eqs.append(("headcount", [c for c in cells if c[0] == "unit_h"]))
    eqs.append(("known", [c for c in cells if c[0] == "unit_k"]))
    eqs.append(("foreign", [c for c in cells if c[0] == "unit_f"]))
    eqs.append(("headcount", [c for c in cells if c[0] == "cat"]))
    # The stateless row, its continent row and the key figure are one count.
    if ("nat", "XXA") in cells:
        eqs.append((("cont", "XXA"), [("nat", "XXA")]))
        eqs.append(("stateless", [("nat", "XXA")]))
    return [(t, [m for m in ms]) for t, ms in eqs if ms]


def determined(unknowns, rows):
    """The unknowns a system of rows ({unknown: coefficient}) determines: exact elimination."""
    index = {u: i for i, u in enumerate(unknowns)}
    matrix = []
    for row in rows:
        v = [Fraction(0)] * len(unknowns)
        for u, coefficient in row.items():
            v[index[u]] += coefficient
        if any(v):
            matrix.append(v)
    pivots = []
    r = 0
    for c in range(len(unknowns)):
        p = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if p is None:
            continue
        matrix[r], matrix[p] = matrix[p], matrix[r]
        pv = matrix[r][c]
        matrix[r] = [x / pv for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                f = matrix[i][c]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r])]
        pivots.append(c)
        r += 1
    found = set()
    for row in matrix[:r]:
        nonzero = [i for i, x in enumerate(row) if x != 0]
        if len(nonzero) == 1:
            found.add(unknowns[nonzero[0]])
    return found


def check_across(label, institute, units, rows, k, tally):
    """The institute's counts against the units' own reports: a count of the institute less
    the units' shown counts must not give away a unit's suppressed one."""
    cells, _ = published(institute)
    exposed = exposed_names(institute)
    unit_cells = {u: published(s)[0] for u, s in units.items()}
    unit_totals = {u: published(s)[1] for u, s in units.items()}
    # Staff no unit report shows (small units, no unit): unknown to a reader when any.
    rest = sum(1 for r in rows if present(r, AS_OF) and (r[2] or "(not given)") not in units)
    for cell, value in cells.items():
        if value is None or cell[0] in ("unit_h", "unit_k", "unit_f"):
            continue
        parts = [unit_cells[u].get(cell, 0) for u in units]
        hidden = sum(1 for v in parts if v is None)
        if not hidden:
            continue
        left = value - sum(v for v in parts if v is not None)
        count = hidden + (1 if rest else 0)
        ok = count >= 2 and left >= k
        if not ok:
            tally["exposed" if cell_name(cell, institute) in exposed else "revealed"] += 1
        check(f"{label}: {cell} less the units' shown counts ({hidden} suppressed, {left} left)",
              ok or cell_name(cell, institute) in exposed, "gives a unit's count away")
    # A unit's row in the institute's Units table shows no more than its own report.
    for r in institute["statistics"]["staff"]["units"]:
        if r["unit"] in units:
            own = unit_totals[r["unit"]]
            check(f"{label}: unit {r['unit']} foreign as in its report",
                  r["foreign"] is None or own["foreign"] is not None)


def exposed_names(stats):
    names = set()
    for text in (stats.get("protection") or {}).get("exposed") or []:
        names.add(text)
    return names


def cell_name(cell, stats):
    """How Orbis's protection.exposed names a cell."""
    s = stats["statistics"]["staff"]
    kind = cell if isinstance(cell, str) else cell[0]
    if cell in ("stateless", ("cont", "XXA")):
        return "nationalities: XXA"
    if kind == "nat":
        return f"nationalities: {cell[1]}"
    if kind == "cont":
        name = next(r["name"] for r in s["continents"] if r["code"] == cell[1])
        return f"continents: {name}"
    if kind == "group":
        return f"country groups: {cell[1]}"
    if kind in ("unit_h", "unit_k", "unit_f"):
        what = {"unit_h": "headcount", "unit_k": "known nationality", "unit_f": "foreign"}[kind]
        return f"units: {cell[1]} ({what})"
    if kind == "cat":
        return f"categories: {cell[1]}"
    return {"multiple": "more than one nationality",
            "nohost": "not holding the host country's nationality"}.get(kind, kind)


def check_stats(label, stats, truth, k, tally, own_reports=None):
    cells, totals = published(stats)
    for name, value in totals.items():
        if value is None:
            # Only the foreign total is ever suppressed, and only when it is below K itself.
            check(f"{label}: total {name} suppressed", name == "foreign" and 1 <= truth.get(name, 0) < k)
            continue
        check(f"{label}: total {name}", value == truth.get(name, 0), f"{value} != {truth.get(name, 0)}")
        check(f"{label}: foreign total not between 1 and {k - 1}",
              name != "foreign" or not 1 <= value < k, f"{value}")
    for cell, value in cells.items():
        true = truth.get(cell, 0)
        if value is None:
            tally["suppressed"] += 1
            check(f"{label}: {cell} suppressed has a true value", true >= 0)
        else:
            check(f"{label}: {cell} = {true}", value == true, f"published {value}")
            # A unit's headcount and known-nationality count are the totals of its own report
            # (which the rule keeps) when it has one.
            kept = cell[0] in ("unit_h", "unit_k") and cell[1] in (own_reports or ())
            check(f"{label}: {cell} not between 1 and {k - 1}", kept or not 1 <= value < k,
                  f"{value}")
    # Solve for the suppressed cells from what is published.
    known = {n: v for n, v in totals.items() if v is not None}
    known.update({c: v for c, v in cells.items() if v is not None})
    unknown = [c for c, v in cells.items() if v is None] + [n for n, v in totals.items() if v is None]
    rows = []
    exposed = exposed_names(stats)
    for total, members in equations(cells, totals):
        row = {}
        for m in members:
            if m in unknown:
                row[m] = row.get(m, 0) + 1
        if total in unknown:
            row[total] = row.get(total, 0) - 1
        if row:
            rows.append(row)
        if total in unknown or not any(m in unknown for m in members):
            continue
        left = known[total] - sum(known[m] for m in members if m not in unknown)
        hidden = [m for m in members if m in unknown]
        if len(hidden) < 2 or left < k:
            allowed = all(cell_name(m, stats) in exposed for m in hidden)
            tally["exposed" if allowed else "revealed"] += 1
            check(f"{label}: {total} = sum of {len(members)}: {len(hidden)} unknowns worth {left}",
                  allowed, "reveals a suppressed count")
    for cell in determined(unknown, rows) if unknown else []:
        allowed = cell_name(cell, stats) in exposed
        check(f"{label}: {cell} cannot be solved for", allowed, "the published cells determine it")
    # Trend points: the stateless count and the top nationalities, within the foreign total.
    trends = stats.get("trends")
    if trends:
        for i, point in enumerate(trends["points"]):
            values = [point["stateless"]] + [s["counts"][i] for s in trends["top_foreign_nationalities"]]
            for v in values:
                check(f"{label}: trend {point['date']} value not between 1 and {k - 1}",
                      v is None or not 1 <= v < k, f"{v}")
            check(f"{label}: trend {point['date']} foreign not between 1 and {k - 1}",
                  point["foreign"] is None or not 1 <= point["foreign"] < k)
            if point["foreign"] is not None and any(v is None for v in values):
                left = point["foreign"] - sum(v for v in values if v is not None)
                check(f"{label}: trend {point['date']}: suppressed sum {left} >= {k}", left >= k)
        last = trends["points"][-1]
        for series in trends["top_foreign_nationalities"]:
            check(f"{label}: trend series {series['code']} agrees with the table",
                  series["counts"][-1] == cells.get(("nat", series["code"])))
        check(f"{label}: trend stateless agrees", last["stateless"] == cells["stateless"])
        check(f"{label}: trend foreign agrees", last["foreign"] == totals["foreign"])


# MARK: the workbook and the summaries

def workbook(path):
    """{sheet name: {(row, column): value}} with numbers as floats and text as str."""
    with zipfile.ZipFile(path) as z:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{S}t"))
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{S}si")
        ] if "xl/sharedStrings.xml" in z.namelist() else []
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(
            z.read("xl/_rels/workbook.xml.rels"))}
        sheets = {}
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter(f"{S}sheet"):
            part = "xl/" + rels[sheet.get(f"{R}id")].lstrip("/").removeprefix("xl/")
            cells = {}
            for c in ET.fromstring(z.read(part)).iter(f"{S}c"):
                m = re.match(r"([A-Z]+)(\d+)", c.get("r"))
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                v = c.find(f"{S}v")
                if v is None:
                    continue
                value = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
                cells[(int(m.group(2)) - 1, col - 1)] = value
            sheets[sheet.get("name")] = cells
        return sheets


def shown(value, stats_value, k):
    """Whether a workbook or summary cell shows a stats.json value faithfully."""
    if stats_value is None:
        return value in (f"< {k}", "x")
    return isinstance(value, float) and value == stats_value or value == stats_value


def check_workbook(label, path, stats, k):
    book = workbook(path)
    s = stats["statistics"]["staff"]
    sheet = book["Nationalities"]
    for i, row in enumerate(s["nationalities"]):
        check(f"{label}: xlsx nationality {row['code']}",
              sheet.get((i + 1, 1)) == row["code"] and shown(sheet.get((i + 1, 3)), row["count"], k),
              f"{sheet.get((i + 1, 1))} {sheet.get((i + 1, 3))} vs {row['count']}")
    for i, row in enumerate(s["continents"]):
        check(f"{label}: xlsx continent {row['code']}",
              sheet.get((i + 2, 7)) == row["code"] and shown(sheet.get((i + 2, 8)), row["count"], k))
    units = book["Units"]
    for i, row in enumerate(s["units"]):
        for col, key in ((1, "headcount"), (3, "known_nationality"), (4, "foreign")):
            check(f"{label}: xlsx unit {row['unit']} {key}",
                  shown(units.get((i + 1, col)), row[key], k), f"{units.get((i + 1, col))}")
    summary = book["Summary"]
    for i, row in enumerate(s["categories"]):
        check(f"{label}: xlsx category {row['category']}",
              shown(summary.get((i + 4, 5)), row["headcount"], k), f"{summary.get((i + 4, 5))}")
    for i, row in enumerate(s["country_groups"]):
        check(f"{label}: xlsx group {row['name']}",
              shown(summary.get((i + 4, 10)), row["count"], k), f"{summary.get((i + 4, 10))}")
    # The charts' data: counts only, none small.
    for (r, c), v in book["Chart data"].items():
        if isinstance(v, float) and c in (1, 4):
            check(f"{label}: chart bar not between 1 and {k - 1}", not 1 <= v < k, f"{v}")
    trends = stats.get("trends")
    if trends:
        sheet = book["Trends"]
        header = next(r for (r, c), v in sheet.items() if c == 0 and v == "Nationality")
        for j, series in enumerate(trends["top_foreign_nationalities"]):
            for i, count in enumerate(series["counts"]):
                check(f"{label}: xlsx trend {series['code']} point {i}",
                      shown(sheet.get((header + 1 + j, 1 + i)), count, k))


def table_rows(text, title, markdown):
    """The rows of a summary's table under `title`, as lists of cells."""
    lines = text.splitlines()
    try:
        at = lines.index(f"## {title}" if markdown else title)
    except ValueError:
        return []
    rows = []
    for line in lines[at + 2:]:
        if line.startswith("#") or (not markdown and line and not line.startswith(" ")):
            break
        if markdown:
            if not line.startswith("|") or set(line) <= set("|-: "):
                continue
            # Markdown escapes `<` as `\<`.
            rows.append([c.strip().replace("\\", "") for c in line.strip("|").split("|")])
        elif line.strip():
            rows.append(re.split(r"\s{2,}", line.strip()))
    return rows[1:]


def check_summary(label, path, stats, k, markdown):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    s = stats["statistics"]["staff"]
    kind = "md" if markdown else "txt"

    def as_value(cell):
        return cell if cell in (f"< {k}", "x") else int(cell.replace(",", ""))
    rows = table_rows(text, "Nationalities (primary)", markdown)
    for row, data in zip(rows, s["nationalities"]):
        check(f"{label}: {kind} nationality {data['code']}",
              row[1] == data["code"] and shown(as_value(row[3]), data["count"], k), f"{row}")
    rows = table_rows(text, "Units", markdown)
    for row, data in zip(rows, s["units"]):
        check(f"{label}: {kind} unit {data['unit']}",
              shown(as_value(row[1]), data["headcount"], k)
              and shown(as_value(row[3]), data["foreign"], k), f"{row}")
    rows = table_rows(text, "Categories", markdown)
    for row, data in zip(rows, s["categories"]):
        check(f"{label}: {kind} category {data['category']}",
              shown(as_value(row[1]), data["headcount"], k), f"{row}")
    # Any count a people table shows: none from 1 to K - 1.
    for title, column in (("Nationalities (primary)", 3), ("Continents (UN M49 regions)", 1),
                          ("Units", 1), ("Units", 3), ("Categories", 1), ("Country groups", 1)):
        for row in table_rows(text, title, markdown):
            if len(row) > column and re.fullmatch(r"[\d,]+", row[column]):
                v = int(row[column].replace(",", ""))
                check(f"{label}: {kind} {title} {row[0]} not between 1 and {k - 1}",
                      not 1 <= v < k, f"{v}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("orbis")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--units", type=int, default=250)
    args = parser.parse_args()
    tally = {"reports": 0, "suppressed": 0, "exposed": 0, "revealed": 0}
    for seed in range(args.seeds):
        k = (3, 5, 10)[seed % 3]
        rng = random.Random(seed)
        rows = generate(rng, args.units)
        with tempfile.TemporaryDirectory() as tmp:
            write_inputs(rows, os.path.join(tmp, "data"))
            config = os.path.join(tmp, "orbis.toml")
            write_config(config, k)
            out = os.path.join(tmp, "reports")
            run = subprocess.run(
                [args.orbis, "run", "--config", config, "--data", os.path.join(tmp, "data"),
                 "--out", out, "--report", "public", "--as-of", AS_OF],
                capture_output=True, text=True, timeout=900)
            if run.returncode not in (0, 1):
                raise SystemExit(f"orbis run failed ({run.returncode}):\n{run.stderr[-3000:]}")
            base = os.path.join(out, "public")
            unit_stats = {}
            folders = [("institute", base)] + [
                (name, os.path.join(base, name)) for name in sorted(os.listdir(base))
                if re.fullmatch(r"U\d{4}", name)]
            for name, folder in folders:
                latest = os.path.join(folder, "latest")
                with open(os.path.join(latest, "stats.json"), encoding="utf-8") as f:
                    stats = json.load(f)
                scope = [r for r in rows if name == "institute" or r[2] == name]
                label = f"seed {seed} K={k} {name}"
                check_stats(label, stats, oracle(scope, AS_OF), k, tally,
                            own_reports=[n for n, _ in folders[1:]])
                check_workbook(label, os.path.join(latest, "report.xlsx"), stats, k)
                check_summary(label, os.path.join(latest, "summary.txt"), stats, k, False)
                check_summary(label, os.path.join(latest, "summary.md"), stats, k, True)
                tally["reports"] += 1
                if name == "institute":
                    institute = stats
                else:
                    unit_stats[name] = stats
            check_across(f"seed {seed} K={k} institute", institute, unit_stats, rows, k, tally)
            present_units = {r[2] for r in rows if r[2] and present(r, AS_OF)}
            sizes = {u: sum(1 for r in rows if r[2] == u and present(r, AS_OF)) for u in present_units}
            expected = sorted(u for u, n in sizes.items() if n >= k)
            check(f"seed {seed}: one report per unit of {k} staff or more",
                  [n for n, _ in folders[1:]] == expected,
                  f"{len(folders) - 1} folders, {len(expected)} expected")
    print(f"check_protection: {tally['reports']} reports, {tally['suppressed']} suppressed cells, "
          f"{tally['exposed']} given away by the kept totals (listed by Orbis), "
          f"{tally['revealed']} revealed")
    check.finish("check_protection")


if __name__ == "__main__":
    main()
