#!/usr/bin/env bash
# Side by side on one data directory: `orbis run`, the pandas script
# (Benchmarks/pandas_reports.py), the polars script (Benchmarks/polars_reports.py) and the C floor
# (Benchmarks/c/floor.c: one pass over every byte plus a workbook of the same size class; not a
# reimplementation). RUNS rounds (default 3), the four commands alternating within each round.
# Prints a Markdown table: wall time (median of RUNS, min-max), peak RSS (max of RUNS) and the
# ratio of each command's median to Orbis's (above 1: Orbis is faster), then checks that the
# pandas and polars figures are identical and shows Orbis's beside them.
#
# Usage: bench-table.sh DATA_DIR ORBIS_BINARY
#   RUNS=3  AS_OF=2026-06-30  PYTHON=.build/venv-bench/bin/python (created if missing:
#   polars, pandas, xlsxwriter and pyarrow from PyPI)
# Wall times are taken around `/usr/bin/time -f "%e %M"` with date +%s%N (milliseconds; %e has
# only 10 ms resolution, too coarse for the small data set); peak RSS is its %M.
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 DATA_DIR ORBIS_BINARY" >&2; exit 2; }
data=$(realpath "$1"); orbis=$(realpath "$2")
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}; AS_OF=${AS_OF:-2026-06-30}
PYTHON=${PYTHON:-.build/venv-bench/bin/python}
if ! "$PYTHON" -c "import polars, pandas, xlsxwriter" 2>/dev/null; then
  [ "$PYTHON" = .build/venv-bench/bin/python ] || { echo "$PYTHON lacks polars, pandas or xlsxwriter" >&2; exit 1; }
  python3 -m venv .build/venv-bench
  .build/venv-bench/bin/pip install -q 'polars>=1' pandas xlsxwriter pyarrow
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[paths]\ndata = "%s"\nreports = "%s/reports"\nstate = "%s/state"\n[institute]\nhost_country = "FR"\ntime_zone = "UTC"\n' \
  "$data" "$work" "$work" > "$work/orbis.toml"
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -O2 -o "$work/floor" Benchmarks/c/floor.c $(pkg-config --cflags --libs xlsxwriter)
mkdir -p "$work/floor-out"

declare -A walls rss
names=(orbis pandas polars floor)
# measure NAME COMMAND...: one timed run; exit status 1 is accepted (orbis run: rows rejected).
measure() {
  local name=$1; shift
  local t0 t1 status=0
  t0=$(date +%s%N)
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.log" || status=$?
  t1=$(date +%s%N)
  if [ "$status" -gt 1 ] || { [ "$status" = 1 ] && [ "$name" != orbis ]; }; then
    echo "$name failed (exit $status):" >&2; tail -5 "$work/$name.log" >&2; exit 1
  fi
  walls[$name]+="$(( (t1 - t0) / 1000000 )) "
  rss[$name]+="$(tail -1 "$work/time" | awk '{print $2}') "
}
for i in $(seq "$RUNS"); do
  measure orbis "$orbis" run --config "$work/orbis.toml" --as-of "$AS_OF"
  measure pandas "$PYTHON" Benchmarks/pandas_reports.py "$data" "$work/pandas" "$AS_OF"
  measure polars "$PYTHON" Benchmarks/polars_reports.py "$data" "$work/polars" "$AS_OF"
  measure floor "$work/floor" "$data" "$work/floor-out" "$AS_OF"
  last() { awk '{print $NF}' <<<"${walls[$1]}"; }
  echo "round $i of $RUNS: orbis $(last orbis) ms, pandas $(last pandas) ms, polars $(last polars) ms," \
    "C floor $(last floor) ms" >&2
done

# stat NAME: median min max (ms) and peak RSS (kB) of its runs.
stat() { tr ' ' '\n' <<<"${walls[$1]}" | grep . | sort -n \
  | awk -v rss="${rss[$1]}" '{a[NR]=$1} END {n=split(rss, r, " "); m=0; for (i=1;i<=n;i++) if (r[i]+0>m) m=r[i]+0;
      print a[int((NR+1)/2)], a[1], a[NR], m}'; }
