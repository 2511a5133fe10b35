#!/usr/bin/env bash
# Pools the images that arrived today (RAW/date=YYYY-MM-DD) into today's output
# (POOLED/date=YYYY-MM-DD), incrementally, and says in one line what the exit code means.
#
#   run-incremental.sh RAW POOLED CONFIG [DATE]      (DATE defaults to today, UTC)
#
# TENSORPOOL_SUBMIT overrides the submit command (default: scripts/submit.sh of this checkout).
# Exits with the job's code: 0 success (or nothing new), 1 failed while running (retry later),
# 2 usage/config/paths or another run publishing (fix it; do not retry), 3 too many bad records.
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "Usage: $(basename "$0") RAW POOLED CONFIG [DATE]" >&2
  exit 2
fi
raw=$1 pooled=$2 config=$3
day=${4:-$(date -u +%F)}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
submit=${TENSORPOOL_SUBMIT:-$here/scripts/submit.sh}

"$submit" -- run --config "$config" --input "$raw/date=$day" --output "$pooled/date=$day" \
  --mode append --set input.incremental=true
code=$?
case $code in
  0) echo "tensorpool $day: done" >&2 ;;
  1) echo "tensorpool $day: failed while running (exit 1); the next run retries" >&2 ;;
  2) echo "tensorpool $day: refused (exit 2): fix the command, config or paths, or another run is publishing" >&2 ;;
  3) echo "tensorpool $day: too many bad records (exit 3); nothing published" >&2 ;;
  *) echo "tensorpool $day: ended with exit $code (killed?); the next run redoes its files" >&2 ;;
esac
exit $code
