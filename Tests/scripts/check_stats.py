#!/usr/bin/env python3
"""Independent check of the figures in `stats.json` and of the workbook `orbis run` publishes.

For several seeds it writes a data directory (dual nationals, stateless and unknown
nationalities, people not yet arrived or already gone, part-time staff, expired and future
programmes, agreements not yet signed or ended, and a few invalid rows), computes every figure
from those raw files with the standard library alone — its own CSV reading, date rules,
continent table (UN M49) and largest-remainder rounding — runs `orbis run`, and compares.
It also opens the workbook with openpyxl (sheet names, cells that must equal stats.json) and
converts it with LibreOffice (`--convert-to pdf`) when they are installed (`make deps`).

Usage: check_stats.py PATH/TO/orbis
"""
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

orbis = sys.argv[1]
HOST = "FR"
# UN M49 regions (https://unstats.un.org/unsd/methodology/m49/) of the countries used here.
M49 = {"FR": "150", "DE": "150", "IT": "150", "ES": "150", "PL": "150", "RO": "150", "UA": "150",
       "GB": "150", "CH": "150", "RU": "150", "CZ": "150", "CN": "142", "JP": "142", "IN": "142",
       "VN": "142", "KR": "142", "IL": "142", "TR": "142", "LB": "142", "US": "019", "CA": "019",
       "BR": "019", "AR": "019", "MX": "019", "CL": "019", "SN": "002", "MA": "002", "DZ": "002",
       "CM": "002", "ZA": "002", "AU": "009", "NZ": "009"}
CODES = sorted(M49)
GROUPS = {"EU": ["FR", "DE", "IT", "ES", "PL", "RO", "CZ"], "G7 Asia": ["JP"]}
TYPES = ["IEA", "IRN", "IRP", "IRL"]
UPCOMING = 120
AGREEMENT_ROWS = 40

failures = 0
checks = 0


def check(name, want, have):
    global failures, checks
    checks += 1
    if isinstance(want, float) or isinstance(have, float):
        ok = want is not None and have is not None and abs(want - have) < 1e-9
    else:
        ok = want == have
    if not ok:
        failures += 1
        print(f"  MISMATCH {name}: expected {want!r}, orbis {have!r}")


