#!/usr/bin/env python3
"""The French sample report does not depend on the process's locale environment.

Publishes the sample report (`Data/`, the `default` report of `Config/orbis.toml`) in French
three times, with LANG and LC_ALL set to C, en_US.UTF-8 and fr_FR.UTF-8 (`make deps`
generates the two locales), and checks that:
- summary.txt and summary.md are byte-identical each time (the generation timestamp aside),
  and write numbers as French does (`3 055`, `30,1 %`);
- stats.json is the same document (generated_at aside), with `"language": "fr"`;
- report.xlsx has the same number cells on every sheet, and no number written with a decimal
  comma anywhere in its XML;
- the English report of the same data differs from the French one in texts only: its number
  cells are identical.

Usage: check_language.py ORBIS
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample_report import Checks, publish  # noqa: E402

LOCALES = ["C", "en_US.UTF-8", "fr_FR.UTF-8"]
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")

check = Checks()


def number_cells(xlsx):
    """{sheet part: {cell: value}} of every cell that is not text, by sheet order."""
    cells = {}
    with zipfile.ZipFile(xlsx) as z:
        for name in sorted(n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)):
            sheet = {}
            for c in ET.fromstring(z.read(name)).iter(f"{S}c"):
                v = c.find(f"{S}v")
                if v is not None and c.get("t") not in ("s", "str", "inlineStr"):
                    sheet[c.get("r")] = v.text
            cells[name] = sheet
    return cells


def available_locales():
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    return {line.strip().lower().replace("utf-8", "utf8") for line in out.splitlines()}


def main():
    orbis = sys.argv[1]
    have = available_locales()
    missing = [l for l in LOCALES if l != "C" and l.lower().replace("utf-8", "utf8") not in have]
    if missing:
        print(f"  locales missing: {', '.join(missing)} (make deps generates them)")
        sys.exit(1)
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for name in LOCALES:
            env = dict(os.environ, LANG=name, LC_ALL=name)
            latest = publish(orbis, "fr", os.path.join(tmp, name), env=env)
            files = {}
            for f in ("summary.txt", "summary.md"):
                with open(os.path.join(latest, f), encoding="utf-8") as h:
                    files[f] = STAMP.sub("<generated>", h.read())
            with open(os.path.join(latest, "stats.json"), encoding="utf-8") as h:
                stats = json.load(h)
            stats.pop("generated_at", None)
            runs[name] = (files, stats, number_cells(os.path.join(latest, "report.xlsx")),
                          os.path.join(latest, "report.xlsx"))
        base_files, base_stats, base_cells, _ = runs["C"]
        check("French summary.txt writes 3 055 and 30,1 %",
              "3\u202f055" in base_files["summary.txt"]
              and "30,1\u00a0%" in base_files["summary.txt"],
              base_files["summary.txt"][:400])
        check("stats.json records the language: fr", base_stats.get("language") == "fr")
        for name in LOCALES[1:]:
            files, stats, cells, _ = runs[name]
            for f in files:
                check(f"{f} with LANG=LC_ALL={name} is byte-identical to LANG=C",
                      files[f] == base_files[f])
            check(f"stats.json with LANG=LC_ALL={name} is the same document", stats == base_stats)
            check(f"report.xlsx number cells with LANG=LC_ALL={name} are identical",
                  cells == base_cells)
        for name, (_, _, cells, xlsx) in runs.items():
            bad = [(part, ref, v) for part, sheet in cells.items() for ref, v in sheet.items()
                   if not NUMBER.fullmatch(v or "")]
            check(f"LANG={name}: every number cell is written with a decimal point", not bad,
                  bad[:5])
        english = publish(orbis, "en", os.path.join(tmp, "en"))
        check("the English report's number cells equal the French report's",
              number_cells(os.path.join(english, "report.xlsx")) == base_cells)
        print(f"{sum(len(s) for s in base_cells.values())} number cells compared per run")
    check.finish("check_language")


main()
