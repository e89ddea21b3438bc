#!/usr/bin/env python3
"""Independent check of the values HR systems write: a seeded roster whose nationalities,
part-time ratios and dates are spelled at random as real exports spell them, then `orbis run`;
Python computes headcount, foreign count, stateless/unknown counts and FTE from its own draws
and they must equal `stats.json`.

The spellings come from the reference Orbis's country table is generated from
(mledoze/countries: codes, names, alternative spellings, English and French demonyms in both
genders), from World Bank names written here, and from separators (`|`, `/`, `;`) between
nationalities. FTE values are fractions in one file, percentages in another (`80`), and
`80 %` in a third; dates are ISO, ISO date-times (with and without zones), DD/MM/YYYY,
DD.MM.YYYY and YYYY/MM/DD.

Usage: check_values.py PATH/TO/orbis
"""
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(ROOT, "Tools", "CountryTableGenerator", "Reference", "mledoze-countries.json")
HOST = "FR"
AS_OF = dt.date(2026, 6, 30)
# World Bank names (data.worldbank.org country names) of some countries.
WORLD_BANK = {
    "KR": "Korea, Rep.", "CD": "Congo, Dem. Rep.", "IR": "Iran, Islamic Rep.", "CZ": "Czech Rep.",
    "LA": "Lao PDR", "EG": "Egypt, Arab Rep.", "VE": "Venezuela, RB", "YE": "Yemen, Rep.",
    "GM": "Gambia, The", "KG": "Kyrgyz Republic", "SK": "Slovak Republic", "NL": "The Netherlands",
    "CG": "Congo, Rep.", "HK": "Hong Kong SAR, China", "LC": "St. Lucia",
}

failures = 0
checks = 0


def check(name, want, have):
    global failures, checks
    checks += 1
    ok = abs(want - have) < 1e-6 if isinstance(want, float) else want == have
    if not ok:
        failures += 1
        print(f"  MISMATCH {name}: Python {want!r}, orbis {have!r}")


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))


def spellings():
    """Country → spellings every reader of the contract must take as that country alone."""
    countries = json.load(open(REFERENCE))
    owners = {}
    by_code = {}
    for c in countries:
        names = [c["cca2"], c["cca3"], c["name"]["common"]]
        for lang in ("eng", "fra"):
            for gender in ("m", "f"):
                demonym = (c.get("demonyms") or {}).get(lang, {}).get(gender)
                if demonym:
                    names.append(demonym)
        by_code[c["cca2"]] = (names, c.get("independent"))
        for n in names:
            owners.setdefault(fold(n), set()).add(c["cca2"])
    table = {}
    for code, (names, independent) in by_code.items():
        usable = []
        for n in names:
            others = owners[fold(n)] - {code}
            # A spelling shared with another country is no one country (the sovereign rule
            # aside, which this check leaves out); "NA"-like values are kept out too.
            if not others and n.upper() not in ("UNK",):
                usable.append(n)
        if code in WORLD_BANK:
            usable.append(WORLD_BANK[code])
        if usable:
            table[code] = usable
    return table


def spell(rng, code, table):
    s = rng.choice(table[code])
    r = rng.random()
    return s.upper() if r < 0.15 else s.lower() if r < 0.3 else s


def date_text(rng, d, zone_shift=False):
    form = rng.randrange(6)
    if form == 0:
        return d.isoformat()
    if form == 1:
        return f"{d.isoformat()}T00:00:00"
    if form == 2:
        return f"{d.isoformat()} 08:15"
    if form == 3:
        return f"{d.day:02}/{d.month:02}/{d.year}"
    if form == 4:
        return f"{d.day}.{d.month}.{d.year}"
    return f"{d.year}/{d.month:02}/{d.day:02}"


def write_roster(folder, seed, n):
    rng = random.Random(seed)
    table = spellings()
    codes = sorted(c for c in table if c != HOST)
    people = []
    files = {"staff-fractions.csv": "fraction", "staff-percent.csv": "percent",
             "staff-signed.csv": "signed"}
    writers = {}
    handles = []
    for name in files:
        f = open(os.path.join(folder, name), "w", newline="", encoding="utf-8")
        handles.append(f)
        w = csv.writer(f, delimiter=";")
        w.writerow(["matricule", "nationalité", "date_debut", "date_fin", "quotité"])
        writers[name] = w
    for i in range(n):
        name = rng.choice(list(files))
        kind = rng.random()
        if kind < 0.03:
            nationality, primary = rng.choice(["apatride", "stateless", "XXA"]), "stateless"
        elif kind < 0.06:
            nationality, primary = rng.choice(["inconnue", "unknown", "N/A", "n/a"]), "unknown"
        else:
            primary = HOST if rng.random() < 0.6 else rng.choice(codes)
            nationality = spell(rng, primary, table)
            if rng.random() < 0.1:
                second = rng.choice(codes)
                nationality += rng.choice(["/", ";", " | "]) + spell(rng, second, table)
        start = AS_OF - dt.timedelta(days=rng.randrange(-200, 4000))
        end = None if rng.random() < 0.7 else start + dt.timedelta(days=rng.randrange(30, 3000))
        # Full time in a fraction file is "1": keep a part-timer in each file so that the
        # percent file has values above 1 only.
        ratio = rng.choice([100, 90, 80, 75, 62.5, 50])
        fte_text = {"fraction": f"{ratio / 100:g}".replace(".", ","),
                    "percent": f"{ratio:g}", "signed": f"{ratio:g} %"}[files[name]]
        writers[name].writerow([f"P{i}", nationality, date_text(rng, start),
                                "" if end is None else date_text(rng, end), fte_text])
        people.append((primary, start, end, ratio / 100))
    for f in handles:
        f.close()
    return people


def expected(people):
    here = [p for p in people if p[1] <= AS_OF and (p[2] is None or p[2] >= AS_OF)]
    return {
        "headcount": len(here),
        "foreign": sum(1 for p in here if p[0] not in (HOST, "unknown")),
        "stateless": sum(1 for p in here if p[0] == "stateless"),
        "unknown_nationality": sum(1 for p in here if p[0] == "unknown"),
        "fte": round(sum(p[3] for p in here), 4),
    }


def main():
    orbis = sys.argv[1]
    for seed, n in [(11, 3000), (29, 1200)]:
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            os.makedirs(data)
            people = write_roster(data, seed, n)
            config = os.path.join(tmp, "orbis.toml")
            with open(config, "w") as f:
                f.write('[paths]\ndata = "data"\nreports = "reports"\nstate = "state"\n'
                        '[institute]\nhost_country = "FR"\ntime_zone = "Europe/Paris"\n')
            run = subprocess.run([orbis, "run", "--config", config, "--as-of", AS_OF.isoformat()],
                                 capture_output=True, text=True)
            before = (checks, failures)
            check(f"seed {seed}: exit status 0 (every row read)", 0, run.returncode)
            if run.returncode not in (0, 1):
                print(run.stdout, run.stderr[-2000:])
                continue
            with open(os.path.join(tmp, "reports", "default", "latest", "stats.json")) as f:
                stats = json.load(f)
            check("rows rejected", 0, stats["rejected"]["total"])
            for row in stats["rejected"]["rows"][:5]:
                print("  rejected:", row["file"], row["line"], row["value"], row["reason"])
            for key, want in expected(people).items():
                have = stats["statistics"]["staff"][key]
                check(key, want, round(have, 4) if isinstance(want, float) else have)
            print(f"seed {seed}, {n} staff: {checks - before[0]} checks, {failures - before[1]} failed")
    print(f"check_values: {checks} checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
