"""The sample report (`Data/` with `Config/orbis.toml`'s `default` report) published in a
language, and the checks' tally, for check_print.py and check_language.py."""
import os
import re
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def publish(orbis, language, out, env=None, as_of="2026-06-30"):
    """Publishes the sample `default` report in `language` under `out`; returns its folder."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(REPO, "Config", "orbis.toml"), encoding="utf-8") as f:
        text = f.read()
    # The institute's language is every report's default; `default` sets none of its own.
    text, n = re.subn(r'(?m)^language = "en"$', f'language = "{language}"', text, count=1)
    if n != 1:
        raise SystemExit("Config/orbis.toml has no [institute] line `language = \"en\"`")
    config = os.path.join(out, "orbis.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(text)
    run = subprocess.run(
        [orbis, "run", "--config", config, "--data", os.path.join(REPO, "Data"),
         "--out", os.path.join(out, "reports"), "--report", "default", "--as-of", as_of],
        capture_output=True, text=True, env=env, timeout=300)
    if run.returncode not in (0, 1):
        raise SystemExit(f"orbis run ({language}) failed with {run.returncode}:\n{run.stderr}")
    return os.path.join(out, "reports", "default", "latest")


class Checks:
    """Counts checks and prints each failure with its label."""

    def __init__(self):
        self.total = self.failed = 0

    def __call__(self, label, ok, detail=""):
        self.total += 1
        if not ok:
            self.failed += 1
            print(f"  FAIL {label}" + (f": {detail}" if detail else ""))
        return ok

    def finish(self, name):
        print(f"{name}: {self.total - self.failed}/{self.total} checks pass")
        raise SystemExit(1 if self.failed else 0)
