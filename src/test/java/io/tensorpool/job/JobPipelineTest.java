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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on {@code local[2]}: what it writes equals the kernels' results on the same
 * tensors, for every record, with passthrough columns intact.
 */
@SparkLineTest
class JobPipelineTest {
    @TempDir
    Path temp;

    @Test
    void imagePipelineMatchesTheKernelsRecordByRecordAndPassesColumnsThrough() {
        Path out = temp.resolve("images");
        JobConfig config = load(Path.of("conf/images-pipeline.yaml"), out);
        RunReport report = run(config);
        assertEquals(64, report.recordsIn());
        assertEquals(64, report.recordsOut());
        assertEquals(Map.of("[3, 8, 8]", 64L), report.outputShapes());

        List<Row> inputs = read(Path.of("sample-data/images/cifar-like.parquet"), "id");
        List<Row> outputs = read(out, "id");
        assertEquals(inputs.size(), outputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Row in = inputs.get(i);
            Row pooled = outputs.get(i);
            assertEquals(in.<Long>getAs("id"), pooled.<Long>getAs("id"));
            assertEquals(in.<Integer>getAs("label"), pooled.<Integer>getAs("label"));
            assertEquals(in.<String>getAs("split"), pooled.<String>getAs("split"));
            PoolResult expected = config.pipeline().apply(Tensor.ofFloats(floats(in, "x"), ints(in, "shape")));
            assertBitsEqual(expected.values().floats(), floats(pooled, "x"));
            assertArrayEquals(expected.values().shape(), ints(pooled, "shape"));
        }

        StructType schema = spark().read().parquet(out.toString()).schema();
        assertEquals(List.of("id", "label", "split", "x", "shape"), Arrays.asList(schema.fieldNames()));
        ArrayType tensorType = (ArrayType) schema.apply("x").dataType();
        assertEquals(DataTypes.FloatType, tensorType.elementType());
        // Spark reads every file column back as nullable; the file itself says required.
        assertEquals("required float element", ParquetFooters.leafType(out, "x"));
        assertEquals("required int32 element", ParquetFooters.leafType(out, "shape"));
        Metadata metadata = schema.apply("x").metadata();
        assertArrayEquals(new long[] {3, 8, 8}, metadata.getLongArray("shape"));
        assertArrayEquals(new String[] {"C", "H", "W"}, metadata.getStringArray("dim_names"));
    }

