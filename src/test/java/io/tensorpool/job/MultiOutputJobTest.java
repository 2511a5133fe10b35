package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.ints;
import static io.tensorpool.job.JobTestSupport.load;
import static io.tensorpool.job.JobTestSupport.longs;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.NamedOutput;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs} end to end on {@code local[2]}: the example configs write every entry's
 * columns in place of the tensor and shape columns, each equal to its pipeline's kernel result
 * on the same record, read back by Spark and by DuckDB alike.
 */
@SparkLineTest
class MultiOutputJobTest {
    private static final Path SAMPLE = Path.of("sample-data/images/cifar-like.parquet");

    @TempDir
    Path temp;

    @Test
    void threeScalesFromOneReadEqualTheirPipelinesAndDuckDbReadsTheSame() {
        Path out = temp.resolve("scales");
        JobConfig config = load(Path.of("conf/multi-scale.yaml"), out);
        RunReport report = run(config);
        assertEquals(64, report.recordsOut());
        assertEquals(Map.of("x_p2 [3, 16, 16]", 64L, "x_p4 [3, 8, 8]", 64L, "x_p8 [3, 4, 4]", 64L),
                report.outputShapes());
        StructType schema = spark().read().parquet(out.toString()).schema();
        assertEquals(List.of("id", "label", "split", "x_p2", "x_p2_shape", "x_p4", "x_p4_shape", "x_p8",
                "x_p8_shape"), Arrays.asList(schema.fieldNames()), "the tensor and shape columns give way, in place");
        assertArrayEquals(new long[] {3, 4, 4}, schema.apply("x_p8").metadata().getLongArray("shape"));
        assertArrayEquals(new String[] {"C", "H", "W"}, schema.apply("x_p8").metadata().getStringArray("dim_names"));
        checkEveryRecord(config, out);
    }

    @Test
    void theSpatialPyramidExampleWritesTheDocumentedLayout() {
        Path out = temp.resolve("spp");
        JobConfig config = load(Path.of("conf/spatial-pyramid.yaml"), out);
        run(config);
        StructType schema = spark().read().parquet(out.toString()).schema();
        assertEquals(List.of("id", "label", "split", "x_p2", "x_p2_shape", "x_spp", "x_spp_shape"),
                Arrays.asList(schema.fieldNames()));
        assertArrayEquals(new long[] {1, 63}, schema.apply("x_spp").metadata().getLongArray("shape"));
        checkEveryRecord(config, out);
        // The documented offsets: element 0 is channel 0's maximum, 15..30 channel 0's 4x4 bins.
        Row first = read(out, "id").get(0);
        Row input = read(SAMPLE, "id").get(0);
        float[] x = floats(input, "x");
        float[] spp = floats(first, "x_spp");
        float channel0 = Float.NEGATIVE_INFINITY;
        float bin00 = Float.NEGATIVE_INFINITY;
        for (int h = 0; h < 32; h++) {
            for (int w = 0; w < 32; w++) {
                channel0 = Math.max(channel0, x[h * 32 + w]);
                if (h < 8 && w < 8) {
                    bin00 = Math.max(bin00, x[h * 32 + w]);
                }
            }
        }
        assertEquals(channel0, spp[0]);
        assertEquals(bin00, spp[3 + 12]);
    }

    /** Each entry's columns equal its pipeline on the record; Spark's rows and DuckDB's agree bit for bit. */
    private static void checkEveryRecord(JobConfig config, Path out) {
        List<Row> inputs = read(SAMPLE, "id");
        List<Row> outputs = read(out, "id");
        assertEquals(inputs.size(), outputs.size());
        List<String> columns = config.outputs().stream().map(NamedOutput::column).toList();
        Map<Long, Map<String, float[]>> duck = duckDb(out, columns);
        for (int i = 0; i < inputs.size(); i++) {
            Row in = inputs.get(i);
            Row row = outputs.get(i);
            long id = in.<Long>getAs("id");
            assertEquals(id, row.<Long>getAs("id"));
            assertEquals(in.<Integer>getAs("label"), row.<Integer>getAs("label"));
            assertEquals(in.<String>getAs("split"), row.<String>getAs("split"));
            Tensor tensor = Tensor.ofFloats(floats(in, "x"), ints(in, "shape"));
            for (NamedOutput entry : config.outputs()) {
                PoolResult expected = entry.pipeline().apply(tensor);
                assertBits(expected.values().floats(), floats(row, entry.column()), entry.column() + " of " + id);
                assertArrayEquals(expected.values().shape(), ints(row, entry.shapeColumn()));
                assertBits(expected.values().floats(), duck.get(id).get(entry.column()), "DuckDB " + entry.column());
            }
        }
    }

