# Shared by scripts/submit.sh and scripts/cluster/*: a SPARK_HOME-like folder made from the jars
# Maven already has, Spark's own launcher to turn spark-submit options into a java command, and
# the bookkeeping of a local standalone cluster (PIDs, URLs, logs in one state folder).
# Source it; it defines functions and variables only.

# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

# The SPARK_HOME-like folder, $TENSORPOOL_SPARK_HOME (target/spark-home for the default line,
# common.sh): jars/ holds a link to every jar of the line's spark-classpath.txt.
# Where scripts/cluster/start.sh keeps a cluster's PIDs, URLs, logs and work folders by default.
TENSORPOOL_CLUSTER_STATE_DEFAULT="$TENSORPOOL_HOME/target/cluster"
# Every daemon a cluster script starts carries -D$TENSORPOOL_CLUSTER_MARK=<state folder>, so that a
# recorded PID is only ever signalled while it still is that process (PIDs get reused).
TENSORPOOL_CLUSTER_MARK=tensorpool.cluster.state

# A command failing under set -e says where, instead of ending the script without a word.
set -o errtrace
trap 'tensorpool_rc=$?; echo "$(basename "$0"): failed (exit $tensorpool_rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Builds the application jar if needed, then (re)makes $TENSORPOOL_SPARK_HOME/jars from the
# line's spark-classpath.txt whenever that list is newer than the folder.
make_spark_home() {
  ensure_built
  local jars="$TENSORPOOL_SPARK_HOME/jars" stamp="$TENSORPOOL_SPARK_HOME/.classpath"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$TENSORPOOL_SPARK_CLASSPATH_FILE"; then
    return 0
  fi
  rm -rf "$jars"
  mkdir -p "$jars"
  local jar name
  local -a entries
  # The list has no final newline, so read reports end of input: the array is filled all the same.
  IFS=: read -r -a entries < "$TENSORPOOL_SPARK_CLASSPATH_FILE" || true
  [ ${#entries[@]} -gt 0 ] || die "$TENSORPOOL_SPARK_CLASSPATH_FILE is empty; run: mvn -B -DskipTests ${TENSORPOOL_PROFILE:+-P$TENSORPOOL_PROFILE }package"
  for jar in "${entries[@]}"; do
    [ -n "$jar" ] || continue
    [ -f "$jar" ] || die "$jar (listed in $TENSORPOOL_SPARK_CLASSPATH_FILE) does not exist; run: mvn -B -DskipTests ${TENSORPOOL_PROFILE:+-P$TENSORPOOL_PROFILE }package"
    name=$(basename "$jar")
    if [ -e "$jars/$name" ]; then
      # Two artifacts with one file name: keep both, the second under its group folder's name.
      name="$(basename "$(dirname "$(dirname "$(dirname "$jar")")")")-$name"
    fi
    ln -s "$jar" "$jars/$name"
  done
  cp "$TENSORPOOL_SPARK_CLASSPATH_FILE" "$stamp"
}

# spark_home_line HOME: sets SPARK_HOME_LINE to the Spark line of the distribution in HOME (such
# as 3.5_2.12), SPARK_HOME_VERSION and SPARK_HOME_SCALA; returns 1 when HOME does not say. It reads the name
# of jars/spark-core_<scala>-<version>.jar, or else the RELEASE file ("Spark 3.5.8 built for
# Hadoop 3.3.4") and the name of jars/scala-library-<version>.jar.
spark_home_line() {
  local home=$1 jar name
  SPARK_HOME_LINE=""
  SPARK_HOME_VERSION=""
  SPARK_HOME_SCALA=""
  for jar in "$home"/jars/spark-core_*.jar; do
    [ -f "$jar" ] || continue
    name=$(basename "$jar" .jar)       # spark-core_2.12-3.5.8
    name=${name#spark-core_}           # 2.12-3.5.8
    SPARK_HOME_SCALA=${name%%-*}
    SPARK_HOME_VERSION=${name#*-}
    break
  done
  if [ -z "$SPARK_HOME_VERSION" ] && [ -f "$home/RELEASE" ]; then
    SPARK_HOME_VERSION=$(sed -n 's/^Spark \([0-9][0-9.]*[^ ]*\) .*/\1/p' "$home/RELEASE" | sed -n 1p)
    for jar in "$home"/jars/scala-library-*.jar; do
      [ -f "$jar" ] || continue
      name=$(basename "$jar" .jar)     # scala-library-2.13.8
      SPARK_HOME_SCALA=$(echo "${name#scala-library-}" | cut -d. -f1,2)
      break
    done
  fi
  [ -n "$SPARK_HOME_VERSION" ] && [ -n "$SPARK_HOME_SCALA" ] || return 1
  SPARK_HOME_LINE="$(echo "$SPARK_HOME_VERSION" | cut -d. -f1,2)_$SPARK_HOME_SCALA"
}

# Java 17 flags as one string, for spark.{driver,executor}.defaultJavaOptions.
spark_java17_flags_string() {
  local IFS=' '
  echo "${SPARK_JAVA17_FLAGS[*]}"
}

# spark_submit_command ARGS...: sets the array SPARK_CMD to the java command that
# $SPARK_HOME/bin/spark-submit ARGS would run, computed by Spark's own launcher
# (org.apache.spark.launcher.Main, as bin/spark-class does), so --driver-memory,
# --driver-java-options, --properties-file and the rest mean what they mean to spark-submit.
# Needs SPARK_HOME (with jars/) and SPARK_SCALA_VERSION set.
spark_submit_command() {
  SPARK_CMD=()
  local arg started=false
  # The launcher prints a line holding only NUL, then the command as NUL-separated words; we
  # append its exit code as the last word. Lines before the NUL line are its own messages.
  while IFS= read -r -d '' arg; do
    if [ "$started" = true ]; then
      SPARK_CMD+=("$arg")
    else
      # Everything before the first NUL is the launcher's text; the word after it starts with
      # the newline that ended the NUL line.
      [ -z "$arg" ] || printf '%s\n' "$arg" >&2
      started=true
    fi
  done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \
             org.apache.spark.deploy.SparkSubmit "$@"; printf '%d\0' $?)
  local count=${#SPARK_CMD[@]}
  if [ "$count" -lt 2 ] || [ "${SPARK_CMD[$((count - 1))]}" != 0 ]; then
    die "Spark's launcher could not build the spark-submit command (see above)"
  fi
  unset "SPARK_CMD[$((count - 1))]"
  SPARK_CMD[0]=${SPARK_CMD[0]#$'\n'}
}

# --- a local standalone cluster's state folder -------------------------------------------------

# is_ours PID STATE: true when PID is alive and is a process started for cluster STATE (a daemon
# carrying the mark, or an executor or driver whose parent is one).
is_ours() {
  local pid=$1 state=$2 cmdline
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  case "$cmdline" in
    *"-D$TENSORPOOL_CLUSTER_MARK=$state "*) return 0 ;;
  esac
  return 1
}

# recorded_pids STATE: the PIDs in STATE/pids/*.pid (workers first, the master last).
recorded_pids() {
  local state=$1 f
  for f in "$state"/pids/worker-*.pid "$state"/pids/master.pid; do
    [ -f "$f" ] && cat "$f"
  done
  return 0
}

# children_of PID: the PIDs whose parent is PID.
children_of() {
  local parent=$1 stat rest
  if command -v pgrep > /dev/null 2>&1; then
    pgrep -P "$parent" || true
    return 0
  fi
  for stat in /proc/[0-9]*/stat; do
    # Fields: pid (comm) state ppid ...; comm may hold spaces, so read after the last ')'.
    rest=$(< "$stat") 2>/dev/null || continue
    rest=${rest##*) }
    rest=${rest#* }
    [ "${rest%% *}" = "$parent" ] && echo "${stat//[^0-9]/}"
  done
  return 0
}

# http_get URL: the body of a GET on a loopback URL (curl when present, else bash's /dev/tcp).
http_get() {
  if command -v curl > /dev/null 2>&1; then
    curl -fsS --max-time 5 "$1"
  else
    http_get_devtcp "$1"
  fi
}

# http_get_devtcp http://HOST:PORT/PATH: a plain HTTP/1.0 GET through bash's /dev/tcp, the body
# on stdout (the status line and headers dropped); fails when the connection does.
http_get_devtcp() {
  local rest=${1#http://} hostport path
  hostport=${rest%%/*}
  path=/${rest#*/}
  [ "$path" != "/$rest" ] || path=/
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3
    sed "1,/^\r\{0,1\}$/d" <&3' "${hostport%%:*}" "${hostport##*:}" "$path"
}
