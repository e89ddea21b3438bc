#!/usr/bin/env bash
# `orbis check` over 1,000,000 staff rows (~85 MB in 4 files: `,`; `;`; BOM + CRLF; TSV), timed
# as a whole process. Passes at <= 1.0 s wall (median of RUNS) and <= 300 MB peak RSS. Also
# times pandas.read_csv over the same files, for comparison (skipped when pandas is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
data=${BENCH_DATA:-/tmp/orbis-bench-1m}
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  python3 Benchmarks/data/generate_dataset.py "$data" --seed 1 --staff 1000000 --files 4 \
    --defect-rate 0 --programmes 0
  rm -f "$data/programmes.csv" "$data/expected.json"
  touch "$data/.complete"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[paths]\ndata = "%s"\nreports = "%s/r"\nstate = "%s/s"\n[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n' \
  "$data" "$work" "$work" > "$work/orbis.toml"
swift build -c release --static-swift-stdlib --product orbis >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
orbis="$(swift build -c release --show-bin-path)/orbis"

walls=(); peak=0
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$work/time" "$orbis" check --config "$work/orbis.toml" >/dev/null
  read -r wall rss < "$work/time"
  walls+=("$wall"); (( rss > peak )) && peak=$rss
  echo "run $i: ${wall}s wall, ${rss} kB peak"
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "orbis check, 1,000,000 rows, $(du -sm "$data" | cut -f1) MB: median ${median}s wall, peak ${peak} kB"

python3 - "$data" <<'PY' || echo "pandas not installed: pip install pandas to compare"
import sys, time, glob
import pandas as pd
files = sorted(glob.glob(sys.argv[1] + "/staff-*"))
t = time.perf_counter()
rows = 0
for f in files:
    header = open(f, encoding="utf-8-sig").readline()
    sep = "\t" if f.endswith(".tsv") else (";" if header.count(";") > header.count(",") else ",")
    df = pd.read_csv(f, sep=sep, engine="c", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows += len(df)
print(f"pandas.read_csv over the same files: {time.perf_counter() - t:.2f}s ({rows} rows, parse only)")
PY

fail=0
awk -v m="$median" 'BEGIN {exit !(m <= 1.0)}' || { echo "FAIL: median ${median}s > 1.0 s"; fail=1; }
[ "$peak" -le 307200 ] || { echo "FAIL: peak ${peak} kB > 300 MB"; fail=1; }
[ "$fail" = 0 ] && echo "check bench: PASS"
exit "$fail"
