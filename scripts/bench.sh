#!/usr/bin/env bash
# The whole-job benchmark: tensorpool's jobs against a plain Spark SQL "floor" that reads the same
# bytes and writes as many values without pooling, plus a naive UDF job, an identity copy and a
# read-only scan, all in one JVM with the same Spark settings; then local[1] against local[2].
# The harness is src/test/java/io/tensorpool/bench/JobBenchmark.java; docs/performance.md has the
# current results and how to read them ("Commands", "Job"), docs/performance-history.md every round.
#
#   scripts/bench.sh [--gb N] [--layouts list,binary] [--reps K] [--master local[2]] [--heap 4g]
#                    [--cold-heap] [--no-build] [HARNESS OPTIONS...]
#   scripts/bench.sh --help
#
# Prints the report (Markdown) and writes it, with the machine's facts and the load before and
# after, to target/bench/results-<timestamp>.md (+ .json with every run, + .log with stderr).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$TENSORPOOL_HOME"

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [--gb N] [--layouts list,binary] [--reps K] [--master local[2]] [--heap 4g]
                        [--cold-heap] [--no-build] [HARNESS OPTIONS...]

Generates (once, under target/bench/data/) a synthetic dataset of 3x224x224 float32 tensors per
layout, then times in one JVM, with the same Spark settings, K times in alternating order:
  read-only    read every column, noop sink            (context)
  identity     read, write every column unchanged      (context)
  identity-bulk  the same, x through tensorpool's bulk writer (TensorParquetFormat), rows from Spark's row path
  job-identity tensorpool with max_pool2d 1x1/s1, an exact identity: the job's own read and write
               paths; job-identity list / binary is issue 16's identity-copy target
  job-sparkreader-identity  the same with input.reader: spark (Spark's reader for the tensor column)
  floor-max2   slice(x, 1, 37632) / substring(x, 1, 150528): the floor of max_pool2d 2x2/s2
  strict-floor-max2  the same rows written with the job's output schema (required elements)
  job-max2     tensorpool, max_pool2d 2x2/s2
  job-sparkwriter-max2  the same with output.writer: spark (Spark's own Parquet writer)
  udf-max2     a naive Java UDF doing the same
  floor-avg3, strict-floor-avg3, job-avg3, udf-avg3: the same for avg_pool2d 3x3/s1/p1 (output as
               large as the input)
and then job-max2 and its floor on local[1] against local[2]. Prints median seconds, images/s,
CPU seconds and each job's ratio to its floor, and checks the targets.

Options:
  --gb N           tensor data per layout in GB (10^9 bytes) of float32; default 1 (1661 images)
  --layouts L,L    list, binary; default list,binary
  --reps K         repetitions; default 3
  --master M       Spark master of the main table; default local[2]
  --heap SIZE      the JVM's -Xmx; default 4g (the memory target: --heap 1g --jobs job-max2 --scaling none)
  --cold-heap      do not pre-touch the heap (by default -Xms = -Xmx with -XX:+AlwaysPreTouch, as a
                   long-running executor's heap is; docs/performance.md, "Heap pages", says what cold costs)
  --no-build       skip 'mvn test-compile' (the classes must be there)
  -h, --help       this text, and the harness's own options when it is built

Any other option goes to the harness (--jobs, --scaling, --scaling-layouts, --warmup-gb, --verify,
--profile, --batch-rows, ...). Examples:
  scripts/bench.sh                                         # the issue's run: 1 GB per layout
  scripts/bench.sh --gb 0.02 --reps 1 --scaling none       # a quick look
  scripts/bench.sh --heap 1g --layouts list --jobs job-max2 --scaling none
  scripts/bench.sh --gb 0.5 --reps 1 --jobs identity,job-max2 --scaling none --profile identity,job-max2
EOF
}

gb=1
layouts=list,binary
reps=3
master='local[2]'
heap=4g
pretouch=1
build=1
harness_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      usage
      if [ -d target/test-classes/io/tensorpool/bench ] && [ -f target/test-classpath.txt ]; then
        echo
        java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.tensorpool.bench.JobBenchmark --help
      fi
      exit 0 ;;
    --gb) gb=$2; shift 2 ;;
    --layouts) layouts=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --master) master=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --cold-heap) pretouch=0; shift ;;
    --*)
      if [ $# -lt 2 ]; then echo "bench: $1 needs a value" >&2; exit 2; fi
      harness_args+=("$1" "$2"); shift 2 ;;
    *) echo "bench: unexpected argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p target/bench
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=target/bench/results-$stamp.md
log=target/bench/results-$stamp.log

