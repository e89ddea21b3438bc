#!/usr/bin/env python3
"""Print check of the sample report's workbook, in every language.

For each language, publishes the sample report (`Data/`, the `default` report of
`Config/orbis.toml`), converts report.xlsx to PDF with LibreOffice (headless) and reads the
PDF with poppler's pdfinfo and pdftotext:
- at most 12 pages, every one landscape;
- every page holds text besides its header and footer (no blank page);
- every chart title (read from the workbook's chart parts) is found exactly once in the whole
  PDF, and on one page: no chart is cut across a page break, and none is printed twice;
- the page footer names the sheet and the page ("Page 3 of 11" / "Page 3 sur 11").

Usage: check_print.py ORBIS [--keep DIR] (DIR: keep the PDFs, e.g. to render them)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample_report import Checks, publish  # noqa: E402

MAX_PAGES = 12
FOOTER = {"en": r"Page \d+ of \d+", "fr": r"Page \d+ sur \d+"}
AS_OF = {"en": r"As of \d+ \w+ \d{4}", "fr": r"Situation au \d+ \w+ \d{4}"}
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

check = Checks()


def words(text):
    """Text with every run of spaces (no-break ones too) as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def chart_titles(xlsx):
    with zipfile.ZipFile(xlsx) as z:
        titles = []
        for name in sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)):
            title = ET.fromstring(z.read(name)).find(f".//{C}title")
            titles.append(words("".join(t.text or "" for t in title.iter(f"{A}t")))
                          if title is not None else None)
        return titles


def sheet_names(xlsx):
    with zipfile.ZipFile(xlsx) as z:
        return [words(e.get("name")) for e in ET.fromstring(z.read("xl/workbook.xml")).iter(f"{M}sheet")]


def tool(name):
    path = shutil.which(name)
    if not path:
        print(f"  {name} missing (make deps installs it)")
        sys.exit(1)
    return path


def check_language(orbis, language, tmp, keep):
    office, pdftotext, pdfinfo = tool("libreoffice"), tool("pdftotext"), tool("pdfinfo")
    latest = publish(orbis, language, os.path.join(tmp, language))
    xlsx = os.path.join(latest, "report.xlsx")
    run = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
         "--outdir", os.path.join(tmp, language), xlsx],
        capture_output=True, text=True, timeout=300)
    pdf = os.path.join(tmp, language, "report.pdf")
    if not check(f"{language}: LibreOffice converts report.xlsx to PDF", os.path.exists(pdf),
                 run.stderr.strip()):
        return
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(pdf, os.path.join(keep, f"report.{language}.pdf"))
    info = subprocess.run([pdfinfo, pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(f"{language}: at most {MAX_PAGES} pages", pages <= MAX_PAGES, f"{pages} pages")
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    check(f"{language}: landscape pages", float(size.group(1)) > float(size.group(2)),
          size.group(0))
    # Reading order (not -layout): a title's words stay together beside a table's columns.
    text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True).stdout
    page_texts = text.split("\f")[:pages]
    titles = chart_titles(xlsx)
    check(f"{language}: every chart has a title", all(titles), titles)
    sheets = sheet_names(xlsx)
    for number, page in enumerate(page_texts, 1):
        lines = [words(line) for line in page.splitlines() if line.strip()]
        # What every page prints: the header (the report's title, the as-of date) and the
        # footer (the sheet's name, the page number). A page with nothing else is blank.
        frame = {lines[0]} | set(sheets) if lines else set()
        body = [line for line in lines if line not in frame
                and not re.fullmatch(AS_OF[language], line)
                and not re.fullmatch(FOOTER[language], line)]
        check(f"{language}: page {number} holds text besides its header and footer",
              len(body) > 0, lines)
        check(f"{language}: page {number} has the footer's page number",
              re.search(FOOTER[language], " ".join(lines[-2:])) is not None, lines[-2:])
    whole = words(" ".join(page_texts))
    for title in filter(None, titles):
        count = whole.count(title)
        on_pages = [i + 1 for i, page in enumerate(page_texts) if title in words(page)]
        check(f"{language}: chart title {title!r} printed exactly once, on one page",
              count == 1 and len(on_pages) == 1, f"{count} times, on pages {on_pages}")
    print(f"{language}: {pages} pages, {len(titles)} charts")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("orbis")
    parser.add_argument("--keep")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for language in ("en", "fr"):
            check_language(args.orbis, language, tmp, args.keep)
    check.finish("check_print")


main()
