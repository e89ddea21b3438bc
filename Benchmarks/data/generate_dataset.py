#!/usr/bin/env python3
"""Seeded generator of Orbis input data with a known number of defects of each kind.

Writes staff, programme and agreement files into OUT and OUT/expected.json. The expected counts
come from what the generator drew, never from reading the files back or from Orbis itself.

    generate_dataset.py OUT --seed 7 --staff 20000 --files 4 --defect-rate 0.02
    generate_dataset.py OUT --seed 1 --staff 1000000 --files 4 --defect-rate 0   # benchmark

Staff files rotate through formats: `,` with LF; `;` with LF; `,` with a UTF-8 BOM and CRLF;
tab-separated (.tsv). Every row carries a `name` column Orbis does not use, as real rosters do.
"""
import argparse
import json
import os
import random

KINDS = ["wrong_field_count", "missing_required_field", "unknown_country", "bad_date",
         "end_before_start", "bad_number", "duplicate_id"]

# Spellings the contract accepts, each with a weight: codes, English and French names, any case.
NATIONALITIES = [
    (["FR", "FRA", "France", "france"], 700),
    (["IT", "ITA", "Italy", "Italie"], 40), (["DE", "DEU", "Germany", "Allemagne"], 30),
    (["ES", "ESP", "Spain", "Espagne"], 30), (["CN", "CHN", "China", "Chine"], 30),
    (["IN", "IND", "India", "Inde"], 20), (["RU", "RUS", "Russia", "Russie"], 15),
    (["US", "USA", "United States", "États-Unis"], 15), (["GB", "GBR", "United Kingdom", "UK"], 10),
    (["BR", "BRA", "Brazil", "Brésil"], 10), (["JP", "JPN", "Japan", "Japon"], 8),
    (["TR", "TUR", "Türkiye", "Turquie", "Turkey"], 8), (["KR", "KOR", "South Korea", "Corée du Sud"], 6),
    (["VN", "VNM", "Vietnam", "Viêt Nam"], 6), (["CI", "CIV", "Côte d'Ivoire", "Ivory Coast"], 5),
    (["MA", "MAR", "Morocco", "Maroc"], 12), (["DZ", "DZA", "Algeria", "Algérie"], 10),
    (["TN", "TUN", "Tunisia", "Tunisie"], 8), (["LB", "LBN", "Lebanon", "Liban"], 6),
    (["IR", "IRN", "Iran", "Iran, Islamic Republic of"], 6), (["UA", "UKR", "Ukraine"], 5),
    (["PL", "POL", "Poland", "Pologne"], 5), (["BE", "BEL", "Belgium", "Belgique"], 6),
    (["CH", "CHE", "Switzerland", "Suisse"], 5), (["CA", "CAN", "Canada"], 5),
    (["AR", "ARG", "Argentina", "Argentine"], 4), (["MX", "MEX", "Mexico", "Mexique"], 4),
    (["stateless", "apatride", "XXA"], 2), (["unknown", "inconnu", "XXX"], 3),
]
UNKNOWN_COUNTRIES = ["Atlantis", "Narnia", "Freedonia", "Genovia", "Wakanda", "Frence", "Germny"]
UNITS = ["APC", "CC-IN2P3", "CENBG", "CPPM", "IJCLab", "IP2I", "IPHC", "LAPP", "LLR", "LPC Caen",
         "LPNHE", "LPSC", "LUPM", "Subatech", "LP2I Bordeaux"]
CATEGORIES = ["researcher", "engineer", "technician", "doctoral", "postdoc", "administrative"]
FIRST = ["Jean", "Marie", "Luca", "Wei", "Priya", "Olga", "Ahmed", "Sofia", "Hiro", "Ana", "Omar"]
LAST = ["Martin", "Rossi", "Müller", "Zhang", "Sharma", "Ivanova", "Benali", "García", "Sato"]
BAD_DATES = ["2026-02-30", "31/04/2025", "2025-13-01", "yesterday", "2025/02/30", "00/01/2024"]
BAD_FTE = ["1.5", "abc", "0", "-0.5", "2,0"]

STAFF_HEADER = ["id", "name", "email", "nationality", "unit", "category", "start_date", "end_date", "fte",
                "gender"]


def weighted_nationality(rng):
    total = sum(w for _, w in NATIONALITIES)
    x = rng.uniform(0, total)
    for spellings, w in NATIONALITIES:
        x -= w
        if x <= 0:
            return rng.choice(spellings)
    return "FR"


def date_text(rng, year, month, day):
    return f"{year:04d}-{month:02d}-{day:02d}" if rng.random() < 0.7 else f"{day:02d}/{month:02d}/{year:04d}"


def valid_staff_fields(rng, sid):
    nat = weighted_nationality(rng)
    if rng.random() < 0.05:
        nat = nat + "|" + rng.choice(["FR", "DE", "IT"])
    sy, sm, sd = rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28)
    start = date_text(rng, sy, sm, sd)
    end = ""
    if rng.random() < 0.25:
        end = date_text(rng, rng.randint(sy + 1, 2030), rng.randint(1, 12), rng.randint(1, 28))
    fte = rng.choice(["1", "1", "1", "0.8", "0,5", "0.6"])
    last, first = rng.choice(LAST), rng.choice(FIRST)
    email = f"{first.lower()}.{last.lower()}{sid[-3:]}@example.org"
    return [sid, f"{last}, {first}", email, nat, rng.choice(UNITS), rng.choice(CATEGORIES), start, end, fte, rng.choice("FMX")]


