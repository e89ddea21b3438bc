#!/usr/bin/env python3
"""Writes the link order of the release binary's functions (`make order-file`).

A run touches a few thousand of the binary's 60,000 functions, scattered over 21 MB of code:
the kernel maps a 64 KB window around each page first executed, so a small run kept about
18 MB of the binary resident. Linked in the order of this file (lld's
--symbol-ordering-file, Package.swift), the functions a run executes sit together, and a
10,000-staff run peaks about 7 MB lower (37.8 MB to 30.5). Functions of the static Foundation and
standard-library archives that are not compiled into sections of their own move only with
the rest of their object file.

The list is every function of the binary that valgrind's callgrind sees executed (exact, not
sampled) while ORBIS runs:
- the sample data's three reports (`Config/orbis.toml`: default, annual, public with its
  reports per unit), `check` and `--help`;
- a generated export of 3,000 staff in 3 files with 1% defective rows (the benchmark's
  generator, another seed and size than `make bench`'s), twice: the second run has a previous
  report, its changes and trends; then `check` on it.
The names are sorted: the linker needs the functions together, in no particular order (the
profiles' own order peaks the same), and a sorted file changes only where the functions do.
A name the binary no longer has is skipped by the linker, so an old list only orders less;
regenerate it after a large change.

Usage: make-order-file.py ORBIS OUTPUT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-06-30"
ENTRY = re.compile(r"^(c?fn|c?ob)=\((\d+)\)(?: (.*))?$")


def executed(profile, binary):
    """Mangled names of the functions of `binary` in a callgrind profile."""
    binary = os.path.realpath(binary)
    names, objects, current, found = {}, {}, None, set()
    with open(profile, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = ENTRY.match(line.rstrip("\n"))
            if not m:
                continue
            kind, key, name = m.groups()
            table = objects if kind.endswith("ob") else names
            if name:
                table[key] = name
            if kind == "ob":
                current = os.path.realpath(objects[key]) if key in objects else None
            elif kind == "fn" and current == binary:
                # Recursive cycles are named `f'2`; addresses without a symbol are skipped.
                function = re.sub(r"'\d+$", "", names[key])
                if not function.startswith("0x"):
                    found.add(function)
    return found


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    orbis, output = sys.argv[1], sys.argv[2]
    for tool in ("valgrind", "objcopy"):
        if not shutil.which(tool):
            raise SystemExit(f"make-order-file: {tool} is missing (apt-get install valgrind binutils)")
    with tempfile.TemporaryDirectory() as tmp:
        # valgrind cannot read the DWARF 5 of the toolchain's clang: profile a copy without
        # it (the symbol table, which names the functions, stays).
        binary = os.path.join(tmp, "orbis")
        subprocess.run(["objcopy", "--strip-debug", orbis, binary], check=True)
        config = os.path.join(REPO, "Config", "orbis.toml")
        data = os.path.join(REPO, "Data")
        env = dict(os.environ, ORBIS_STATE_DIR=os.path.join(tmp, "state"))
        runs = [
            ["run", "--config", config, "--data", data, "--out", f"{tmp}/out", "--report",
             report, "--as-of", AS_OF] for report in ("default", "annual", "public")
        ] + [
            ["check", "--config", config, "--data", data],
            ["--help"],
        ]
        generated = os.path.join(tmp, "generated")
        subprocess.run(
            [sys.executable, os.path.join(REPO, "Benchmarks", "data", "generate_dataset.py"),
             generated, "--seed", "7", "--staff", "3000", "--files", "3", "--defect-rate", "0.01",
             "--programmes", "300", "--agreements", "60"], check=True, capture_output=True)
        plain = os.path.join(tmp, "generated.toml")
        with open(plain, "w") as f:
            f.write('[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n')
        runs += [["run", "--config", plain, "--data", generated, "--out", f"{tmp}/generated-out"]] * 2
        runs += [["check", "--config", plain, "--data", generated]]
        functions = set()
        for i, arguments in enumerate(runs):
            profile = os.path.join(tmp, f"callgrind.{i}")
            run = subprocess.run(
                ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}",
                 binary] + arguments, env=env, capture_output=True, text=True, timeout=600)
            if not os.path.exists(profile):
                raise SystemExit(f"make-order-file: valgrind failed on {arguments}:\n{run.stderr[-2000:]}")
            functions |= executed(profile, binary)
    if len(functions) < 1000:
        raise SystemExit(f"make-order-file: only {len(functions)} functions of {orbis} seen "
                         f"executed; {output} is left as it was")
    with open(output, "w") as f:
        f.write("".join(name + "\n" for name in sorted(functions)))
    print(f"make-order-file: {len(functions)} functions in {output}")


if __name__ == "__main__":
    main()
