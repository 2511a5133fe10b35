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
# Result files: target/jmh-kernels.csv (JMH's raw CSV), target/jmh-kernels.log (JMH's output, with
# every iteration) and target/jmh-kernels.txt (the table).
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
echo "nproc: $(nproc); $(java -version 2>&1 | sed -n 1p)"
echo "load before: $(uptime)"
# shellcheck disable=SC2086
java -jar target/benchmarks.jar "$pattern" -f 1 -wi 3 -w 2s -i 5 -r 2s ${JMH_ARGS:-} \
  -rf csv -rff "$csv" >target/jmh-kernels.log 2>&1 || { tail -40 target/jmh-kernels.log; exit 1; }
echo "load after:  $(uptime)"

# GB/s counts the bytes of the input batch (batch x 3 x 224 x 224 elements of the benchmark's
# type); "x copy" is the kernel's GB/s over the GB/s of copy_<type> from this same run (means of the
# measured iterations, JMH's error is the 99.9% interval of the kernel's mean); "best x copy" uses
# each benchmark's fastest measured iteration instead, which a busy shared machine disturbs less.
awk '
  /^# Benchmark: / { name = $3; sub(/.*\./, "", name); next }
  /^Iteration / { v = $3 + 0; if (!(name in best) || v < best[name]) best[name] = v; next }
  END { for (k in best) print k, best[k] }
' target/jmh-kernels.log >target/jmh-kernels-best.txt
awk -F, -v bestfile=target/jmh-kernels-best.txt '
  function unq(s) { gsub(/"/, "", s); return s }
  BEGIN { while ((getline line < bestfile) > 0) { split(line, f, " "); best[f[1]] = f[2] + 0 } }
  NR == 1 { next }
  {
    name = unq($1); sub(/.*\./, "", name)
    n++; names[n] = name; score[n] = $5 + 0; err[n] = $6 + 0; batch[n] = unq($8) + 0
    type[n] = name; sub(/_.*/, "", type[n])
    if (type[n] == "copy") {
      t = name; sub(/^copy_/, "", t); type[n] = t; copyScore[t] = score[n]; copyBest[t] = best[name]
    }
  }
  END {
    size["float32"] = 4; size["uint8"] = 1
    printf "%-30s %9s %9s %7s %7s %7s %12s\n", "benchmark", "ms/op", "error", "err%", "GB/s", "x copy", "best x copy"
    for (i = 1; i <= n; i++) {
      t = type[i]
      gbs = batch[i] * 3 * 224 * 224 * size[t] / score[i] / 1e6
      ratio = (t in copyScore) ? sprintf("%.2f", copyScore[t] / score[i]) : "n/a"
      bratio = (t in copyBest && best[names[i]] > 0) ? sprintf("%.2f", copyBest[t] / best[names[i]]) : "n/a"
      printf "%-30s %9.3f %9.3f %6.1f%% %7.2f %7s %12s\n", names[i], score[i], err[i], 100 * err[i] / score[i], gbs, ratio, bratio
    }
  }
' "$csv" | tee "$table"
