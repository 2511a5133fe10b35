# Shared by the scripts in this folder: where things are, the JVM flags Spark needs, and the
# build step. Source it; it defines functions and variables only.

TENSORPOOL_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TENSORPOOL_JAR="$TENSORPOOL_HOME/target/tensorpool.jar"
TENSORPOOL_SPARK_CLASSPATH_FILE="$TENSORPOOL_HOME/target/spark-classpath.txt"
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

# Builds the application jar and the Spark classpath list when either is missing or older than
# the sources, so that a fresh clone (or a pulled change) runs what its sources say.
ensure_built() {
  if [ -f "$TENSORPOOL_JAR" ] && [ -f "$TENSORPOOL_SPARK_CLASSPATH_FILE" ] \
     && [ -z "$(find "$TENSORPOOL_HOME/src/main" "$TENSORPOOL_HOME/pom.xml" -newer "$TENSORPOOL_JAR" -print -quit)" ]; then
    return 0
  fi
  echo "[build] building $TENSORPOOL_JAR (mvn package, tests skipped; log in target/build.log)..." >&2
  mkdir -p "$TENSORPOOL_HOME/target"
  if ! (cd "$TENSORPOOL_HOME" && mvn -B -DskipTests package) > "$TENSORPOOL_HOME/target/build.log" 2>&1; then
    tail -n 30 "$TENSORPOOL_HOME/target/build.log" >&2
    echo "[build] the build failed; the whole log is in target/build.log" >&2
    exit 1
  fi
}
