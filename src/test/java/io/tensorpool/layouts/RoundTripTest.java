package io.tensorpool.layouts;

import static io.tensorpool.layouts.Jobs.assertQuarantined;
import static io.tensorpool.layouts.Jobs.quarantineTo;
import static io.tensorpool.layouts.Jobs.quarantined;
import static io.tensorpool.layouts.Jobs.rows;
import static io.tensorpool.layouts.Jobs.run;
import static io.tensorpool.layouts.Jobs.spark;
import static io.tensorpool.layouts.Jobs.str;
import static io.tensorpool.layouts.Jobs.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the job writes it reads again: binary output (with its {@code dtype} and {@code shape}
 * columns) and {@code .npy} output fed back as the next run's input give the list output's
 * tensors; and {@code output.dtype} casts as documented: float16 and bfloat16 round to nearest
 * even, uint8 rounds half to even and saturates (NaN is a bad record), float32 from float64.
 */
@SparkLineTest
class RoundTripTest {
    @TempDir
    static Path temp;

    private static final String POOL = "[{op: max_pool2d, kernel_size: 2, stride: 1}, {op: avg_pool2d,"
            + " kernel_size: 2, ceil_mode: true}]";
    /** max_pool2d with a 1x1 window: every element as it is, so the output is the input cast. */
    private static final String IDENTITY = "[{op: max_pool2d, kernel_size: 1}]";

    private static Path input;
    private static Path listOut;
    private static List<Row> listRows;

