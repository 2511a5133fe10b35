#!/usr/bin/env bash
# What output.target_file_bytes costs the job: the real job over many small and a few big input
# files, with and without merging, repeated in alternating order in one run
# (src/test/java/io/tensorpool/bench/MergeCostBenchmark.java). The README's "File sizes" shows the
# results and the default they justify; scripts/bench-file-sizes.sh measures what files cost a reader.
#
#   scripts/bench-merge.sh [--no-build] [--records N] [--small-files N] [--big-files N] [--target SIZE] [--reps R]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
run_test_main io.tensorpool.bench.MergeCostBenchmark "$@"
