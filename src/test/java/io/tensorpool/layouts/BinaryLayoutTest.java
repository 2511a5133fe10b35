package io.tensorpool.layouts;

import static io.tensorpool.layouts.Jobs.assertQuarantined;
import static io.tensorpool.layouts.Jobs.quarantineTo;
import static io.tensorpool.layouts.Jobs.quarantined;
import static io.tensorpool.layouts.Jobs.rejected;
import static io.tensorpool.layouts.Jobs.rows;
import static io.tensorpool.layouts.Jobs.run;
import static io.tensorpool.layouts.Jobs.spark;
import static io.tensorpool.layouts.Jobs.str;
import static io.tensorpool.layouts.Jobs.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code binary} layout: raw little-endian bytes in C order, as numpy's {@code tobytes()}
 * writes them, built here with {@link java.nio.ByteBuffer}; the shape from a column or the
 * config, the dtype from the config. Cut-off cells are {@code truncated_bytes}, whole elements
 * that do not fill the shape are {@code shape_mismatch}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SparkLineTest
class BinaryLayoutTest {
    @TempDir
    static Path temp;

    private static final int[][] SHAPES = {{4, 5}, {2, 3, 4}, {1, 2, 4, 3}, {3, 6, 5}};
    private static final int[] FIXED = {2, 4, 6};

    /** Per-record shapes, in a shape column: float32, float16 and uint8 columns of the same records. */
    private Path perRecord;
    private final List<Tensor> f32 = new ArrayList<>();
    private final List<Tensor> f16 = new ArrayList<>();
    private final List<Tensor> u8 = new ArrayList<>();

    /** One fixed shape: float64, bfloat16 and int16 columns. */
    private Path fixed;
    private final List<Tensor> f64 = new ArrayList<>();
    private final List<Tensor> bf16 = new ArrayList<>();
    private final List<Tensor> i16 = new ArrayList<>();

    @BeforeAll
    void writeInputs() {
        Random random = new Random(21);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            int[] shape = SHAPES[i];
            Tensor a = Data.tensor(ElementType.FLOAT32, random, shape);
            short[] halves = Bytes.randomHalves(random, Data.count(shape), false);
            Tensor c = Data.tensor(ElementType.UINT8, random, shape);
            f32.add(a);
            f16.add(Bytes.widened(halves, false, shape));
            u8.add(c);
            rows.add(RowFactory.create(i, Bytes.littleEndian(a), Bytes.shorts(halves, ByteOrder.LITTLE_ENDIAN),
                    Bytes.littleEndian(c), shape));
        }
        // Two float32 cells that do not fit their shape [2, 3, 4] (24 elements, 96 bytes); the
        // other columns of these rows are fine.
        Tensor whole = Data.tensor(ElementType.FLOAT32, random, 2, 3, 4);
        byte[] bytes = Bytes.littleEndian(whole);
        short[] halves = Bytes.randomHalves(random, 24, false);
        Tensor c = Data.tensor(ElementType.UINT8, random, 2, 3, 4);
        rows.add(RowFactory.create(10, Arrays.copyOf(bytes, 94), Bytes.shorts(halves, ByteOrder.LITTLE_ENDIAN),
                Bytes.littleEndian(c), new int[] {2, 3, 4}));
        rows.add(RowFactory.create(11, Arrays.copyOf(bytes, 92), Bytes.shorts(halves, ByteOrder.LITTLE_ENDIAN),
                Bytes.littleEndian(c), new int[] {2, 3, 4}));
        f16.add(Bytes.widened(halves, false, 2, 3, 4));
        f16.add(Bytes.widened(halves, false, 2, 3, 4));
        u8.add(c);
        u8.add(c);
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("f32", DataTypes.BinaryType).add("f16", DataTypes.BinaryType).add("u8", DataTypes.BinaryType)
                .add("dims", DataTypes.createArrayType(DataTypes.IntegerType, true));
        perRecord = temp.resolve("per-record.parquet");
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(perRecord.toString());