    @BeforeAll
    static void poolToTheListLayout() {
        Random random = new Random(71);
        int[][] shapes = {{2, 5, 6}, {1, 2, 4, 4}, {7, 5}, {3, 3, 3}};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            rows.add(RowFactory.create(i, "tag" + i, Data.tensor(ElementType.FLOAT32, random, shapes[i]).floats(),
                    shapes[i]));
        }
        input = temp.resolve("in.parquet");
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                        .add("tag", DataTypes.StringType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)))
                .repartition(2).write().parquet(input.toString());
        listOut = temp.resolve("list");
        run(config(input, "{column: x, shape_column: shape}", POOL, "{}", listOut));
        listRows = rows(listOut, "id");
        assertEquals(shapes.length, listRows.size());
    }

    private static JobConfig config(Path in, String tensor, String ops, String output, Path out) {
        String extra = output.equals("{}") ? "" : ", " + output.substring(1, output.length() - 1);
        return yaml("""
                input: {path: %s, tensor: %s}
                ops: %s
                output: {path: unused%s}
                """.formatted(str(in), tensor, ops, extra), out);
    }

    /** The list output of the first run, record {@code i}, as a tensor. */
    private static Tensor listed(int i) {
        Row row = listRows.get(i);
        return Expect.listTensor(row, "x", ElementType.FLOAT32, Expect.ints(row, "shape"));
    }

    /** The next run reads {@code folder} with {@code tensor} and writes the list layout, unchanged (1x1 max). */
    private static void readsBackAsTheListOutput(Path folder, String tensor, String name) {
        Path out = temp.resolve(name);
        JobConfig again = config(folder, tensor, IDENTITY, "{}", out);
        RunReport report = run(again);
        assertEquals(listRows.size(), report.recordsOut());
        List<Row> rows = rows(out, "id");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals("tag" + i, rows.get(i).getAs("tag"));
            Expect.listCell(listed(i), rows.get(i), "x", "shape");
        }
    }

    @Test
    void binaryOutputReadsBackAsTheListOutput() {
        Path out = temp.resolve("binary");
        run(config(input, "{column: x, shape_column: shape}", POOL, "{layout: binary}", out));
        List<Row> rows = rows(out, "id");
        assertEquals(List.of("id", "tag", "x", "dtype", "shape"), Arrays.asList(rows.get(0).schema().fieldNames()));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals("float32", row.getAs("dtype"));
            Tensor expected = listed(i);
            assertArrayEquals(expected.shape(), Expect.ints(row, "shape"));
            assertArrayEquals(Bytes.littleEndian(expected), row.getAs("x"), "numpy's tobytes() of the list output");
        }
        readsBackAsTheListOutput(out, "{column: x, layout: binary, dtype: float32, shape_column: shape}",
                "binary-again");
    }

    /** A pipeline of two runs that both write binary: the second replaces the first's dtype and shape. */
    @Test
    void binaryOutputPooledAgainIntoBinary() {
        Path first = temp.resolve("binary-1");
        run(config(input, "{column: x, shape_column: shape}", POOL, "{layout: binary}", first));
        Path second = temp.resolve("binary-2");
        run(config(first, "{column: x, layout: binary, dtype: float32, shape_column: shape}", IDENTITY,
                "{layout: binary, dtype: float16}", second));
        List<Row> rows = rows(second, "id");
        assertEquals(List.of("id", "tag", "x", "dtype", "shape"), Arrays.asList(rows.get(0).schema().fieldNames()));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals("float16", row.getAs("dtype"));
            assertArrayEquals(listed(i).shape(), Expect.ints(row, "shape"));
            assertHalves(listed(i).floats(), row.getAs("x"), false);
        }
    }

    @Test
    void npyOutputReadsBackAsTheListOutput() {
        Path out = temp.resolve("npy");
        run(config(input, "{column: x, shape_column: shape}", POOL, "{layout: npy}", out));
        List<Row> rows = rows(out, "id");
        assertEquals(List.of("id", "tag", "x", "shape"), Arrays.asList(rows.get(0).schema().fieldNames()));
        for (int i = 0; i < rows.size(); i++) {
            Npy npy = Npy.parse(rows.get(i).getAs("x"));
            Tensor expected = listed(i);
            assertEquals("<f4", npy.descr());
            assertArrayEquals(expected.shape(), npy.shape());
            assertArrayEquals(Bytes.littleEndian(expected), npy.data());
        }
        readsBackAsTheListOutput(out, "{column: x, layout: npy}", "npy-again");
    }

    /** A {@code .npy} cell as written: its descr, shape and data bytes, checked against the format on the way. */
    record Npy(String descr, int[] shape, byte[] data) {
        private static final Pattern DICT = Pattern.compile(
                "\\{'descr': '([<>|][a-z][0-9])', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), } *\n");

        static Npy parse(byte[] cell) {
            assertEquals((byte) 0x93, cell[0]);
            assertEquals("NUMPY", new String(cell, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, cell[6], "version 1.0");
            assertEquals(0, cell[7]);
            int headerLength = (cell[8] & 0xFF) | (cell[9] & 0xFF) << 8;
            assertEquals(0, (10 + headerLength) % 64, "the data starts at a multiple of 64");
            String header = new String(cell, 10, headerLength, StandardCharsets.ISO_8859_1);
            Matcher m = DICT.matcher(header);
            assertTrue(m.matches(), "numpy's header dict: " + header);
            int[] shape = Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            return new Npy(m.group(1), shape, Arrays.copyOfRange(cell, 10 + headerLength, cell.length));
        }
    }

    /** The 16-bit cells hold exactly {@code values} rounded to nearest even. */
    private static void assertHalves(float[] values, byte[] cell, boolean bfloat) {
        assertEquals(values.length * 2, cell.length);
        ByteBuffer in = ByteBuffer.wrap(cell).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            short bits = in.getShort();
            float actual = bfloat ? Bytes.bfloat16(bits) : Bytes.float16(bits);
            float expected = bfloat ? Bytes.toBFloat16(values[i]) : Bytes.toFloat16(values[i]);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                    "element " + i + ": " + values[i] + " should be stored as " + expected + " but is " + actual);
        }
    }

    // ---- output.dtype -------------------------------------------------------------------------------

    /** Values at the edges of each cast: ties, the largest finite values, subnormals, infinities, signed zero. */
    private static final float[] EDGES = {
        1.0f, 1.00048828125f, 1.00146484375f, 0.1f, -0.0f, 0.0f,
        65504f, 65519.996f, 65520f, -70000f, 0x1p-24f, 0x1p-25f, 0x1.8p-24f, 0x1p-14f,
        1.00390625f, 1.01171875f, 3.3961776e38f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0.5f, 1.5f, 2.5f, 254.5f, 255.5f, 255.49998f, -3.7f, 300f, 127.49f, -0.5f, 3.5f, 100.5f,
    };

    private static Path edges;

    private static Path edges() {
        if (edges == null) {
            float[] withNan = EDGES.clone();
            withNan[5] = Float.NaN;
            edges = temp.resolve("edges.parquet");
            spark().createDataFrame(List.of(RowFactory.create(0, EDGES, new int[] {1, 4, 8}),
                            RowFactory.create(1, withNan, new int[] {1, 4, 8})),
                    new StructType().add("id", DataTypes.IntegerType)
                            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false)))
                    .coalesce(1).write().parquet(edges.toString());
        }
        return edges;
    }

    @Test
    void float16AndBFloat16BinaryRoundToNearestEven() {
        for (String dtype : List.of("float16", "bfloat16")) {
            Path out = temp.resolve("edges-" + dtype);
            run(config(edges(), "{column: x, shape_column: shape}", IDENTITY, "{layout: binary, dtype: " + dtype
                    + "}", out));
            List<Row> rows = rows(out, "id");
            assertEquals(2, rows.size());
            assertEquals(dtype, rows.get(0).getAs("dtype"));
            assertHalves(EDGES, rows.get(0).getAs("x"), dtype.equals("bfloat16"));
            float[] withNan = EDGES.clone();
            withNan[5] = Float.NaN;
            assertHalves(withNan, rows.get(1).getAs("x"), dtype.equals("bfloat16"));
        }
    }

    @Test
    void float16NpyIsLittleEndianF2() {
        Path out = temp.resolve("edges-npy-f16");
        run(config(edges(), "{column: x, shape_column: shape}", IDENTITY, "{layout: npy, dtype: float16}", out));
        Npy npy = Npy.parse(rows(out, "id").get(0).getAs("x"));
        assertEquals("<f2", npy.descr());
        assertArrayEquals(new int[] {1, 4, 8}, npy.shape());
        assertHalves(EDGES, npy.data(), false);
    }

    /**
     * uint8 output: round half to even, then saturate; written as smallint in a list. A NaN is
     * a bad record ({@code nan_to_uint8}) with a message naming the column, never a 0.
     */
    @Test
    void uint8RoundsHalfToEvenSaturatesAndRefusesNan() {
        Path out = temp.resolve("edges-u8");
        Path quarantine = temp.resolve("quarantine-u8");
        RunReport report = run(yaml("""
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: %s
                output: {path: unused, dtype: uint8}
                errors: %s
                """.formatted(str(edges()), IDENTITY, quarantineTo(quarantine)), out));
        assertEquals(Map.of("nan_to_uint8", 1L), report.badRecords());
        List<Row> rows = rows(out, "id");
        assertEquals(1, rows.size());
        byte[] expected = new byte[EDGES.length];
        for (int i = 0; i < EDGES.length; i++) {
            double rounded = Math.rint(EDGES[i]); // ties to even
            expected[i] = (byte) (int) Math.max(0, Math.min(255, rounded));
        }
        Expect.listCell(Tensor.of(ElementType.UINT8, expected, 1, 4, 8), rows.get(0), "x", "shape");
        assertEquals(List.of((short) 0, (short) 2, (short) 2, (short) 254, (short) 255, (short) 255, (short) 0),
                rows.get(0).getList(rows.get(0).fieldIndex("x")).subList(20, 27), "0.5 1.5 2.5 254.5 255.5 255.49998 -3.7");
        assertQuarantined(quarantined(quarantine), 1, "nan_to_uint8", "x", "is NaN");
    }

    @Test
    void float32FromFloat64() {
        Random random = new Random(72);
        Tensor doubles = Data.tensor(ElementType.FLOAT64, random, 2, 5, 5);
        Path in = temp.resolve("doubles.parquet");
        spark().createDataFrame(List.of(RowFactory.create(0, doubles.doubles(), doubles.shape())),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.DoubleType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)))
                .write().parquet(in.toString());
        Path out = temp.resolve("doubles-f32");
        JobConfig config = config(in, "{column: x, shape_column: shape}", "[{op: avg_pool2d, kernel_size: 2,"
                + " ceil_mode: true}]", "{dtype: float32}", out);
        run(config);
        Tensor pooled = Expect.pooled(config, doubles);
        assertEquals(ElementType.FLOAT64, pooled.type());
        float[] narrowed = new float[pooled.size()];
        for (int i = 0; i < narrowed.length; i++) {
            narrowed[i] = (float) pooled.doubles()[i];
        }
        Expect.listCell(Tensor.of(ElementType.FLOAT32, narrowed, pooled.shape()), rows(out, "id").get(0), "x",
                "shape");
    }
}
