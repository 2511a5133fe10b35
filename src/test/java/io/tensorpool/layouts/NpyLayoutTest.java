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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code npy} layout (Petastorm's {@code NdarrayCodec}): a whole {@code .npy} file per cell,
 * built by hand here in every form numpy writes: versions 1.0, 2.0 and 3.0, little and big
 * endian, {@code fortran_order: True}, several dtypes. Shape and dtype come from each header.
 */
@SparkLineTest
class NpyLayoutTest {
    @TempDir
    Path temp;

    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("note", DataTypes.StringType).add("arr", DataTypes.BinaryType);

    /** Writes {@code id -> (note, cell)} into one file, in id order. */
    private Path write(String name, Map<Integer, Object[]> cells) {
        List<Row> rows = new ArrayList<>();
        cells.forEach((id, noteAndCell) -> rows.add(RowFactory.create(id, noteAndCell[0], noteAndCell[1])));
        Path path = temp.resolve(name);
        spark().createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path.toString());
        return path;
    }

    private RunReport poolAndCompare(Path input, String ops, Map<Integer, Tensor> expected, String errors,
                                     String outName) {
        Path out = temp.resolve(outName);
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: arr, layout: npy}}
                ops: %s
                output: {path: unused}
                errors: %s
                """.formatted(str(input), ops, errors), out);
        RunReport report = run(config);
        assertEquals(expected.size(), report.recordsOut());
        List<Row> written = rows(out, "id");
        assertEquals(List.of("id", "note", "arr", "shape"), Arrays.asList(written.get(0).schema().fieldNames()));
        int i = 0;
        for (Map.Entry<Integer, Tensor> e : expected.entrySet()) {
            Row row = written.get(i++);
            assertEquals(e.getKey(), row.<Integer>getAs("id"));
            Expect.listCell(Expect.pooled(config, e.getValue()), row, "arr", "shape");
        }
        return report;
    }

    /**
     * float32 records in every header form, plus float16 (which widens to float32), and the bad
     * cells: a wrong magic ({@code bad_npy_magic}), an object array ({@code npy_object_dtype},
     * never unpickled) and a float64 record among float32 ones ({@code dtype_mismatch}).
     */
    @Test
    void float32InEveryHeaderFormAndBadCells() {
        Random random = new Random(31);
        Map<Integer, Tensor> good = new LinkedHashMap<>();
        Map<Integer, Object[]> cells = new LinkedHashMap<>();
        Tensor a = Data.tensor(ElementType.FLOAT32, random, 2, 4, 5);
        good.put(0, a);
        cells.put(0, new Object[] {"v1.0 <f4", NpyFiles.save(a, 1, '<', false)});
        Tensor b = Data.tensor(ElementType.FLOAT32, random, 1, 2, 3, 4);
        good.put(1, b);
        cells.put(1, new Object[] {"v2.0 >f4", NpyFiles.save(b, 2, '>', false)});
        Tensor c = Data.tensor(ElementType.FLOAT32, random, 3, 4, 5);
        good.put(2, c);
        cells.put(2, new Object[] {"v1.0 <f4 fortran", NpyFiles.save(c, 1, '<', true)});
        Tensor d = Data.tensor(ElementType.FLOAT32, random, 2, 3, 6);
        good.put(3, d);
        cells.put(3, new Object[] {"v3.0 >f4 fortran", NpyFiles.save(d, 3, '>', true)});
        short[] halves = Bytes.randomHalves(random, 4 * 6, false);
        good.put(4, Bytes.widened(halves, false, 4, 6));
        cells.put(4, new Object[] {"v1.0 <f2", NpyFiles.file(1, NpyFiles.dict("<f2", false, new int[] {4, 6}),
                Bytes.shorts(halves, ByteOrder.LITTLE_ENDIAN))});
        Tensor e = Data.tensor(ElementType.FLOAT32, random, 5, 5);
        good.put(5, e);
        cells.put(5, new Object[] {"keys reordered, double quotes", NpyFiles.file(1,
                "{\"shape\": (5, 5), \"fortran_order\": False, \"descr\": \"<f4\"}", Bytes.littleEndian(e))});

        byte[] badMagic = NpyFiles.save(a, 1, '<', false);
        badMagic[5] = 'X';
        cells.put(10, new Object[] {"bad magic", badMagic});
        cells.put(11, new Object[] {"object array", NpyFiles.file(1, NpyFiles.dict("|O", false, new int[] {2, 2}),
                "\u0080\u0004\u0095 a pickle that must never be loaded".getBytes(StandardCharsets.ISO_8859_1))});
        cells.put(12, new Object[] {"float64 among float32", NpyFiles.save(Data.tensor(ElementType.FLOAT64, random,
                3, 3), 1, '<', false)});
        Path input = write("float32.parquet", cells);

        Path quarantine = temp.resolve("quarantine");
        RunReport report = poolAndCompare(input, "[{op: max_pool2d, kernel_size: 2, stride: 1},"
                + " {op: avg_pool2d, kernel_size: 2, ceil_mode: true}]", good, quarantineTo(quarantine), "out-f32");
        assertEquals(Map.of("bad_npy_magic", 1L, "npy_object_dtype", 1L, "dtype_mismatch", 1L),
                report.badRecords());
        Map<Integer, String[]> held = quarantined(quarantine);
        assertQuarantined(held, 10, "bad_npy_magic", "arr", "does not start with the .npy magic");
        assertQuarantined(held, 11, "npy_object_dtype", "arr", "object array");
        assertQuarantined(held, 12, "dtype_mismatch", "arr", "holds a float64 array");

        Map<Integer, Object[]> objectOnly = new LinkedHashMap<>();
        objectOnly.put(0, cells.get(0));
        objectOnly.put(11, cells.get(11));
        rejected(yaml("""
                input: {path: %s, tensor: {column: arr, layout: npy}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(str(write("object.parquet", objectOnly))), temp.resolve("failed")),
                "npy_object_dtype", "arr", "never unpickled");
    }

    @Test
    void float64LittleAndBigEndianCAndFortranOrder() {
        Random random = new Random(32);
        Map<Integer, Tensor> good = new LinkedHashMap<>();
        Map<Integer, Object[]> cells = new LinkedHashMap<>();
        int[][] shapes = {{3, 4, 4}, {2, 5, 3}, {1, 2, 4, 4}, {6, 2}};
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Data.tensor(ElementType.FLOAT64, random, shapes[i]);
            good.put(i, t);
            cells.put(i, new Object[] {"f8 " + i, NpyFiles.save(t, 1 + i % 2, i < 2 ? '<' : '>', i % 2 == 1)});
        }
        poolAndCompare(write("float64.parquet", cells), "[{op: avg_pool2d, kernel_size: 2, count_include_pad: false,"
                + " padding: 1}]", good, "{on_bad_record: fail}", "out-f64");
    }

    @Test
    void int16LittleAndBigEndianCAndFortranOrder() {
        Random random = new Random(33);
        Map<Integer, Tensor> good = new LinkedHashMap<>();
        Map<Integer, Object[]> cells = new LinkedHashMap<>();
        int[][] shapes = {{3, 4, 5}, {2, 3, 3}, {1, 3, 4, 2}};
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Data.tensor(ElementType.INT16, random, shapes[i]);
            good.put(i, t);
            cells.put(i, new Object[] {"i2 " + i, NpyFiles.save(t, 2, i == 1 ? '<' : '>', i != 0)});
        }
        poolAndCompare(write("int16.parquet", cells), "[{op: max_pool2d, kernel_size: 2, stride: 1}]", good,
                "{on_bad_record: fail}", "out-i16");
    }

    /**
     * uint8 records whose first record is bad: the bad one is rejected for what it is, and the
     * uint8 records after it are pooled as uint8, not rejected for a dtype the job guessed.
     */
    @Test
    void uint8RecordsAfterABadFirstRecord() {
        Random random = new Random(34);
        Map<Integer, Tensor> good = new LinkedHashMap<>();
        Map<Integer, Object[]> cells = new LinkedHashMap<>();
        cells.put(0, new Object[] {"not npy", "P6\n4 4\n255\n".getBytes(StandardCharsets.US_ASCII)});
        int[][] shapes = {{3, 4, 4}, {1, 6, 5}, {2, 2, 2, 2}};
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Data.tensor(ElementType.UINT8, random, shapes[i]);
            good.put(i + 1, t);
            cells.put(i + 1, new Object[] {"u1 " + i, NpyFiles.save(t, 1, '|', i == 2)});
        }
        Path quarantine = temp.resolve("quarantine");
        RunReport report = poolAndCompare(write("uint8.parquet", cells),
                "[{op: max_pool2d, kernel_size: 2, ceil_mode: true}]", good, quarantineTo(quarantine), "out-u8");
        assertEquals(Map.of("bad_npy_magic", 1L), report.badRecords());
        assertQuarantined(quarantined(quarantine), 0, "bad_npy_magic", "arr", "does not start with the .npy magic");
    }
}