def staff_rows(rng, count, rate, expected):
    """Yields rows; counts each drawn defect in expected[kind]."""
    accepted_ids = []
    for n in range(count):
        sid = f"S{n + 1:07d}"
        row = valid_staff_fields(rng, sid)
        kind = rng.choice(KINDS) if rate and rng.random() < rate else None
        if kind == "duplicate_id" and not accepted_ids:
            kind = None
        if kind == "wrong_field_count":
            row = row + ["extra"] if rng.random() < 0.5 else row[:-1]
        elif kind == "missing_required_field":
            row[0 if rng.random() < 0.5 else 3] = ""
        elif kind == "unknown_country":
            row[3] = rng.choice(UNKNOWN_COUNTRIES)
        elif kind == "bad_date":
            row[6] = rng.choice(BAD_DATES)
        elif kind == "end_before_start":
            row[6], row[7] = "2020-06-15", "15/06/2019"
        elif kind == "bad_number":
            row[8] = rng.choice(BAD_FTE)
        elif kind == "duplicate_id":
            row[0] = rng.choice(accepted_ids)
        if kind:
            expected[kind] += 1
        else:
            if len(accepted_ids) < 100000:
                accepted_ids.append(row[0])
        yield row


def quote(field, delimiter):
    if any(c in field for c in (delimiter, '"', "\n", "\r")) or (field and random.random() < 0.02):
        return '"' + field.replace('"', '""') + '"'
    return field


def write_delimited(path, header, rows, delimiter, bom=False, crlf=False):
    newline = "\r\n" if crlf else "\n"
    with open(path, "w", encoding="utf-8", newline="") as f:
        if bom:
            f.write("\ufeff")
        f.write(delimiter.join(header) + newline)
        for row in rows:
            f.write(delimiter.join(quote(x, delimiter) for x in row) + newline)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--staff", type=int, default=20000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--defect-rate", type=float, default=0.02)
    ap.add_argument("--programmes", type=int, default=300)
    ap.add_argument("--agreements", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    random.seed(args.seed + 1)  # quoting choices
    os.makedirs(args.out, exist_ok=True)
    expected = {k: 0 for k in KINDS}

    rows = list(staff_rows(rng, args.staff, args.defect_rate, expected))
    formats = [(",", False, False, "csv"), (";", False, False, "csv"), (",", True, True, "csv"), ("\t", False, False, "tsv")]
    per_file = (len(rows) + args.files - 1) // args.files
    files = []
    for i in range(args.files):
        delimiter, bom, crlf, ext = formats[i % len(formats)]
        chunk = rows[i * per_file:(i + 1) * per_file]
        name = f"staff-{i + 1:02d}.{ext}"
        write_delimited(os.path.join(args.out, name), STAFF_HEADER, chunk, delimiter, bom, crlf)
        files.append({"name": name, "rows": len(chunk)})

    # Programmes: a few defects of their own kinds, drawn and counted the same way.
    types = ["IEA", "IRN", "IRP", "IRL"]
    prog_rows = []
    prog_ids = []
    for n in range(args.programmes):
        pid = f"P{n + 1:04d}"
        partners = "|".join(rng.sample(["DE", "Italy", "Japon", "CN", "USA", "Brésil", "Vietnam"], rng.randint(1, 3)))
        sy = rng.randint(2015, 2026)
        row = [pid, rng.choice(types), f"ACR{n}", f"Programme {n}", partners, rng.choice(UNITS),
               f"{sy}-01-01", f"{sy + rng.randint(2, 5)}-12-31"]
        kind = rng.choice(["unknown_country", "bad_date", "duplicate_id"]) if args.defect_rate and rng.random() < 0.05 else None
        if kind == "duplicate_id" and not prog_ids:
            kind = None
        if kind == "unknown_country":
            row[4] = "DE|" + rng.choice(UNKNOWN_COUNTRIES)
        elif kind == "bad_date":
            row[6] = rng.choice(BAD_DATES)
        elif kind == "duplicate_id":
            row[0] = rng.choice(prog_ids)
        if kind:
            expected[kind] += 1
        else:
            prog_ids.append(pid)
        prog_rows.append(row)
    write_delimited(os.path.join(args.out, "programmes.csv"),
                    ["id", "type", "acronym", "title", "partner_countries", "unit", "start_date", "end_date"],
                    prog_rows, ",")
    files.append({"name": "programmes.csv", "rows": len(prog_rows)})

    # Agreements: valid rows only.
    if args.agreements:
        categories = ["EIROforum", "UN system", "European Union", "Bilateral", "International organisation"]
        kinds = ["Cooperation agreement", "Memorandum of understanding", "Observer status", "Partnership"]
        rows = [[f"Organisation {n}", f"ORG{n}", rng.choice(categories), rng.choice(kinds),
                 f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-15",
                 rng.choice(["", "", "", f"{rng.randint(2020, 2040)}-12-31"]), rng.choice(["CH", "FR", "DE", "US"])]
                for n in range(args.agreements)]
        write_delimited(os.path.join(args.out, "agreements.csv"),
                        ["partner", "acronym", "category", "kind", "signed", "end_date", "country"], rows, ",")
        files.append({"name": "agreements.csv", "rows": len(rows)})

    total = args.staff + args.programmes + args.agreements
    rejected = sum(expected.values())
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump({"seed": args.seed, "rows_read": total, "rows_rejected": rejected,
                   "rows_accepted": total - rejected, "rejected_by_kind": expected, "files": files}, f, indent=2)


if __name__ == "__main__":
    main()