    @Test
    void indicesPerEntryBinaryDtypesAndTheInputShapeColumnDropped() {
        Path input = temp.resolve("in.parquet");
        float[] x = new float[2 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37) % 19 - 9;
        }
        spark().createDataFrame(List.of(RowFactory.create(7L, x, new int[] {2, 8, 8}, "keep")), new StructType()
                        .add("id", DataTypes.LongType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                        .add("dims", DataTypes.createArrayType(DataTypes.IntegerType, false))
                        .add("note", DataTypes.StringType))
                .write().parquet(input.toString());
        Path out = temp.resolve("out");
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: x, shape_column: dims}}
                outputs:
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2, return_indices: true}]}
                  - {column: b, indices_column: b_at, ops: [{op: max_pool2d, kernel_size: 4, return_indices: true}]}
                  - {column: c, ops: [{op: avg_pool2d, kernel_size: 2}]}
                output: {path: unused}
                """.formatted(input), out);
        run(config);
        StructType schema = spark().read().parquet(out.toString()).schema();
        assertEquals(List.of("id", "a", "a_shape", "a_indices", "b", "b_shape", "b_at", "c", "c_shape", "note"),
                Arrays.asList(schema.fieldNames()));
        Row row = read(out, "id").get(0);
        Tensor tensor = Tensor.ofFloats(x, 2, 8, 8);
        for (NamedOutput entry : config.outputs()) {
            PoolResult expected = entry.pipeline().apply(tensor);
            assertBits(expected.values().floats(), floats(row, entry.column()), entry.column());
            if (entry.indicesColumn() != null) {
                assertArrayEquals(expected.indices(), longs(row, entry.indicesColumn()), entry.indicesColumn());
            }
        }

        Path binaryOut = temp.resolve("binary");
        run(yaml("""
                input: {path: %s, tensor: {column: x, shape_column: dims}}
                outputs:
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2}]}
                  - {column: c, ops: [{op: avg_pool2d, kernel_size: 2}]}
                output: {path: unused, layout: binary, dtype: float16}
                """.formatted(input), binaryOut));
        assertEquals(List.of("id", "a", "a_shape", "a_dtype", "c", "c_shape", "c_dtype", "note"),
                Arrays.asList(spark().read().parquet(binaryOut.toString()).schema().fieldNames()));
        Row binary = read(binaryOut, "id").get(0);
        assertEquals("float16", binary.getAs("a_dtype"));
        assertEquals(2 * 4 * 4 * 2, ((byte[]) binary.getAs("a")).length);
    }

    @Test
    void anOutputColumnThatClashesWithAKeptInputColumnIsRefusedBeforeAnyRecordIsRead() {
        Path out = temp.resolve("clash");
        JobConfig config = load(Path.of("conf/multi-scale.yaml"), out, "outputs[1].column=label");
        PreconditionException e = assertThrows(PreconditionException.class, () -> run(config));
        assertEquals("Cannot write output " + out + ": the input already has a column named label, and the"
                + " outputs entry label writes a column of that name; rename that entry's column (or shape_column,"
                + " indices_column) or drop the input column first", e.getMessage());
        assertEquals(2, e.exitCode(), "exit 2: found before any record is read");
        // The tensor and shape columns give way, so their names may be reused.
        run(load(Path.of("conf/multi-scale.yaml"), temp.resolve("reuse"), "outputs[0].column=x",
                "outputs[0].shape_column=shape"));
        assertEquals(List.of("id", "label", "split", "x", "shape", "x_p4", "x_p4_shape", "x_p8", "x_p8_shape"),
                Arrays.asList(spark().read().parquet(temp.resolve("reuse").toString()).schema().fieldNames()));
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " [" + i + "]");
        }
    }

    /** DuckDB's reading of the given float list columns, by id. */
    private static Map<Long, Map<String, float[]>> duckDb(Path folder, List<String> columns) {
        String query = "SELECT id, " + String.join(", ", columns) + " FROM read_parquet('"
                + folder.toAbsolutePath().resolve("*.parquet").toString().replace("'", "''") + "') ORDER BY id";
        Map<Long, Map<String, float[]>> rows = new java.util.LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                Map<String, float[]> lists = new java.util.LinkedHashMap<>();
                for (String column : columns) {
                    Array array = result.getArray(column);
                    Object[] values = (Object[]) array.getArray();
                    float[] floats = new float[values.length];
                    for (int i = 0; i < values.length; i++) {
                        floats[i] = (Float) values[i];
                    }
                    lists.put(column, floats);
                }
                rows.put(result.getLong("id"), lists);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not read " + folder + ": " + e.getMessage(), e);
        }
        assertTrue(rows.size() > 0, "DuckDB read rows");
        return rows;
    }
}
