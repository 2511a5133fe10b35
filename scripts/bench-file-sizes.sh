#!/usr/bin/env bash
# What output file sizes cost a reader: one pooled dataset written as 1 to 512 files and scanned by
# DuckDB, repeated in alternating order (src/test/java/io/tensorpool/bench/FileSizeBenchmark.java).
# The README's "File sizes" shows the results and the defaults they justify.
#
#   scripts/bench-file-sizes.sh [--records N] [--reps R] [--files 1,8,64,512] [--no-build]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
run_test_main io.tensorpool.bench.FileSizeBenchmark "$@"
