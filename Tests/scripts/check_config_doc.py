#!/usr/bin/env python3
"""Every configuration key Orbis accepts appears in the commented configuration file.

The accepted keys are read from the Swift source, not from a list kept here: every
`try allow(TABLE, SECTION, [KEYS])` call in Sources/OrbisCore/Configuration/*.swift gives a
section (a string literal; `\\(name)` is resolved through `let name = "…"` before the call,
anything else stands for a user-chosen name, and `[…]` indexes are dropped: `report[\\(i)]` is
`report`) and its keys (a list of string literals, or `SomeEnum.allCases.map(\\.rawValue)`,
read from the enum's `case` lines). A key added to the source fails this check until the
configuration file documents it; an `allow` call it cannot read fails it too (exit 2), rather
than being passed over.

A key counts as documented in its section (the lines under its header, and the comment block
right above the header) when it is set (`key = …`, also inside an inline table), written in
a comment as an assignment (`# key = …`), as the first word of a comment line (`#   key   …`,
as the [[report]] comment lists its keys), or in backquotes; a key that is itself a table
counts when its header is there (`[inputs.files]`, `[inputs.columns.staff]`). A section
missing from the file (`report.trends`) is looked for under the nearest one there (`[[report]]`),
as the dotted key (`trends.period`).

Usage: check_config_doc.py [--sources DIR] Config/orbis.toml
Prints one line per missing key and `check_config_doc: N passed, N failed`; exit 1 when a key
is missing, 2 when the source cannot be read.
"""
import argparse
import glob
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class SourceError(Exception):
    pass


def swift_string(text, start):
    """Parses the Swift string literal whose opening quote is at `start`.

    Returns (parts, end): parts is a list of ('text', s) and ('interp', expr); end is the index
    after the closing quote."""
    assert text[start] == '"'
    if text.startswith('"""', start):
        raise SourceError("multi-line string literal")
    parts, buf, i = [], [], start + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            nxt = text[i + 1]
            if nxt == "(":
                depth, j = 1, i + 2
                while depth:
                    if text[j] == "(":
                        depth += 1
                    elif text[j] == ")":
                        depth -= 1
                    j += 1
                if buf:
                    parts.append(("text", "".join(buf)))
                    buf = []
                parts.append(("interp", text[i + 2:j - 1].strip()))
                i = j
                continue
            buf.append({"n": "\n", "t": "\t", "0": "\0"}.get(nxt, nxt))
            i += 2
            continue
        if c == '"':
            if buf:
                parts.append(("text", "".join(buf)))
            return parts, i + 1
        if c == "\n":
            raise SourceError("unterminated string literal")
        buf.append(c)
        i += 1
    raise SourceError("unterminated string literal")