# Data: about gb per layout, plus one output of up to gb at a time (outputs are deleted after each run).
n_layouts=$(tr ',' '\n' <<< "$layouts" | grep -c .)
need_gb=$(awk -v gb="$gb" -v n="$n_layouts" 'BEGIN { printf "%.1f", gb * 1.1 * (n + 1) + 0.2 }')
avail_gb=$(df -Pk target/bench | awk 'NR == 2 { printf "%.1f", $4 / 1048576 }')
echo "bench: disk: $(df -h target/bench | awk 'NR == 2 { print $4 " free on " $6 }'); this run needs up to ${need_gb} GB" >&2
if awk -v a="$avail_gb" -v n="$need_gb" 'BEGIN { exit !(a < n) }'; then
  echo "bench: not enough free disk under target/bench (${avail_gb} GB free, ${need_gb} GB needed); use a smaller --gb" >&2
  exit 1
fi

if [ "$build" = 1 ]; then
  echo "bench: building classes and test classes (mvn -B -q -DskipTests test-compile; log in target/bench/build.log)..." >&2
  if ! mvn -B -q -DskipTests test-compile > target/bench/build.log 2>&1; then
    tail -n 30 target/bench/build.log >&2
    echo "bench: the build failed; the whole log is in target/bench/build.log" >&2
    exit 1
  fi
fi

load_start=$(uptime)
# A fresh JVM's heap pages are faulted in as the jobs first touch them; on this project's VMs that
# first touch (and re-touch after the host reclaims cold pages) cost more than the jobs themselves
# and swamped every ratio. Pre-touching measures what a long-running executor pays per record.
heap_flags=("-Xmx$heap")
if [ "$pretouch" = 1 ]; then
  heap_flags+=("-Xms$heap" -XX:+AlwaysPreTouch)
fi
cmd="scripts/bench.sh --gb $gb --layouts $layouts --reps $reps --master $master --heap $heap$([ "$pretouch" = 1 ] || echo ' --cold-heap')${harness_args[*]:+ ${harness_args[*]}}"
{
  echo "## Benchmark run $stamp"
  echo
  echo "- command: \`$cmd\`"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')),"\
       "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) memory; $(java -version 2>&1 | sed -n 1p)"
  echo "- JVM: ${heap_flags[*]} and Spark's Java 17 flags (scripts/lib/common.sh)"
  echo "- uptime at start: $load_start"
  echo
} > "$results"

export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
set +e
java "${SPARK_JAVA17_FLAGS[@]}" "${heap_flags[@]}" -XX:FlightRecorderOptions:stackdepth=256 \
  -Dlog4j2.configurationFile="$TENSORPOOL_HOME/conf/log4j2.properties" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.tensorpool.bench.JobBenchmark --gb "$gb" --layouts "$layouts" --reps "$reps" --master "$master" \
  --json "target/bench/results-$stamp.json" "${harness_args[@]}" \
  2> >(tee "$log" >&2) | tee -a "$results"
status=${PIPESTATUS[0]}
set -e
{
  echo
  echo "- uptime at end: $(uptime)"
} >> "$results"
echo "bench: report in $results (every run in target/bench/results-$stamp.json, stderr in $log); exit $status" >&2
exit "$status"
