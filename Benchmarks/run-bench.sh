#!/usr/bin/env bash
# `orbis run` over 1,000,000 staff + 100,000 programmes + 20,000 agreements (~100 MB, 0.1% of
# rows defective), against a pandas + XlsxWriter script doing the same job on the same files
# (Benchmarks/pandas_reports.py), timed in the same run, alternating. Passes when Orbis's
# median wall time is at least 4x faster and its peak RSS at most 400 MB. Prints Orbis's split
# (read, statistics, workbook, text) and the workbook time beside a C program writing the same
# cells with libxlsxwriter.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
data=${BENCH_RUN_DATA:-/tmp/orbis-bench-run}
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  python3 Benchmarks/data/generate_dataset.py "$data" --seed 1 --staff 1000000 --files 4 \
    --defect-rate 0.001 --programmes 100000 --agreements 20000
  rm -f "$data/expected.json"
  touch "$data/.complete"
fi
python3 -c "import pandas, xlsxwriter" 2>/dev/null || pip install --quiet pandas xlsxwriter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[paths]\ndata = "%s"\nreports = "%s/reports"\nstate = "%s/state"\n[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n' \
  "$data" "$work" "$work" > "$work/orbis.toml"
swift build -c release --static-swift-stdlib --product orbis >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
swift build -c release --static-swift-stdlib --product report-bench >>"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bin="$(swift build -c release --show-bin-path)"

orbis_walls=(); pandas_walls=(); peak=0
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin/orbis" run --config "$work/orbis.toml" \
    --as-of 2026-06-30 >/dev/null 2>"$work/orbis.log" || [ $? = 1 ]
  read -r wall rss < <(tail -1 "$work/time")
  orbis_walls+=("$wall"); (( rss > peak )) && peak=$rss
  echo "run $i: orbis ${wall}s wall, ${rss} kB peak"
  /usr/bin/time -f "%e %M" -o "$work/time" python3 Benchmarks/pandas_reports.py "$data" \
    "$work/pandas" 2026-06-30 2>"$work/pandas.log"
  read -r pwall prss < <(tail -1 "$work/time")
  pandas_walls+=("$pwall")
  echo "run $i: pandas + XlsxWriter ${pwall}s wall, ${prss} kB peak ($(cat "$work/pandas.log"))"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
om=$(median "${orbis_walls[@]}"); pm=$(median "${pandas_walls[@]}")
ratio=$(awk -v o="$om" -v p="$pm" 'BEGIN {printf "%.1f", p / o}')
echo "orbis run: median ${om}s wall, peak ${peak} kB; pandas + XlsxWriter: median ${pm}s; ${ratio}x"
grep -o 'duration\.[a-z]*\.s=[0-9.]*' "$work/orbis.log" | sed 's/^duration\./  /; s/\.s=/: /; s/$/ s/' \
  | tr '\n' ' '; echo "(workbook and text side by side; the previous stats.json is read beside the statistics)"
"$bin/report-bench" "$work/reports/default/latest/stats.json" "$work"
cc -O2 -o "$work/cells_bench" Benchmarks/c/cells_bench.c $(pkg-config --cflags --libs xlsxwriter)
"$work/cells_bench" "$work/cells.tsv" "$work"

fail=0
awk -v r="$ratio" 'BEGIN {exit !(r >= 4)}' || { echo "FAIL: ${ratio}x < 4x"; fail=1; }
[ "$peak" -le 409600 ] || { echo "FAIL: peak ${peak} kB > 400 MB"; fail=1; }
[ "$fail" = 0 ] && echo "run bench: PASS"
exit "$fail"