def call_arguments(text, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren, as source text."""
    args, depth, i, begin = [], 0, open_paren, open_paren + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            _, i = swift_string(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[begin:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    raise SourceError("unbalanced parentheses")


def resolve_section(text, position, expression, depth=0):
    """The dotted section an allow call's second argument names, with * for names users
    choose and without [index] parts."""
    expression = expression.strip()
    if re.fullmatch(r"[A-Za-z_]\w*", expression) and depth < 5:
        binding = None
        for m in re.finditer(r"\blet\s+" + re.escape(expression) + r"\s*=\s*\"", text[:position]):
            binding = m
        if binding is None:
            raise SourceError(f"section {expression!r} is neither a string literal nor a let of one")
        literal_start = binding.end() - 1
        _, literal_end = swift_string(text, literal_start)
        return resolve_section(text, binding.start(), text[literal_start:literal_end], depth + 1)
    if not expression.startswith('"'):
        raise SourceError(f"section {expression!r} is not a string literal")
    parts, end = swift_string(expression, 0)
    if expression[end:].strip():
        raise SourceError(f"section {expression!r} is not a single string literal")
    out = []
    for kind, value in parts:
        if kind == "text":
            out.append(value)
            continue
        binding = None
        if re.fullmatch(r"[A-Za-z_]\w*", value) and depth < 5:
            for m in re.finditer(r"\blet\s+" + re.escape(value) + r"\s*=\s*\"", text[:position]):
                binding = m
        if binding:
            literal_start = binding.end() - 1
            _, literal_end = swift_string(text, literal_start)
            out.append(resolve_section(text, binding.start(), text[literal_start:literal_end],
                                       depth + 1))
        else:
            out.append("*")
    section = "".join(out)
    section = re.sub(r"\[[^\]]*\]", "", section)
    segments = [s.strip('"') for s in section.split(".")] if section else []
    return ".".join(segments)


def enum_cases(sources_root, name):
    for path in glob.glob(os.path.join(sources_root, "**", "*.swift"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"\benum\s+" + re.escape(name) + r"\b[^{]*\{", text)
        if not m:
            continue
        body, depth, i = [], 1, m.end()
        while depth:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            body.append(text[i] if depth == 1 else " ")
            i += 1
        cases = []
        for line in "".join(body).splitlines():
            line = line.split("//")[0].strip()
            if not line.startswith("case "):
                continue
            for item in line[5:].split(","):
                item = item.strip()
                if "(" in item:
                    raise SourceError(f"enum {name} has a case with associated values")
                m2 = re.fullmatch(r'(\w+)(?:\s*=\s*"([^"]*)")?', item)
                if not m2:
                    raise SourceError(f"cannot read the case {item!r} of enum {name}")
                cases.append(m2.group(2) if m2.group(2) is not None else m2.group(1))
        if not cases:
            raise SourceError(f"enum {name} has no case")
        return cases
    raise SourceError(f"enum {name} not found under {sources_root}")


def resolve_keys(expression, sources_root):
    expression = expression.strip()
    if expression.startswith("[") and expression.endswith("]"):
        inner, keys, residue, i = expression[1:-1], [], [], 0
        while i < len(inner):
            if inner[i] == '"':
                parts, i = swift_string(inner, i)
                if len(parts) != 1 or parts[0][0] != "text":
                    raise SourceError(f"key list {expression!r} holds an interpolated string")
                keys.append(parts[0][1])
            else:
                residue.append(inner[i])
                i += 1
        if "".join(residue).replace(",", "").strip():
            raise SourceError(f"key list {expression!r} holds something else than string literals")
        return keys
    m = re.fullmatch(r"(\w+)\.allCases\.map\(\s*\\\.rawValue\s*\)", expression)
    if m:
        return enum_cases(sources_root, m.group(1))
    raise SourceError(f"cannot read the key list {expression!r}")


def accepted_keys(config_sources, sources_root):
    """[(section, key, 'file:line')] from every `try allow(…)` call."""
    found = []
    files = sorted(glob.glob(os.path.join(config_sources, "*.swift")))
    if not files:
        raise SourceError(f"no Swift file in {config_sources}")
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r"\btry\s+allow\s*\(", text):
            where = f"{os.path.relpath(path, os.path.dirname(sources_root))}:{text.count(chr(10), 0, m.start()) + 1}"
            try:
                args = call_arguments(text, m.end() - 1)
                if len(args) != 3:
                    raise SourceError(f"{len(args)} arguments, 3 expected")
                section = resolve_section(text, m.start(), args[1])
                for key in resolve_keys(args[2], sources_root):
                    found.append((section, key, where))
            except (SourceError, IndexError, ValueError) as error:
                raise SourceError(f"{where}: allow(…): {error}") from None
    if not found:
        raise SourceError(f"no allow(…) call in {config_sources}")
    return found


HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")


def table_path(name):
    segments = re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', name)
    return ".".join(s.strip("\"'") for s in segments)


def read_config(path):
    """[(table, is_comment, text)] per line, and the set of table paths with a header."""
    with open(path, encoding="utf-8") as f:
        raw = f.read().splitlines()
    lines, headers, commented_headers, current = [], set(), set(), ""
    for text in raw:
        stripped = text.strip()
        m = HEADER.match(text)
        if m and not stripped.startswith("#"):
            current = table_path(m.group(1))
            headers.add(current)
            lines.append([current, False, text])
            continue
        if stripped.startswith("#"):
            m2 = HEADER.match(stripped.lstrip("#"))
            if m2:
                commented_headers.add(table_path(m2.group(1)))
        lines.append([current, stripped.startswith("#"), text])
    # A comment block right above a header documents that header's table.
    for i, (table, _, text) in enumerate(lines):
        m = HEADER.match(text)
        if m and not text.strip().startswith("#"):
            j = i - 1
            while j >= 0 and lines[j][1]:
                lines[j][0] = table
                j -= 1
    return lines, headers, commented_headers


def documented(section, key, lines, headers, commented_headers):
    full = f"{section}.{key}" if section else key
    if any(h == full or h.startswith(full + ".") for h in headers | commented_headers):
        return True
    if not section:
        return False
    segments = section.split(".")
    if "*" in segments:
        segments_before = segments[:segments.index("*")]
        rest = [s for s in segments[segments.index("*"):] if s != "*"]
    else:
        segments_before, rest = segments, []
    anchor = None
    for n in range(len(segments_before), 0, -1):
        candidate = ".".join(segments_before[:n])
        if candidate in headers:
            anchor = candidate
            rest = segments_before[n:] + rest
            break
    if anchor is None:
        return False
    needle = re.escape(".".join(rest + [key]))
    assignment = re.compile(r"(?<![\w.\"'-])" + needle + r"\s*=")
    first_word = re.compile(r"^\s*" + needle + r"(?:\s|$)")
    quoted = re.compile(r"`" + needle + r"`")
    exact = anchor == section
    for table, is_comment, text in lines:
        if not (table == anchor or (not exact and table.startswith(anchor + "."))):
            continue
        if is_comment:
            body = text.strip()[1:]
            if assignment.search(body) or first_word.search(body) or quoted.search(body):
                return True
        elif assignment.search(text):
            return True
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="the commented configuration file (Config/orbis.toml)")
    parser.add_argument("--sources", default=os.path.join(REPO, "Sources"),
                        help="the Sources directory (default: the repository's)")
    args = parser.parse_args()
    try:
        keys = accepted_keys(os.path.join(args.sources, "OrbisCore", "Configuration"),
                             args.sources)
    except SourceError as error:
        print(f"check_config_doc: {error}", file=sys.stderr)
        return 2
    lines, headers, commented_headers = read_config(args.config)
    passed = failed = 0
    for section, key, where in keys:
        name = f"{section}.{key}" if section else f"[{key}]"
        if documented(section, key, lines, headers, commented_headers):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: accepted by Orbis ({where}) but not in {args.config}, "
                  "set or in a comment")
    sections = len({s for s, _, _ in keys})
    print(f"check_config_doc: {len(keys)} keys in {sections} sections of the source")
    print(f"check_config_doc: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
