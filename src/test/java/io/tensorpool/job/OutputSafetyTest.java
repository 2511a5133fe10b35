package io.tensorpool.job;

import static io.tensorpool.job.JobPipelineTest.write;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.TensorPoolException;
import io.tensorpool.config.ConfigException;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run may replace. A path spelled differently from the input or the quarantine is still
 * the same place, and the job refuses it; {@code mode: overwrite} replaces a tensorpool output or
 * an empty folder, but a file or a folder of other things only with {@code --force}. Every
 * refusal comes before Spark runs a job, and leaves every byte where it was.
 */
@SparkLineTest
class OutputSafetyTest {
    @TempDir
    Path temp;

    private Path root;
    private Path input;

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));

    /** Four records, the last one too short for its shape. */
    @BeforeEach
    void writeInput() throws Exception {
        root = temp.toRealPath();
        input = root.resolve("in.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(RowFactory.create(i, new float[] {i, 1, 2, 3}, new int[] {2, 2}));
        }
        rows.add(RowFactory.create(3, new float[] {1, 2, 3}, new int[] {2, 2}));
        write(rows, SCHEMA, input);
    }

    private JobConfig config(String output, String mode, String errors) {
        return ConfigLoader.fromYaml("""
                input: {path: '%s', tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: '%s', mode: %s}
                errors: %s
                """.formatted(input, output, mode, errors), "test.yaml", ConfigOverrides.none());
    }

    private JobConfig skipping(String output, String mode) {
        return config(output, mode, "{on_bad_record: skip, max_bad_fraction: 0.5}");
    }

    private static String relative(Path path) {
        return Path.of("").toAbsolutePath().relativize(path).toString();
    }

    /** Runs {@code run}, expects {@code type}, and checks that Spark ran no job and nothing changed on disk. */
    private <T extends TensorPoolException> T refused(Class<T> type, Executable run) throws Exception {
        Map<String, String> before = listing(root);
        String group = "refused-" + System.nanoTime();
        spark().sparkContext().setJobGroup(group, "a run that must be refused", false);
        T e;
        try {
            e = assertThrows(type, run);
        } finally {
            spark().sparkContext().clearJobGroup();
        }
        assertEquals(2, e.exitCode());
        spark().sparkContext().listenerBus().waitUntilEmpty();
        assertEquals(0, spark().sparkContext().statusTracker().getJobIdsForGroup(group).length,
                "no Spark job ran before the refusal");
        assertEquals(before, listing(root), "nothing on disk changed");
        return e;
    }

    @Test
    void anOutputSpelledDifferentlyFromTheInputIsRefusedAndTheInputKept() throws Exception {
        String sameAsInput = "./" + relative(input);
        ConfigException e = refused(ConfigException.class,
                () -> new JobRunner(spark()).run(skipping(sameAsInput, "overwrite")));
        assertEquals(4, read(input, "id").size());
        assertEquals("Cannot write output.path " + sameAsInput + ": it is the same place as input.path " + input
                + " (file://" + input + "); write to another folder", e.getMessage());

        ConfigException parent = refused(ConfigException.class,
                () -> new JobRunner(spark(), true).run(skipping("file:" + root, "overwrite")));
        assertTrue(parent.getMessage().startsWith("Cannot write output.path file:" + root + ": it contains input.path"),
                parent.getMessage());
    }

    @Test
    void aQuarantineInsideTheOutputSpelledDifferentlyIsRefusedBeforeAnyRecordIsRead() throws Exception {
        Path output = root.resolve("out");
        String quarantine = relative(output) + "/rejected";
        ConfigException e = refused(ConfigException.class, () -> new JobRunner(spark()).run(config(output.toString(),
                "overwrite", "{on_bad_record: quarantine, quarantine_path: '" + quarantine + "', max_bad_fraction: 0.5}")));
        assertEquals("Cannot write errors.quarantine_path " + quarantine + ": it is inside output.path " + output
                + " (file://" + output + "/rejected is inside file://" + output + "); writing the output would replace"
                + " or mix with quarantined records, so write them beside the output", e.getMessage());
    }

    @Test
    void overwriteRefusesAFolderThatIsNotATensorpoolOutputNamingWhatWouldGo() throws Exception {
        Path foreign = Files.createDirectories(root.resolve("photos"));
        for (String name : List.of("g.jpg", "a.jpg", "f.jpg", "c.jpg", "e.jpg", "b.jpg", "d.jpg")) {
            Files.writeString(foreign.resolve(name), name);
        }
        Files.createDirectories(foreign.resolve("albums"));
        PreconditionException e = refused(PreconditionException.class,
                () -> new JobRunner(spark()).run(skipping(foreign.toString(), "overwrite")));
        assertEquals("Cannot overwrite output " + foreign + ": it is not a tensorpool output (it has no"
                + " _tensorpool.json) and overwrite would delete its 8 entries (a.jpg, albums/, b.jpg, c.jpg, d.jpg,"
                + " ...). Check output.path, or pass --force to replace it", e.getMessage());
    }

    @Test
    void forceReplacesAFolderThatIsNotATensorpoolOutput() throws Exception {
        Path foreign = Files.createDirectories(root.resolve("photos"));
        Files.writeString(foreign.resolve("a.jpg"), "a");
        RunReport report = new JobRunner(spark(), true).run(skipping(foreign.toString(), "overwrite"));
        assertEquals(3, report.recordsOut());
        assertEquals(3, read(foreign, "id").size());
        assertFalse(Files.exists(foreign.resolve("a.jpg")));
        assertTrue(Files.exists(foreign.resolve(RunReport.FILE_NAME)));
    }

    @Test
    void overwriteReplacesAnEmptyFolderAndAnEarlierOutputWithoutForce() {
        Path empty = root.resolve("empty");
        assertTrue(empty.toFile().mkdir());
        assertEquals(3, new JobRunner(spark()).run(skipping(empty.toString(), "overwrite")).recordsOut());
        assertEquals(3, new JobRunner(spark()).run(skipping(empty.toString(), "overwrite")).recordsOut());
        assertEquals(3, read(empty, "id").size());
    }

    @Test
    void overwriteRefusesARegularFileUnlessForced() throws Exception {
        Path file = root.resolve("notes.txt");
        Files.writeString(file, "keep me");
        PreconditionException e = refused(PreconditionException.class,
                () -> new JobRunner(spark()).run(skipping(file.toString(), "overwrite")));
        assertEquals("Cannot overwrite output " + file + ": it is a file, not a tensorpool output, and overwrite"
                + " would replace it. Check output.path, or pass --force to replace it", e.getMessage());

        new JobRunner(spark(), true).run(skipping(file.toString(), "overwrite"));
        assertTrue(Files.isDirectory(file));
        assertEquals(3, read(file, "id").size());
    }

    @Test
    void overwriteRefusesAQuarantineFolderThatIsNotOurs() throws Exception {
        Path quarantine = Files.createDirectories(root.resolve("rejected"));
        Files.writeString(quarantine.resolve("ledger.csv"), "1,2,3\n");
        PreconditionException e = refused(PreconditionException.class, () -> new JobRunner(spark()).run(config(
                root.resolve("out").toString(), "overwrite",
                "{on_bad_record: quarantine, quarantine_path: '" + quarantine + "', max_bad_fraction: 0.5}")));
        assertEquals("Cannot overwrite quarantine " + quarantine + ": it is not a tensorpool output (it has no"
                + " _tensorpool.json) and overwrite would delete its 1 entry (ledger.csv). Check"
                + " errors.quarantine_path, or pass --force to replace it", e.getMessage());
    }

    @Test
    void appendRefusesARegularFile() throws Exception {
        Path file = root.resolve("notes.txt");
        Files.writeString(file, "keep me");
        PreconditionException e = refused(PreconditionException.class,
                () -> new JobRunner(spark(), true).run(skipping(file.toString(), "append")));
        assertEquals("Cannot append to output " + file + ": it is a file, not a folder. Check output.path",
                e.getMessage());
    }

    @Test
    void aFolderThatAppearsWhileTheJobRunsIsCheckedAgainBeforePublishing() throws Exception {
        Path target = root.resolve("late");
        OverwriteGuard guard = new OverwriteGuard(spark().sparkContext().hadoopConfiguration(), "output",
                "output.path", target.toString(), false);
        guard.check(WriteMode.OVERWRITE);
        Files.createDirectories(target);
        Files.writeString(target.resolve("someone-else.txt"), "x");
        PreconditionException e = assertThrows(PreconditionException.class,
                () -> guard.check(WriteMode.OVERWRITE));
        assertTrue(e.getMessage().contains("(someone-else.txt)"), e.getMessage());
    }

    /** Every file below {@code folder} with its bytes, as text. */
    private static Map<String, String> listing(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(folder.relativize(p).toString(),
                        Files.isRegularFile(p) ? java.util.Arrays.toString(Files.readAllBytes(p)) : "/");
            }
        }
        return files;
    }
}
