package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.BuildFolder;
import io.tensorpool.SparkLineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as a user starts it, in a JVM of its own, where what log4j2 writes to stderr can be
 * seen: a bad record under {@code on_bad_record: fail} gives one {@code tensorpool:} line and no
 * stack traces, with the project's logging configuration and with Spark's default one; and
 * {@code --force} reaches the run.
 */
@SparkLineTest
class JobProcessTest {
    @TempDir
    Path temp;

    /** Runs {@code TensorPoolMain} in a new JVM as scripts/tensorpool does, on one local core. */
    private ChildRun tensorpool(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-cp",
                BuildFolder.jobClasspath(), TensorPoolMain.class.getName()));
        command.addAll(List.of(args));
        command.removeIf(String::isEmpty);
        return ChildRun.of(command, temp);
    }

    /** The 4x4 textbook record read with a fixed shape [3, 3] that it does not have: a bad record. */
    private Path badRecordConfig() throws IOException {
        Path config = temp.resolve("bad-record.yaml");
        Files.writeString(config, """
                input: {path: %s, tensor: {column: x, shape: [3, 3]}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: %s}
                """.formatted(Path.of("sample-data/textbook/arange4x4.parquet").toAbsolutePath(), temp.resolve("out")));
        return config;
    }

    private static void assertOneLineAndNoStackTrace(ChildRun result) {
        assertEquals(1, result.exitCode(), result.stderr());
        List<String> lines = result.stderr().lines().toList();
        List<String> ours = lines.stream().filter(line -> line.startsWith("tensorpool: ")).toList();
        assertEquals(1, ours.size(), result.stderr());
        assertTrue(ours.get(0).startsWith("tensorpool: Cannot pool row 0 of file:"), ours.get(0));
        assertTrue(ours.get(0).contains("column x holds 16 elements but its shape [3, 3] needs 9"), ours.get(0));
        for (String line : lines) {
            assertFalse(line.matches("\\s+at .*") || line.startsWith("Caused by") || line.contains(" ERROR "),
                    "no stack trace and no error log: " + line + "\n" + result.stderr());
        }
        assertEquals(1, lines.stream().filter(line -> line.contains("RecordRejectedException")
                || line.contains("16 elements")).count(), result.stderr());
    }

    @Test
    void aBadRecordUnderFailIsOneLineWithTheProjectsLogging() throws Exception {
        assertOneLineAndNoStackTrace(tensorpool(List.of("-Dlog4j2.configurationFile=conf/log4j2.properties"),
                "run", "--config", badRecordConfig().toString()));
    }

    @Test
    void aBadRecordUnderFailIsOneLineWithSparksDefaultLogging() throws Exception {
        ChildRun result = tensorpool(List.of(), "run", "--config", badRecordConfig().toString());
        assertTrue(result.stderr().contains("Using Spark's default log4j profile"), result.stderr());
        assertOneLineAndNoStackTrace(result);
    }

    @Test
    void forceLetsOverwriteReplaceAFolderThatIsNotATensorpoolOutput() throws Exception {
        Path foreign = Files.createDirectories(temp.resolve("photos"));
        Files.writeString(foreign.resolve("a.jpg"), "a");
        ChildRun result = tensorpool(List.of("-Dlog4j2.configurationFile=conf/log4j2.properties"), "run", "--config",
                "conf/textbook-maxpool3-pad1-stride2.yaml", "--output", foreign.toString(), "--mode", "overwrite",
                "--force");
        assertEquals(0, result.exitCode(), result.stderr());
        assertFalse(Files.exists(foreign.resolve("a.jpg")));
        assertTrue(Files.exists(foreign.resolve(RunReport.FILE_NAME)));
    }
}
