#!/usr/bin/env bash
# Kept for the old command line: bench/data/run.sh [WORKDIR] [REPS] runs bench/data/run.mjs (see there).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec node "$here/run.mjs" --work "${1:-$here/../out/data}" --reps "${2:-3}" --rows4m
