#!/usr/bin/env bash
# What output.target_file_bytes costs the job: the real job over many small and a few big input
# files, with and without merging, repeated in alternating order in one run
# (src/test/java/io/tensorpool/bench/MergeCostBenchmark.java). The README's "File sizes" shows the
# results and the default they justify; scripts/bench-file-sizes.sh measures what files cost a reader.
#
#   scripts/bench-merge.sh [--no-build] [--records N] [--small-files N] [--big-files N] [--target SIZE] [--reps R]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$TENSORPOOL_HOME"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  mvn -B -q -DskipTests test-compile >&2   # also writes target/test-classpath.txt
fi
java "${SPARK_JAVA17_FLAGS[@]}" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.tensorpool.bench.MergeCostBenchmark "$@"