        List<Row> fixedRows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Tensor a = Data.tensor(ElementType.FLOAT64, random, FIXED);
            short[] b = Bytes.randomHalves(random, Data.count(FIXED), true);
            Tensor s = Data.tensor(ElementType.INT16, random, FIXED);
            f64.add(a);
            bf16.add(Bytes.widened(b, true, FIXED));
            i16.add(s);
            fixedRows.add(RowFactory.create(i, Bytes.littleEndian(a), Bytes.shorts(b, ByteOrder.LITTLE_ENDIAN),
                    Bytes.littleEndian(s)));
        }
        fixed = temp.resolve("fixed.parquet");
        spark().createDataFrame(fixedRows, new StructType().add("id", DataTypes.IntegerType)
                        .add("f64", DataTypes.BinaryType).add("bf16", DataTypes.BinaryType)
                        .add("i16", DataTypes.BinaryType))
                .repartition(2).write().parquet(fixed.toString());
    }

    private List<Row> poolAll(String column, String dtype, String shape, Path input, List<Tensor> tensors,
                              String ops, String outName) {
        Path out = temp.resolve(outName);
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: %s, layout: binary, dtype: %s, %s}}
                ops: %s
                output: {path: unused}
                """.formatted(str(input), column, dtype, shape, ops), out);
        RunReport report = run(config);
        assertEquals(tensors.size(), report.recordsOut());
        List<Row> written = rows(out, "id");
        String shapeColumn = shape.startsWith("shape_column") ? "dims" : "shape";
        for (int i = 0; i < tensors.size(); i++) {
            Expect.listCell(Expect.pooled(config, tensors.get(i)), written.get(i), column, shapeColumn);
        }
        return written;
    }

    @Test
    void float16WithAShapeColumn() {
        poolAll("f16", "float16", "shape_column: dims", perRecord, f16,
                "[{op: max_pool2d, kernel_size: 2, stride: 1}, {op: avg_pool2d, kernel_size: 2, ceil_mode: true}]",
                "out-f16");
    }

    @Test
    void uint8WithAShapeColumnStaysUint8UnderMax() {
        List<Row> written = poolAll("u8", "uint8", "shape_column: dims", perRecord, u8,
                "[{op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}]", "out-u8");
        assertEquals(List.of("id", "f32", "f16", "u8", "dims"), Arrays.asList(written.get(0).schema().fieldNames()));
    }

    @Test
    void float64WithAFixedShape() {
        List<Row> written = poolAll("f64", "float64", "shape: [2, 4, 6]", fixed, f64,
                "[{op: avg_pool2d, kernel_size: 3, stride: 1, padding: 1, count_include_pad: false}]", "out-f64");
        assertEquals(List.of("id", "f64", "shape", "bf16", "i16"), Arrays.asList(written.get(0).schema().fieldNames()),
                "with a fixed shape the shape column follows the tensor");
    }

    @Test
    void bfloat16WithAFixedShape() {
        poolAll("bf16", "bfloat16", "shape: [2, 4, 6]", fixed, bf16, "[{op: max_pool2d, kernel_size: 2}]",
                "out-bf16");
    }

    @Test
    void int16WithAFixedShape() {
        poolAll("i16", "int16", "shape: [2, 4, 6]", fixed, i16,
                "[{op: max_pool2d, kernel_size: [2, 3], stride: [2, 1], ceil_mode: true}]", "out-i16");
    }

    /**
     * float32 with a shape column: the good records are pooled; a cell cut off mid-element is
     * {@code truncated_bytes}, a cell of whole elements too few for its shape {@code shape_mismatch};
     * a fixed shape the cells do not fill is {@code shape_mismatch} too. Under {@code fail} the
     * run stops naming the column and the byte counts.
     */
    @Test
    void float32WithAShapeColumnAndCellsThatDoNotFit() {
        Path out = temp.resolve("out-f32");
        Path quarantine = temp.resolve("quarantine-f32");
        String yaml = """
                input: {path: %s, tensor: {column: f32, layout: binary, dtype: float32, %s}}
                ops: [{op: max_pool2d, kernel_size: 2, stride: 1, padding: 1}]
                output: {path: unused}
                errors: %s
                """;
        JobConfig config = yaml(yaml.formatted(str(perRecord), "shape_column: dims", quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(6, report.recordsIn());
        assertEquals(Map.of("truncated_bytes", 1L, "shape_mismatch", 1L), report.badRecords());
        List<Row> written = rows(out, "id");
        assertEquals(4, written.size());
        for (int i = 0; i < 4; i++) {
            Expect.listCell(Expect.pooled(config, f32.get(i)), written.get(i), "f32", "dims");
        }
        Map<Integer, String[]> held = quarantined(quarantine);
        assertQuarantined(held, 10, "truncated_bytes", "f32", "holds 94 bytes, not a whole number of 4-byte elements");
        assertQuarantined(held, 11, "shape_mismatch", "f32", "holds 92 bytes (23 elements) but the shape needs 96 bytes");

        Path fixedQuarantine = temp.resolve("quarantine-fixed");
        RunReport fixedReport = run(yaml(yaml.formatted(str(perRecord), "shape: [2, 3, 4]",
                quarantineTo(fixedQuarantine)), temp.resolve("out-fixed")));
        assertEquals(Map.of("truncated_bytes", 1L, "shape_mismatch", 3L), fixedReport.badRecords(),
                "the [4, 5] and [3, 6, 5] cells and the short ones do not fill a fixed [2, 3, 4]");
        assertEquals(2, fixedReport.recordsOut(), "the [2, 3, 4] and [1, 2, 4, 3] cells hold 24 elements");
        assertQuarantined(quarantined(fixedQuarantine), 0, "shape_mismatch", "f32",
                "holds 80 bytes (20 elements) but the shape needs 96 bytes");

        Path truncatedOnly = temp.resolve("truncated.parquet");
        spark().read().parquet(perRecord.toString()).where("id in (0, 10)").coalesce(1).write()
                .parquet(truncatedOnly.toString());
        rejected(yaml(yaml.formatted(str(truncatedOnly), "shape_column: dims", "{on_bad_record: fail}"),
                temp.resolve("failed")), "truncated_bytes", "f32", "not a whole number of 4-byte elements");
    }
}
