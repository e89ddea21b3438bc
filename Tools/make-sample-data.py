#!/usr/bin/env python3
"""Writes the sample data directory Data/ (run once; the output is committed; see Data/README.md).

A synthetic roster modelled on IN2P3's published figures (about 3,000 staff of more than 80
nationalities, about 30% foreign, in real IN2P3 laboratories); the international programmes
IN2P3 lists (22 IEA, 2 IRN, 10 IRP, 5 IRL); and agreements with organisations as CERN lists
its own. Start dates are in the past and end dates open or distant, so the counts hold for
years whatever day `make run` is run on. Every row is valid. Needs openpyxl for the .xlsx
roster (Debian: /usr/bin/python3 with python3-openpyxl).
"""
import csv
import os
import random
import sys
from datetime import date

import openpyxl

rng = random.Random(2026)
out = sys.argv[1] if len(sys.argv) > 1 else "Data"
os.makedirs(out, exist_ok=True)

# Real IN2P3 laboratories and platforms, with illustrative sizes (3,055 people).
UNITS = {"IJCLab": 620, "IPHC": 290, "GANIL": 250, "LAPP": 230, "APC": 230, "CPPM": 200,
         "LPSC": 190, "LPNHE": 180, "IP2I": 170, "Subatech": 160, "LP2I Bordeaux": 120,
         "LLR": 110, "LPCA": 110, "CC-IN2P3": 85, "LPC Caen": 80, "L2IT": 30}
PRESENT = sum(UNITS.values())
FOREIGN_SHARE = 0.30
# 88 foreign nationalities, most frequent first; spellings as offices write them (codes,
# English and French names).
FOREIGN = ("IT DE ES CN IN RU US GB BR JP Turquie KR VN CI MA DZ TN LB IR UA PL BE CH CA AR "
           "MX GR PT RO SN CM CO CL PK EG IL NL SE AT CZ HU SK SI HR RS BG FI DK NO IE LT LV "
           "EE LU IS AL MK BA GE AM AZ KZ BY MD TH MY ID PH BD NP LK TW SG AU NZ ZA NG GH "
           "BJ BF ML MG CD CG GA TG PE VE EC UY CU").split()
FRENCH_NAMES = {"DE": "Allemagne", "IT": "Italie", "CN": "Chine", "JP": "Japon", "BR": "Brésil",
                "KR": "Corée du Sud", "ES": "Espagne"}
CATS = [("researcher", 30), ("engineer", 25), ("technician", 15), ("doctoral", 12),
        ("postdoc", 8), ("administrative", 10)]


def spelled(code):
    if code in FRENCH_NAMES and rng.random() < 0.2:
        return FRENCH_NAMES[code]
    return code


def staff_members():
    """PRESENT people present (open end date), exactly 30% with a foreign primary nationality,
    every foreign nationality at least twice; plus people who have left."""
    foreign_count = round(PRESENT * FOREIGN_SHARE)
    weights = [1 / (i + 1) ** 0.9 for i in range(len(FOREIGN))]
    foreign = [c for c in FOREIGN for _ in range(2)]
    foreign += rng.choices(FOREIGN, weights, k=foreign_count - len(foreign) - 6)
    foreign += ["stateless"] * 3 + ["apatride"] * 3
    nats = foreign + ["FR"] * (PRESENT - foreign_count - 8) + ["unknown"] * 8
    rng.shuffle(nats)
    units = [u for u, n in UNITS.items() for _ in range(n)]
    rng.shuffle(units)
    people = []
    for n, (nat, unit) in enumerate(zip(nats, units), 1):
        if nat == "FR":
            value = rng.choice(["FR", "FR", "France", "FRA"])
            if rng.random() < 0.02:
                value += "|" + rng.choice(FOREIGN)
        elif nat in ("stateless", "apatride", "unknown"):
            value = nat
        else:
            value = spelled(nat)
            if rng.random() < 0.08:
                value += "|FR"
        start = date(rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28))
        people.append((f"E{n:05d}", value, unit, start, None))
    # People who have left: never counted.
    for n in range(1, 241):
        start = date(rng.randint(2005, 2018), rng.randint(1, 12), rng.randint(1, 28))
        end = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        nat = spelled(rng.choice(FOREIGN)) if rng.random() < 0.4 else "FR"
        people.append((f"X{n:05d}", nat, rng.choice(list(UNITS)), start, end))
    return people