def largest_remainder(counts, units=1000):
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [c * units // total for c in counts]
    rems = [c * units % total for c in counts]
    order = sorted(range(len(counts)), key=lambda i: (-rems[i], -counts[i], i))
    for i in order[: units - sum(floors)]:
        floors[i] += 1
    return floors


def rand_date(rng, y0, y1):
    return dt.date(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def write_data(directory, seed, n_staff):
    """Writes the files; returns the valid records and how many rows are invalid."""
    rng = random.Random(seed)
    invalid = 0
    os.makedirs(directory)
    staff = []
    with open(os.path.join(directory, "staff.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "nationality", "unit", "category", "start_date", "end_date", "fte"])
        for n in range(n_staff):
            r = rng.random()
            if r < 0.6:
                nats = [HOST]
            elif r < 0.97:
                nats = [rng.choice(CODES)]
            elif r < 0.985:
                nats = ["stateless"]
            else:
                nats = ["unknown"]
            if nats[0] not in ("stateless", "unknown") and rng.random() < 0.1:
                nats.append(rng.choice(CODES))
            start = rand_date(rng, 2000, 2030) if rng.random() < 0.8 else None
            end = None
            if rng.random() < 0.3:
                end = rand_date(rng, (start or dt.date(2000, 1, 1)).year + 1, 2032)
            fte = rng.choice(["1", "0.5", "0.8", "0,75", ""])
            unit = rng.choice(["LAPP", "CPPM", "IJCLab", "APC", ""])
            cat = rng.choice(["researcher", "engineer", "doctoral", ""])
            row = [f"S{n}", "|".join(nats), unit, cat, start.isoformat() if start else "",
                   end.strftime("%d/%m/%Y") if end else "", fte]
            if rng.random() < 0.01:  # invalid: Orbis must reject it, here it is left out
                if rng.random() < 0.5:
                    row[1] = "Atlantis"
                else:
                    row[4] = "2026-02-30"
                w.writerow(row)
                invalid += 1
                continue
            w.writerow(row)
            staff.append(dict(id=row[0], nats=nats, unit=unit or "(not given)",
                              cat=cat or "(not given)", start=start, end=end,
                              fte=float((fte or "1").replace(",", "."))))
    programmes = []
    with open(os.path.join(directory, "programmes.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["id", "type", "acronym", "partner_countries", "unit", "start_date", "end_date"])
        for n in range(n_staff // 20):
            kind = rng.choice(TYPES + ["PHC"])
            countries = rng.sample(CODES, rng.randint(0, 3))
            start = rand_date(rng, 2015, 2028)
            end = rand_date(rng, start.year + 1, 2032) if rng.random() < 0.8 else None
            unit = rng.choice(["LAPP", "CPPM", ""])
            w.writerow([f"P{n}", kind, f"A{n}", "|".join(countries), unit, start.isoformat(),
                        end.isoformat() if end else ""])
            programmes.append(dict(id=f"P{n}", type=kind, countries=countries,
                                   unit=unit or "(not given)", start=start, end=end))
    agreements = []
    with open(os.path.join(directory, "agreements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["partner", "category", "kind", "signed", "end_date"])
        for n in range(AGREEMENT_ROWS):
            cat = rng.choice(["EIROforum", "UN system", "Bilateral", ""])
            kind = rng.choice(["Cooperation agreement", "Observer status", ""])
            signed = rand_date(rng, 2005, 2030) if rng.random() < 0.9 else None
            end = rand_date(rng, 2020, 2032) if rng.random() < 0.3 else None
            w.writerow([f"Org {n}", cat, kind, signed.isoformat() if signed else "",
                        end.isoformat() if end else ""])
            if signed and end and end < signed:  # the contract's end_before_start
                invalid += 1
                continue
            agreements.append(dict(cat=cat or "(not given)", kind=kind or "(not given)",
                                   signed=signed, end=end))
    return staff, programmes, agreements, invalid


def present(p, day):
    return (p["start"] is None or p["start"] <= day) and (p["end"] is None or day <= p["end"])


def expected(staff, programmes, agreements, day):
    here = [p for p in staff if present(p, day)]
    known = [p for p in here if p["nats"][0] != "unknown"]
    primary = Counter(p["nats"][0] for p in known)
    countries = {c: n for c, n in primary.items() if c != "stateless"}
    foreign = sum(1 for p in known if p["nats"][0] != HOST)
    e = {
        "headcount": len(here),
        "fte": round(sum(round(p["fte"] * 10000) for p in here) / 10000, 4),
        "known_nationality": len(known),
        "unknown_nationality": len(here) - len(known),
        "stateless": primary.get("stateless", 0),
        "foreign": foreign,
        "foreign_share": foreign / len(known) if known else None,
        "no_host_nationality": sum(1 for p in known if HOST not in p["nats"]),
        "multiple_nationalities": sum(1 for p in here if len(p["nats"]) > 1),
        "distinct_primary_nationalities": len(countries),
        "distinct_nationalities_held": len({c for p in here for c in p["nats"] if c in M49}),
    }
    rows = sorted(countries.items(), key=lambda kv: -kv[1])  # ties: compared as sets below
    e["nationalities"] = {c: n for c, n in rows}
    if primary.get("stateless"):
        e["nationalities"]["XXA"] = primary["stateless"]
    regions = Counter()
    for c, n in countries.items():
        regions[M49[c]] += n
    if primary.get("stateless"):
        regions["XXA"] = primary["stateless"]
    e["continents"] = dict(regions)
    units = defaultdict(lambda: dict(headcount=0, known=0, foreign=0, countries=set()))
    for p in here:
        u = units[p["unit"]]
        u["headcount"] += 1
        if p["nats"][0] != "unknown":
            u["known"] += 1
            u["foreign"] += p["nats"][0] != HOST
            if p["nats"][0] in M49:
                u["countries"].add(p["nats"][0])
    e["units"] = {k: (v["headcount"], v["known"], v["foreign"], len(v["countries"]))
                  for k, v in units.items()}
    e["categories"] = dict(Counter(p["cat"] for p in here))
    e["groups"] = {g: sum(countries.get(c, 0) for c in set(m)) for g, m in GROUPS.items()}
    active = [p for p in programmes if present(p, day)]
    e["active"] = len(active)
    by_type = Counter(p["type"] for p in active)
    e["by_type"] = [(t, by_type.get(t, 0)) for t in TYPES] + sorted(
        (t, n) for t, n in by_type.items() if t not in TYPES)
    e["by_country"] = dict(Counter(c for p in active for c in set(p["countries"])))
    e["by_continent"] = dict(Counter(r for p in active for r in {M49[c] for c in p["countries"]}))
    e["by_unit"] = dict(Counter(p["unit"] for p in active))
    up = []
    for p in programmes:
        if p["start"] > day and (p["start"] - day).days <= UPCOMING:
            up.append((p["start"].isoformat(), p["id"], "starts"))
        if present(p, day) and p["end"] and (p["end"] - day).days <= UPCOMING:
            up.append((p["end"].isoformat(), p["id"], "ends"))
    e["upcoming"] = sorted(up)
    in_force = [a for a in agreements
                if (a["signed"] is None or a["signed"] <= day) and (a["end"] is None or a["end"] >= day)]
    e["in_force"] = len(in_force)
    e["by_category"] = dict(Counter(a["cat"] for a in in_force))
    e["by_kind"] = dict(Counter(a["kind"] for a in in_force))
    return e


def compare(e, stats):
    s = stats["statistics"]["staff"]
    for key in ["headcount", "fte", "known_nationality", "unknown_nationality", "stateless",
                "foreign", "foreign_share", "no_host_nationality", "multiple_nationalities",
                "distinct_primary_nationalities", "distinct_nationalities_held"]:
        check(key, e[key], s[key])
    check("nationalities", e["nationalities"], {r["code"]: r["count"] for r in s["nationalities"]})
    counts = [r["count"] for r in s["nationalities"]]
    country_counts = [r["count"] for r in s["nationalities"] if r["code"] != "XXA"]
    check("nationalities sorted by count, stateless last", sorted(country_counts, reverse=True)
          + ([e["nationalities"]["XXA"]] if "XXA" in e["nationalities"] else []), counts)
    check("nationality shares shown (largest remainder)", largest_remainder(counts),
          [round(r["shown_share"] * 1000) for r in s["nationalities"]])
    check("nationality exact shares", [c / e["known_nationality"] for c in counts],
          [r["share"] for r in s["nationalities"]])
    check("continents", e["continents"], {r["code"]: r["count"] for r in s["continents"]})
    check("continent shares shown", largest_remainder([r["count"] for r in s["continents"]]),
          [round(r["shown_share"] * 1000) for r in s["continents"]])
    check("units", e["units"], {r["unit"]: (r["headcount"], r["known_nationality"], r["foreign"],
                                            r["nationalities"]) for r in s["units"]})
    check("categories", e["categories"], {r["category"]: r["headcount"] for r in s["categories"]})
    check("country groups", e["groups"], {r["name"]: r["count"] for r in s["country_groups"]})
    p = stats["statistics"]["programmes"]
    check("programmes active", e["active"], p["active"])
    check("by type", e["by_type"], [(r["code"], r["count"]) for r in p["by_type"]])
    check("by country", e["by_country"], {r["code"]: r["count"] for r in p["by_country"]})
    check("by continent", e["by_continent"], {r["key"]: r["count"] for r in p["by_continent"]})
    check("by unit", e["by_unit"], {r["key"]: r["count"] for r in p["by_unit"]})
    check("upcoming", e["upcoming"], sorted((r["date"], r["id"], r["event"]) for r in p["upcoming"]))
    a = stats["statistics"]["agreements"]
    check("agreements in force", e["in_force"], a["in_force"])
    check("by category", e["by_category"], {r["key"]: r["count"] for r in a["by_category"]})
    check("by kind", e["by_kind"], {r["key"]: r["count"] for r in a["by_kind"]})


def check_workbook(path, stats, tmp):
    try:
        import openpyxl
    except ImportError:
        print("  openpyxl missing (make deps installs python3-openpyxl)")
        sys.exit(1)
    wb = openpyxl.load_workbook(path)
    check("sheet names", ["Summary", "Nationalities", "Units", "Programmes", "Programme list",
                          "Agreements", "Changes", "Trends", "Data quality", "Provenance",
                          "Chart data"], wb.sheetnames)
    check("only the chart data is hidden", ["Chart data"],
          [ws.title for ws in wb.worksheets if ws.sheet_state == "hidden"])
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_col=1, max_col=2, values_only=True)
               if r[0] is not None}
    s = stats["statistics"]
    check("workbook headcount", s["staff"]["headcount"], summary.get("Headcount"))
    check("workbook foreign", s["staff"]["foreign"], summary.get("Foreign staff"))
    check("workbook programmes", s["programmes"]["active"], summary.get("All types"))
    check("workbook rejected", stats["rejected"]["total"], summary.get("Rows rejected"))
    nat = wb["Nationalities"]
    first = s["staff"]["nationalities"][0]
    check("workbook first nationality", (first["code"], first["count"], first["shown_share"]),
          (nat["B2"].value, nat["D2"].value, nat["E2"].value))
    check("workbook percent format", "0.0%", nat["E2"].number_format)
    check("workbook rejected rows listed", len(stats["rejected"]["rows"]),
          wb["Data quality"].max_row - 2)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        print("  LibreOffice missing (make deps installs libreoffice-calc-nogui)")
        sys.exit(1)
    run = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                          "--convert-to", "pdf", "--outdir", tmp, path],
                         capture_output=True, text=True, timeout=300)
    pdf = os.path.join(tmp, "report.pdf")
    check("LibreOffice converts the workbook", True,
          run.returncode == 0 and os.path.exists(pdf) and os.path.getsize(pdf) > 1000)


for seed, n, as_of in [(3, 4000, "2026-06-30"), (5, 1500, "2024-01-01"), (8, 800, "2030-12-31")]:
    with tempfile.TemporaryDirectory() as tmp:
        day = dt.date.fromisoformat(as_of)
        staff, programmes, agreements, invalid = write_data(os.path.join(tmp, "data"), seed, n)
        config = os.path.join(tmp, "orbis.toml")
        with open(config, "w") as f:
            f.write('[paths]\ndata = "data"\nreports = "reports"\nstate = "state"\n'
                    '[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n'
                    f'[reports]\nupcoming_days = {UPCOMING}\n[country_groups]\n'
                    + "".join(f'"{g}" = {json.dumps(m)}\n' for g, m in GROUPS.items()))
        run = subprocess.run([orbis, "run", "--config", config, "--as-of", as_of],
                             capture_output=True, text=True)
        check(f"seed {seed}: exit status 1 (published, rows rejected)", 1, run.returncode)
        latest = os.path.join(tmp, "reports", "default", "latest")
        with open(os.path.join(latest, "stats.json")) as f:
            stats = json.load(f)
        before = checks, failures
        check("rows rejected", invalid, stats["rejected"]["total"])
        check("rows read", n + len(programmes) + AGREEMENT_ROWS,
              sum(f["rows_read"] for f in stats["inputs"]))
        compare(expected(staff, programmes, agreements, day), stats)
        if seed == 3:
            check_workbook(os.path.join(latest, "report.xlsx"), stats, tmp)
        print(f"seed {seed}, {n} staff, as of {as_of}: {checks - before[0]} checks, "
              f"{failures - before[1]} failed")

print(f"{checks - failures}/{checks} checks pass")
sys.exit(1 if failures else 0)
