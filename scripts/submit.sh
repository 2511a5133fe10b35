#!/usr/bin/env bash
# Submits the tensorpool job with spark-submit: a real Spark distribution's when SPARK_HOME has
# one, otherwise Spark's own launcher and SparkSubmit running from the jars Maven already has.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster/lib.sh"

usage() {
  cat <<'EOF'
Usage: scripts/submit.sh [spark-submit options] -- run --config FILE [--input PATH] [--output PATH]
                                                       [--mode MODE] [--set key=value ...] [--verbose]

Submits io.tensorpool.job.TensorPoolMain (target/tensorpool.jar, built first if missing or stale)
with spark-submit. Options before "--" go to spark-submit (--master, --deploy-mode, --conf,
--driver-memory, --executor-memory, --files, ...); everything after "--" goes to the job
(scripts/submit.sh -- --help shows the job's own options). --class and the jar are added here.

Which spark-submit:
  - $SPARK_HOME/bin/spark-submit when SPARK_HOME points at a Spark distribution (it should be
    Spark 4.2.0 for Scala 2.13, the version the job is built against);
  - otherwise the Maven jars of target/spark-classpath.txt, linked into target/spark-home/jars:
    Spark's launcher computes the same java command bin/spark-submit would run, so every
    spark-submit option means the same. The driver then logs with conf/log4j2.properties (Spark
    at WARN, the job at INFO), unless SPARK_SUBMIT_OPTS names another log4j2.configurationFile.

Both ways add --conf spark.{driver,executor}.defaultJavaOptions with the Java 17 --add-opens flags
(scripts/lib/common.sh) unless you set those keys; your extraJavaOptions come after them.

Deploy modes:
  client (default)  the driver runs here; --config FILE is read from this machine.
  cluster           the driver runs on a cluster node and reads --config there, before Spark
                    starts: ship the file with --files conf.yaml and pass --config conf.yaml
                    where the cluster manager localizes files into the driver's working folder
                    (YARN, Kubernetes); on a standalone cluster give a path every node can read.

The run report is one JSON line on stdout (client mode), and _tensorpool.json in the output folder.
Exit codes are the job's: 0 success, 1 the job failed, 2 bad usage or config.

Examples:
  scripts/submit.sh --master spark://host:7077 --executor-memory 4g -- run --config conf/images-pipeline.yaml
  scripts/submit.sh --master yarn --deploy-mode cluster --files conf/images-pipeline.yaml \
      -- run --config images-pipeline.yaml --output hdfs:///data/pooled
EOF
}

submit_opts=()
job_args=()
seen_separator=false
for arg in "$@"; do
  if [ "$seen_separator" = true ]; then
    job_args+=("$arg")
  elif [ "$arg" = "--" ]; then
    seen_separator=true
  else
    submit_opts+=("$arg")
  fi
done
if [ "$seen_separator" != true ]; then
  for arg in "${submit_opts[@]}"; do
    case "$arg" in -h|--help) usage; exit 0 ;; esac
  done
  echo "submit.sh: separate spark-submit options from the job's arguments with '--'," \
    "e.g. scripts/submit.sh --master spark://host:7077 -- run --config conf/images-pipeline.yaml" >&2
  exit 2
fi
if [ ${#job_args[@]} -eq 0 ]; then
  echo "submit.sh: no job arguments after '--'; try: scripts/submit.sh -- --help" >&2
  exit 2
fi
for arg in "${submit_opts[@]}"; do
  case "$arg" in
    --class|--class=*) die "--class is set by this script ($TENSORPOOL_MAIN); drop it" ;;
  esac
done

# The Java 17 flags, as defaults the user's own --conf keys may replace.
has_conf() {
  local key=$1 prev="" arg
  for arg in "${submit_opts[@]}"; do
    [ "$prev" = "--conf" ] || [ "$prev" = "-c" ] && [[ "$arg" == "$key="* ]] && return 0
    [[ "$arg" == "--conf=$key="* ]] && return 0
    prev=$arg
  done
  return 1
}
flags=$(spark_java17_flags_string)
defaults=()
for key in spark.driver.defaultJavaOptions spark.executor.defaultJavaOptions; do
  has_conf "$key" || defaults+=(--conf "$key=$flags")
done

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  ensure_built
  if ! ls "$SPARK_HOME"/jars/spark-core_2.13-4.2.0.jar > /dev/null 2>&1; then
    echo "submit.sh: warning: $SPARK_HOME has no jars/spark-core_2.13-4.2.0.jar; the job is built for Spark 4.2.0 (Scala 2.13)" >&2
  fi
  echo "submit.sh: submitting with $SPARK_HOME/bin/spark-submit" >&2
  exec "$SPARK_HOME/bin/spark-submit" "${defaults[@]}" "${submit_opts[@]}" \
    --class "$TENSORPOOL_MAIN" "$TENSORPOOL_JAR" "${job_args[@]}"
fi

make_spark_home
export SPARK_HOME=$TENSORPOOL_SPARK_HOME
export SPARK_SCALA_VERSION=2.13
case "${SPARK_SUBMIT_OPTS:-}" in
  *log4j2.configurationFile*) ;;
  *) export SPARK_SUBMIT_OPTS="-Dlog4j2.configurationFile=$TENSORPOOL_HOME/conf/log4j2.properties ${SPARK_SUBMIT_OPTS:-}" ;;
esac
spark_submit_command "${defaults[@]}" "${submit_opts[@]}" --class "$TENSORPOOL_MAIN" "$TENSORPOOL_JAR" "${job_args[@]}"
exec "${SPARK_CMD[@]}"
