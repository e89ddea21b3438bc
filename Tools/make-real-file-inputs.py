#!/usr/bin/env python3
"""Writes the small inputs of the "real files" tests (Tests/Inputs/RealFiles/<case>/): CSV and
XLSX files as spreadsheet programs write them (bare-CR line ends, UTF-16, Windows-1252, sep=
lines, titles above the header, XLSX parts in unusual places, case or namespaces, CDATA text,
control characters). Each folder is a data directory. Written for the tests: no personal data.
Run it again only to change the inputs; the tests hold their exact expected rows."""
import os
import shutil
import sys
import zipfile

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Inputs", "RealFiles")

T_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
T_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
T_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
S_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
S_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def write(case, name, data):
    folder = os.path.join(ROOT, case)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def content_types(overrides):
    parts = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + parts + '</Types>')


CT_WB = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_WS = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_ST = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


def rels(items, ns=T_REL):
    body = "".join(f'<Relationship Id="{i}" Type="{ns}/{t}" Target="{target}"/>' for i, t, target in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{T_PKG}">{body}</Relationships>'


def workbook(sheets, main=T_MAIN, rel=T_REL, extra=""):
    body = "".join(f'<sheet name="{n}" sheetId="{k + 1}" r:id="{rid}"{state}/>' for k, (n, rid, state) in enumerate(sheets))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">{extra}'
            f'<sheets>{body}</sheets></workbook>')


def sheet(rows_xml, main=T_MAIN, dimension="A1"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><dimension ref="{dimension}"/>'
            f'<sheetData>{rows_xml}</sheetData></worksheet>')


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number, cells):
    return f'<row r="{number}">{cells}</row>'


def shared(strings, main=T_MAIN):
    body = "".join(f"<si>{s}</si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">{body}</sst>'


STYLES_DATE = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
               '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
               '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')


def part_type(entry):
    name = entry.replace("\\", "/").lower()
    if "sharedstrings" in name or "strings" in name:
        return CT_SS
    if "styles" in name:
        return CT_ST
    if "sheet" in name or "agents" in name:
        return CT_WS
    return CT_WB


