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
        return JobTestSupport.maxPool2x2(input, errors);
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
        assertEquals("shape_mismatch", shortRow.getAs(QuarantineFiles.REASON_COLUMN));
        assertTrue(shortRow.<String>getAs(QuarantineFiles.MESSAGE_COLUMN).contains("holds 3 elements"),
                shortRow.<String>getAs(QuarantineFiles.MESSAGE_COLUMN));
        assertTrue(shortRow.<String>getAs(QuarantineFiles.FILE_COLUMN).contains("in.parquet/part-"));
        assertTrue(rejected.get(1).isNullAt(rejected.get(1).fieldIndex("x")), "a null tensor stays null");
        List<String> columns = Arrays.asList(spark().read().parquet(quarantine.toString()).schema().fieldNames());
        assertEquals(List.of("id", "note", "x", "shape", QuarantineFiles.REASON_COLUMN, QuarantineFiles.MESSAGE_COLUMN,
                QuarantineFiles.FILE_COLUMN, QuarantineFiles.ROW_COLUMN), columns);
    }

    /**
     * The tasks write quarantined rows from the rows they read: every input value, of every
     * type, arrives bit for bit (NaN, negative zero, subnormals, decimals, timestamps, bytes,
     * maps, nested structs, the tensor itself), and DuckDB reads the files too.
     */
    @Test
    void quarantinedRowsKeepEveryInputValueBitForBitAndOpenInDuckDb() throws Exception {
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("f", DataTypes.FloatType)
                .add("d", DataTypes.DoubleType)
                .add("amount", DataTypes.createDecimalType(20, 6))
                .add("at", DataTypes.TimestampType)
                .add("raw", DataTypes.BinaryType)
                .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
                .add("nested", new StructType().add("a", DataTypes.createArrayType(DataTypes.DoubleType))
                        .add("b", DataTypes.StringType))
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));
        float[] floats = {Float.intBitsToFloat(0x7fc00001), -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY};
        double[] doubles = {Double.longBitsToDouble(0x7ff8000000000001L), -0.0, Double.MIN_VALUE, 1e308};
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < floats.length; i++) {
            rows.add(RowFactory.create(i, floats[i], doubles[i], new java.math.BigDecimal("12345678901234.56789" + i),
                    java.sql.Timestamp.valueOf("2024-02-29 23:59:59.123456"), new byte[] {(byte) i, -1, 0},
                    Map.of("k" + i, i),
                    RowFactory.create(new double[] {doubles[i], -0.0}, i % 2 == 0 ? null : "b"),
                    new float[] {floats[i], -0.0f, Float.NaN}, new int[] {2, 2}));
        }
        rows.add(RowFactory.create(9, 1f, 1d, null, null, null, null, null, new float[] {1, 2, 3, 4}, new int[] {2, 2}));
        Path in = temp.resolve("typed.parquet");
        write(rows, schema, in);
        Path quarantine = temp.resolve("typed-quarantine");
        RunReport report = run(yaml(JobTestSupport.maxPool2x2(in, "{on_bad_record: quarantine, quarantine_path: "
                + quarantine + ", max_bad_fraction: 1}"), temp.resolve("typed-out")));
        assertEquals(floats.length, report.recordsBad());

        String[] columns = schema.fieldNames();
        List<Row> expected = spark().read().parquet(in.toString()).where("id < 9").orderBy("id").collectAsList();
        List<Row> actual = spark().read().parquet(quarantine.toString()).selectExpr(columns).orderBy("id")
                .collectAsList();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            for (String column : columns) {
                Object want = expected.get(i).getAs(column);
                Object got = actual.get(i).getAs(column);
                assertTrue(SameBits.same(want, got), "row " + i + ", " + column + ": " + want + " became " + got);
            }
        }

        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement statement = duck.createStatement();
             java.sql.ResultSet read = statement.executeQuery("SELECT id, f, d, tensorpool_reason, tensorpool_source_row"
                     + " FROM read_parquet('" + quarantine + "/*.parquet') ORDER BY id")) {
            for (Row want : expected) {
                assertTrue(read.next());
                assertEquals(want.<Integer>getAs("id"), read.getInt(1));
                assertEquals(Float.floatToRawIntBits(want.getAs("f")), Float.floatToRawIntBits(read.getFloat(2)));
                assertEquals(Double.doubleToRawLongBits(want.getAs("d")), Double.doubleToRawLongBits(read.getDouble(3)));
                assertEquals("shape_mismatch", read.getString(4));
                assertTrue(read.getLong(5) >= 0);
            }
            assertFalse(read.next());
        }
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
