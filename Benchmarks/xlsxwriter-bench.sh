#!/usr/bin/env bash
# Binding overhead: 1,000,000 rows x 8 columns (4 numbers, 4 strings) in constant-memory mode,
# written through XLSXWriter and through the same loop in C against the same libxlsxwriter.
# Passes when Swift takes at most 1.3x the C time and peaks under 100 MB.
#
# "Time" is the process's CPU time (user + system), median of RUNS runs each: wall time is also
# printed, but on a shared machine it varies by 30% from run to run with disk writes alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cc -O2 -Wall -o Benchmarks/c/xlsxwriter_bench Benchmarks/c/xlsxwriter_bench.c \
  $(pkg-config --cflags --libs xlsxwriter)
swift build -c release --static-swift-stdlib --product xlsxwriter-bench >"$out/build.log" 2>&1 \
  || { cat "$out/build.log"; exit 1; }
swift_bin="$(swift build -c release --show-bin-path)/xlsxwriter-bench"

field() { sed "s/.*$1=\([0-9.]*\).*/\1/"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
c_cpu=(); s_cpu=(); c_wall=(); s_wall=(); c_rss=(); s_rss=()
for i in $(seq "$RUNS"); do
  # Alternate which side goes first, so that a slow moment of the machine falls on both.
  if (( i % 2 )); then
    c=$(Benchmarks/c/xlsxwriter_bench "$out/c.xlsx" "$ROWS"); s=$("$swift_bin" "$out/swift.xlsx" "$ROWS")
  else
    s=$("$swift_bin" "$out/swift.xlsx" "$ROWS"); c=$(Benchmarks/c/xlsxwriter_bench "$out/c.xlsx" "$ROWS")
  fi
  c_cpu+=("$(field cpu <<<"$c")"); c_wall+=("$(field seconds <<<"$c")"); c_rss+=("$(field maxrss_kb <<<"$c")")
  s_cpu+=("$(field cpu <<<"$s")"); s_wall+=("$(field seconds <<<"$s")"); s_rss+=("$(field maxrss_kb <<<"$s")")
  echo "run $i: C $c | Swift $s"
done
c_med=$(printf '%s\n' "${c_cpu[@]}" | median); s_med=$(printf '%s\n' "${s_cpu[@]}" | median)
c_wmed=$(printf '%s\n' "${c_wall[@]}" | median); s_wmed=$(printf '%s\n' "${s_wall[@]}" | median)
c_peak=$(printf '%s\n' "${c_rss[@]}" | sort -n | tail -1); s_peak=$(printf '%s\n' "${s_rss[@]}" | sort -n | tail -1)
ratio=$(awk -v s="$s_med" -v c="$c_med" 'BEGIN {printf "%.3f", s / c}')
wratio=$(awk -v s="$s_wmed" -v c="$c_wmed" 'BEGIN {printf "%.3f", s / c}')
echo "rows=$ROWS x 8 columns, constant memory, $RUNS runs each (medians)"
echo "  C:     cpu ${c_med}s  wall ${c_wmed}s  peak RSS ${c_peak} kB  file $(stat -c %s "$out/c.xlsx") B"
echo "  Swift: cpu ${s_med}s  wall ${s_wmed}s  peak RSS ${s_peak} kB  file $(stat -c %s "$out/swift.xlsx") B"
echo "  Swift/C: cpu ${ratio}x (limit 1.3)  wall ${wratio}x"
fail=0
awk -v r="$ratio" 'BEGIN {exit !(r <= 1.3)}' || { echo "FAIL: Swift/C CPU time $ratio > 1.3"; fail=1; }
[ "$s_peak" -lt 102400 ] || { echo "FAIL: Swift peak ${s_peak} kB >= 100 MB"; fail=1; }
[ "$fail" = 0 ] && echo "xlsxwriter bench: PASS"
exit "$fail"