read -r om _ _ _ < <(stat orbis)
versions=$("$PYTHON" -c 'import pandas, polars, xlsxwriter; print(pandas.__version__, polars.__version__, xlsxwriter.__version__)')
read -r pdv plv xwv <<<"$versions"
label() { case $1 in
  orbis) echo "\`orbis run\` (release)";;
  pandas) echo "pandas $pdv + XlsxWriter $xwv script (\`pandas_reports.py\`)";;
  polars) echo "polars $plv + XlsxWriter $xwv script (\`polars_reports.py\`)";;
  floor) echo "C floor: one pass over every byte + the workbook (\`c/floor.c\`)";;
esac; }
echo
read -r count bytes < <(find "$data" -maxdepth 1 \( -name '*.csv' -o -name '*.tsv' \) -printf '%s\n' \
  | awk '{n++; b+=$1} END {print n, b}')
echo "$(basename "$data"): $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b / 1e6}') in $count files," \
  "as of $AS_OF, $RUNS run(s) each, alternating, $(nproc) cores"
echo
echo "| command | wall (median of $RUNS, min–max) | peak RSS (MB) | Orbis's ratio to it (its wall ÷ Orbis's) |"
echo "|---|---|---|---|"
for name in "${names[@]}"; do
  read -r med lo hi peak < <(stat "$name")
  awk -v l="$(label "$name")" -v m="$med" -v lo="$lo" -v hi="$hi" -v p="$peak" -v o="$om" -v self="$([ "$name" = orbis ] && echo 1 || echo 0)" \
    'function s(x) { return sprintf(x < 1000 ? "%.3f" : "%.2f", x / 1000) }
     BEGIN { mb = p / 1024; printf "| %s | %s s (%s–%s) | %s | %s |\n", self ? "**" l "**" : l, s(m), s(lo), s(hi),
       sprintf(mb < 100 ? "%.1f" : "%.0f", mb), self ? "1×" : sprintf("%.2f×", m / o) }'
done
echo
echo "orbis run (its log, last run): $(grep -o 'duration\.[a-z]*\.s=[0-9.]*' "$work/orbis.log" \
  | sed 's/^duration\.//; s/\.s=/ /; s/$/ s/' | paste -sd, - | sed 's/,/, /g')"
for name in pandas polars floor; do tail -1 "$work/$name.log"; done
# The release binary's workbook packed at its level (the binding's hook bound; see the script).
python3 Tests/scripts/check_xlsx_level.py "$(ls "$work"/reports/*/latest/report.xlsx)" 4 | sed "s#$work/##"

# The figures: pandas and polars must agree exactly (stats.json byte for byte). Orbis's headline
# figures are shown beside theirs: the scripts keep a row with too few fields (the missing
# trailing fields read as empty) where Orbis rejects it as wrong_field_count, so with such rows
# present their headcount and foreign count are a little higher.
"$PYTHON" - "$work" <<'EOF2'
import glob, json, sys
work = sys.argv[1]
def key(s):
    return (s["staff"]["headcount"], s["staff"]["foreign"], s["staff"]["foreign_share"],
            s["programmes"]["active"], s["agreements"]["in_force"])
orbis = key(json.load(open(glob.glob(f"{work}/reports/*/latest/stats.json")[0]))["statistics"])
pd_text, pl_text = open(f"{work}/pandas/stats.json").read(), open(f"{work}/polars/stats.json").read()
pd_, pl_ = key(json.loads(pd_text)), key(json.loads(pl_text))
print("figures (headcount, foreign, foreign share, programmes active, agreements in force):")
print(f"  orbis  {orbis}\n  pandas {pd_}\n  polars {pl_}")
print("  pandas and polars stats.json:", "byte-identical" if pd_text == pl_text else "DIFFER (FAIL)")
print("  orbis and the scripts:", "equal" if orbis == pd_ else
      "differ (the scripts keep rows with too few fields; Orbis rejects them)")
sys.exit(0 if pd_text == pl_text else 1)
EOF2