    @Test
    void recordsOfRank2And3And4InOneDatasetKeepTheirLeadingAxes() {
        Path input = temp.resolve("ranks.parquet");
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        int[][] shapes = {{5, 6}, {2, 5, 7}, {2, 3, 4, 5}, {1, 1, 2, 2}};
        for (int i = 0; i < shapes.length; i++) {
            rows.add(RowFactory.create(i, RowFactory.create("tag" + i, i * 1.5), randomFloats(random, shapes[i]),
                    shapes[i]));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("meta", new StructType().add("tag", DataTypes.StringType).add("weight", DataTypes.DoubleType))
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("dims", DataTypes.createArrayType(DataTypes.IntegerType, true));
        write(rows, schema, input);

        Path out = temp.resolve("out");
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: pixels, shape_column: dims}}
                ops:
                  - {op: max_pool2d, kernel_size: 2, ceil_mode: true, return_indices: true}
                output: {path: unused}
                """.formatted(input), out);
        RunReport report = run(config);
        assertEquals(4, report.recordsOut());
        Map<String, Long> expectedShapes = new java.util.TreeMap<>();
        for (int[] shape : shapes) {
            expectedShapes.merge(Arrays.toString(config.pipeline().outputShape(shape)), 1L, Long::sum);
        }
        assertEquals(expectedShapes, new java.util.TreeMap<>(report.outputShapes()), "each shape counted");

        List<Row> outputs = read(out, "id");
        for (int i = 0; i < shapes.length; i++) {
            Row row = outputs.get(i);
            Row original = rows.get(i);
            assertEquals(original.get(1), row.getStruct(row.fieldIndex("meta")), "struct columns pass through");
            PoolResult expected = config.pipeline().apply(Tensor.ofFloats((float[]) original.get(2), shapes[i]));
            assertArrayEquals(expected.values().shape(), ints(row, "dims"));
            assertEquals(shapes[i].length, ints(row, "dims").length, "rank is kept");
            assertBitsEqual(expected.values().floats(), floats(row, "pixels"));
            assertArrayEquals(expected.indices(), longs(row, "indices"));
        }
        StructType schema2 = spark().read().parquet(out.toString()).schema();
        assertEquals(List.of("id", "meta", "pixels", "indices", "dims"), Arrays.asList(schema2.fieldNames()));
        assertFalse(schema2.apply("pixels").metadata().contains("shape"), "no shape metadata when shapes differ");
    }

    @Test
    void integerTensorsKeepTheirTypeUnderMaxAndBecomeFloatUnderAverage() {
        Path input = temp.resolve("ints.parquet");
        List<Row> rows = List.of(RowFactory.create(1L, new int[] {1, -2, 3, 4, 5, 6, 7, 8, -9}));
        write(rows, new StructType().add("id", DataTypes.LongType)
                .add("t", DataTypes.createArrayType(DataTypes.IntegerType, false)), input);

        Path maxOut = temp.resolve("max");
        run(yaml("""
                input: {path: %s, tensor: {column: t, shape: [3, 3]}}
                ops: [{op: max_pool2d, kernel_size: 2, stride: 1}]
                output: {path: unused}
                """.formatted(input), maxOut));
        Row max = read(maxOut, "id").get(0);
        assertEquals(DataTypes.IntegerType, ((ArrayType) max.schema().apply("t").dataType()).elementType());
        assertArrayEquals(new int[] {5, 6, 8, 8}, ints(max, "t"));
        assertArrayEquals(new int[] {2, 2}, ints(max, "shape"));

        Path avgOut = temp.resolve("avg");
        run(yaml("""
                input: {path: %s, tensor: {column: t, shape: [3, 3]}}
                ops: [{op: avg_pool2d, kernel_size: 2, stride: 1}]
                output: {path: unused}
                """.formatted(input), avgOut));
        Row avg = read(avgOut, "id").get(0);
        assertArrayEquals(new float[] {2f, 3f, 6f, 2.5f}, floats(avg, "t"));
    }

    @Test
    void doubleTensorsStayDouble() {
        Path input = temp.resolve("doubles.parquet");
        write(List.of(RowFactory.create(1, new double[] {0.1, 0.2, 0.3, 0.4})),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("t", DataTypes.createArrayType(DataTypes.DoubleType, true)), input);
        Path out = temp.resolve("out");
        run(yaml("""
                input: {path: %s, tensor: {column: t, shape: [1, 2, 2]}}
                ops: [{op: avg_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(input), out));
        Row row = read(out, "id").get(0);
        assertEquals(DataTypes.DoubleType, ((ArrayType) row.schema().apply("t").dataType()).elementType());
        assertEquals((0.1 + 0.2 + 0.3 + 0.4) / 4, ((Number) row.getList(row.fieldIndex("t")).get(0)).doubleValue());
    }

    @Test
    void thePlanNeverConvertsTensorElementsOneByOne() {
        JobConfig config = load(Path.of("conf/images-pipeline.yaml"), temp.resolve("unused"));
        InputTable input = InputTable.read(spark(), config.input());
        RecordPlanner.Planned planned = new RecordPlanner(config, input).plan(null);
        Dataset<Row> pooled = DatasetPooler.pool(spark(), input, config.input().reader(), planned, RunCounters.register(spark().sparkContext()), null);
        String inputPlan = input.rows().queryExecution().toString().toLowerCase();
        String outputPlan = pooled.queryExecution().toString().toLowerCase();
        assertFalse(inputPlan.contains("mapobjects"), inputPlan);
        assertFalse(outputPlan.contains("mapobjects"), outputPlan);
        assertTrue(inputPlan.contains("parquet"), "the input plan is a plain Parquet scan: " + inputPlan);
    }

    @Test
    void aRecordTooSmallForTheWindowFailsTheRunNamingFileAndRow() {
        Path input = temp.resolve("small.parquet");
        write(List.of(RowFactory.create(0, new float[16], new int[] {4, 4}),
                        RowFactory.create(1, new float[4], new int[] {2, 2})),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)), input.toString(), 1);
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 3}]
                output: {path: unused}
                """.formatted(input), temp.resolve("out"));
        Exception e = assertThrows(Exception.class, () -> run(config));
        RecordRejectedException rejected = (RecordRejectedException) Failures.find(e);
        assertEquals("too_small_for_window", rejected.reason());
        String message = rejected.getMessage();
        assertTrue(message.startsWith("Cannot pool row 1 of file:"), message);
        assertTrue(message.contains("small.parquet"), message);
        assertTrue(message.contains("max_pool2d") && message.contains("[2, 2]"), message);
        assertEquals(1, rejected.exitCode());
    }

    @Test
    void aNullElementIsABadRecordNeverAZero() {
        Path input = temp.resolve("nulls.parquet");
        write(List.of(RowFactory.create(0, new Float[] {1f, null, 3f, 4f}, new int[] {2, 2})),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)), input);
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(input), temp.resolve("out"));
        RecordRejectedException rejected = (RecordRejectedException) Failures.find(
                assertThrows(Exception.class, () -> run(config)));
        assertEquals("null_element", rejected.reason());
        assertTrue(rejected.getMessage().contains("column x has a null at element 1"), rejected.getMessage());
    }

    @Test
    void skippedRecordsAreCountedByReasonAndTheRestIsWritten() {
        Path input = temp.resolve("mixed.parquet");
        write(List.of(RowFactory.create(0, new float[] {1, 2, 3, 4}, new int[] {2, 2}),
                        RowFactory.create(1, new float[] {1, 2, 3}, new int[] {2, 2}),
                        RowFactory.create(2, null, new int[] {2, 2})),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)), input);
        Path out = temp.resolve("out");
        RunReport report = run(yaml("""
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: {on_bad_record: skip, max_bad_fraction: 1}
                """.formatted(input), out));
        assertEquals(3, report.recordsIn());
        assertEquals(1, report.recordsOut());
        assertEquals(Map.of("shape_mismatch", 1L, "null_tensor", 1L), report.badRecords());
        List<Row> rows = read(out, "id");
        assertEquals(1, rows.size());
        assertArrayEquals(new float[] {4}, floats(rows.get(0), "x"));
    }

    static float[] randomFloats(Random random, int[] shape) {
        float[] values = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(5) == 0 ? random.nextInt(3) : (float) random.nextGaussian();
        }
        return values;
    }

    static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    "element " + i + ": expected " + expected[i] + " but was " + actual[i]);
        }
    }

    static void write(List<Row> rows, StructType schema, Path path) {
        write(rows, schema, path.toString(), 2);
    }

    static void write(List<Row> rows, StructType schema, String path, int files) {
        spark().createDataFrame(rows, schema).repartition(files).write().parquet(path);
    }

}
