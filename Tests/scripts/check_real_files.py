#!/usr/bin/env python3
"""Independent check of the readers on files as real programs write them.

Every CSV and XLSX input under Tests/Inputs/RealFiles/ (written by
Tools/make-real-file-inputs.py) is read here with Python's own readers: the `csv` module
after decoding with Python's codecs, and openpyxl for XLSX. Every cell must equal what Orbis
reports through `orbis cells` (its readers' rows, before any field is checked), line by line.

What Python's readers do not do themselves is done here, as the standards say, not as Orbis
does it:
- openpyxl finds parts by their exact names and reads Transitional namespaces only: a package
  is first rewritten with `/` for `\\` in entry names, each entry named as the relationships and
  content types spell it, and Strict namespaces mapped to Transitional ones;
- openpyxl leaves Excel's `_xHHHH_` escapes (ECMA-376 ST_Xstring) as they are: they are
  decoded here;
- the contract's cleaning: values trimmed of spaces and tabs, C0 control characters other than
  tab and line breaks removed, spreadsheet errors (#N/A…) empty, dates as YYYY-MM-DD.

Usage: check_real_files.py PATH/TO/orbis
"""
import codecs
import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
import zipfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUTS = os.path.join(ROOT, "Tests", "Inputs", "RealFiles")
CONFIG = '[institute]\nhost_country = "FR"\n[inputs.files]\n"Extraction agents*" = "staff"\n'
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}
STRICT = {
    "http://purl.oclc.org/ooxml/spreadsheetml/main":
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/officeDocument/relationships":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}

failures = 0
checks = 0


def check(what, want, have):
    global failures, checks
    checks += 1
    if want != have:
        failures += 1
        print(f"  FAIL {what}: Python reads {want!r}, Orbis {have!r}")


def clean(value):
    value = CONTROL.sub("", value)
    return value.strip(" \t")


def cell_text(value):
    """A cell as the contract turns it into text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        if value in ERRORS:
            return ""
        return clean(ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value))
    return clean(str(value))


def csv_rows(path, header_line):
    """Rows of a text file after its header: (line, cells), lines counted as physical lines."""
    data = open(path, "rb").read()
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # The contract: lines ending in CR alone are Excel for Mac's Mac OS Roman.
            text = data.decode("mac_roman" if b"\r" in data and b"\n" not in data else "cp1252")
    lines = io.StringIO(text, newline="").readlines()
    first = lines[0].rstrip("\r\n") if lines else ""
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
    elif path.endswith(".tsv"):
        delimiter = "\t"
    else:
        header = lines[header_line - 1]
        delimiter = max([",", ";", "\t"], key=header.count)
    reader = csv.reader(io.StringIO("".join(lines[header_line - 1:]), newline=""),
                        delimiter=delimiter)
    rows = []
    next(reader)
    start = header_line + reader.line_num
    for record in reader:
        if record:
            rows.append((start, [clean(c) for c in record]))
        start = header_line + reader.line_num
    return rows


def normalised_package(path, tmp):
    """The package with entries named as its relationships say and Strict mapped to
    Transitional, for openpyxl."""
    source = zipfile.ZipFile(path)
    entries = {info.filename.replace("\\", "/"): source.read(info) for info in source.infolist()}
    referenced = set()
    for name, data in entries.items():
        text = data.decode("utf-8", "replace")
        for target in re.findall(r'(?:Target|PartName)="([^"]+)"', text):
            if name.endswith(".rels") and not target.startswith("/"):
                folder = os.path.dirname(os.path.dirname(name))
                target = os.path.normpath(os.path.join(folder, target)).replace("\\", "/")
            referenced.add(target.lstrip("/"))
    by_lower = {}
    for r in referenced:
        by_lower.setdefault(r.lower(), set()).add(r)
    out = os.path.join(tmp, os.path.basename(path))
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries.items():
            if name.endswith(".xml") or name.endswith(".rels"):
                text = data.decode("utf-8")
                for strict, transitional in STRICT.items():
                    text = text.replace(strict, transitional)
                data = text.encode("utf-8")
            # Under every spelling a relationship or the content types use.
            for spelling in sorted(by_lower.get(name.lower(), {name})):
                z.writestr(spelling, data)
    return out


def xlsx_rows(path, header_line, tmp):
    # Cached values, as Orbis reads them (a formula without one is empty).
    book = openpyxl.load_workbook(normalised_package(path, tmp), data_only=True)
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        number = row[0].row
        cells = [cell_text(c.value) for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        if number > header_line and cells:
            rows.append((number, cells))
    return sheet.title, rows


def refusal(path):
    """Why a file cannot be read, as Python sees its bytes; None when Python reads it."""
    data = open(path, "rb").read()
    if path.endswith(".xls"):
        return "unsupported_format"
    if path.endswith((".csv", ".tsv")):
        if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
            return "unsupported_format"
        if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
            return "unsupported_encoding"
        if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
            try:
                data.decode("utf-16")
            except UnicodeDecodeError:
                return "not_utf8"
            return None
        if data.count(b"\0") * 4 >= len(data):
            return "unsupported_encoding"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            # Valid UTF-8 letters beside invalid bytes: two encodings in one file.
            if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data):
                return "not_utf8"
        return None
    # A package Python can open is readable unless it breaks the package rules Orbis enforces.
    z = zipfile.ZipFile(path)
    names = [n.replace("\\", "/").lower() for n in z.namelist()]
    if len(names) != len(set(names)):
        return "corrupt_xlsx"  # two entries for one part
    for name in z.namelist():
        part = z.read(name)
        if b"<!DOCTYPE" in part:
            return "corrupt_xlsx"  # a DTD
        refs = re.findall(rb'<c r="([A-Z]+\d+)"', part)
        if len(refs) != len(set(refs)):
            return "corrupt_xlsx"  # a repeated cell
    return None


def main():
    orbis = sys.argv[1]
    warnings.filterwarnings("ignore", module="openpyxl")
    cases = sorted(os.listdir(INPUTS))
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "orbis.toml")
        with open(config, "w") as f:
            f.write(CONFIG)
        for case in cases:
            folder = os.path.join(INPUTS, case)
            out = subprocess.run([orbis, "cells", "--config", config, "--data", folder],
                                 capture_output=True, text=True, check=True)
            document = json.loads(out.stdout)
            for error in document["errors"]:
                check(f"{case}/{error['file']} refused as", refusal(os.path.join(folder, error["file"])),
                      error["kind"])
            for f in document["files"]:
                path = os.path.join(folder, f["name"])
                if path.endswith((".xlsx", ".xlsm")):
                    title, rows = xlsx_rows(path, f["header_line"], tmp)
                    check(f"{case}/{f['name']} worksheet", title, f["worksheet"])
                else:
                    rows = csv_rows(path, f["header_line"])
                orbis_rows = [(r["line"], [c for c in r["cells"]]) for r in f["rows"]]
                # Orbis pads nothing: trailing empty cells of XLSX rows are absent in both.
                orbis_rows = [(n, c[:max([i + 1 for i, v in enumerate(c) if v] or [0])])
                              if path.endswith((".xlsx", ".xlsm")) else (n, c) for n, c in orbis_rows]
                check(f"{case}/{f['name']} rows", rows, orbis_rows)
            print(f"  {case}: {len(document['files'])} file(s) read, {len(document['errors'])} refused")
    print(f"check_real_files: {checks} checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
