package io.tensorpool.job;

import static io.tensorpool.job.JobPipelineTest.write;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records whose shape claims more elements than one array holds, among good records, under
 * {@code on_bad_record: skip} and {@code quarantine}: the run succeeds, the good records are
 * written, and each hostile one is counted as {@code shape_too_large}, never a crash of the run.
 * Some of these shapes wrap, in unchecked {@code long} or {@code int} arithmetic, to exactly the
 * length of their cell.
 */
@SparkLineTest
class HostileShapesTest {
    @TempDir
    Path temp;

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false));

    private static Row row(int id, int length, int... shape) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = id + i;
        }
        return RowFactory.create(id, x, shape);
    }

    private String config(Path input, String ops, String errors) {
        return """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: %s
                output: {path: unused}
                errors: %s
                """.formatted(input, ops, errors);
    }

    @Test
    void shapesWhoseProductWrapsToTheCellLengthAreSkippedAsTooLarge() {
        Path input = temp.resolve("in.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(row(i, 4, 2, 2));
        }
        rows.add(row(6, 12, 384773, 55810, 52086, 49477)); // 3 * 2^64 + 12 elements: 12 in a long
        rows.add(row(7, 1, 65537, 65535, 65537, 65535));   // (2^32 - 1)^2: 1 in an int
        rows.add(row(8, 0, 65536, 65536, 65536, 65536));   // 2^64: 0 in a long
        rows.add(row(9, 4, 1 << 30, 4));                   // 2^32
        write(rows, SCHEMA, input);
        Path out = temp.resolve("out");

        RunReport report = run(yaml(config(input, "[{op: max_pool2d, kernel_size: 2}]",
                "{on_bad_record: skip, max_bad_fraction: 0.5}"), out));

        assertEquals(10, report.recordsIn());
        assertEquals(6, report.recordsOut());
        assertEquals(Map.of("shape_too_large", 4L), report.badRecords());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), read(out, "id").stream().map(r -> r.<Integer>getAs("id")).toList());
    }

    /** A valid input shape whose output would hold more than one array: too large, not too small. */
    @Test
    void anOutputTooLargeForOneArrayIsQuarantinedWithItsShapes() {
        Path input = temp.resolve("in.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(row(i, 2, 1, 1, 2));
        }
        rows.add(row(3, 100_000, 50_000, 1, 2)); // output [50000, 1, 46000]: 2.3e9 elements
        write(rows, SCHEMA, input);
        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("rejected");

        RunReport report = run(yaml(config(input, "[{op: adaptive_max_pool2d, output_size: [1, 46000]}]",
                "{on_bad_record: quarantine, quarantine_path: " + quarantine + ", max_bad_fraction: 0.5}"), out));

        assertEquals(3, report.recordsOut());
        assertEquals(Map.of("shape_too_large", 1L), report.badRecords());
        assertEquals(Map.of("[1, 1, 46000]", 3L), report.outputShapes());
        Row rejected = read(quarantine, "id").get(0);
        assertEquals(3, rejected.<Integer>getAs("id"));
        assertEquals("shape_too_large", rejected.getAs(QuarantineFiles.REASON_COLUMN));
        String message = rejected.getAs(QuarantineFiles.MESSAGE_COLUMN);
        assertTrue(message.contains("adaptive_max_pool2d: input of shape [50000, 1, 2] gives an output whose shape"
                + " [50000, 1, 46000] holds 2300000000 elements, more than one array can hold (2147483639)"), message);
    }

    /** With a fixed shape every record's output is known on the driver: too large is a config error. */
    @Test
    void aFixedShapeWhoseOutputIsTooLargeIsAConfigError() {
        Path input = temp.resolve("in.parquet");
        write(List.of(row(0, 100_000, 50_000, 1, 2)), SCHEMA, input);
        String config = """
                input: {path: %s, tensor: {column: x, shape: [50000, 1, 2]}}
                ops: [{op: adaptive_max_pool2d, output_size: [1, 46000]}]
                output: {path: unused}
                """.formatted(input);
        ConfigException e = assertThrows(ConfigException.class, () -> run(yaml(config, temp.resolve("out"))));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("Cannot pool input.tensor.shape [50000, 1, 2]: adaptive_max_pool2d:"
                + " input of shape [50000, 1, 2] gives an output whose shape [50000, 1, 46000] holds"), e.getMessage());
    }
}
