#!/usr/bin/env python3
"""Writes the sample data directory Data/ (run once; the output is committed).

A fictional institute modelled on IN2P3's published figures: about 30% of staff foreign, some
80 nationalities; 22 IEA, 2 IRN, 10 IRP and 5 IRL active programmes; agreements with
organisations as CERN lists them. One roster is an .xlsx file, as offices export from Excel.
Every row is valid, so `make run` (`orbis check`) exits 0.
"""
import csv
import os
import random
import sys

rng = random.Random(2026)
out = sys.argv[1] if len(sys.argv) > 1 else "Data"
os.makedirs(out, exist_ok=True)

FOREIGN = ["IT", "DE", "ES", "CN", "IN", "RU", "US", "GB", "BR", "JP", "Turquie", "Corée du Sud",
           "Vietnam", "Côte d'Ivoire", "MA", "DZ", "TN", "LB", "Iran", "UA", "PL", "BE", "CH",
           "CA", "AR", "MX", "GR", "PT", "RO", "SN", "CM", "CO", "CL", "PK", "EG", "IL", "NL",
           "SE", "AT", "CZ", "Allemagne", "Italie", "Chine", "Inde", "Brésil", "Japon"]
UNITS = ["APC", "CC-IN2P3", "CPPM", "IJCLab", "IP2I", "IPHC", "LAPP", "LPSC", "LPNHE", "Subatech"]
CATS = ["researcher", "engineer", "technician", "doctoral", "postdoc", "administrative"]


def staff_row(n):
    foreign = rng.random() < 0.3
    nat = rng.choice(FOREIGN) if foreign else rng.choice(["FR", "France", "FRA"])
    if foreign and rng.random() < 0.1:
        nat += "|FR"
    if rng.random() < 0.01:
        nat = rng.choice(["apatride", "unknown"])
    sy = rng.randint(2000, 2025)
    start = f"{sy}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    end = ""
    if rng.random() < 0.15:
        end = f"{rng.randint(28, 31)}/12/{rng.randint(sy + 1, 2028)}"
    return [f"E{n:05d}", nat, rng.choice(UNITS), rng.choice(CATS), start, end,
            rng.choice(["1", "1", "1", "0,8", "0.5"]), rng.choice("FM")]


header = ["id", "nationality", "unit", "category", "start_date", "end_date", "fte", "gender"]
with open(os.path.join(out, "staff.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for n in range(1, 401):
        w.writerow(staff_row(n))

# A laboratory's own roster, exported from Excel with French headers.
try:
    import openpyxl
    from datetime import date
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Personnel"
    ws.append(["Matricule", "Nationalité", "Laboratoire", "Statut", "Date début", "Date fin", "ETP"])
    for n in range(1, 81):
        r = staff_row(1000 + n)
        start = date.fromisoformat(r[4])
        ws.append([f"L{n:04d}", r[1], "LAPP", r[3], start, None, float(r[6].replace(",", "."))])
        ws.cell(row=ws.max_row, column=5).number_format = "dd/mm/yyyy"
    wb.save(os.path.join(out, "staff-lapp.xlsx"))
except ImportError:
    print("openpyxl missing: staff-lapp.xlsx not written (apt-get install python3-openpyxl)")

types = ["IEA"] * 22 + ["IRN"] * 2 + ["IRP"] * 10 + ["IRL"] * 5
partners = ["JP", "CN", "US", "CA", "BR", "IN", "VN", "KR", "RU", "DE", "IT", "ES", "ZA", "AR",
            "Chili", "Mexique", "Israel", "Maroc", "Argentina", "Ukraine"]
with open(os.path.join(out, "programmes.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\n")
    w.writerow(["id", "type", "acronyme", "titre", "pays_partenaires", "laboratoire", "date_debut", "date_fin"])
    for n, t in enumerate(types, 1):
        sy = rng.randint(2021, 2026)
        ey = sy + {"IEA": 2, "IRN": 5, "IRP": 5, "IRL": 5}[t]
        pc = "|".join(rng.sample(partners, rng.randint(1, 3)))
        w.writerow([f"{t}-{n:03d}", t, f"{t}{n}", f"Cooperation {n}", pc, rng.choice(UNITS),
                    f"{sy}-01-01", f"{ey}-12-31"])
    # Two programmes that ended, kept for the record.
    w.writerow(["IEA-900", "IEA", "OLD1", "Ended cooperation", "JP", "LAPP", "2018-01-01", "2020-12-31"])
    w.writerow(["IRP-901", "IRP", "OLD2", "Ended project", "US|CA", "CPPM", "2015-01-01", "2019-12-31"])

agreements = [
    ("European Organization for Nuclear Research", "CERN", "EIROforum", "Cooperation agreement", "CH"),
    ("European Southern Observatory", "ESO", "EIROforum", "Memorandum of understanding", "DE"),
    ("European Space Agency", "ESA", "EIROforum", "Cooperation agreement", "FR"),
    ("European Molecular Biology Laboratory", "EMBL", "EIROforum", "Memorandum of understanding", "DE"),
    ("Institut Laue-Langevin", "ILL", "EIROforum", "Cooperation agreement", "FR"),
    ("World Health Organization", "WHO", "UN system", "Memorandum of cooperation", "CH"),
    ("International Atomic Energy Agency", "IAEA", "UN system", "Cooperation agreement", "AT"),
    ("UNESCO", "UNESCO", "UN system", "Observer status", "FR"),
    ("European Commission", "EC", "European Union", "Framework agreement", "BE"),
    ("Joint Institute for Nuclear Research", "JINR", "Bilateral", "Cooperation agreement", "RU"),
]
with open(os.path.join(out, "agreements.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["partner", "acronym", "category", "kind", "signed", "end_date", "country"])
    for i, (p, a, c, k, co) in enumerate(agreements):
        w.writerow([p, a, c, k, f"{2010 + i}-0{1 + i % 9}-15", "", co])
print("wrote", out)
