package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of writing leaves nothing a reader could take for a
 * result: no new output, and an earlier output untouched even under {@code mode: overwrite}. A
 * rerun then gives the same rows as a clean run.
 */
@SparkLineTest
class KilledRunTest {
    @TempDir
    static Path temp;

    private static Path input;
    private static Path config;

    @BeforeAll
    static void writeInputAndConfig() throws IOException {
        input = temp.resolve("in.parquet");
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            float[] x = new float[3 * 48 * 48];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            rows.add(RowFactory.create(i, x, new int[] {3, 48, 48}));
        }
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false)))
                .repartition(12).write().parquet(input.toString());
        config = temp.resolve("job.yaml");
        Files.writeString(config, """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 3, stride: 1, padding: 1}]
                output: {path: unused, mode: overwrite}
                """.formatted(input));
    }

    /** Starts the job in its own JVM, as scripts/tensorpool does, on one core so that it takes a while. */
    private static Process start(Path output) throws IOException {
        String classpath = BuildFolder.jobClasspath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-cp", classpath,
                TensorPoolMain.class.getName(), "run", "--config", config.toString(), "--output", output.toString()));
        command.removeIf(String::isEmpty);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("child-" + output.getFileName() + ".log").toFile()).start();
    }

    /** Waits until Spark is writing this run's staged files, then kills the JVM with SIGKILL. */
    private static void killWhileWriting(Process process, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive() && !writing(output)) {
            Thread.sleep(50);
        }
        assertTrue(process.isAlive(), "the run ended before it could be killed; see the child log");
        assertTrue(writing(output), "the run never started writing");
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
    }

    /** True once a task has written into the staging folder's _temporary attempt folders. */
    private static boolean writing(Path output) throws IOException {
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            for (Path staging : siblings.filter(p -> p.getFileName().toString()
                    .startsWith("." + output.getFileName() + StagedOutput.STAGING_MARK)).toList()) {
                try (Stream<Path> files = Files.walk(staging)) {
                    if (files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void aKilledRunPublishesNothingAndAKilledOverwriteLeavesTheEarlierOutputWhole() throws Exception {
        Path output = temp.resolve("out");
        killWhileWriting(start(output), output);
        assertFalse(Files.exists(output), "no output after a killed run");

        Process rerun = start(output);
        assertTrue(rerun.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, rerun.exitValue(), Files.readString(temp.resolve("child-out.log")));
        Path clean = temp.resolve("clean");
        JobTestSupport.run(JobTestSupport.load(config, clean));
        assertSameRows(clean, output);

        String report = Files.readString(output.resolve(RunReport.FILE_NAME));
        killWhileWriting(start(output), output);
        assertEquals(report, Files.readString(output.resolve(RunReport.FILE_NAME)), "the earlier output is untouched");
        assertSameRows(clean, output);
    }

    private static void assertSameRows(Path expected, Path actual) {
        List<Row> a = read(expected, "id");
        List<Row> b = read(actual, "id");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).<Integer>getAs("id"), b.get(i).<Integer>getAs("id"));
            assertArrayEquals(floats(a.get(i), "x"), floats(b.get(i), "x"));
        }
    }
}
