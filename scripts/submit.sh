#!/usr/bin/env bash
# Submits the tensorpool job with spark-submit: a real Spark distribution's when SPARK_HOME has
# one, otherwise Spark's own launcher and SparkSubmit running from the jars Maven already has.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster/lib.sh"

usage() {
  cat <<'EOF'
Usage: scripts/submit.sh [spark-submit options] -- run --config FILE [--input PATH] [--output PATH]
                                                       [--mode MODE] [--set key=value ...] [--verbose]

Submits io.tensorpool.job.TensorPoolMain with spark-submit, from the application jar built for
the Spark line that will run it (target/tensorpool-spark<line>.jar, built first if missing or
stale). Options before "--" go to spark-submit (--master, --deploy-mode, --conf,
--driver-memory, --executor-memory, --files, ...); everything after "--" goes to the job
(scripts/submit.sh -- --help shows the job's own options). --class and the jar are added here.

Which spark-submit, and which jar:
  - $SPARK_HOME/bin/spark-submit when SPARK_HOME points at a Spark distribution. Its version and
    Scala version (from jars/spark-core_<scala>-<version>.jar, else the RELEASE file and
    jars/scala-library-*.jar) choose the jar: Spark 3.5.x with Scala 2.12 submits
    target/tensorpool-spark3.5_2.12.jar. A line no build exists for is an error (exit 2), as is
    a TENSORPOOL_SPARK_LINE that names another line.
  - otherwise the Maven jars of the line TENSORPOOL_SPARK_LINE names (default 4.2_2.13), linked
    into target/spark-home/jars (target/spark<line>/spark-home/jars for another line): Spark's
    launcher computes the same java command bin/spark-submit would run, so every spark-submit
    option means the same. The driver then logs with conf/log4j2.properties (Spark at WARN, the
    job at INFO), unless SPARK_SUBMIT_OPTS names another log4j2.configurationFile.
Lines: 3.5_2.12, 3.5_2.13, 4.0_2.13, 4.1_2.13, 4.2_2.13 (Spark major.minor _ Scala).

Both ways add the Java 17 flags of scripts/lib/common.sh (the --add-opens list, and
--add-modules=jdk.incubator.vector for the vector kernels, which Spark 3.5's launcher does not
add itself) as --conf spark.{driver,executor}.defaultJavaOptions (unless you set those keys), so
your extraJavaOptions still apply after them. In cluster deploy mode they also go in front of
spark.driver.extraJavaOptions (your --conf or --driver-java-options value, if any): a standalone
worker starts the driver with that key alone.

Deploy modes:
  client (default)  the driver runs here; --config FILE is read from this machine.
  cluster           the driver runs on a cluster node and reads --config there, before Spark
                    starts: ship the file with --files conf.yaml and pass --config conf.yaml
                    where the cluster manager localizes files into the driver's working folder
                    (YARN, Kubernetes); on a standalone cluster give a path every node can read.

TENSORPOOL_SUBMIT_DRY_RUN=1 prints the command instead of running it, one word a line.

The run report is one JSON line on stdout (client mode), and _tensorpool.json in the output folder.
Exit codes are the job's (in client deploy mode; README.md, "Exit codes", says when to retry):
  0  success
  1  the job failed while running
  2  bad usage or config, or an input/output that does not fit the config
  3  more records were bad than errors.max_bad_fraction allows; nothing was published

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

# The Java 17 flags. spark.{driver,executor}.defaultJavaOptions carry them wherever Spark reads
# those keys (the client-mode driver, every executor), below any extraJavaOptions of the user's.
# A standalone cluster's worker starts a cluster-mode driver with spark.driver.extraJavaOptions
# alone, so in cluster deploy mode the flags are also put in front of that key's value (the one
# given here, with --conf or --driver-java-options, or the flags alone).
conf_value() {  # conf_value KEY: the last value given to --conf KEY=..., or nothing (exit 1)
  local key=$1 prev="" arg found=1 value=""
  for arg in "${submit_opts[@]}"; do
    if { [ "$prev" = "--conf" ] || [ "$prev" = "-c" ]; } && [[ "$arg" == "$key="* ]]; then
      value=${arg#"$key="}; found=0
    elif [[ "$arg" == "--conf=$key="* ]]; then
      value=${arg#"--conf=$key="}; found=0
    fi
    prev=$arg
  done
  printf '%s' "$value"
  return $found
}
flags=$(spark_java17_flags_string)
defaults=()
for key in spark.driver.defaultJavaOptions spark.executor.defaultJavaOptions; do
  conf_value "$key" > /dev/null || defaults+=(--conf "$key=$flags")
done
deploy_mode=$(conf_value spark.submit.deployMode || true)
prev=""
for arg in "${submit_opts[@]}"; do
  [ "$prev" = "--deploy-mode" ] && deploy_mode=$arg
  [[ "$arg" == --deploy-mode=* ]] && deploy_mode=${arg#--deploy-mode=}
  prev=$arg
done
if [ "$deploy_mode" = cluster ]; then
  # Fold --driver-java-options and --conf spark.driver.extraJavaOptions (the later one wins in
  # spark-submit too) into one value behind the flags.
  driver_opts=""
  rest=()
  prev=""
  for arg in "${submit_opts[@]}"; do
    if [ "$prev" = "--driver-java-options" ]; then
      driver_opts=$arg; rest+=(--driver-java-options "$flags $arg")
    elif { [ "$prev" = "--conf" ] || [ "$prev" = "-c" ]; } && [[ "$arg" == spark.driver.extraJavaOptions=* ]]; then
      rest+=("spark.driver.extraJavaOptions=$flags ${arg#spark.driver.extraJavaOptions=}")
    elif [[ "$arg" == --conf=spark.driver.extraJavaOptions=* ]]; then
      rest+=("--conf=spark.driver.extraJavaOptions=$flags ${arg#--conf=spark.driver.extraJavaOptions=}")
    elif [[ "$arg" == --driver-java-options=* ]]; then
      driver_opts=${arg#--driver-java-options=}; rest+=("--driver-java-options=$flags $driver_opts")
    elif [ "$arg" != "--driver-java-options" ]; then
      rest+=("$arg")
    fi
    prev=$arg
  done
  if ! conf_value spark.driver.extraJavaOptions > /dev/null && [ -z "$driver_opts" ]; then
    rest=(--conf "spark.driver.extraJavaOptions=$flags" "${rest[@]}")
  fi
  submit_opts=("${rest[@]}")
fi

# run_or_print COMMAND...: becomes COMMAND, or with TENSORPOOL_SUBMIT_DRY_RUN=1 prints it, one word a line.
run_or_print() {
  if [ "${TENSORPOOL_SUBMIT_DRY_RUN:-0}" = 1 ]; then
    printf '%s\n' "$@"
    exit 0
  fi
  exec "$@"
}

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  if spark_home_line "$SPARK_HOME"; then
    home_line=$SPARK_HOME_LINE
    if ! line_profile "$home_line" > /dev/null; then
      echo "submit.sh: Cannot submit to $SPARK_HOME: it is Spark $SPARK_HOME_VERSION with Scala" \
        "$SPARK_HOME_SCALA, and tensorpool is built for Spark ${TENSORPOOL_LINES[*]} (Spark_Scala)." \
        "Point SPARK_HOME at a distribution of one of those" >&2
      exit 2
    fi
    if [ -n "$TENSORPOOL_SPARK_LINE_REQUESTED" ] && [ "$TENSORPOOL_SPARK_LINE_REQUESTED" != "$home_line" ]; then
      echo "submit.sh: Cannot submit the Spark $TENSORPOOL_SPARK_LINE_REQUESTED jar to $SPARK_HOME:" \
        "it is Spark $SPARK_HOME_VERSION with Scala $SPARK_HOME_SCALA (line $home_line)." \
        "Unset TENSORPOOL_SPARK_LINE to submit the jar of that line" >&2
      exit 2
    fi
    use_spark_line "$home_line"
    jar="$TENSORPOOL_HOME/target/tensorpool-spark$home_line.jar"
    echo "submit.sh: $SPARK_HOME is Spark $SPARK_HOME_VERSION with Scala $SPARK_HOME_SCALA:" \
      "submitting ${jar#"$TENSORPOOL_HOME/"}" >&2
  else
    jar="$TENSORPOOL_HOME/target/tensorpool-spark$TENSORPOOL_SPARK_LINE.jar"
    echo "submit.sh: warning: cannot tell which Spark $SPARK_HOME is (no jars/spark-core_*.jar, no RELEASE);" \
      "submitting ${jar#"$TENSORPOOL_HOME/"}, built for line $TENSORPOOL_SPARK_LINE (set TENSORPOOL_SPARK_LINE" \
      "to choose another); the job stops with a clear error if the lines differ" >&2
  fi
  ensure_built
  echo "submit.sh: submitting with $SPARK_HOME/bin/spark-submit" >&2
  run_or_print "$SPARK_HOME/bin/spark-submit" "${defaults[@]}" "${submit_opts[@]}" \
    --class "$TENSORPOOL_MAIN" "$jar" "${job_args[@]}"
fi

make_spark_home
export SPARK_HOME=$TENSORPOOL_SPARK_HOME
export SPARK_SCALA_VERSION=$TENSORPOOL_SCALA_VERSION
case "${SPARK_SUBMIT_OPTS:-}" in
  *log4j2.configurationFile*) ;;
  *) export SPARK_SUBMIT_OPTS="-Dlog4j2.configurationFile=$TENSORPOOL_HOME/conf/log4j2.properties ${SPARK_SUBMIT_OPTS:-}" ;;
esac
spark_submit_command "${defaults[@]}" "${submit_opts[@]}" --class "$TENSORPOOL_MAIN" "$TENSORPOOL_JAR" "${job_args[@]}"
run_or_print "${SPARK_CMD[@]}"
