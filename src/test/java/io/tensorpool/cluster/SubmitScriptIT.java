package io.tensorpool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * scripts/submit.sh builds the spark-submit command a person expects: a distribution's
 * bin/spark-submit when SPARK_HOME has one, with the jar of that distribution's Spark line;
 * otherwise the java command Spark's launcher computes from the Maven jars of the line under test
 * (TENSORPOOL_SUBMIT_DRY_RUN=1 prints it instead of running it), with the Java 17 flags on the
 * driver, and in cluster deploy mode in front of the driver's own options.
 */
@Tag("cluster")
class SubmitScriptIT {
    private static final String MAIN = "io.tensorpool.job.TensorPoolMain";
    /** The line under test (pom.xml's spark.line), such as 3.5_2.12; its jar is built by now. */
    private static final String LINE = System.getProperty("tensorpool.spark.line");
    private static final String LINE_JAR = ClusterTesting.PROJECT.resolve("target/tensorpool-spark" + LINE + ".jar")
            .toString();
    /** The jar scripts/tensorpool and the Maven-jar submit run for the line: the default line keeps its old name. */
    private static final String JAR = LINE.equals("4.2_2.13")
            ? ClusterTesting.PROJECT.resolve("target/tensorpool.jar").toString() : LINE_JAR;
    private static Path work;

    @BeforeAll
    static void folder() {
        work = ClusterTesting.freshFolder("submit-script");
    }

    @Test
    void usesTheDistributionsSparkSubmitWithTheJarOfItsLine() throws IOException {
        String scala = LINE.substring(LINE.indexOf('_') + 1);
        Path home = distribution("spark-dist", "spark-core_" + scala + "-" + patchRelease() + ".jar");

        Result result = submit(Map.of("SPARK_HOME", home.toString()),
                "--master", "yarn", "--executor-memory", "4g", "--", "run", "--config", "conf/a.yaml");
        assertEquals(0, result.code, result.toString());
        List<String> args = result.stdout;
        int master = args.indexOf("--master");
        assertTrue(master >= 0 && args.get(master + 1).equals("yarn"), result.toString());
        assertTrue(args.contains("spark.driver.defaultJavaOptions=" + flags()), result.toString());
        assertTrue(args.contains("spark.executor.defaultJavaOptions=" + flags()), result.toString());
        assertEquals(List.of("--class", MAIN, LINE_JAR, "run", "--config", "conf/a.yaml"),
                args.subList(args.size() - 6, args.size()), "the class, the jar, then the job's arguments");
        assertTrue(result.stderr.contains(home + " is Spark " + patchRelease() + " with Scala " + scala
                + ": submitting target/tensorpool-spark" + LINE + ".jar"), "says which jar: " + result);
    }

    @Test
    void readsTheVersionFromTheReleaseFileWhenTheJarNamesDoNotSayIt() throws IOException {
        String scala = LINE.substring(LINE.indexOf('_') + 1);
        Path home = distribution("spark-release", "scala-library-" + scala + ".7.jar");
        Files.writeString(home.resolve("RELEASE"), "Spark " + patchRelease() + " built for Hadoop 3.3.4\n");

        Result result = submit(Map.of("SPARK_HOME", home.toString()), "--", "run", "--config", "conf/a.yaml");
        assertEquals(0, result.code, result.toString());
        assertTrue(result.stdout.contains(LINE_JAR), result.toString());
    }

    @Test
    void aSparkWithoutABuildIsAClearErrorNotALaterNoSuchMethodError() throws IOException {
        Path home = distribution("spark-3.4", "spark-core_2.12-3.4.4.jar");
        Result result = submit(Map.of("SPARK_HOME", home.toString()), "--", "run", "--config", "conf/a.yaml");
        assertEquals(2, result.code, result.toString());
        assertEquals("submit.sh: Cannot submit to " + home + ": it is Spark 3.4.4 with Scala 2.12, and tensorpool is"
                + " built for Spark 3.5_2.12 3.5_2.13 4.0_2.13 4.1_2.13 4.2_2.13 (Spark_Scala). Point SPARK_HOME at a"
                + " distribution of one of those", result.stderr.strip());

        String other = LINE.equals("3.5_2.12") ? "4.2_2.13" : "3.5_2.12";
        Path mine = distribution("spark-mine", "spark-core_" + LINE.substring(LINE.indexOf('_') + 1) + "-"
                + patchRelease() + ".jar");
        Result contradicted = submit(Map.of("SPARK_HOME", mine.toString(), "TENSORPOOL_SPARK_LINE", other),
                "--", "run", "--config", "conf/a.yaml");
        assertEquals(2, contradicted.code, contradicted.toString());
        assertTrue(contradicted.stderr.startsWith("submit.sh: Cannot submit the Spark " + other + " jar to " + mine
                + ": it is Spark " + patchRelease()), contradicted.toString());
    }

    @Test
    void aDistributionThatDoesNotSayItsVersionGetsTheChosenLinesJarAndAWarning() throws IOException {
        Path home = distribution("spark-unknown");
        Result result = submit(Map.of("SPARK_HOME", home.toString()), "--", "run", "--config", "conf/a.yaml");
        assertEquals(0, result.code, result.toString());
        assertTrue(result.stdout.contains(LINE_JAR), result.toString());
        assertTrue(result.stderr.contains("submit.sh: warning: cannot tell which Spark " + home + " is"), result.toString());
    }

