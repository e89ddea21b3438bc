#!/usr/bin/env python3
"""Writes orbis.toml(5), the man page of Orbis's configuration file, from the commented
configuration file itself (Config/orbis.toml), so that the two cannot drift apart.

Usage: make-orbis-toml-man.py [--version V] Config/orbis.toml OUT.5

How the file's comments become the page (roff `man` macros):
- the comment block at the top, less its first sentence (which names the file), joins the
  DESCRIPTION;
- each table header (`[daemon]`, `[[report]]`) is a subsection, described by the comment
  block right above it; a comment line indented like `#   name  what it is` (and its
  deeper-indented continuation lines) is one entry of a list of keys;
- each key set in the file or written as a commented-out assignment (`# metrics_file = …`) is
  a list entry described by the comment block above it; keys following one another with no
  comment between them share the entry;
- keys with no comment of their own (names the office chooses: programme types, country
  groups, header mappings) and the bodies of array tables (`[[report]]`) are shown verbatim
  as "The shipped file has:"; tables with no comment of their own that follow a table of the
  same parent (`[inputs.columns.programmes]` after `[inputs.columns.staff]`) share its
  subsection.
The version is read from Sources/OrbisCore/OrbisVersion.swift unless given; the date is
SOURCE_DATE_EPOCH's, else the file's modification time.
"""
import argparse
import datetime
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HEADER = re.compile(r"^\[(\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
KEY = r'(?:"[^"]*"|[A-Za-z0-9_.-]+)'
ASSIGNMENT = re.compile(r"^(" + KEY + r")\s*=\s*(\S.*)$")
DEFINITION = re.compile(r"^(\s{2,})(\S+)\s+(\S.*)$")


# ---------------------------------------------------------------- roff

def roff_text(text):
    """Escapes prose for roff; `code` becomes bold, with real minus signs."""
    out = []
    for i, piece in enumerate(re.split(r"`([^`]*)`", text)):
        piece = escape(piece)
        if i % 2:
            out.append(r"\fB" + piece.replace("-", r"\-") + r"\fR")
        else:
            out.append(piece)
    return "".join(out)


def escape(text):
    text = text.replace("\\", r"\e")
    return "".join(c if ord(c) < 128 else r"\[u%04X]" % ord(c) for c in text)


def roff_code(text):
    return escape(text).replace("-", r"\-")


def line(text):
    """A text line that roff will not read as a request."""
    return "\\&" + text if text[:1] in (".", "'") else text


# ---------------------------------------------------------------- parsing

def comment_body(raw):
    body = raw.strip()[1:]
    return body[1:] if body.startswith(" ") else body


def classify(lines):
    """[(kind, raw, data)]: blank, header (path, is_array), key (name), ckey (name), comment."""
    result, i = [], 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped:
            result.append(("blank", raw, None))
        elif stripped.startswith("#"):
            m = ASSIGNMENT.match(comment_body(raw).strip())
            if m and not comment_body(raw).startswith("  "):
                result.append(("ckey", raw, m.group(1)))
            else:
                result.append(("comment", raw, None))
        elif stripped.startswith("["):
            m = HEADER.match(stripped)
            if not m:
                sys.exit(f"make-orbis-toml-man: cannot read the header {stripped!r}")
            path = ".".join(s.strip('"') for s in re.findall(r'"[^"]*"|[^.\s]+', m.group(2)))
            result.append(("header", raw, (path, bool(m.group(1)))))
        else:
            m = ASSIGNMENT.match(stripped)
            if not m:
                sys.exit(f"make-orbis-toml-man: cannot read the line {stripped!r}")
            # A value may go on over several lines (an array): until its brackets close.
            text = raw
            while text.count("[") - text.count("]") + text.count("{") - text.count("}") > 0:
                i += 1
                raw += "\n" + lines[i]
                text += lines[i]
            result.append(("key", raw, m.group(1)))
        i += 1
    return result


def split_doc(comments):
    """A comment block as [('p', text)] paragraphs and [('item', term, text)] entries."""
    parts, current = [], None
    for raw in comments:
        body = comment_body(raw)
        indent = len(body) - len(body.lstrip(" "))
        m = DEFINITION.match(body)
        if current and current[0] == "item" and indent > current[3]:
            current[2] += " " + body.strip()
        elif m:
            current = ["item", m.group(2), m.group(3).strip(), len(m.group(1))]
            parts.append(current)
        elif current and current[0] == "p":
            current[1] += " " + body.strip()
        else:
            current = ["p", body.strip()]
            parts.append(current)
    return parts


def parse(path):
    with open(path, encoding="utf-8") as f:
        tokens = classify(f.read().splitlines())
    # The comment block at the top, up to the first blank line.
    preamble, i = [], 0
    while i < len(tokens) and tokens[i][0] == "comment":
        preamble.append(tokens[i][1])
        i += 1
    # Sections: a header, the comment block right above it, the lines up to the next one.
    header_at = [n for n, t in enumerate(tokens) if t[0] == "header"]
    doc_start = {}
    for n in header_at:
        j = n
        while j > 0 and tokens[j - 1][0] == "comment":
            j -= 1
        doc_start[n] = j
    sections = []
    for k, n in enumerate(header_at):
        end = doc_start[header_at[k + 1]] if k + 1 < len(header_at) else len(tokens)
        path, is_array = tokens[n][2]
        sections.append({
            "path": path, "array": is_array, "header": tokens[n][1],
            "doc": [t[1] for t in tokens[doc_start[n]:n]],
            "body": tokens[n + 1:end],
        })
    return preamble, sections


def items(body):
    """The body's lines as ('keys', comments, [(name, raw)]) and ('prose', comments) items,
    and ('verbatim', [raw]) runs of keys without a comment."""
    result, comments, keys = [], [], []

    def flush():
        nonlocal comments, keys
        if keys and comments:
            result.append(("keys", comments, keys))
        elif keys:
            raws = [raw for _, raw in keys]
            if result and result[-1][0] == "verbatim":
                result[-1][1].extend(raws)
            else:
                result.append(("verbatim", raws))
        elif comments:
            result.append(("prose", comments))
        comments, keys = [], []

    for kind, raw, name in body:
        if kind == "blank":
            flush()
        elif kind == "comment":
            if keys:
                flush()
            comments.append(raw)
        else:
            keys.append((name, raw))
    flush()
    return result


# ---------------------------------------------------------------- rendering

def render_doc(out, doc):
    for part in split_doc(doc):
        if part[0] == "p":
            out += [".PP", line(roff_text(part[1]))]
        else:
            out += [".TP", r"\fB" + roff_code(part[1]) + r"\fR", line(roff_text(part[2]))]


def render_verbatim(out, raws):
    out += [".PP", "The shipped file has:", ".RS 4", ".EX"]
    for raw in raws:
        for text in raw.split("\n"):
            out.append(line(roff_code(text)) if text.strip() else "")
    out += [".EE", ".RE"]


def render_key_name(name):
    return r"\fB" + roff_code(name.strip('"')) + r"\fR"


def render(preamble, sections, version, date):
    out = [
        '.\\" Generated by Tools/make-orbis-toml-man.py from Config/orbis.toml; do not edit.',
        f'.TH ORBIS.TOML 5 "{date}" "Orbis {version}" "File Formats Manual"',
        ".SH NAME",
        r"orbis.toml \- configuration file of Orbis",
        ".SH SYNOPSIS",
        r"\fI/etc/orbis/orbis.toml\fR",
        ".SH DESCRIPTION",
        r"\fBorbis\fR(1) reads its configuration from a TOML file: the data, reports and state "
        r"directories, the host country and time zone, how input files are read, country "
        r"spellings and groups, programme types, the reports and their schedules, and how "
        r"\fBorbis serve\fR reacts to changes.",
        "Unknown keys are refused, so a typo does not pass silently; every error names the "
        "file, line and key.",
        r"Under systemd, \fBsystemctl reload orbis\fR reads the file again; an invalid file is "
        "logged with its reason and the one in force stays.",
    ]
    text = " ".join(comment_body(raw).strip() for raw in preamble)
    rest = re.split(r"(?<=[.)])\s+", text, maxsplit=1)
    if len(rest) == 2:
        out += [".PP", line(roff_text(rest[1]))]
    out += [
        ".PP",
        "This page is made from the commented file Orbis ships, which sets or shows every key "
        "it accepts; the sections below follow its order.",
        ".SH SECTIONS",
    ]

    groups = []
    for section in sections:
        parent = section["path"].rpartition(".")[0]
        previous = groups[-1][-1] if groups else None
        if (previous and not section["doc"] and not section["array"] and parent
                and previous["path"].rpartition(".")[0] == parent
                and not any(kind == "keys" for kind, *_ in items(section["body"]))):
            groups[-1].append(section)
        else:
            groups.append([section])

    seen_arrays = set()
    for group in groups:
        first = group[0]
        if first["array"]:
            title = f"[[{first['path']}]]"
            if first["path"] not in seen_arrays:
                seen_arrays.add(first["path"])
                out += [".SS " + '"' + roff_code(title) + '"']
                render_doc(out, first["doc"])
            elif first["doc"]:
                out += [".PP", line(roff_text(" ".join(
                    comment_body(raw).strip() for raw in first["doc"])))]
            body = [first["header"]] + [raw for _, raw, _ in first["body"]]
            while body and not body[-1].strip():
                body.pop()
            render_verbatim(out, body)
            continue
        title = ", ".join(f"[{s['path']}]" for s in group)
        out += [".SS " + '"' + roff_code(title) + '"']
        render_doc(out, first["doc"])
        if len(group) > 1:
            raws = []
            for s in group:
                raws.append(s["header"])
                raws += [raw for _, raw, _ in s["body"]]
            while raws and not raws[-1].strip():
                raws.pop()
            render_verbatim(out, raws)
            continue
        for item in items(first["body"]):
            if item[0] == "prose":
                render_doc(out, item[1])
            elif item[0] == "verbatim":
                render_verbatim(out, item[1])
            else:
                _, comments, keys = item
                out += [".TP", render_key_name(keys[0][0])]
                for name, _ in keys[1:]:
                    out += [".TQ", render_key_name(name)]
                described = " ".join(comment_body(raw).strip() for raw in comments)
                if any(raw.lstrip().startswith("#") for _, raw in keys):
                    described += " Not set in the shipped file"
                    examples = [comment_body(raw).strip() for _, raw in keys
                                if raw.lstrip().startswith("#")]
                    described += ": " + "; ".join(f"`{e}`" for e in examples) + "."
                out.append(line(roff_text(described)))

    out += [
        ".SH FILES",
        ".TP",
        r"\fI/etc/orbis/orbis.toml\fR",
        r"The configuration \fBorbis.service\fR runs \fBorbis serve\fR with, and the default "
        r"of every \fBorbis\fR command (\fB\-\-config\fR or \fBORBIS_CONFIG\fR choose another "
        r"file). A conffile of the Debian package: an upgrade keeps the office's edits.",
        ".SH SEE ALSO",
        r"\fBorbis\fR(1), \fBorbis.serve\fR(1), \fBorbis.run\fR(1), \fBorbis.check\fR(1), "
        r"\fBorbis.schedule\fR(1), \fBsystemd.exec\fR(5)",
    ]
    return "\n".join(out) + "\n"


def orbis_version():
    path = os.path.join(REPO, "Sources", "OrbisCore", "OrbisVersion.swift")
    try:
        with open(path, encoding="utf-8") as f:
            m = re.search(r'current\s*=\s*"([^"]+)"', f.read())
        return m.group(1) if m else "unknown"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config")
    parser.add_argument("output")
    parser.add_argument("--version", default=None)
    args = parser.parse_args()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = int(epoch) if epoch else int(os.stat(args.config).st_mtime)
    date = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%d")
    preamble, sections = parse(args.config)
    page = render(preamble, sections, args.version or orbis_version(), date)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(page)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
