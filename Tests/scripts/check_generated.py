#!/usr/bin/env python3
"""Independent check of `orbis check --json` against the seeded generator's own counts.

The generator (Benchmarks/data/generate_dataset.py) records how many defects of each kind it
drew; Orbis must find exactly those, for several seeds. Usage: check_generated.py PATH/TO/orbis
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
orbis = sys.argv[1]
failures = 0
checks = 0
for seed, staff in [(7, 20000), (11, 5000), (23, 1200)]:
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/data/generate_dataset.py"), data,
                        "--seed", str(seed), "--staff", str(staff), "--files", "4",
                        "--defect-rate", "0.03"], check=True)
        expected = json.load(open(os.path.join(data, "expected.json")))
        config = os.path.join(tmp, "orbis.toml")
        with open(config, "w") as f:
            f.write('[paths]\ndata = "data"\nreports = "reports"\nstate = "state"\n'
                    '[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n')
        run = subprocess.run([orbis, "check", "--config", config, "--json", "--as-of", "2026-01-01"],
                             capture_output=True, text=True)
        got = json.loads(run.stdout)
        for name, want, have in [
            ("exit status", 1, run.returncode),
            ("rows read", expected["rows_read"], got["totals"]["rows_read"]),
            ("rows accepted", expected["rows_accepted"], got["totals"]["rows_accepted"]),
            ("rows rejected", expected["rows_rejected"], got["totals"]["rows_rejected"]),
            ("file errors", [], got["file_errors"]),
        ] + [(f"rejected {k}", v, got["totals"]["rejected_by_kind"][k])
             for k, v in expected["rejected_by_kind"].items()]:
            checks += 1
            if want != have:
                failures += 1
                print(f"seed {seed}: {name}: expected {want}, orbis check said {have}")
print(f"generated-data check: {checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
