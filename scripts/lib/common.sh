# Shared by the scripts in this folder: where things are (for the Spark line chosen), the JVM
# flags Spark needs, and the build step. Source it; it defines functions and variables, and
# exits 2 when TENSORPOOL_SPARK_LINE names a line no profile builds.

TENSORPOOL_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TENSORPOOL_MAIN=io.tensorpool.job.TensorPoolMain

# The Spark lines a Maven profile builds (pom.xml's spark.lines; SparkLinesTest checks they agree),
# each named as its artifact is, Spark major.minor and Scala binary version. The default build is
# the default line; TENSORPOOL_SPARK_LINE chooses another for scripts/tensorpool and, without a
# SPARK_HOME, for scripts/submit.sh and scripts/cluster/.
TENSORPOOL_LINES=(3.5_2.12 3.5_2.13 4.0_2.13 4.1_2.13 4.2_2.13)
TENSORPOOL_DEFAULT_LINE=4.2_2.13

# line_profile LINE: the Maven profile that builds LINE (nothing for the default line); exit 1 for
# a line no profile builds.
line_profile() {
  case $1 in
    4.2_2.13) echo "" ;;
    4.1_2.13) echo spark-4.1 ;;
    4.0_2.13) echo spark-4.0 ;;
    3.5_2.13) echo spark-3.5_2.13 ;;
    3.5_2.12) echo spark-3.5_2.12 ;;
    *) return 1 ;;
  esac
}

# use_spark_line LINE: points the scripts at LINE's build: its jar, its build folder (pom.xml's
# tensorpool.build.dir), the Spark classpath list there, the SPARK_HOME-like folder made from
# that list (scripts/cluster/lib.sh) and the Maven profile that makes them.
# An unknown line is a usage error (exit 2) that lists the known ones.
use_spark_line() {
  local line=$1
  if ! TENSORPOOL_PROFILE=$(line_profile "$line"); then
    echo "$(basename "$0"): Cannot use Spark line '$line': no build exists for it." \
      "Choose one of ${TENSORPOOL_LINES[*]} (Spark major.minor _ Scala), e.g. TENSORPOOL_SPARK_LINE=3.5_2.12" >&2
    exit 2
  fi
  TENSORPOOL_SPARK_LINE=$line
  TENSORPOOL_SCALA_VERSION=${line#*_}
  if [ "$line" = "$TENSORPOOL_DEFAULT_LINE" ]; then
    TENSORPOOL_BUILD_DIR="$TENSORPOOL_HOME/target"
    TENSORPOOL_JAR="$TENSORPOOL_HOME/target/tensorpool.jar"
  else
    TENSORPOOL_BUILD_DIR="$TENSORPOOL_HOME/target/spark$line"
    TENSORPOOL_JAR="$TENSORPOOL_HOME/target/tensorpool-spark$line.jar"
  fi
  TENSORPOOL_SPARK_CLASSPATH_FILE="$TENSORPOOL_BUILD_DIR/spark-classpath.txt"
  TENSORPOOL_SPARK_HOME="$TENSORPOOL_BUILD_DIR/spark-home"
}
# The line the caller asked for (empty: none); scripts that find the line elsewhere compare.
TENSORPOOL_SPARK_LINE_REQUESTED=${TENSORPOOL_SPARK_LINE:-}
use_spark_line "${TENSORPOOL_SPARK_LINE:-$TENSORPOOL_DEFAULT_LINE}"

TENSORPOOL_MAIN=io.tensorpool.job.TensorPoolMain

# The flags Spark's launcher passes on Java 17 (org.apache.spark.launcher.JavaModuleOptions);
# pom.xml's spark.jvm.flags holds the same list for the tests (ScriptsTest checks they agree).
# IgnoreUnrecognizedVMOptions comes first so that a flag this JVM does not know is skipped.
SPARK_JAVA17_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

# run_test_main CLASS [--no-build] ARGS...: builds the test classes (which also writes
# target/test-classpath.txt) unless --no-build comes first, then runs CLASS's main with ARGS on
# the test classpath: the way the small benchmarks under src/test/java/io/tensorpool/bench run.
run_test_main() {
  local class=$1
  shift
  cd "$TENSORPOOL_HOME"
  if [ "${1:-}" = "--no-build" ]; then
    shift
  else
    mvn -B -q -DskipTests test-compile >&2
  fi
  java "${SPARK_JAVA17_FLAGS[@]}" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    "$class" "$@"
}

# Builds the line's application jar and Spark classpath list when either is missing or older
# than the sources, so that a fresh clone (or a pulled change) runs what its sources say.
ensure_built() {
  if [ -f "$TENSORPOOL_JAR" ] && [ -f "$TENSORPOOL_SPARK_CLASSPATH_FILE" ] \
     && [ -z "$(find "$TENSORPOOL_HOME/src/main" "$TENSORPOOL_HOME/pom.xml" -newer "$TENSORPOOL_JAR" -print -quit)" ]; then
    return 0
  fi
  local log="$TENSORPOOL_HOME/target/build-spark$TENSORPOOL_SPARK_LINE.log"
  local -a command=(mvn -B -DskipTests ${TENSORPOOL_PROFILE:+-P"$TENSORPOOL_PROFILE"} package)
  echo "[build] building $TENSORPOOL_JAR for Spark line $TENSORPOOL_SPARK_LINE (${command[*]}, tests skipped;" \
    "log in ${log#"$TENSORPOOL_HOME/"})..." >&2
  mkdir -p "$TENSORPOOL_HOME/target"
  if ! (cd "$TENSORPOOL_HOME" && "${command[@]}") > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "[build] the build failed; the whole log is in ${log#"$TENSORPOOL_HOME/"}" >&2
    exit 1
  fi
}
