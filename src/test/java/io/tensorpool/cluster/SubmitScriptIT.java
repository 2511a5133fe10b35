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
 * bin/spark-submit when SPARK_HOME has one; otherwise the java command Spark's launcher computes
 * from the Maven jars (TENSORPOOL_SUBMIT_DRY_RUN=1 prints it instead of running it), with the
 * Java 17 flags on the driver, and in cluster deploy mode in front of the driver's own options.
 */
@Tag("cluster")
class SubmitScriptIT {
    private static final String MAIN = "io.tensorpool.job.TensorPoolMain";
    private static final String JAR = ClusterTesting.PROJECT.resolve("target/tensorpool.jar").toString();
    private static Path work;

    @BeforeAll
    static void folder() {
        work = ClusterTesting.freshFolder("submit-script");
    }

    @Test
    void usesTheDistributionsSparkSubmitWhenSparkHomeHasOne() throws IOException {
        Path home = work.resolve("spark-dist");
        Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = submit(Map.of("SPARK_HOME", home.toString()),
                "--master", "yarn", "--executor-memory", "4g", "--", "run", "--config", "conf/a.yaml");
        assertEquals(0, result.code, result.toString());
        List<String> args = result.stdout;
        int master = args.indexOf("--master");
        assertTrue(master >= 0 && args.get(master + 1).equals("yarn"), result.toString());
        assertTrue(args.contains("spark.driver.defaultJavaOptions=" + flags()), result.toString());
        assertTrue(args.contains("spark.executor.defaultJavaOptions=" + flags()), result.toString());
        assertEquals(List.of("--class", MAIN, JAR, "run", "--config", "conf/a.yaml"),
                args.subList(args.size() - 6, args.size()), "the class, the jar, then the job's arguments");
        assertTrue(result.stderr.contains("has no jars/spark-core_2.13-4.2.0.jar"), "a version warning: " + result);
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
        assertTrue(jvm.get(2).contains("target/spark-home/jars/*"), "the Maven jars: " + jvm);
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