def category():
    return rng.choices([c for c, _ in CATS], [w for _, w in CATS])[0]


def fte():
    return rng.choice(["1", "1", "1", "1", "0.8", "0,9", "0.5"])


people = staff_members()
header = ["id", "nationality", "unit", "category", "start_date", "end_date", "fte", "gender"]
with open(os.path.join(out, "staff.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for pid, nat, unit, start, end in people:
        if unit == "LAPP":
            continue
        w.writerow([pid, nat, unit, category(), start.isoformat(),
                    end.strftime("%d/%m/%Y") if end else "", fte(), rng.choice("FM")])

# LAPP's own roster, exported from Excel with French headers and real dates.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Personnel"
ws.append(["Matricule", "Nationalité", "Laboratoire", "Statut", "Date début", "Date fin", "ETP"])
for pid, nat, unit, start, end in people:
    if unit != "LAPP":
        continue
    ws.append([pid, nat, unit, category(), start, end, float(fte().replace(",", "."))])
    ws.cell(row=ws.max_row, column=5).number_format = "dd/mm/yyyy"
    if end:
        ws.cell(row=ws.max_row, column=6).number_format = "dd/mm/yyyy"
wb.save(os.path.join(out, "staff-lapp.xlsx"))

# IN2P3's international programmes. IRN, IRP and IRL names and partner countries as IN2P3
# lists them; the 22 IEA titles are illustrative (IN2P3 does not publish them as a list).
IRN = [("TERASCALE", "Physics at the Terascale", "DE"),
       ("EUREA", "European Research Network on Astroparticle physics", "DE|IT|ES|NL")]
IRP = [("ALFA-AC", "Astroparticle physics with Argentina", "AR"),
       ("Subatomic Physics Brazil", "Subatomic physics with Brazil", "BR"),
       ("COLL-AGAIN", "Nuclear collisions and nuclear structure", "IT"),
       ("NuAG", "Nuclear astrophysics and gamma spectroscopy", "Czech Republic"),
       ("COPIGAL", "Nuclear physics with Polish laboratories", "PL"),
       ("COSMA", "Nuclear physics and astroparticles with Romania", "RO"),
       ("IDEATE", "Detectors and accelerators with Ukraine", "UA"),
       ("JOULE", "Physics at JINR", "RU"),
       ("FI-NS", "Nuclear structure with India", "IN"),
       ("NuPIC", "Nuclear physics with RIKEN and Japanese universities", "JP")]
IRL = [("Centre Pierre Binetruy", "Cosmology and astroparticle physics", "US"),
       ("FCPPL", "France China Particle Physics Laboratory", "CN"),
       ("FKPPL", "France Korea Particle Physics Laboratory", "KR"),
       ("Kavli-IPMU", "Physics and mathematics of the Universe", "JP"),
       ("TYL-FJPPL", "Toshiko Yuasa France Japan Particle Physics Laboratory", "JP")]
IEA_TOPICS = [("Neutrino mass", "CA"), ("Dark matter detectors", "IT"), ("Gravitational waves", "US"),
              ("Heavy-ion collisions", "CH"), ("Exotic nuclei", "Vietnam"), ("Cosmic rays", "AR"),
              ("Hadron therapy", "DE"), ("Accelerator physics", "CN"), ("Grid computing", "TW"),
              ("Nuclear data", "BE"), ("Radiochemistry", "MA"), ("Neutrino telescopes", "ZA"),
              ("Lattice QCD", "JP"), ("Gamma-ray astronomy", "NA"), ("Muon physics", "GB"),
              ("Silicon detectors", "IL"), ("Nuclear astrophysics", "MX"), ("Machine learning", "SN"),
              ("Radio detection", "CL"), ("Isotope production", "BR"), ("Fission studies", "EG"),
              ("Space instrumentation", "KR")]
IEA = [(f"{topic.split()[0][:4].upper()}-{code[:2].upper()}", f"{topic} (illustrative)", code)
       for topic, code in IEA_TOPICS]
with open(os.path.join(out, "programmes.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\n")
    w.writerow(["id", "type", "acronyme", "titre", "pays_partenaires", "laboratoire", "date_debut",
                "date_fin"])
    n = 0
    for kind, items, end in [("IEA", IEA, "2040-12-31"), ("IRN", IRN, ""), ("IRP", IRP, "2045-12-31"),
                             ("IRL", IRL, "")]:
        for acronym, title, countries in items:
            n += 1
            start = f"{rng.randint(2018, 2025)}-01-01"
            w.writerow([f"{kind}-{n:03d}", kind, acronym, title, countries, rng.choice(list(UNITS)),
                        start, end])
    # Programmes that ended: listed, never counted.
    w.writerow(["IEA-900", "IEA", "OLD1", "Ended cooperation", "JP", "LAPP", "2016-01-01", "2019-12-31"])
    w.writerow(["IRP-901", "IRP", "OLD2", "Ended project", "US|CA", "CPPM", "2014-01-01", "2018-12-31"])

# Agreements with organisations, as CERN lists its own relations; signature dates illustrative
# except the observer status at the UN General Assembly (14 December 2012).
AGREEMENTS = [
    *[(p, a, "EIROforum", "EIROforum membership", s, c) for p, a, s, c in [
        ("European Organization for Nuclear Research", "CERN", "2002-11-12", "CH"),
        ("European Space Agency", "ESA", "2002-11-12", "FR"),
        ("European Southern Observatory", "ESO", "2002-11-12", "DE"),
        ("European Molecular Biology Laboratory", "EMBL", "2002-11-12", "DE"),
        ("European Synchrotron Radiation Facility", "ESRF", "2002-11-12", "FR"),
        ("EUROfusion", "EUROfusion", "2014-10-09", "DE"),
        ("European X-Ray Free-Electron Laser Facility", "European XFEL", "2011-06-01", "DE"),
        ("Institut Laue-Langevin", "ILL", "2002-11-12", "FR")]],
    *[(p, a, "Bilateral", "Cooperation agreement", s, c) for p, a, s, c in [
        ("ITER Organization", "ITER", "2008-12-05", "FR"),
        ("European Space Agency", "ESA", "2017-03-29", "FR"),
        ("European Southern Observatory", "ESO", "2015-03-03", "DE"),
        ("International Renewable Energy Agency", "IRENA", "2016-01-16", "AE"),
        ("Abdus Salam International Centre for Theoretical Physics", "ICTP", "2012-05-24", "IT")]],
    ("Synchrotron-light for Experimental Science and Applications in the Middle East", "SESAME",
     "Bilateral", "Partnership", "2004-01-01", "JO"),
    *[(p, a, "UN system", "Cooperation agreement", s, c) for p, a, s, c in [
        ("United Nations Educational, Scientific and Cultural Organization", "UNESCO", "2013-06-13", "FR"),
        ("United Nations Institute for Training and Research (UNOSAT)", "UNITAR/UNOSAT", "2002-01-01", "CH"),
        ("International Telecommunication Union", "ITU", "2014-01-15", "CH"),
        ("World Intellectual Property Organization", "WIPO", "2010-10-07", "CH"),
        ("World Meteorological Organization", "WMO", "2017-03-21", "CH"),
        ("World Health Organization", "WHO", "2021-09-29", "CH"),
        ("United Nations Office at Geneva", "UNOG", "2015-06-03", "CH")]],
    ("Inter-Parliamentary Union", "IPU", "International organisation", "Memorandum of cooperation",
     "2019-07-10", "CH"),
    ("United Nations General Assembly", "UNGA", "UN system", "Observer status", "2012-12-14", "US"),
    ("European Commission", "EC", "European Union", "Memorandum of understanding", "2009-07-17", "BE"),
]
with open(os.path.join(out, "agreements.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["partner", "acronym", "category", "kind", "signed", "end_date", "country"])
    for p, a, c, k, s, co in AGREEMENTS:
        w.writerow([p, a, c, k, s, "", co])
print("wrote", out, f"({len(people)} staff rows, {PRESENT} present)")
