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

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.tensor.dim_order}: channels-last records (NHWC rank 4, HWC rank 3), in list and
 * binary columns, pool exactly as the same records stored channels-first; the output is
 * channels-first.
 */
@SparkLineTest
class DimOrderTest {
    @TempDir
    Path temp;

    private JobConfig config(Path input, String tensor, String ops, Path out, String errors) {
        return yaml("""
                input: {path: %s, tensor: %s}
                ops: %s
                output: {path: unused}
                errors: %s
                """.formatted(str(input), tensor, ops, errors), out);
    }

    /**
     * A list column of NHWC records and, beside it, the same records transposed to NCHW (by the
     * test, index by index). Both runs write the same pooled tensors, equal to the kernels'. A
     * rank-2 record has no channel axis and is pooled as stored; a rank-3 record in an NHWC
     * column is {@code shape_mismatch}.
     */
    @Test
    void nhwcListPoolsLikeTheTransposedNchwList() {
        Random random = new Random(61);
        int[][] shapes = {{2, 5, 6, 3}, {1, 4, 4, 4}, {3, 3, 5, 1}, {5, 6}};
        List<Tensor> channelsFirst = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            Tensor stored = Data.tensor(ElementType.FLOAT32, random, shapes[i]);
            Tensor first = shapes[i].length == 4 ? Data.channelsFirst(stored) : stored;
            channelsFirst.add(first);
            rows.add(RowFactory.create(i, stored.floats(), shapes[i], first.floats(), first.shape()));
        }
        Tensor rank3 = Data.tensor(ElementType.FLOAT32, random, 4, 4, 3);
        rows.add(RowFactory.create(9, rank3.floats(), rank3.shape(), rank3.floats(), rank3.shape()));
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("nhwc", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("nhwc_shape", DataTypes.createArrayType(DataTypes.IntegerType, true))
                .add("nchw", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("nchw_shape", DataTypes.createArrayType(DataTypes.IntegerType, true));
        Path input = temp.resolve("nhwc.parquet");
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());

        String ops = "[{op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}, {op: avg_pool2d, kernel_size: 2,"
                + " ceil_mode: true}]";
        Path quarantine = temp.resolve("quarantine");
        JobConfig nhwc = config(input, "{column: nhwc, shape_column: nhwc_shape, dim_order: NHWC}", ops,
                temp.resolve("out-nhwc"), quarantineTo(quarantine));
        RunReport report = run(nhwc);
        assertEquals(Map.of("shape_mismatch", 1L), report.badRecords());
        assertQuarantined(quarantined(quarantine), 9, "shape_mismatch", "nhwc", "needs rank 4");
        JobConfig nchw = config(input, "{column: nchw, shape_column: nchw_shape, dim_order: NCHW}", ops,
                temp.resolve("out-nchw"), "{on_bad_record: fail}");
        run(nchw);

        List<Row> fromNhwc = rows(temp.resolve("out-nhwc"), "id");
        List<Row> fromNchw = rows(temp.resolve("out-nchw"), "id");
        assertEquals(shapes.length, fromNhwc.size());
        for (int i = 0; i < shapes.length; i++) {
            Tensor expected = Expect.pooled(nchw, channelsFirst.get(i));
            Expect.listCell(expected, fromNhwc.get(i), "nhwc", "nhwc_shape");
            Expect.listCell(expected, fromNchw.get(i), "nchw", "nchw_shape");
        }
    }

    /**
     * NHWC records that all have one shape in their shape column: the output column's metadata
     * gives the pooled shape channels first, as the records are, not the stored order pooled as
     * if it were NCHW.
     */
    @Test
    void uniformNhwcShapeColumnGivesChannelsFirstMetadata() {
        Random random = new Random(63);
        int[] nhwc = {2, 5, 6, 3};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(RowFactory.create(i, Data.tensor(ElementType.FLOAT32, random, nhwc).floats(), nhwc));
        }
        Path input = temp.resolve("uniform-nhwc.parquet");
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false)))
                .repartition(2).write().parquet(input.toString());

        JobConfig config = config(input, "{column: x, shape_column: shape, dim_order: NHWC}",
                "[{op: max_pool2d, kernel_size: 2}]", temp.resolve("out-uniform-nhwc"), "{on_bad_record: fail}");
        run(config);

        List<Row> out = rows(temp.resolve("out-uniform-nhwc"), "id");
        assertArrayEquals(new int[] {2, 3, 2, 3}, Expect.pooled(config, Data.channelsFirst(
                Data.tensor(ElementType.FLOAT32, new Random(0), nhwc))).shape());
        Metadata metadata = out.get(0).schema().apply("x").metadata();
        assertArrayEquals(new long[] {2, 3, 2, 3}, metadata.getLongArray("shape"));
        assertArrayEquals(new String[] {"N", "C", "H", "W"}, metadata.getStringArray("dim_names"));
    }

    /**
     * A binary column of HWC uint8 images with a fixed shape given in stored order
     * {@code [H, W, C]}, and the same images as CHW with {@code [C, H, W]}: the same pooled
     * tensors, shapes and column metadata (channels first).
     */
    @Test
    void hwcBinaryWithAFixedShapePoolsLikeTheTransposedChwBinary() {
        Random random = new Random(62);
        int[] hwc = {6, 7, 3};
        List<Tensor> channelsFirst = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Tensor stored = Data.tensor(ElementType.UINT8, random, hwc);
            Tensor first = Data.channelsFirst(stored);
            channelsFirst.add(first);
            rows.add(RowFactory.create(i, Bytes.littleEndian(stored), Bytes.littleEndian(first)));
        }
        Path input = temp.resolve("hwc.parquet");
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                .add("hwc", DataTypes.BinaryType).add("chw", DataTypes.BinaryType)).write().parquet(input.toString());

        String ops = "[{op: max_pool2d, kernel_size: 2, ceil_mode: true}]";
        JobConfig fromHwc = config(input, "{column: hwc, layout: binary, dtype: uint8, shape: [6, 7, 3],"
                + " dim_order: HWC}", ops, temp.resolve("out-hwc"), "{on_bad_record: fail}");
        run(fromHwc);
        JobConfig fromChw = config(input, "{column: chw, layout: binary, dtype: uint8, shape: [3, 6, 7],"
                + " dim_order: CHW}", ops, temp.resolve("out-chw"), "{on_bad_record: fail}");
        run(fromChw);

        List<Row> a = rows(temp.resolve("out-hwc"), "id");
        List<Row> b = rows(temp.resolve("out-chw"), "id");
        for (int i = 0; i < 3; i++) {
            Tensor expected = Expect.pooled(fromChw, channelsFirst.get(i));
            assertArrayEquals(new int[] {3, 3, 4}, expected.shape());
            Expect.listCell(expected, a.get(i), "hwc", "shape");
            Expect.listCell(expected, b.get(i), "chw", "shape");
        }
        Metadata metadata = a.get(0).schema().apply("hwc").metadata();
        assertArrayEquals(new long[] {3, 3, 4}, metadata.getLongArray("shape"));
        assertArrayEquals(new String[] {"C", "H", "W"}, metadata.getStringArray("dim_names"));
    }
}
