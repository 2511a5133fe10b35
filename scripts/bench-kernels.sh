#!/usr/bin/env bash
# Builds the JMH benchmarks of the pooling kernels (Maven profile "jmh") and runs them with short
# settings, then prints one table: each kernel's GB/s of input, its ratio to the copy of the same
# bytes measured in the same run, and JMH's error. Noisy machine? Read the ratios, not the seconds,
# and the load averages printed before and after.
#
#   scripts/bench-kernels.sh                    # every benchmark, -f 1 -wi 3 -i 5 (2 s each)
#   scripts/bench-kernels.sh 'max2x2'           # only those matching a regex (copies always run)
#   SKIP_BUILD=1 JMH_ARGS='-f 2 -i 10' scripts/bench-kernels.sh
#
# Result files: target/jmh-kernels.csv (JMH's raw CSV) and target/jmh-kernels.txt (the table).
set -euo pipefail
cd "$(dirname "$0")/.."

filter="${1:-}"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -Pjmh -DskipTests package
fi

pattern='PoolKernelBenchmark\.'
if [[ -n "$filter" ]]; then
  pattern="PoolKernelBenchmark\\.(copy_.*|.*(${filter}).*)"
fi

csv=target/jmh-kernels.csv
table=target/jmh-kernels.txt
echo "nproc: $(nproc); $(java -version 2>&1 | head -1)"
echo "load before: $(uptime)"
# shellcheck disable=SC2086
java -jar target/benchmarks.jar "$pattern" -f 1 -wi 3 -w 2s -i 5 -r 2s ${JMH_ARGS:-} \
  -rf csv -rff "$csv" >target/jmh-kernels.log 2>&1 || { tail -40 target/jmh-kernels.log; exit 1; }
echo "load after:  $(uptime)"

# GB/s counts the bytes of the input batch (batch x 3 x 224 x 224 elements of the benchmark's
# type); "x copy" is the kernel's GB/s over the GB/s of copy_<type> from this same run.
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  NR == 1 { next }
  {
    name = unq($1); sub(/.*\./, "", name)
    n++; names[n] = name; score[n] = $5 + 0; err[n] = $6 + 0; batch[n] = unq($8) + 0
    type[n] = name; sub(/_.*/, "", type[n])
    if (type[n] == "copy") { t = name; sub(/^copy_/, "", t); type[n] = t; copyScore[t] = score[n] }
  }
  END {
    size["float32"] = 4; size["uint8"] = 1
    printf "%-24s %10s %9s %7s %8s %8s\n", "benchmark", "ms/op", "error", "err%", "GB/s", "x copy"
    for (i = 1; i <= n; i++) {
      t = type[i]
      gbs = batch[i] * 3 * 224 * 224 * size[t] / score[i] / 1e6
      ratio = (t in copyScore) ? sprintf("%.2f", copyScore[t] / score[i]) : "n/a"
      printf "%-24s %10.3f %9.3f %6.1f%% %8.2f %8s\n", names[i], score[i], err[i], 100 * err[i] / score[i], gbs, ratio
    }
  }
' "$csv" | tee "$table"
