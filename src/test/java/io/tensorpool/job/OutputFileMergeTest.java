package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ConfigException;
import io.tensorpool.config.ConfigKeys;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.target_file_bytes}: an input of many small files gives few output files of about
 * the target (bounds that follow from the target and the data's size), each record once as Spark
 * and DuckDB read it, the same values and schema (column metadata included) as without merging;
 * also with {@code partition_by}, incremental runs and quarantine; {@code none} keeps one file per
 * task; a session without adaptive execution is refused before any record is read.
 */
@SparkLineTest
class OutputFileMergeTest {
    private static final long TARGET = 256 * 1024;
    private static final int FILES = 120;
    private static final int RECORDS = 1200;
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("split", DataTypes.StringType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false));

    private static final String MAX_SPLIT = "spark.sql.files.maxPartitionBytes";
    private static final String OPEN_COST = "spark.sql.files.openCostInBytes";

    @TempDir
    static Path temp;

    private static Path input;

    /**
     * {@value #RECORDS} records of 3x16x16 floats in {@value #FILES} files; every 100th has a wrong
     * shape. Spark reads each file in a task of its own, as it does with many cores (here with
     * small splits and no open cost), which without merging gives one small output file each.
     */
    @BeforeAll
    static void writeInput() {
        input = temp.resolve("in");
        writeRecords(input, 0, RECORDS, FILES);
        spark().conf().set(MAX_SPLIT, "16k");
        spark().conf().set(OPEN_COST, "0");
    }

    @AfterAll
    static void restoreSplits() {
        spark().conf().unset(MAX_SPLIT);
        spark().conf().unset(OPEN_COST);
    }

    private static void writeRecords(Path folder, int from, int to, int files) {
        Random random = new Random(from);
        List<Row> rows = new ArrayList<>();
        for (int id = from; id < to; id++) {
            float[] x = new float[3 * 16 * 16];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            int[] shape = isBad(id) ? new int[] {3, 16, 15} : new int[] {3, 16, 16};
            rows.add(RowFactory.create(id, id % 3 == 0 ? "val" : "train", x, shape));
        }
        spark().createDataFrame(rows, SCHEMA).repartition(files).write().mode("append").parquet(folder.toString());
    }

    private static boolean isBad(int id) {
        return id % 100 == 7;
    }

    private static JobConfig config(Path output, String outputKeys, String inputKeys, String errors) {
        return JobTestSupport.yaml("""
                input: {path: %s, %s tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused, %s}
                errors: %s
                """.formatted(input, inputKeys, outputKeys, errors), output);
    }

    private static JobConfig skipping(Path output, String outputKeys) {
        return config(output, outputKeys, "", "{on_bad_record: skip, max_bad_fraction: 0.5}");
    }

    @Test
    void manySmallInputFilesGiveFewFilesOfAboutTheTargetWithEveryRecordOnceAndTheSameValues() throws Exception {
        Path plain = temp.resolve("plain");
        Path none = temp.resolve("none");
        Path merged = temp.resolve("merged");
        JobTestSupport.run(skipping(plain, ""));
        JobTestSupport.run(skipping(none, "target_file_bytes: none"));
        JobTestSupport.run(skipping(merged, "target_file_bytes: 256k"));

        List<Long> plainFiles = dataFileSizes(plain);
        assertEquals(plainFiles.size(), dataFileSizes(none).size(), "none is today's one file per task");
        assertTrue(plainFiles.size() >= FILES / 2, "without merging, many small files: " + plainFiles.size());
        assertAboutTheTarget(dataFileSizes(merged));

        Set<Integer> good = goodIds(0, RECORDS);
        assertEquals(good, idsOnce(merged, false));
        assertEquals(spark().read().parquet(plain.toString()).schema(), spark().read().parquet(merged.toString())
                .schema(), "the same columns, types and column metadata after the shuffle");
        Map<Integer, float[]> expected = new HashMap<>();
        for (Row row : spark().read().parquet(plain.toString()).collectAsList()) {
            expected.put(row.<Integer>getAs("id"), floats(row, "x"));
        }
        for (Row row : spark().read().parquet(merged.toString()).collectAsList()) {
            assertArrayEquals(expected.get(row.<Integer>getAs("id")), floats(row, "x"));
        }
    }

    @Test
    void partitionedOutputGetsFewFilesPerPartitionValue() throws Exception {
        Path merged = temp.resolve("partitioned");
        JobTestSupport.run(skipping(merged, "target_file_bytes: 256k, partition_by: [split]"));
        for (String split : List.of("split=train", "split=val")) {
            assertAboutTheTarget(dataFileSizes(merged.resolve(split)));
        }
        assertEquals(goodIds(0, RECORDS), idsOnce(merged, false));
    }

    @Test
    void quarantineKeepsEachRejectedRecordOnceBesideMergedOutput() throws Exception {
        Path merged = temp.resolve("quarantined");
        Path quarantine = temp.resolve("quarantine");
        RunReport report = JobTestSupport.run(config(merged, "target_file_bytes: 256k", "",
                "{on_bad_record: quarantine, quarantine_path: " + quarantine + ", max_bad_fraction: 0.5}"));
        assertEquals(RECORDS / 100, report.recordsBad());
        assertAboutTheTarget(dataFileSizes(merged));
        assertEquals(goodIds(0, RECORDS), idsOnce(merged, false));
        Set<Integer> rejected = new TreeSet<>();
        for (Row row : spark().read().parquet(quarantine.toString()).select("id").collectAsList()) {
            assertTrue(rejected.add(row.getInt(0)), "id " + row.getInt(0) + " quarantined twice");
        }
        Set<Integer> bad = new TreeSet<>();
        for (int id = 0; id < RECORDS; id++) {
            if (isBad(id)) {
                bad.add(id);
            }
        }
        assertEquals(bad, rejected);
    }

    @Test
    void incrementalBatchesAreMergedAndHoldEachRecordOnce() throws Exception {
        Path in = temp.resolve("growing");
        Path out = temp.resolve("batches");
        writeRecords(in, 0, 600, 60);
        JobConfig config = JobTestSupport.yaml("""
                input: {path: %s, incremental: true, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused, mode: append, target_file_bytes: 256k}
                errors: {on_bad_record: skip, max_bad_fraction: 0.5}
                """.formatted(in), out);
        assertEquals(1, JobTestSupport.run(config).incremental().batchId());
        writeRecords(in, 600, 1200, 60);
        assertEquals(2, JobTestSupport.run(config).incremental().batchId());
        assertAboutTheTarget(dataFileSizes(out.resolve(OutputBatches.folderName(1))));
        assertAboutTheTarget(dataFileSizes(out.resolve(OutputBatches.folderName(2))));
        assertEquals(goodIds(0, 1200), idsOnce(out, true));
    }

    @Test
    void aSessionWithoutAdaptiveExecutionIsRefusedBeforeAnyRecordIsRead() {
        for (String key : List.of(OutputFileMerge.ADAPTIVE, OutputFileMerge.COALESCING)) {
            spark().conf().set(key, "false");
            try {
                Path out = temp.resolve("refused");
                PreconditionException refused = assertThrows(PreconditionException.class,
                        () -> JobTestSupport.run(skipping(out, "target_file_bytes: 1m")));
                assertTrue(refused.getMessage().startsWith("Cannot merge the output files of ")
                        && refused.getMessage().contains(key + "=false"), refused.getMessage());
                assertTrue(!Files.exists(out), "nothing written");
            } finally {
                spark().conf().unset(key);
            }
        }
    }

    @Test
    void theSessionsAdaptiveSettingsAreTheSameAfterTheWrite() {
        String advisory = "spark.sql.adaptive.advisoryPartitionSizeInBytes";
        spark().conf().set(advisory, "12345678");
        try {
            JobTestSupport.run(skipping(temp.resolve("restored"), "target_file_bytes: 256k"));
            assertEquals("12345678", spark().conf().get(advisory));
            assertTrue(!spark().conf().contains("spark.sql.adaptive.coalescePartitions.parallelismFirst"),
                    "an unset setting is unset again");
        } finally {
            spark().conf().unset(advisory);
        }
    }

    @Test
    void sizesAreReadWithUnitsAndNoneAndSmallOnesAreRefused() {
        Path out = temp.resolve("unused");
        assertEquals(128L << 20, config(out, "target_file_bytes: 128m", "", "{}").output()
                .get(ConfigKeys.OUTPUT_TARGET_FILE_BYTES));
        assertEquals(1L << 30, config(out, "target_file_bytes: 1G", "", "{}").output()
                .get(ConfigKeys.OUTPUT_TARGET_FILE_BYTES));
        assertEquals(0L, config(out, "target_file_bytes: none", "", "{}").output()
                .get(ConfigKeys.OUTPUT_TARGET_FILE_BYTES));
        assertNull(config(out, "", "", "{}").output().get(ConfigKeys.OUTPUT_TARGET_FILE_BYTES));
        for (String wrong : List.of("1k", "1000", "12x", "-5m", "1.5g")) {
            ConfigException refused = assertThrows(ConfigException.class,
                    () -> config(out, "target_file_bytes: " + wrong, "", "{}"));
            assertTrue(refused.getMessage().contains("output.target_file_bytes"), refused.getMessage());
        }
    }

    /**
     * Files of about the target: AQE cuts the shuffle so that no piece exceeds the target and two
     * neighbours together do (bar pieces cut from one big partition), so there are at most
     * 2 * total / target + 1 of them; none is far above the target (the shuffle's compressed row
     * sizes and Parquet's sizes differ by less than half, for these floats).
     */
    private static void assertAboutTheTarget(List<Long> sizes) {
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        long most = 2 * total / TARGET + 1;
        assertTrue(sizes.size() <= most, sizes.size() + " files of " + total + " bytes in all, more than " + most
                + " for a target of " + TARGET + ": " + sizes);
        assertTrue(sizes.size() >= total / (TARGET * 3 / 2), "files far above the target: " + sizes);
        for (long size : sizes) {
            assertTrue(size <= TARGET * 3 / 2, "a file of " + size + " bytes, far above the target: " + sizes);
        }
    }

    private static List<Long> dataFileSizes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).map(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    private static Set<Integer> goodIds(int from, int to) {
        Set<Integer> ids = new TreeSet<>();
        for (int id = from; id < to; id++) {
            if (!isBad(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The ids Spark and DuckDB read from {@code out}, failing on an id read twice; both must agree. */
    private static Set<Integer> idsOnce(Path out, boolean hive) throws Exception {
        Set<Integer> spark = new TreeSet<>();
        for (Row row : spark().read().parquet(out.toString()).select("id").collectAsList()) {
            assertTrue(spark.add(row.getInt(0)), "id " + row.getInt(0) + " read twice by Spark");
        }
        Map<Integer, Integer> duck = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM read_parquet('" + out
                     + "/**/*.parquet', hive_partitioning = " + hive + ")")) {
            while (rows.next()) {
                assertNull(duck.put(rows.getInt(1), 1), "id " + rows.getInt(1) + " read twice by DuckDB");
            }
        }
        assertEquals(spark, duck.keySet(), "Spark and DuckDB read the same ids");
        return spark;
    }
}
