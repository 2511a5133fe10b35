package io.tensorpool.job.sparkline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The Spark line this jar was built for, as Maven wrote it at build time, and the check that the
 * Spark and Scala the job is about to run on are that line.
 *
 * <p>Why check: a jar built for one line fails on another deep inside a run, with a
 * {@code NoSuchMethodError} or {@code ClassNotFoundException} that says nothing of versions.
 * The check runs before a session exists and names the artifact that fits.
 *
 * @param sparkVersion       the Spark version compiled against, such as {@code 3.5.9}
 * @param scalaBinaryVersion its Scala binary version, {@code 2.12} or {@code 2.13}
 * @param line               the artifact's line, such as {@code 3.5_2.12}: Spark major.minor and Scala
 * @param lines              every line a build exists for
 */
public record BuiltLine(String sparkVersion, String scalaBinaryVersion, String line, List<String> lines) {
    private static final String RESOURCE = "built-line.properties";
    /** Where Spark's own jars record the running version ({@code org.apache.spark.SPARK_VERSION}). */
    private static final String SPARK_VERSION_RESOURCE = "spark-version-info.properties";

    /** The line of this build. */
    public static BuiltLine current() {
        Properties properties = load(BuiltLine.class.getResourceAsStream(RESOURCE), RESOURCE);
        return new BuiltLine(properties.getProperty("spark.version"), properties.getProperty("scala.binary.version"),
                properties.getProperty("spark.line"), List.of(properties.getProperty("spark.lines").split(",")));
    }

    /** The line name of a Spark and Scala version: {@code 3.5.8} and {@code 2.12.18} give {@code 3.5_2.12}. */
    public static String lineOf(String sparkVersion, String scalaVersion) {
        return majorMinor(sparkVersion) + "_" + majorMinor(scalaVersion);
    }

    /** The version of the Spark on the classpath, or null when its jars do not say. */
    public static String runningSparkVersion() {
        ClassLoader loader = org.apache.spark.SparkConf.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(SPARK_VERSION_RESOURCE);
        return in == null ? null : load(in, SPARK_VERSION_RESOURCE).getProperty("version");
    }

    /** The version of the Scala library on the classpath, such as {@code 2.13.16}. */
    public static String runningScalaVersion() {
        return scala.util.Properties.versionNumberString();
    }

    /**
     * Null when Spark {@code runningSpark} with Scala {@code runningScala} is this build's line;
     * otherwise the one-line message that says which artifact to use instead.
     */
    public String mismatch(String runningSpark, String runningScala) {
        String running = lineOf(runningSpark, runningScala);
        if (running.equals(line)) {
            return null;
        }
        String instead = lines.contains(running)
                ? "Use tensorpool-spark" + running + ".jar, built for that line (see the README's table of Spark"
                        + " lines; scripts/submit.sh picks it for $SPARK_HOME)"
                : "tensorpool is built for Spark " + String.join(", ", lines) + " (Spark_Scala); run on one of those";
        return "Cannot run on Spark " + runningSpark + " with Scala " + runningScala + ": this jar is built for Spark "
                + sparkVersion + " with Scala " + scalaBinaryVersion + " (line " + line + "). " + instead;
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    private static Properties load(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException("The jar has no " + name + "; rebuild it with mvn package");
        }
        try (InputStream stream = in) {
            Properties properties = new Properties();
            properties.load(stream);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
