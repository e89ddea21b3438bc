#!/usr/bin/env python3
"""Compares the reports two builds of orbis publish from the same data, byte for byte.

Every published file of the sample data's reports (`Config/orbis.toml`: default, annual, and
public with its reports per unit) and, given a data directory, of a large data set's default
report, must be identical between BASE and NEW but for the generation time (`generated_at`,
the "generated" line, the workbook's document dates) and the durations nothing publishes. The
speed work of issue #19 is measured against the commit before its first change with it.

Usage: compare-outputs.py BASE_ORBIS NEW_ORBIS [LARGE_DATA_DIRECTORY]
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:?\d\d:?\d\dZ")
AS_OF = "2026-06-30"


def normalized(name, data):
    """The bytes of a published file with its generation time blanked."""
    return STAMP.sub(b"<generated>", data)


def contents(path):
    """{part: bytes} of a published file: a workbook's ZIP parts, or the file itself."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            return {name: normalized(name, z.read(name)) for name in sorted(z.namelist())}
    return {"": normalized(path, data)}


def publish(orbis, config, data, out, report):
    run = subprocess.run(
        [orbis, "run", "--config", config, "--data", data, "--out", out, "--report", report,
         "--as-of", AS_OF], capture_output=True, text=True, timeout=1200)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{orbis} run {report} failed ({run.returncode}):\n{run.stderr[-2000:]}")


def published_files(root):
    """Relative paths of the files under every `latest` of `root`."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for d in list(dirnames):
            if os.path.islink(os.path.join(dirpath, d)) and d == "latest":
                latest = os.path.join(dirpath, d)
                for name in sorted(os.listdir(latest)):
                    files.append(os.path.relpath(os.path.join(latest, name), root))
    return sorted(files)


def compare(base_root, new_root, label):
    failures = 0
    base, new = published_files(base_root), published_files(new_root)
    if base != new:
        print(f"FAIL {label}: different files: {sorted(set(base) ^ set(new))[:10]}")
        return 1
    for rel in base:
        a, b = contents(os.path.join(base_root, rel)), contents(os.path.join(new_root, rel))
        if a.keys() != b.keys():
            print(f"FAIL {label}: {rel}: parts differ: {sorted(set(a) ^ set(b))}")
            failures += 1
            continue
        for part in a:
            if a[part] != b[part]:
                at = next(i for i in range(min(len(a[part]), len(b[part])) + 1)
                          if i >= min(len(a[part]), len(b[part])) or a[part][i] != b[part][i])
                print(f"FAIL {label}: {rel} {part}: differs at byte {at}: "
                      f"{a[part][max(0, at - 40):at + 40]!r} / {b[part][max(0, at - 40):at + 40]!r}")
                failures += 1
    print(f"{label}: {len(base)} files compared, {failures} differ")
    return failures


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    base, new = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(REPO, "Config", "orbis.toml")
        for report in ("default", "annual", "public"):
            for name, orbis in (("base", base), ("new", new)):
                publish(orbis, config, os.path.join(REPO, "Data"), f"{tmp}/{name}", report)
        failures += compare(f"{tmp}/base", f"{tmp}/new", "sample data")
        if len(sys.argv) == 4:
            large = os.path.join(tmp, "large.toml")
            with open(large, "w") as f:
                f.write('[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n')
            for name, orbis in (("base", base), ("new", new)):
                publish(orbis, large, sys.argv[3], f"{tmp}/large-{name}", "default")
            failures += compare(f"{tmp}/large-base", f"{tmp}/large-new", "large data")
    print("compare-outputs: " + ("identical" if not failures else f"{failures} files differ"))
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
