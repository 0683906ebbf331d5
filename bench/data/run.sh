#!/usr/bin/env bash
# Data benchmark (issue 4): profile a 1M x 50 CSV into a snapshot, profile a second one on its bins,
# compute skew; the same with pandas + SciPy (bench/data/reference.py), interleaved, REPS times each;
# then peak memory of the snapshot step at 1M and 4M rows.
# usage: bench/data/run.sh [WORKDIR] [REPS]      needs: node, /usr/bin/python3 with pandas + scipy
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/mtg-data-bench}
reps=${2:-3}
py=${PYTHON:-/usr/bin/python3}
mkdir -p "$work"
[ -f "$work/train_1m.csv" ] || node "$here/gen.mjs" "$work/train_1m.csv" 1000000 1
[ -f "$work/serve_1m.csv" ] || node "$here/gen.mjs" "$work/serve_1m.csv" 1000000 2 0.5
[ -f "$work/train_4m.csv" ] || node "$here/gen.mjs" "$work/train_4m.csv" 4000000 3
(cd "$root" && npx esbuild bench/data/bench.ts --bundle --platform=node --format=esm --target=node20 --outfile="$work/bench.mjs" --log-level=warning \
  "--banner:js=import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);")
cd "$work"
t() { /usr/bin/time -f "%e %M" -o "$work/.t" "$@" >/dev/null 2>>"$work/log"; cat "$work/.t"; }
echo "# rep ours_total_s ours_maxrss_kb python_total_s python_maxrss_kb" | tee results.txt
for i in $(seq "$reps"); do
  a=$(t node bench.mjs snapshot train_1m.csv train_1m.json)
  b=$(t node bench.mjs snapshot serve_1m.csv serve_1m.json train_1m.json)
  c=$(t node bench.mjs drift train_1m.json serve_1m.json)
  ours=$(echo "$a $b $c" | awk '{m=$2; if ($4>m) m=$4; if ($6>m) m=$6; print $1+$3+$5, m}')
  p=$(t "$py" "$here/reference.py" train_1m.csv serve_1m.csv)
  echo "$i $ours $p" | tee -a results.txt
done
m1=$(t node bench.mjs snapshot train_1m.csv m1.json)
m4=$(t node bench.mjs snapshot train_4m.csv m4.json)
echo "# snapshot step, 1M rows: $m1 (s, max RSS KB); 4M rows: $m4" | tee -a results.txt
med() { grep -v '^#' results.txt | awk -v c="$1" '{print $c}' | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
o=$(med 2); p=$(med 4)
echo "median of $reps: ours $o s, python $p s, ratio python/ours $(awk -v o="$o" -v p="$p" 'BEGIN{printf "%.2f", p/o}')" | tee -a results.txt
