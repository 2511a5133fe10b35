package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.incremental}: runs over a folder that grows pool each input record exactly once,
 * as Spark and DuckDB (which knows nothing of the batch manifests) read the output; a file
 * rewritten in place is pooled again and reported; a deleted batch makes its files new again; a
 * run killed before or during its publication leaves the next run to pool, or publish, exactly
 * its files.
 */
@SparkLineTest
class IncrementalRunTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false));

    @TempDir
    Path temp;

    /** Writes records {@code from} to {@code to - 1} as one Parquet file {@code name} in {@code folder}. */
    static void addFile(Path folder, String name, int from, int to) throws IOException {
        addFile(folder, name, from, to, id -> false);
    }

    /** As {@link #addFile(Path, String, int, int)}, with the records whose id is {@code bad} shaped wrong. */
    static void addFile(Path folder, String name, int from, int to, IntPredicate bad) throws IOException {
        Random random = new Random(from * 31L + to);
        List<Row> rows = new ArrayList<>();
        for (int id = from; id < to; id++) {
            float[] x = new float[16];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            rows.add(RowFactory.create(id, x, bad.test(id) ? new int[] {1, 4, 3} : new int[] {1, 4, 4}));
        }
        Path written = folder.resolveSibling("." + name + ".tmp");
        spark().createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(written.toString());
        try (Stream<Path> files = Files.list(written)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.createDirectories(folder);
            Files.move(part, folder.resolve(name));
        }
        deleteTree(written);
    }

    static String yaml(Path input, String mode) {
        return """
                input: {path: %s, incremental: true, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused, mode: %s}
                """.formatted(input, mode);
    }

    private static JobConfig config(Path input, Path output) {
        return JobTestSupport.yaml(yaml(input, "append"), output);
    }

    @Test
    void threeRunsOverAGrowingFolderPoolEachRecordOnceAndPublishNothingWhenNothingIsNew() throws Exception {
        Path in = temp.resolve("in");
        Path out = temp.resolve("out");
        addFile(in, "a.parquet", 0, 10);
        addFile(in, "b.parquet", 10, 25);

        RunReport first = JobTestSupport.run(config(in, out));
        assertIncremental(first, 1, 2, 0, 0);
        assertEquals(25, first.recordsOut());
        addFile(in, "c.parquet", 25, 31);
        RunReport second = JobTestSupport.run(config(in, out));
        assertIncremental(second, 2, 1, 2, 0);
        assertEquals(6, second.recordsOut());
        addFile(in, "d.parquet", 31, 40);
        addFile(in, "e.parquet", 40, 44);
        RunReport third = JobTestSupport.run(config(in, out));
        assertIncremental(third, 3, 2, 3, 0);
        assertTrue(third.toJson().contains("\"batch_id\":3,\"files_pooled\":2,\"files_skipped\":3,\"files_changed\":0"),
                third.toJson());

        RunReport idle = JobTestSupport.run(config(in, out));
        assertEquals("nothing_new", idle.status());
        assertIncremental(idle, null, 0, 5, 0);
        assertEquals(List.of("tensorpool_batch=000001", "tensorpool_batch=000002", "tensorpool_batch=000003"),
                names(out));

        Map<Integer, Integer> batchOfId = new TreeMap<>();
        for (int id = 0; id < 44; id++) {
            batchOfId.put(id, id < 25 ? 1 : id < 31 ? 2 : 3);
        }
        assertEachRecordOnce(out, batchOfId);
        assertSamePooledValues(in, out);

        // Rewritten in place: pooled again, and said so; its earlier version's records stay in batch 2.
        Files.delete(in.resolve("c.parquet"));
        addFile(in, "c.parquet", 100, 103);
        RunReport rewritten = JobTestSupport.run(config(in, out));
        assertIncremental(rewritten, 4, 1, 4, 1);
        batchOfId.put(100, 4);
        batchOfId.put(101, 4);
        batchOfId.put(102, 4);
        assertEachRecordOnce(out, batchOfId);

        // A deleted batch makes its files new again.
        deleteTree(out.resolve("tensorpool_batch=000001"));
        RunReport redone = JobTestSupport.run(config(in, out));
        assertIncremental(redone, 5, 2, 3, 0);
        for (int id = 0; id < 25; id++) {
            batchOfId.put(id, 5);
        }
        assertEachRecordOnce(out, batchOfId);
    }

    @Test
    void incrementalRunsRefuseOtherModesAndFlatOutputsAndPlainAppendRefusesBatches() throws Exception {
        Path in = temp.resolve("in");
        addFile(in, "a.parquet", 0, 3);
        PreconditionException mode = assertThrows(PreconditionException.class, () -> JobTestSupport.run(
                JobTestSupport.yaml(yaml(in, "overwrite"), temp.resolve("o1"))));
        assertTrue(mode.getMessage().contains("needs output.mode append, not overwrite"), mode.getMessage());

        Path flat = temp.resolve("flat");
        JobTestSupport.run(JobTestSupport.yaml(yaml(in, "error").replace("incremental: true, ", ""), flat));
        PreconditionException mixed = assertThrows(PreconditionException.class,
                () -> JobTestSupport.run(config(in, flat)));
        assertTrue(mixed.getMessage().startsWith("Cannot run incrementally into output ")
                && mixed.getMessage().contains("outside batch folders (part-"), mixed.getMessage());

        Path batches = temp.resolve("batches");
        JobTestSupport.run(config(in, batches));
        PreconditionException plain = assertThrows(PreconditionException.class, () -> JobTestSupport.run(
                JobTestSupport.yaml(yaml(in, "append").replace("incremental: true, ", ""), batches)));
        assertTrue(plain.getMessage().contains("it is an incremental output"), plain.getMessage());
        assertEquals(List.of("tensorpool_batch=000001"), names(batches), "nothing added by the refused runs");
    }

    /**
     * The kill test: a run killed (SIGKILL) after writing and before its journal (publish
     * step 1) leaves nothing visible and the rerun pools its files; a run killed after its journal
     * and before its rename (step 2) is finished by the next run, which then finds nothing new.
     * Either way each record is in the output once.
     */
    @Test
    void aRunKilledBetweenWritingAndPublishingLeavesTheRerunEachRecordOnce() throws Exception {
        Path in = temp.resolve("in");
        Path out = temp.resolve("out");
        Path job = temp.resolve("job.yaml");
        Files.writeString(job, yaml(in, "append"));
        addFile(in, "a.parquet", 0, 10);
        addFile(in, "b.parquet", 10, 20);

        killBeforePublishStep(job, out, 1);
        assertFalse(Files.exists(out), "nothing published by the killed run");
        RunReport rerun = JobTestSupport.run(config(in, out));
        assertIncremental(rerun, 1, 2, 0, 0);
        Map<Integer, Integer> batchOfId = new TreeMap<>();
        for (int id = 0; id < 20; id++) {
            batchOfId.put(id, 1);
        }
        assertEachRecordOnce(out, batchOfId);

        addFile(in, "c.parquet", 20, 27);
        killBeforePublishStep(job, out, 2);
        assertEquals(List.of("tensorpool_batch=000001"), names(out), "the killed run's batch is not visible yet");
        RunReport next = JobTestSupport.run(config(in, out));
        assertEquals("nothing_new", next.status(), "the next run first finished the killed run's publication");
        assertIncremental(next, null, 0, 3, 0);
        for (int id = 20; id < 27; id++) {
            batchOfId.put(id, 2);
        }
        assertEachRecordOnce(out, batchOfId);
        try (Stream<Path> beside = Files.list(temp)) {
            List<String> left = beside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".out.")).toList();
            assertEquals(1, left.size(), "the second killed run's journal and staging were used up: " + left);
            assertTrue(left.get(0).startsWith(".out" + StagedOutput.STAGING_MARK), "what is left is the staging folder"
                    + " of the run killed before publishing, which the log names as deletable: " + left);
        }
    }

    /**
     * Quarantine with incremental runs: each run's rejected records go into the quarantine batch
     * folder of its output batch's id. Over runs that grow the input, one killed before its
     * journal (its rerun quarantines its records once) and one killed before its rename (the next
     * run finishes that publication, quarantine included), each rejected record is in the
     * quarantine once, in the batch of its file, and each good record in the output once.
     */
    @Test
    void rejectedRecordsFollowTheirBatchIntoTheQuarantineOnceAcrossGrowingAndKilledRuns() throws Exception {
        Path in = temp.resolve("in");
        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        String yaml = yaml(in, "append") + "errors: {on_bad_record: quarantine, quarantine_path: " + quarantine
                + ", max_bad_fraction: 0.5}\n";
        Path job = temp.resolve("job.yaml");
        Files.writeString(job, yaml);
        IntPredicate bad = id -> id % 4 == 3;
        Map<Integer, Integer> goodBatch = new TreeMap<>();
        Map<Integer, Integer> badBatch = new TreeMap<>();
        int[][] runs = {{0, 20}, {20, 30}, {30, 40}, {40, 52}};
        for (int run = 0; run < runs.length; run++) {
            addFile(in, "f" + run + ".parquet", runs[run][0], runs[run][1], bad);
            for (int id = runs[run][0]; id < runs[run][1]; id++) {
                (bad.test(id) ? badBatch : goodBatch).put(id, run + 1);
            }
            if (run == 2) {
                killBeforePublishStep(job, out, 1);
                assertFalse(Files.exists(quarantine.resolve(OutputBatches.folderName(3))), "nothing published");
            }
            if (run == 3) {
                killBeforePublishStep(job, out, 2);
                RunReport next = JobTestSupport.run(JobTestSupport.yaml(yaml, out));
                assertEquals("nothing_new", next.status(), "the killed run's publication was finished first");
                continue;
            }
            RunReport report = JobTestSupport.run(JobTestSupport.yaml(yaml, out));
            assertIncremental(report, run + 1, 1, run, 0);
            assertEquals(badBatch.values().stream().filter(b -> b == report.incremental().batchId()).count(),
                    report.recordsBad());
        }
        assertEachRecordOnce(out, goodBatch);
        assertEachRecordOnce(quarantine, badBatch);
        assertEquals(names(out), names(quarantine), "a quarantine batch of each output batch's id");
        FileSystem local = FileSystem.getLocal(new Configuration());
        for (String batch : names(quarantine)) {
            assertEquals(BatchManifest.readFrom(local, new org.apache.hadoop.fs.Path(out.resolve(batch).toUri())).files(),
                    BatchManifest.readFrom(local, new org.apache.hadoop.fs.Path(quarantine.resolve(batch).toUri()))
                            .files(), "the quarantine batch names the input files of its output batch");
        }

        // A deleted output batch is redone under a new id, free in the quarantine too.
        deleteTree(out.resolve(OutputBatches.folderName(4)));
        RunReport redone = JobTestSupport.run(JobTestSupport.yaml(yaml, out));
        assertIncremental(redone, 5, 1, 3, 0);
        assertTrue(Files.exists(quarantine.resolve(OutputBatches.folderName(5))));
    }

    /**
     * An image folder grows between three incremental runs (a subfolder too): each image is pooled
     * once, in the batch of the run that found it, as Spark and DuckDB read the output, and an
     * image rewritten in place is pooled again and counted as changed.
     */
    @Test
    void threeRunsOverAGrowingImageFolderPoolEachImageOnce() throws Exception {
        Path in = temp.resolve("images");
        Path out = temp.resolve("out");
        Files.createDirectories(in.resolve("day2"));
        String yaml = """
                input: {path: %s, format: image_files, incremental: true}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused, mode: append}
                """.formatted(in);
        Map<String, Integer> batchOfImage = new TreeMap<>();
        String[][] runs = {{"a.png", "b.png"}, {"day2/c.png"}, {"d.png", "day2/e.png"}};
        for (int run = 0; run < runs.length; run++) {
            for (String name : runs[run]) {
                writeImage(in.resolve(name), run + name.length());
                batchOfImage.put(in.resolve(name).toUri().getPath(), run + 1);
            }
            RunReport report = JobTestSupport.run(JobTestSupport.yaml(yaml, out));
            assertIncremental(report, run + 1, runs[run].length, batchOfImage.size() - runs[run].length, 0);
        }
        assertEquals("nothing_new", JobTestSupport.run(JobTestSupport.yaml(yaml, out)).status());
        assertEachImageOnce(out, batchOfImage);

        writeImage(in.resolve("a.png"), 40);
        Files.setLastModifiedTime(in.resolve("a.png"), java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(in.resolve("a.png")).toMillis() + 5_000));
        RunReport rewritten = JobTestSupport.run(JobTestSupport.yaml(yaml, out));
        assertIncremental(rewritten, 4, 1, 4, 1);
    }

    private static void writeImage(Path file, int size) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(size, size,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(0, 0, 0x123456 * size);
        javax.imageio.ImageIO.write(image, "png", file.toFile());
    }

    /** Spark and DuckDB each read every image once, in the expected batch (by the path column, as a plain path). */
    private static void assertEachImageOnce(Path out, Map<String, Integer> batchOfImage) throws Exception {
        assertEachOnce(out, "path", row -> java.net.URI.create(row.getString(0)).getPath(),
                rows -> java.net.URI.create(rows.getString(1)).getPath(), batchOfImage);
    }

    /** Runs the job in a JVM of its own, paused by the test hook before publish step {@code step}, and kills it. */
    private void killBeforePublishStep(Path job, Path out, int step) throws Exception {
        Path log = temp.resolve("child-" + step + ".log");
        List<String> command = ChildJvm.command(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-D" + PublishSteps.PAUSE_PROPERTY + "=" + step), TensorPoolMain.class,
                "run", "--config", job.toString(), "--output", out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive()
                && !Files.readString(log).contains(PublishSteps.PAUSE_MARKER + step + " ")) {
            Thread.sleep(100);
        }
        assertTrue(process.isAlive(), "the run did not pause before publish step " + step + ": " + Files.readString(log));
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    }

    static void assertIncremental(RunReport report, Integer batch, int pooled, int skipped, int changed) {
        assertEquals(new RunReport.Incremental(batch, pooled, skipped, changed), report.incremental(), report.toJson());
    }

    /**
     * Spark (partition discovery over the output root) and DuckDB (its own Parquet reader, told
     * only to read Hive-style folders) each see exactly the expected ids, each once, in the
     * expected batch.
     */
    static void assertEachRecordOnce(Path out, Map<Integer, Integer> batchOfId) throws Exception {
        assertEachOnce(out, "id", row -> row.getInt(0), rows -> rows.getInt(1), batchOfId);
    }

    /** What identifies a record in a DuckDB result row. */
    @FunctionalInterface
    private interface DuckKey<K> {
        K of(ResultSet rows) throws java.sql.SQLException;
    }

    /** Spark and DuckDB each read every record of {@code out} once, by its {@code column}, in its batch. */
    private static <K> void assertEachOnce(Path out, String column, java.util.function.Function<Row, K> sparkKey,
                                           DuckKey<K> duckKey, Map<K, Integer> batchOf) throws Exception {
        Map<K, Integer> spark = new TreeMap<>();
        for (Row row : spark().read().parquet(out.toString()).select(column, OutputBatches.COLUMN).collectAsList()) {
            K key = sparkKey.apply(row);
            assertNull(spark.put(key, row.getInt(1)), key + " read twice by Spark");
        }
        assertEquals(batchOf, spark);
        Map<K, Integer> duck = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + column + ", " + OutputBatches.COLUMN
                     + " FROM read_parquet('" + out + "/**/*.parquet', hive_partitioning = true)")) {
            while (rows.next()) {
                K key = duckKey.of(rows);
                assertNull(duck.put(key, rows.getInt(2)), key + " read twice by DuckDB");
            }
        }
        assertEquals(batchOf, duck);
    }

    /** The pooled values of the batches equal those of one plain run over the whole input. */
    private void assertSamePooledValues(Path in, Path out) {
        Path whole = temp.resolve("whole");
        JobTestSupport.run(JobTestSupport.yaml(yaml(in, "error").replace("incremental: true, ", ""), whole));
        Map<Integer, float[]> expected = new HashMap<>();
        for (Row row : spark().read().parquet(whole.toString()).collectAsList()) {
            expected.put(row.<Integer>getAs("id"), floats(row, "x"));
        }
        List<Row> rows = spark().read().parquet(out.toString()).collectAsList();
        assertEquals(expected.size(), rows.size());
        for (Row row : rows) {
            assertArrayEquals(expected.get(row.<Integer>getAs("id")), floats(row, "x"));
        }
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
