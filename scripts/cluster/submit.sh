#!/usr/bin/env bash
# Submits the tensorpool job to the local standalone cluster of scripts/cluster/start.sh, in client
# deploy mode, through scripts/submit.sh with the Maven jars (the same ones the cluster runs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/cluster/submit.sh [--state DIR] [spark-submit options] -- run --config FILE [job options]

Runs scripts/submit.sh against the cluster whose state folder is DIR (default: target/cluster),
adding --master spark://127.0.0.1:PORT and keeping the driver on 127.0.0.1. SPARK_HOME is the
cluster's own (target/spark-home for the default line), so a Spark distribution elsewhere is not
used, and the jar is that of the Spark line the cluster was started with (DIR/spark-line).

Example:
  scripts/cluster/start.sh
  scripts/cluster/submit.sh --conf spark.executor.memory=1g -- run --config conf/images-pipeline.yaml --output /tmp/pooled
  scripts/cluster/stop.sh
EOF_USAGE
}

state=$TENSORPOOL_CLUSTER_STATE_DEFAULT
if [ $# -gt 0 ] && { [ "$1" = "-h" ] || [ "$1" = "--help" ]; }; then
  usage
  exit 0
fi
if [ $# -gt 0 ] && [ "$1" = "--state" ]; then
  state=${2:?--state needs a folder}
  shift 2
fi
[ -f "$state/master-url" ] || die "no cluster in $state (no master-url); start one: scripts/cluster/start.sh --state $state"
state=$(cd "$state" && pwd)
master_pid=$(cat "$state/pids/master.pid" 2>/dev/null || true)
is_ours "$master_pid" "$state" || die "the master of $state is not running; start the cluster: scripts/cluster/start.sh --state $state"

cluster_line=$(cat "$state/spark-line" 2>/dev/null || echo "$TENSORPOOL_DEFAULT_LINE")
if [ -n "$TENSORPOOL_SPARK_LINE_REQUESTED" ] && [ "$TENSORPOOL_SPARK_LINE_REQUESTED" != "$cluster_line" ]; then
  echo "submit.sh: Cannot submit the Spark $TENSORPOOL_SPARK_LINE_REQUESTED jar: the cluster in $state runs Spark line" \
    "$cluster_line. Unset TENSORPOOL_SPARK_LINE, or start a cluster of that line" >&2
  exit 2
fi
use_spark_line "$cluster_line"
export TENSORPOOL_SPARK_LINE=$cluster_line
export SPARK_HOME=$TENSORPOOL_SPARK_HOME
export SPARK_LOCAL_IP=127.0.0.1
exec "$(dirname "${BASH_SOURCE[0]}")/../submit.sh" \
  --master "$(cat "$state/master-url")" \
  --deploy-mode client \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 \
  "$@"