def package(case, name, entries):
    """Zips the parts; [Content_Types].xml lists every XML part, as Excel writes it."""
    overrides = [("/" + e.replace("\\", "/"), part_type(e)) for e, _ in entries
                 if e.endswith(".xml") and not e.startswith("[")]
    entries = [(e, content_types(overrides) if e == "[Content_Types].xml" else d) for e, d in entries]
    folder = os.path.join(ROOT, case)
    os.makedirs(folder, exist_ok=True)
    with zipfile.ZipFile(os.path.join(folder, name), "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=(2026, 11, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def usual(case, name, sheet_xml, strings=None, styles=None, wb=None):
    entries = [
        ("[Content_Types].xml", content_types([("/xl/workbook.xml", CT_WB), ("/xl/worksheets/sheet1.xml", CT_WS)])),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", wb or workbook([("Sheet1", "rId1", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                              ("rId2", "sharedStrings", "sharedStrings.xml"),
                                              ("rId3", "styles", "styles.xml")])),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ]
    if strings is not None:
        entries.append(("xl/sharedStrings.xml", shared(strings)))
    if styles is not None:
        entries.append(("xl/styles.xml", styles))
    package(case, name, entries)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    # 1. Line ends: bare CR (Excel for Mac's "CSV (Macintosh)"), and all three mixed, with a
    # CR inside a quoted field.
    write("cr-line-ends", "staff.csv", b"id,nationality,unit\r1,FR,LAPP\r2,DE,LAPP\r")
    write("mixed-line-ends", "staff.csv",
          b'id,nationality,unit\r\n1,FR,LAPP\r2,DE,"LA\rPP"\n\n3,IT,LPSC\r\n4,XX,LAPP\r')
    # 2. XML text in every form: CDATA, character references, rich-text runs with a phonetic
    # run left out, xml:space="preserve", entities; shared and inline strings alike.
    usual("xml-text", "staff.xlsx", sheet(
        row(1, inline("A1", "id") + '<c r="B1" t="inlineStr"><is><t><![CDATA[nationality]]></t></is></c>'
            + '<c r="C1" t="s"><v>0</v></c>')
        + row(2, '<c r="A2"><v>1</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>')
        + row(3, '<c r="A3"><v>2</v></c>' + inline("B3", "DE")
              + '<c r="C3" t="inlineStr"><is><r><t>R&amp;D </t></r><r><t xml:space="preserve">d&#233;tecteurs </t></r>'
                '<rPh sb="0" eb="1"><t>ラボ</t></rPh></is></c>')
        + row(4, '<c r="A4"><v>3</v></c><c r="B4" t="inlineStr"><is><t><![CDATA[IT]]></t></is></c>'
              '<c r="C4" t="inlineStr"><is><t>Labo <![CDATA[<cdata> & ]]>&#x4E2D;</t></is></c>')),
        strings=["<t>unit</t>", "<r><t>F</t></r><r><t>R</t></r>",
                 '<r><t>Lab</t></r><r><rPr><b/></rPr><t xml:space="preserve"> d&#233;tecteurs</t></r>'
                 '<rPh sb="0" eb="3"><t>ラボ</t></rPh>'])
    # 3. Parts found through relationships: the workbook at the package root in another
    # folder, relative targets with "..", an absolute target, and a first sheet (in <sheets>
    # order) that is not sheet1.
    package("relationships", "staff.xlsx", [
        ("[Content_Types].xml", content_types([("/book/main.xml", CT_WB)])),
        ("_rels/.rels", rels([("rId7", "officeDocument", "/book/main.xml")])),
        ("book/main.xml", workbook([("Agents", "rIdB", ""), ("Other", "rIdA", "")])),
        ("book/_rels/main.xml.rels", rels([("rIdA", "worksheet", "../sheets/sheet1.xml"),
                                            ("rIdB", "worksheet", "../sheets/agents.xml"),
                                            ("rIdS", "sharedStrings", "/text/strings.xml")])),
        ("sheets/sheet1.xml", sheet(row(1, inline("A1", "not the first sheet")))),
        ("sheets/agents.xml", sheet(
            row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>')
            + row(2, '<c r="A2"><v>10</v></c>' + inline("B2", "PT")))),
        ("text/strings.xml", shared(["<t>ID</t>", "<t>Nationality</t>"])),
    ])
    # A package without _rels/.rels: the usual part names.
    package("no-package-relationships", "staff.xlsx", [
        ("[Content_Types].xml", ""),
        ("xl/workbook.xml", workbook([("Sheet1", "rId1", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml")])),
        ("xl/worksheets/sheet1.xml", sheet(
            row(1, inline("A1", "id") + inline("B1", "nationality")) + row(2, inline("A2", "8") + inline("B2", "AT")))),
    ])
    # 4. Part names in another case than the relationships say, and entries stored with
    # backslashes.
    package("case-and-backslashes", "staff.xlsx", [
        ("[Content_Types].xml", content_types([("/xl/workbook.xml", CT_WB)])),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
        ("xl\\workbook.xml", workbook([("Feuil1", "rId1", "")])),
        ("xl\\_rels\\workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                               ("rId2", "sharedStrings", "sharedStrings.xml")])),
        ("xl/Worksheets/Sheet1.xml", sheet(
            row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>')
            + row(2, '<c r="A2"><v>5</v></c><c r="B2" t="s"><v>2</v></c>'))),
        ("xl/SharedStrings.xml", shared(["<t>id</t>", "<t>nationality</t>", "<t>ES</t>"])),
    ])
    # 5. Empty values: a shared-string cell with no index, or an empty <v>; a number cell
    # with an empty <v>.
    usual("empty-values", "staff.xlsx", sheet(
        row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>')
        + row(2, '<c r="A2"><v>1</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"/><c r="D2"><v></v></c>')
        + row(3, '<c r="A3"><v>2</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="s"><v></v></c><c r="D3"><v>0.5</v></c>')),
        strings=["<t>id</t>", "<t>nationality</t>", "<t>unit</t>", "<t>fte</t>", "<t>BE</t>"])
    # 6. Strict OOXML namespaces, x:-prefixed elements, rows and cells without r, a wrong
    # dimension, str/d/e cells, the 1904 date system, a hidden first sheet.
    strict_sheet = (f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{S_MAIN}"><x:dimension ref="A1:B2"/><x:sheetData>'
                    '<x:row><x:c t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>nationality</x:t></x:is></x:c>'
                    '<x:c t="inlineStr"><x:is><x:t>unit</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>start_date</x:t></x:is></x:c>'
                    '<x:c t="inlineStr"><x:is><x:t>end_date</x:t></x:is></x:c></x:row>'
                    '<x:row><x:c><x:v>1</x:v></x:c><x:c t="str"><x:v>NL</x:v></x:c><x:c t="str"><x:v>LAPP</x:v></x:c>'
                    '<x:c t="d"><x:v>2020-03-01T00:00:00</x:v></x:c><x:c s="1"><x:v>44925</x:v></x:c></x:row>'
                    '<x:row r="4"><x:c><x:v>2</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="str"><x:v>LAPP</x:v></x:c></x:row>'
                    '<x:row><x:c><x:v>3</x:v></x:c><x:c t="str"><x:v>SE</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c></x:row>'
                    '</x:sheetData></x:worksheet>')
    package("strict-and-oddities", "staff.xlsx", [
        ("[Content_Types].xml", content_types([("/xl/workbook.xml", CT_WB)])),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")], ns=S_REL)),
        ("xl/workbook.xml", workbook([("Hidden roster", "rId1", ' state="hidden"'), ("Visible", "rId2", "")],
                                     main=S_MAIN, rel=S_REL, extra='<workbookPr date1904="1"/>')),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                              ("rId2", "worksheet", "worksheets/sheet2.xml"),
                                              ("rId3", "styles", "styles.xml")], ns=S_REL)),
        ("xl/worksheets/sheet1.xml", strict_sheet),
        ("xl/worksheets/sheet2.xml", sheet(row(1, inline("A1", "visible")), main=S_MAIN)),
        ("xl/styles.xml", STYLES_DATE.format(main=S_MAIN)),
    ])
    # 7. UTF-16 with a byte-order mark (Excel's "Unicode Text": tab-separated, LE), and BE
    # with commas; UTF-32 and UTF-16 without a mark are refused by name.
    write("utf16", "staff-le.csv", b"\xff\xfe" + "id\tnationality\tunit\r\n1\tFR\tÉquipe été\r\n2\tCN\t中文\r\n".encode("utf-16-le"))
    write("utf16", "staff-be.csv", b"\xfe\xff" + "id,nationality,unit\n3,GR,Ελληνικά\n".encode("utf-16-be"))
    write("utf32", "staff.csv", b"\xff\xfe\x00\x00" + "id,nationality\n1,FR\n".encode("utf-32-le"))
    write("utf16-without-mark", "staff.csv", "id,nationality\n1,FR\n".encode("utf-16-le"))
    # 8. Windows-1252, what French Excel writes for "CSV (séparateur: point-virgule)".
    write("windows-1252", "staff.csv",
          "id;nationalité;laboratoire\r\n1;Allemagne;Équipe €uro\r\n2;Côte d'Ivoire;Laboratoire œnologie\r\n".encode("cp1252"))
    # 9. Excel's sep= first line.
    write("sep-line", "staff.csv", b"sep=;\r\nid;nationality;unit\r\n1;FR;LAPP, Annecy\r\n2;;LPSC\r\n")
    # 10. Headers below a title, a date and blank rows (CSV and XLSX).
    write("title-above-header", "staff.csv",
          "Liste du personnel au 30/11/2026\n\n;;\nid;nationalité;laboratoire\n1;FR;LAPP\n2;JP;LPSC\n".encode())
    usual("title-above-header", "staff-2.xlsx", sheet(
        row(1, inline("A1", "Extraction RH")) + row(2, inline("B2", "au 30/11/2026"))
        + row(4, inline("A4", "Matricule") + inline("B4", "Pays") + inline("C4", "Laboratoire"))
        + row(5, inline("A5", "A7") + inline("B5", "CA") + inline("C5", "IJCLab"))))
    # 11. Files named otherwise: one read through an [inputs.files] rule, one hinted at.
    usual("file-rules", "Extraction agents nov 2026.xlsx", sheet(
        row(1, inline("A1", "id") + inline("B1", "nationality")) + row(2, '<c r="A2"><v>1</v></c>' + inline("B2", "MA"))))
    write("file-rules", "Export RH.csv", b"id,nationality\n2,TN\n")
    # 12. Text a workbook cannot hold: control characters, NUL, a value over 32,767 characters.
    write("control-characters", "staff.csv",
          b"id,nationality,unit\n1,FR,Lab\x01X\n2,FR,A\x00B\n3,FR,\x0bTab\tkept\x1f\n4,FR," + b"L" * 40000 + b"\n")
    usual("control-characters", "staff-2.xlsx", sheet(
        row(1, inline("A1", "id") + inline("B1", "nationality") + inline("C1", "unit"))
        + row(2, inline("A2", "5") + inline("B2", "FR") + '<c r="C2" t="s"><v>0</v></c>')
        + row(3, inline("A3", "6") + inline("B3", "FR") + inline("C3", "Lit_x005F_x0041_ral"))),
        strings=["<t>Lab_x0001_Y_x000D_</t>"])
    review_cases()


def review_cases():
    """Cases a review found: each read right, or refused by name."""
    # A Mac "CSV (Macintosh)": Mac OS Roman with bare CR line ends.
    write("mac-roman", "staff.csv",
          "id;nationality;laboratoire\r1;France;Génie électrique\r2;Algérie;Chimie\r".encode("mac_roman"))
    # UTF-8 and Windows-1252 pasted together: refused.
    write("mixed-encodings", "staff.csv",
          "id;nationality;laboratoire\n1;Türkiye;Équipe\n".encode() + "2;Algérie;Génie\n".encode("cp1252"))
    # UTF-16 cut in the middle of a character: refused.
    write("utf16-odd", "staff.csv",
          (b"\xff\xfe" + "id\tnationality\r\n1\tFR\r\n2\tDE".encode("utf-16-le"))[:-1])
    # An .xlsx renamed .csv: refused by what it is.
    with open(os.path.join(ROOT, "relationships", "staff.xlsx"), "rb") as f:
        write("renamed-workbook", "staff.csv", f.read())
    # Formulas with no computed value; a chart sheet first; long integer ids.
    package("formulas-and-charts", "staff.xlsx", [
        ("[Content_Types].xml", ""),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook([("Chart1", "rId2", ""), ("Data", "rId1", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                              ("rId2", "chartsheet", "chartsheets/sheet1.xml")])),
        ("xl/chartsheets/sheet1.xml", '<?xml version="1.0"?><chartsheet xmlns="%s"/>' % T_MAIN),
        ("xl/chartsheets/_rels/sheet1.xml.rels", rels([])),
        ("xl/worksheets/sheet1.xml", sheet(
            row(1, inline("A1", "id") + inline("B1", "nationality") + inline("C1", "unit"))
            + row(2, '<c r="A2"><v>1234567890123456</v></c><c r="B2" t="str"><f>"FR"</f></c>'
                  '<c r="C2" t="str"><f>UPPER("lab")</f></c>')
            + row(3, '<c r="A3"><v>1E+15</v></c>' + inline("B3", "DE") + '<c r="C3" t="str"><f>"X"</f><v>X</v></c>'))),
    ])
    # A repeated cell reference; two ZIP entries for one part; a DTD: refused.
    usual("repeated-cell", "staff.xlsx", sheet(
        row(1, inline("A1", "id") + inline("B1", "nationality"))
        + row(2, '<c r="A2"><v>1</v></c>' + inline("B2", "FR") + '<c r="A2"><v>7</v></c>')))
    package("repeated-entry", "staff.xlsx", [
        ("[Content_Types].xml", ""),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook([("Sheet1", "rId1", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml")])),
        ("xl/worksheets/sheet1.xml", sheet(row(1, inline("A1", "id") + inline("B1", "nationality")))),
        ("xl/worksheets/Sheet1.xml", sheet(row(1, inline("A1", "id")))),
    ])
    package("dtd", "staff.xlsx", [
        ("[Content_Types].xml", ""),
        ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook([("Sheet1", "rId1", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                              ("rId2", "sharedStrings", "sharedStrings.xml")])),
        ("xl/worksheets/sheet1.xml", sheet(
            row(1, '<c r="A1" t="s"><v>0</v></c>' + inline("B1", "nationality"))
            + row(2, '<c r="A2"><v>1</v></c>' + inline("B2", "FR")))),
        ("xl/sharedStrings.xml", '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY e "Eacute">]>'
                                 '<sst xmlns="%s"><si><t>i&e;d</t></si></sst>' % T_MAIN),
    ])
    # A dataset file in a format Orbis does not read stops the run; a macro workbook is read.
    write("unreadable-format", "staff.csv", b"id,nationality\n1,FR\n")
    write("unreadable-format", "staff-b.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with open(os.path.join(ROOT, "relationships", "staff.xlsx"), "rb") as f:
        write("macro-workbook", "staff.xlsm", f.read())
    # Two headers for one field.
    write("repeated-columns", "staff.csv", b"id,pays,country\n1,,DE\n2,FR,IT\n")


if __name__ == "__main__":
    sys.exit(main())