    /** A fake distribution: bin/spark-submit that prints its arguments, and empty jars of these names. */
    private static Path distribution(String name, String... jars) throws IOException {
        Path home = work.resolve(name);
        Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path folder = Files.createDirectories(home.resolve("jars"));
        for (String jar : jars) {
            Files.write(folder.resolve(jar), new byte[0]);
        }
        return home;
    }

    /** A patch release of the line under test other than the one built against, as a cluster may run. */
    private static String patchRelease() {
        return LINE.substring(0, LINE.indexOf('_')) + ".1";
    }

    @Test
    void withoutADistributionRunsSparkSubmitFromTheMavenJarsAsTheLauncherWould() {
        Result result = submit(Map.of("TENSORPOOL_SUBMIT_DRY_RUN", "1"),
                "--master", "spark://127.0.0.1:7077", "--driver-memory", "3g", "--", "run", "--config", "c.yaml");
        assertEquals(0, result.code, result.toString());
        List<String> command = result.stdout;
        int main = command.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertTrue(main > 0, "runs SparkSubmit: " + command);
        List<String> jvm = command.subList(0, main);
        assertTrue(jvm.get(0).endsWith("/java"), jvm.toString());
        String sparkHome = LINE.equals("4.2_2.13") ? "target/spark-home" : "target/spark" + LINE + "/spark-home";
        assertTrue(jvm.get(2).contains(sparkHome + "/jars/*"), "the Maven jars of the line: " + jvm);
        assertTrue(jvm.contains("-Xmx3g"), "--driver-memory sizes the client-mode driver: " + jvm);
        for (String flag : flags().split(" ")) {
            assertTrue(jvm.contains(flag), "the driver JVM has " + flag + ": " + jvm);
        }
        assertTrue(jvm.stream().anyMatch(a -> a.startsWith("-Dlog4j2.configurationFile=") && a.endsWith(
                "conf/log4j2.properties")), "the job's quiet logging: " + jvm);
        assertEquals(List.of("--class", MAIN, JAR, "run", "--config", "c.yaml"),
                command.subList(command.size() - 6, command.size()));
    }

    @Test
    void inClusterDeployModeTheFlagsGoInFrontOfTheDriversOwnOptions() {
        Result result = submit(Map.of("TENSORPOOL_SUBMIT_DRY_RUN", "1"), "--master", "spark://127.0.0.1:7077",
                "--deploy-mode", "cluster", "--driver-java-options", "-Dfoo=bar", "--", "run", "--config", "c.yaml");
        assertEquals(0, result.code, result.toString());
        assertTrue(result.stdout.contains("spark.driver.extraJavaOptions=" + flags() + " -Dfoo=bar"), result.toString());

        Result plain = submit(Map.of("TENSORPOOL_SUBMIT_DRY_RUN", "1"), "--master", "spark://127.0.0.1:7077",
                "--conf", "spark.submit.deployMode=cluster", "--", "run", "--config", "c.yaml");
        assertTrue(plain.stdout.contains("spark.driver.extraJavaOptions=" + flags()), plain.toString());

        Result client = submit(Map.of("TENSORPOOL_SUBMIT_DRY_RUN", "1"), "--master", "spark://127.0.0.1:7077",
                "--", "run", "--config", "c.yaml");
        assertTrue(client.stdout.stream().noneMatch(a -> a.startsWith("spark.driver.extraJavaOptions=")),
                "client mode leaves extraJavaOptions to the user: " + client);
    }

    @Test
    void argumentsWithoutTheSeparatorAreRefusedWithAHint() {
        Result result = submit(Map.of("TENSORPOOL_SUBMIT_DRY_RUN", "1"), "run", "--config", "c.yaml");
        assertEquals(2, result.code, result.toString());
        assertTrue(result.stderr.startsWith("submit.sh: separate spark-submit options from the job's arguments with '--'"),
                result.toString());
        Result help = submit(Map.of(), "--help");
        assertEquals(0, help.code, help.toString());
        assertTrue(help.stdout.get(0).startsWith("Usage: scripts/submit.sh [spark-submit options] -- run --config FILE"),
                help.toString());
    }

    /** The flags of scripts/lib/common.sh, as the pom's spark.jvm.flags holds them too. */
    private static String flags() {
        String common = ClusterTesting.read(ClusterTesting.PROJECT.resolve("scripts/lib/common.sh"));
        String block = common.substring(common.indexOf("SPARK_JAVA17_FLAGS=(") + "SPARK_JAVA17_FLAGS=(".length());
        block = block.substring(0, block.indexOf(')'));
        return String.join(" ", block.strip().split("\\s+"));
    }

    private record Result(int code, List<String> stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr;
        }
    }

    private static Result submit(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("scripts/submit.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ClusterTesting.PROJECT.toFile());
        builder.environment().remove("SPARK_HOME");
        builder.environment().put("TENSORPOOL_SPARK_LINE", LINE);
        builder.environment().putAll(env);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            Process process = builder.start();
            int code = ClusterTesting.waitFor(process, Duration.ofSeconds(120), "scripts/submit.sh", err);
            return new Result(code, Files.readAllLines(out), Files.readString(err));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
