#!/usr/bin/env bash
# Starts a real Spark standalone cluster on this machine, on 127.0.0.1 only, from the jars Maven
# already has: one Master and N Workers, each a separate JVM. Ports are chosen by the OS; the
# master's URLs, the PIDs, logs and work folders go into one state folder, which
# scripts/cluster/submit.sh and scripts/cluster/stop.sh read.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/cluster/start.sh [--state DIR] [--workers N] [--worker-cores N] [--worker-memory SIZE]
                                [--daemon-memory SIZE] [--timeout SECONDS]

Starts a Spark standalone cluster on 127.0.0.1: one Master and N Workers as separate JVMs, with
SPARK_HOME=$TENSORPOOL_SPARK_HOME (its jars/ links the Maven jars of the Spark line's
spark-classpath.txt; the application jar is built first if it is missing). The line is
TENSORPOOL_SPARK_LINE's, by default $TENSORPOOL_DEFAULT_LINE (one of ${TENSORPOOL_LINES[*]}). Returns once every worker has registered
with the master, or fails (stopping what it started) after --timeout seconds.

  --state DIR           state folder: PIDs, master URL, logs, worker work folders
                        (default: target/cluster)
  --workers N           number of workers (default: 2)
  --worker-cores N      cores each worker offers (default: 1)
  --worker-memory SIZE  memory each worker offers to executors (default: 2g)
  --daemon-memory SIZE  heap of the master and worker JVMs themselves (default: 512m)
  --timeout SECONDS     how long to wait for the master and the workers (default: 180)

Then:  scripts/cluster/submit.sh -- run --config conf/images-pipeline.yaml --output /tmp/out
       scripts/cluster/stop.sh
In STATE: master-url (spark://127.0.0.1:PORT), master-webui-url (http://127.0.0.1:PORT; its
/json/ lists workers and applications), pids/*.pid, logs/*.log, work/worker-N/ (executor logs).
EOF
}

state=$TENSORPOOL_CLUSTER_STATE_DEFAULT
workers=2
worker_cores=1
worker_memory=2g
daemon_memory=512m
timeout_s=180
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --state) state=${2:?--state needs a folder}; shift 2 ;;
    --workers) workers=${2:?--workers needs a number}; shift 2 ;;
    --worker-cores) worker_cores=${2:?--worker-cores needs a number}; shift 2 ;;
    --worker-memory) worker_memory=${2:?--worker-memory needs a size such as 2g}; shift 2 ;;
    --daemon-memory) daemon_memory=${2:?--daemon-memory needs a size such as 512m}; shift 2 ;;
    --timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
    *) echo "start.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$workers" "$worker_cores" "$timeout_s"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "expected a positive whole number, got '$n' (see --help)"
done

mkdir -p "$state"
state=$(cd "$state" && pwd)
for pid in $(recorded_pids "$state"); do
  if is_ours "$pid" "$state"; then
    die "a cluster from $state is already running (PID $pid); stop it first: scripts/cluster/stop.sh --state $state"
  fi
done
rm -rf "$state/pids" "$state/logs" "$state/work" "$state/master-url" "$state/master-webui-url" "$state/spark-line"
mkdir -p "$state/pids" "$state/logs" "$state/work"
# scripts/cluster/submit.sh submits the jar of the line the cluster runs.
echo "$TENSORPOOL_SPARK_LINE" > "$state/spark-line"

make_spark_home
export SPARK_HOME=$TENSORPOOL_SPARK_HOME
export SPARK_SCALA_VERSION=$TENSORPOOL_SCALA_VERSION
# Every listening socket (RPC, web UIs) binds to loopback; executors inherit this from workers.
export SPARK_LOCAL_IP=127.0.0.1
unset SPARK_CONF_DIR

started_ok=false
cleanup_on_failure() {
  if [ "$started_ok" != true ]; then
    echo "start.sh: stopping what was started; logs are in $state/logs" >&2
    "$(dirname "${BASH_SOURCE[0]}")/stop.sh" --state "$state" >&2 || true
  fi
}
trap cleanup_on_failure EXIT

# start_daemon NAME CLASS ARGS...: one JVM in its own session (so that a terminal's Ctrl-C or the
# caller's exit does not reach it), output in logs/NAME.log, PID in pids/NAME.pid.
start_daemon() {
  local name=$1 class=$2
  shift 2
  setsid java "${SPARK_JAVA17_FLAGS[@]}" -Xmx"$daemon_memory" \
    "-D$TENSORPOOL_CLUSTER_MARK=$state" \
    -Dspark.master.rest.enabled=false \
    -cp "$SPARK_HOME/jars/*" "$class" "$@" \
    > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}

# wait_for WHAT SECONDS COMMAND...: runs COMMAND every half second until it succeeds.
wait_for() {
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "start.sh: timed out after ${seconds}s waiting for $what" >&2
      tail -n 20 "$state"/logs/*.log >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

alive() {
  local name=$1
  is_ours "$(cat "$state/pids/$name.pid")" "$state" || die "the $name JVM exited; see $state/logs/$name.log"
}

master_port=
webui_port=
master_ports_known() {
  alive master
  master_port=$(sed -n 's/.*Starting Spark master at spark:\/\/127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' \
    "$state/logs/master.log" | sed -n 1p)
  webui_port=$(sed -n "s/.*Successfully started service 'MasterUI' on port \([0-9][0-9]*\).*/\1/p" \
    "$state/logs/master.log" | sed -n 1p)
  [ -n "$master_port" ] && [ -n "$webui_port" ]
}

master_alive() {
  alive master
  http_get "http://127.0.0.1:$webui_port/json/" 2>/dev/null | grep -q '"status" *: *"ALIVE"'
}

alive_workers=0
workers_registered() {
  local i
  for i in $(seq 1 "$workers"); do alive "worker-$i"; done
  alive master
  alive_workers=$(http_get "http://127.0.0.1:$webui_port/json/" 2>/dev/null \
    | sed -n 's/.*"aliveworkers" *: *\([0-9][0-9]*\).*/\1/p' | sed -n 1p)
  [ "${alive_workers:-0}" -ge "$workers" ]
}

echo "start.sh: starting a master and $workers worker(s) on 127.0.0.1 (state: $state)" >&2
start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
wait_for "the master to start" "$timeout_s" master_ports_known
wait_for "the master to be elected" "$timeout_s" master_alive
echo "spark://127.0.0.1:$master_port" > "$state/master-url"
echo "http://127.0.0.1:$webui_port" > "$state/master-webui-url"

for i in $(seq 1 "$workers"); do
  mkdir -p "$state/work/worker-$i"
  start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$master_port" \
    --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores "$worker_cores" --memory "$worker_memory" --work-dir "$state/work/worker-$i"
done
wait_for "$workers worker(s) to register with the master" "$timeout_s" workers_registered

started_ok=true
echo "start.sh: master $(cat "$state/master-url"), web UI $(cat "$state/master-webui-url"), $alive_workers worker(s) alive" >&2
cat "$state/master-url"
