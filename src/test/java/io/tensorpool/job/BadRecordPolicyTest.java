package io.tensorpool.job;

import static io.tensorpool.job.JobPipelineTest.write;
import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errors.on_bad_record} and {@code errors.max_bad_fraction}: bad records are counted by
 * reason, set aside unchanged under quarantine, and a run over the limit publishes nothing.
 */
@SparkLineTest
class BadRecordPolicyTest {
    @TempDir
    Path temp;

    private Path input;

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("note", DataTypes.StringType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));

    /** Ten records: 0-6 good, 7 too short for its shape, 8 null tensor, 9 a zero dimension. */
    @BeforeEach
    void writeInput() {
        input = temp.resolve("in.parquet");
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(RowFactory.create(i, "good " + i, new float[] {i, 1, 2, 3}, new int[] {2, 2}));
        }
        rows.add(RowFactory.create(7, "short", new float[] {1, 2, 3}, new int[] {2, 2}));
        rows.add(RowFactory.create(8, "null", null, new int[] {2, 2}));
        rows.add(RowFactory.create(9, "zero dim", new float[] {}, new int[] {0, 2}));
        write(rows, SCHEMA, input);
    }

    private String config(String errors) {
        return """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: %s
                """.formatted(input, errors);
    }

    @Test
    void quarantineWritesEachRejectedRowUnchangedWithItsReasonAndFile() {
        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        RunReport report = run(yaml(config("{on_bad_record: quarantine, quarantine_path: " + quarantine
                + ", max_bad_fraction: 0.5}"), out));
        assertEquals(10, report.recordsIn());
        assertEquals(7, report.recordsOut());
        assertEquals(Map.of("shape_mismatch", 1L, "null_tensor", 1L, "invalid_shape", 1L), report.badRecords());
        assertEquals(7, read(out, "id").size());

        List<Row> rejected = read(quarantine, "id");
        assertEquals(List.of(7, 8, 9), rejected.stream().map(r -> r.<Integer>getAs("id")).toList());
        Row shortRow = rejected.get(0);
        assertEquals("short", shortRow.getAs("note"));
        assertArrayEquals(new float[] {1, 2, 3}, floats(shortRow, "x"), "the original tensor, unchanged");
        assertEquals("shape_mismatch", shortRow.getAs(JobRunner.QUARANTINE_REASON));
        assertTrue(shortRow.<String>getAs(JobRunner.QUARANTINE_MESSAGE).contains("holds 3 elements"),
                shortRow.<String>getAs(JobRunner.QUARANTINE_MESSAGE));
        assertTrue(shortRow.<String>getAs(JobRunner.QUARANTINE_FILE).contains("in.parquet/part-"));
        assertTrue(rejected.get(1).isNullAt(rejected.get(1).fieldIndex("x")), "a null tensor stays null");
        List<String> columns = Arrays.asList(spark().read().parquet(quarantine.toString()).schema().fieldNames());
        assertEquals(List.of("id", "note", "x", "shape", JobRunner.QUARANTINE_REASON, JobRunner.QUARANTINE_MESSAGE,
                JobRunner.QUARANTINE_FILE, JobRunner.QUARANTINE_ROW), columns);
    }

    @Test
    void tooManyBadRecordsPublishesNothingAndExitsThree() throws IOException {
        Path out = temp.resolve("out");
        TooManyBadRecordsException e = assertThrows(TooManyBadRecordsException.class,
                () -> run(yaml(config("{on_bad_record: skip, max_bad_fraction: 0.2}"), out)));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("3 of 10 records were bad"), e.getMessage());
        assertTrue(e.getMessage().contains("above errors.max_bad_fraction 0.2"), e.getMessage());
        assertFalse(Files.exists(out), "nothing is published");
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of("in.parquet"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the staged output is removed too");
        }
    }

    @Test
    void aFailedRunLeavesThePreviousOutputInPlace() throws IOException {
        Path out = temp.resolve("out");
        run(yaml(config("{on_bad_record: skip, max_bad_fraction: 0.5}"), out));
        String reportBefore = Files.readString(out.resolve(RunReport.FILE_NAME));
        assertThrows(TooManyBadRecordsException.class, () -> run(yaml(config(
                "{on_bad_record: skip, max_bad_fraction: 0.1}").replace("path: unused", "path: unused, mode: overwrite"),
                out)));
        assertEquals(reportBefore, Files.readString(out.resolve(RunReport.FILE_NAME)), "overwrite waits for success");
        assertEquals(7, read(out, "id").size());
    }

    @Test
    void failIsTheDefaultAndPublishesNothing() {
        Path out = temp.resolve("out");
        Exception e = assertThrows(Exception.class, () -> run(yaml(config("{}"), out)));
        assertEquals(1, Failures.find(e).exitCode());
        assertFalse(Files.exists(out));
    }
}
