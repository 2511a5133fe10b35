package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.partition_by} and {@code output.max_records_per_file}: output partitioned by a
 * passthrough column and by the input's own
 * partition column, read back by Spark with partition discovery, holds the same rows as
 * unpartitioned output, with either writer; with {@code input.incremental} the partitions go
 * inside each batch folder; a computed, missing or float column is refused before any record is
 * read.
 */
@SparkLineTest
class PartitionedOutputTest {
    @TempDir
    static Path temp;

    private static Path input;

    /** Input partitioned by {@code day} (folders day=1, day=2), with a passthrough {@code split} and a float {@code weight}. */
    @BeforeAll
    static void writeInput() {
        input = temp.resolve("in");
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < 60; id++) {
            float[] x = new float[2 * 4 * 4];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            rows.add(RowFactory.create(id, id % 3 == 0 ? "val" : "train", random.nextFloat(), x,
                    new int[] {2, 4, 4}, 1 + id % 2));
        }
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                        .add("split", DataTypes.StringType).add("weight", DataTypes.FloatType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false))
                        .add("day", DataTypes.IntegerType))
                .repartition(3).write().partitionBy("day").parquet(input.toString());
    }

    private static JobConfig config(Path output, String outputKeys, String inputKeys) {
        return JobTestSupport.yaml("""
                input: {path: %s, %s tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2, return_indices: true}]
                output: {path: unused, %s}
                """.formatted(input, inputKeys, outputKeys), output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorpool", "spark"})
    void partitionedOutputReadsBackAsTheUnpartitionedRows(String writer) throws Exception {
        Path plain = temp.resolve("plain-" + writer);
        Path partitioned = temp.resolve("partitioned-" + writer);
        JobTestSupport.run(config(plain, "writer: " + writer, ""));
        JobTestSupport.run(config(partitioned, "writer: " + writer + ", partition_by: [split, day]", ""));

        assertTrue(Files.isDirectory(partitioned.resolve("split=val").resolve("day=1")), "Hive-style folders");
        try (Stream<Path> files = Files.walk(partitioned)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".parquet"))
                    .allMatch(p -> p.getParent().getFileName().toString().startsWith("day=")), "files only in partitions");
        }
        assertSameRows(plain, partitioned);
    }

    @Test
    void incrementalBatchesHoldThePartitionsAndAppendsAgree() throws Exception {
        Path out = temp.resolve("incremental");
        JobConfig config = config(out, "mode: append, partition_by: [day]", "incremental: true,");
        RunReport first = JobTestSupport.run(config);
        try (Stream<Path> files = Files.walk(input)) {
            assertEquals(files.filter(p -> p.toString().endsWith(".parquet")).count(), first.incremental().filesPooled());
        }
        assertTrue(Files.isDirectory(out.resolve("tensorpool_batch=000001").resolve("day=2")));
        Path plain = temp.resolve("plain-for-incremental");
        JobTestSupport.run(config(plain, "", ""));
        assertSameRows(spark().read().parquet(plain.toString()),
                spark().read().parquet(out.toString()).drop(OutputBatches.COLUMN));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*), count(DISTINCT id), sum(day) FROM read_parquet('"
                     + out + "/**/*.parquet', hive_partitioning = true)")) {
            count.next();
            assertEquals(60, count.getLong(1));
            assertEquals(60, count.getLong(2));
            assertEquals(30 * 1 + 30 * 2, count.getLong(3), "day read back from the folder names");
        }
        assertEquals("nothing_new", JobTestSupport.run(config).status());
    }

    /** {@code output.max_records_per_file} caps every file, in each partition, with either writer; no record is lost. */
    @ParameterizedTest
    @ValueSource(strings = {"tensorpool", "spark"})
    void maxRecordsPerFileSplitsTheFiles(String writer) throws Exception {
        Path out = temp.resolve("capped-" + writer);
        JobTestSupport.run(config(out, "writer: " + writer + ", partition_by: [day], max_records_per_file: 4", ""));
        List<Long> perFile = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet files = statement.executeQuery("SELECT filename, count(*) FROM read_parquet('" + out
                     + "/**/*.parquet', filename = true) GROUP BY filename")) {
            while (files.next()) {
                perFile.add(files.getLong(2));
            }
        }
        assertEquals(60, perFile.stream().mapToLong(Long::longValue).sum(), "every record once: " + perFile);
        assertTrue(perFile.stream().allMatch(n -> n <= 4), "at most 4 records per file: " + perFile);
        assertTrue(perFile.size() >= 15, "60 records in files of at most 4: " + perFile);
    }

    @Test
    void computedMissingAndFloatColumnsAreRefusedBeforeAnyRecordIsRead() {
        String[][] cases = {
            {"x", "the job computes it"},
            {"indices", "the job computes it"},
            {"label", "the output has no such column; its columns are id, split, weight, x, indices, shape, day"},
            {"weight", "its type float does not round-trip through a folder name"},
        };
        for (String[] c : cases) {
            Path out = temp.resolve("refused-" + c[0]);
            PreconditionException refused = assertThrows(PreconditionException.class,
                    () -> JobTestSupport.run(config(out, "partition_by: [" + c[0] + "]", "")));
            assertTrue(refused.getMessage().startsWith("Cannot partition output " + out + " by column '" + c[0]
                    + "' (output.partition_by): " + c[1]), refused.getMessage());
            assertTrue(Files.notExists(out));
        }
    }

    /** Same rows, every column compared, the columns in the unpartitioned order. */
    private static void assertSameRows(Path expected, Path actual) {
        assertSameRows(spark().read().parquet(expected.toString()), spark().read().parquet(actual.toString()));
    }

    private static void assertSameRows(Dataset<Row> want, Dataset<Row> got) {
        String[] columns = want.columns();
        assertEquals(List.of(columns).stream().sorted().toList(), List.of(got.columns()).stream().sorted().toList());
        assertEquals(rows(want, columns), rows(got, columns));
    }

    /** The rows as text (array columns show their elements), in a fixed order. */
    private static List<String> rows(Dataset<Row> rows, String[] columns) {
        return rows.select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)).collectAsList()
                .stream().map(Row::toString).sorted().toList();
    }
}
