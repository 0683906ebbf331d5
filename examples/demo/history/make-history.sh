#!/usr/bin/env bash
# Regenerates the demo's score history: seven reports of the gate on "main", one a week or two apart,
# made by running the gate (dist/cli.js) on main's config of that day as of that day (--now). What
# changed on main over those weeks is in the configs: quality thresholds arrived (infra-4), the
# model-staleness attestation expired on 2026-08-29, data-6 was attested on 2026-09-15, and three
# manual monitoring checks lapsed one after another (monitor-2, -3, -4), so Monitoring fell run after
# run. The last run is the baseline config itself, as of the baseline's date.
# The commits are made-up, fixed ids (sha1 of a label), so the chart has stable labels.
# Usage: bash examples/demo/history/make-history.sh   (after npm run build)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=examples/demo/history

run() {
  local date=$1 config=$2
  local sha
  sha=$(printf 'loan-default main %s' "$date" | sha1sum | cut -c1-40)
  GITHUB_SHA=$sha node dist/cli.js run --config "$config" --report-out "$out/$date.json" \
    --mode report --now "${date}T18:00:00Z" 2>/dev/null
}

run 2026-08-07 $out/configs/2026-08-07.yml
run 2026-08-21 $out/configs/2026-08-21.yml
run 2026-09-04 $out/configs/2026-08-21.yml
run 2026-09-11 $out/configs/2026-08-21.yml
run 2026-09-18 $out/configs/2026-09-18.yml
run 2026-09-25 $out/configs/2026-09-18.yml
run 2026-10-02 examples/demo/baseline/ml-test-gate.yml
node dist/cli.js history "$out"
