#!/usr/bin/env bash
# Shows that records of 3x512x512 float32 (3 MB each) pool with a 1 GB heap: generates a dataset
# of at least 2 GB of such records (once, under target/bench/), then runs the job on it with
# local[2] and -Xmx1g (in local mode the driver JVM is the executor), logging the Parquet reader
# batch the job chose and the heap after each GC.
#
#   scripts/bench-big-records.sh [--gb N] [--heap SIZE] [--side PIXELS]
#
# Defaults: --gb 2 --heap 1g --side 512. Output: target/bench/big-records-<heap>.log and the run
# report on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

gb=2; heap=1g; side=512
while [ $# -gt 0 ]; do
  case "$1" in
    --gb) gb=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --side) side=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench-big-records: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$TENSORPOOL_HOME"
ensure_built
mvn -B -q -DskipTests test-compile >/dev/null
bytes_per_record=$((3 * side * side * 4))
rows=$(( (gb * 1024 * 1024 * 1024 + bytes_per_record - 1) / bytes_per_record ))
data="target/bench/big-records-${side}-${rows}.parquet"
mkdir -p target/bench
if [ ! -d "$data" ]; then
  echo "bench-big-records: writing $rows records of 3x${side}x${side} float32 to $data..." >&2
  java "${SPARK_JAVA17_FLAGS[@]}" -Xmx4g -Dspark.master=local[2] -Dspark.ui.enabled=false \
    -Dlog4j2.configurationFile="$TENSORPOOL_HOME/conf/log4j2.properties" \
    -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.tensorpool.tools.BigRecordsDataset "$data" "$rows" 3 "$side" "$side"
fi
echo "bench-big-records: $(du -sh "$data" | cut -f1) on disk, $rows records; load: $(uptime | sed 's/.*load/load/')" >&2

config="target/bench/big-records.yaml"
cat > "$config" <<YAML
input: {path: $data, tensor: {column: x, shape_column: shape}}
ops: [{op: max_pool2d, kernel_size: 2, stride: 2}]
output: {path: target/bench/big-records-out, mode: overwrite}
YAML
log="target/bench/big-records-$heap.log"
start=$(date +%s)
TENSORPOOL_JAVA_OPTS="-Xmx$heap -Dspark.master=local[2] -Dspark.ui.enabled=false -Xlog:gc:file=target/bench/big-records-gc-$heap.log" \
  scripts/tensorpool run --config "$config" 2> "$log"
status=$?
echo "bench-big-records: exit $status after $(( $(date +%s) - start )) s with -Xmx$heap" >&2
grep -E "Parquet reader batch|tensorpool:" "$log" >&2 || true
echo "bench-big-records: largest heap after GC: $(grep -oE '[0-9]+M->[0-9]+M' "target/bench/big-records-gc-$heap.log" | sed 's/.*->//' | sort -n | tail -1)" >&2
exit $status
