package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.SparkLineTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * rerun then gives the same rows as a clean run. A run killed in the middle of publishing
 * leaves a publication the next run, or {@code tensorpool recover}, finishes.
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
        return start(output, 0);
    }

    /**
     * As {@link #start(Path)}, with the publish test hook pausing the run before publish step
     * {@code pauseBefore} (0: no pause) and more arguments for the run command.
     */
    private static Process start(Path output, int pauseBefore, String... arguments) throws IOException {
        List<String> run = new ArrayList<>(List.of("run", "--config", config.toString(), "--output", output.toString()));
        run.addAll(List.of(arguments));
        // One task per input file, so that the output has twelve files too.
        List<String> command = ChildJvm.command(List.of("-Dspark.master=local[1]", "-Dspark.sql.files.minPartitionNum=12",
                "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-D" + PublishSteps.PAUSE_PROPERTY + "=" + pauseBefore), TensorPoolMain.class, run.toArray(String[]::new));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(output).toFile()).start();
    }

    private static Path log(Path output) {
        return temp.resolve("child-" + output.getFileName() + ".log");
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

    /**
     * The case and its kin, each with a whole run killed by SIGKILL where the publish
     * test hook holds it: an overwrite between its two renames (the output path absent), an
     * append half way through moving its files, a new output before its rename. The next run,
     * or tensorpool recover, finishes each publication before anything else, and the output then
     * holds the killed run's complete result.
     */
    @Test
    void aRunKilledWhilePublishingIsFinishedByTheNextRunOrByRecover() throws Exception {
        Path clean = temp.resolve("clean-for-publish");
        JobTestSupport.run(JobTestSupport.load(config, clean));
        Path output = temp.resolve("published");
        JobTestSupport.run(JobTestSupport.load(config, output));

        // overwrite, killed between moving the old output aside and moving the new one in
        String killedReport = killWhilePublishing(output, 3, "--mode", "overwrite");
        assertFalse(Files.exists(output), "the issue's state: the output path is absent");
        PreconditionException exists = assertThrows(PreconditionException.class,
                () -> JobTestSupport.run(JobTestSupport.load(config, output, "output.mode=error")));
        assertTrue(exists.getMessage().contains("it already exists"), "the next run first finished the publication, "
                + "then found the output: " + exists.getMessage());
        assertEquals(killedReport, Files.readString(output.resolve(RunReport.FILE_NAME)));
        assertSameRows(clean, output);
        assertNothingBeside(output);

        // append, killed with 2 of its 12 files moved into the output
        killedReport = killWhilePublishing(output, 5, "--mode", "append");
        assertFalse(Files.exists(output.resolve(RunReport.FILE_NAME)), "no report while an append is half done");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, TensorPoolMain.run(new String[] {"recover", "--output", output.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> fail("recover needs no Spark session")), err.toString(StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("holds the output and 2 of the 12 data files run "), said);
        assertTrue(said.contains("holds the other 10 and run "), said);
        assertEquals(killedReport, Files.readString(output.resolve(RunReport.FILE_NAME)));
        assertEquals(2 * read(clean, "id").size(), read(output, "id").size(), "the earlier rows and the appended ones");
        assertNothingBeside(output);

        // a new output, killed before its rename
        Path fresh = temp.resolve("fresh");
        killedReport = killWhilePublishing(fresh, 2);
        assertFalse(Files.exists(fresh));
        RunReport skipped = JobTestSupport.run(JobTestSupport.load(config, fresh, "output.mode=ignore"));
        assertEquals("skipped", skipped.status(), "the next run finished the publication, then found the output");
        assertEquals(killedReport, Files.readString(fresh.resolve(RunReport.FILE_NAME)));
        assertSameRows(clean, fresh);
        assertNothingBeside(fresh);
    }

    /**
     * Runs the job in a JVM paused before publish step {@code step}, kills it there, and returns
     * the run report it staged (the report its output will have once its publication is finished).
     */
    private static String killWhilePublishing(Path output, int step, String... arguments) throws Exception {
        Process process = start(output, step, arguments);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline && process.isAlive()
                && !Files.readString(log(output)).contains(PublishSteps.PAUSE_MARKER + step + " ")) {
            Thread.sleep(100);
        }
        assertTrue(process.isAlive(), "the run did not pause before publish step " + step + ": "
                + Files.readString(log(output)));
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            Path staging = siblings.filter(p -> p.getFileName().toString().startsWith("." + output.getFileName()
                    + StagedOutput.STAGING_MARK)).findFirst().orElseThrow();
            return Files.readString(staging.resolve(RunReport.FILE_NAME));
        }
    }

    /** Nothing hidden is left beside {@code output}: no journal, staging or replaced folder. */
    private static void assertNothingBeside(Path output) throws IOException {
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + output.getFileName() + ".")).toList());
        }
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
