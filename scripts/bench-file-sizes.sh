#!/usr/bin/env bash
# What output file sizes cost a reader: one pooled dataset written as 1 to 512 files and scanned by
# DuckDB, repeated in alternating order (src/test/java/io/tensorpool/bench/FileSizeBenchmark.java).
# The README's "File sizes" shows the results and the defaults they justify.
#
#   scripts/bench-file-sizes.sh [--records N] [--reps R] [--files 1,8,64,512] [--no-build]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$TENSORPOOL_HOME"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  mvn -B -q -DskipTests test-compile >&2   # also writes target/test-classpath.txt
fi
java "${SPARK_JAVA17_FLAGS[@]}" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.tensorpool.bench.FileSizeBenchmark "$@"
