#!/usr/bin/env bash
# What a second core gives a second thread on this machine, the yardstick for the job's local[2]
# against local[1] (docs/performance.md, "Executors and scaling"): runs CoreScalingBenchmark
# (src/jmh/java) with one thread and then two, and prints each benchmark's total throughput with
# two over that with one.
# 2.00x is two independent cores; less is what the threads share (memory bandwidth, caches, other
# tenants of the machine).
#
#   scripts/bench-cores.sh                      # compute, copy and the max 2x2/s2 kernel
#   SKIP_BUILD=1 JMH_ARGS='-i 10' scripts/bench-cores.sh
#
# Result files: target/jmh-cores-<threads>.csv (JMH's CSV) and target/jmh-cores.log (its output).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -Pjmh -DskipTests package
fi

echo "nproc: $(nproc); $(java -version 2>&1 | sed -n 1p)"
echo "load before: $(uptime)"
: >target/jmh-cores.log
for threads in 1 2; do
  # shellcheck disable=SC2086
  java -jar target/benchmarks.jar 'CoreScalingBenchmark\.' -t "$threads" ${JMH_ARGS:-} \
    -rf csv -rff "target/jmh-cores-$threads.csv" >>target/jmh-cores.log 2>&1 \
    || { tail -40 target/jmh-cores.log; exit 1; }
done
echo "load after:  $(uptime)"

# JMH's throughput with -t N is the total over the N threads (operations per second).
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  FNR == 1 { file++; next }
  {
    name = unq($1); sub(/.*\./, "", name)
    if (!(name in seen)) { seen[name] = 1; names[++n] = name }
    score[file, name] = $5 + 0; err[file, name] = $6 + 0
  }
  END {
    print "| benchmark | ops/s, 1 thread | ops/s, 2 threads | 2 threads / 1 |"
    print "|---|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      k = names[i]
      printf "| %s | %.2f ± %.2f | %.2f ± %.2f | %.2fx |\n", k, score[1, k], err[1, k], score[2, k], err[2, k], score[2, k] / score[1, k]
    }
  }
' target/jmh-cores-1.csv target/jmh-cores-2.csv
