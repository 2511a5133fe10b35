#!/usr/bin/env bash
# Stops the cluster scripts/cluster/start.sh started: exactly the PIDs recorded in its state
# folder (each checked to still be that process), plus the executors and drivers those workers
# launched. TERM first; KILL for whatever is still alive after --grace seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/cluster/stop.sh [--state DIR] [--grace SECONDS]

Stops the master, the workers and the executors/drivers of the local standalone cluster whose
state folder is DIR (default: target/cluster). Only processes recorded there (and still carrying
that folder's mark) or launched by those workers are signalled. Exits 0 when none is left.

  --state DIR        the folder given to scripts/cluster/start.sh (default: target/cluster)
  --grace SECONDS    how long to wait after TERM before KILL (default: 20)
EOF
}

state=$TENSORPOOL_CLUSTER_STATE_DEFAULT
grace=20
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --state) state=${2:?--state needs a folder}; shift 2 ;;
    --grace) grace=${2:?--grace needs seconds}; shift 2 ;;
    *) echo "stop.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$grace" =~ ^[0-9]+$ ]] || die "--grace needs a whole number of seconds, got '$grace'"
if [ ! -d "$state" ]; then
  echo "stop.sh: no state folder $state: nothing to stop" >&2
  exit 0
fi
state=$(cd "$state" && pwd)

# Ours: the recorded daemons that still carry this state's mark, and the executor/driver JVMs
# their workers launched (found now, while the workers are alive to be their parents).
daemons=()
for pid in $(recorded_pids "$state"); do
  is_ours "$pid" "$state" && daemons+=("$pid")
done
launched=()
for pid in "${daemons[@]}"; do
  for child in $(children_of "$pid"); do
    case "$(tr '\0' ' ' < "/proc/$child/cmdline" 2>/dev/null)" in
      *CoarseGrainedExecutorBackend*|*org.apache.spark.deploy.worker.DriverWrapper*) launched+=("$child") ;;
    esac
  done
done
if [ ${#daemons[@]} -eq 0 ]; then
  echo "stop.sh: no process of the cluster in $state is running" >&2
  exit 0
fi

# still_running PID...: the PIDs among these that are alive and still the process we mean.
# (A launched JVM's own identity is its command line, checked when it was found.)
still_running() {
  local pid
  for pid in "$@"; do
    [ -d "/proc/$pid" ] || continue
    if is_ours "$pid" "$state" || printf '%s\n' "${launched[@]}" | grep -qx "$pid"; then
      # A zombie has exited already; only its parent's wait is missing.
      [ "$(cut -d' ' -f3 < "/proc/$pid/stat" 2>/dev/null | tr -d ' ')" = Z ] || echo "$pid"
    fi
  done
}

echo "stop.sh: stopping ${#daemons[@]} daemon(s) and ${#launched[@]} executor/driver JVM(s) of $state" >&2
# All at once: a worker whose master is gone would only try to re-register meanwhile.
kill -TERM "${daemons[@]}" 2>/dev/null || true
deadline=$((SECONDS + grace))
while [ -n "$(still_running "${daemons[@]}" "${launched[@]}")" ] && [ "$SECONDS" -lt "$deadline" ]; do
  sleep 0.5
done
left=$(still_running "${daemons[@]}" "${launched[@]}")
if [ -n "$left" ]; then
  echo "stop.sh: still alive after ${grace}s, sending KILL to: $(echo $left)" >&2
  # shellcheck disable=SC2086
  kill -KILL $left 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while [ -n "$(still_running $left)" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  left=$(still_running $left)
  [ -z "$left" ] || die "could not stop PID(s) $(echo $left)"
fi
echo "stop.sh: stopped" >&2
