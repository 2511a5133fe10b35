package io.tensorpool.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ChannelOrder;
import io.tensorpool.config.ConfigException;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.AdaptiveAvgPool2d;
import io.tensorpool.kernel.AdaptiveMaxPool2d;
import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.GlobalMaxPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.OutputSize;
import io.tensorpool.kernel.Padding;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.ShapeTooLargeException;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.spark.NestedCells;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Shapes whose element count is near or above what one array holds, or whose product wraps
 * around to a small number in {@code int} or {@code long} arithmetic, through every place a shape
 * becomes a size: the list, binary, npy, nested and image-struct readers, a fixed shape in the
 * config, and the operators' output shapes. Each either gives the valid tensor (or its ordinary
 * mismatch) when the product really is small, or is refused as {@code shape_too_large}; nothing
 * else (no wrapped length check passing, no {@code ArithmeticException}, no index or allocation
 * failure) ever escapes.
 */
@SparkLineTest
class HugeShapesPropertyTest {
    private static final String COL = "x";
    /** How the codecs of this package name the column; the Spark cell readers say {@code column x}. */
    private static final String QUOTED = "'" + COL + "'";
    private static final BigInteger MAX = BigInteger.valueOf(Tensor.MAX_ELEMENTS);
    private static final BigInteger TWO = BigInteger.TWO;
    /** Cells are made as long as the (wrapped) product when it is at most this. */
    private static final int SMALL = 4096;

    /**
     * Shapes whose product wraps to a small number: in {@code long} arithmetic (the first six) or
     * in {@code int} arithmetic (the last three). Found by factoring {@code k * 2^64 + L}.
     */
    private static final int[][] WRAPPING = {
        {384773, 55810, 52086, 49477},      // 3 * 2^64 + 12
        {384773, 69448, 55810, 49477},      // 4 * 2^64 + 16
        {228806497, 48920869, 103, 16},     // 2^64 + 48
        {536903681, 107367629, 20, 16},     // 2^64 + 64
        {65536, 65536, 65536, 65536},       // 2^64
        {1 << 22, 1 << 21, 1 << 21},        // 2^64, rank 3
        {65537, 65535, 65537, 65535},       // (2^32 - 1)^2 = 1 mod 2^32
        {65536, 65536, 3},                  // 3 * 2^32 = 0 mod 2^32
        {65537, 65535},                     // 2^32 - 1 = -1 mod 2^32
    };

    /** Shapes just inside the limit: valid records, whose outputs must be worked out without building windows. */
    private static final int[][] HUGE_BUT_VALID = {
        {(1 << 30) - 8, 1},
        {1, Tensor.MAX_ELEMENTS},
        {Tensor.MAX_ELEMENTS, 1},
        {1, 1, 46341, 46340},
    };

    /** Pipelines' operators whose output shape depends on the input's in every way there is. */
    private static final List<PoolOp> OPS = List.of(
            MaxPool2d.of(2),
            new MaxPool2d(IntPair.of(1), IntPair.of(1), null, null, false, false),
            new MaxPool2d(IntPair.of(3), IntPair.of(1), Padding.of(2, 2, 2, 2), null, true, false),
            new AvgPool2d(IntPair.of(2), IntPair.of(1), Padding.Auto.SAME, null, true, true, null),
            new AdaptiveMaxPool2d(1, 46_000, false),
            new AdaptiveAvgPool2d(65_535, 65_535),
            new GlobalMaxPool2d(false));

    @Test
    void theWrappingShapesReallyWrap() {
        long wrapped = 1;
        for (int dim : WRAPPING[0]) {
            wrapped *= dim;
        }
        assertEquals(12, wrapped, "the unchecked long product of the first shape");
        int wrappedInt = 1;
        for (int dim : WRAPPING[6]) {
            wrappedInt *= dim;
        }
        assertEquals(1, wrappedInt, "the unchecked int product of (2^32 - 1)^2");
    }

    @Test
    void everyReaderRefusesShapesTooLargeAndOnlyThose() {
        List<int[]> shapes = shapes(new SplittableRandom(2024));
        assertTrue(shapes.size() > 300, "cases: " + shapes.size());
        int tooLarge = 0;
        for (int[] shape : shapes) {
            boolean fits = product(shape).compareTo(MAX) <= 0;
            tooLarge += fits ? 0 : 1;
            int length = cellLength(shape);
            String what = Arrays.toString(shape) + " with a cell of " + length + " elements";
            listLayout(shape, length, fits, what);
            binaryLayout(shape, length, fits, what);
            npyLayout(shape, length, fits, what);
            if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3 || shape[0] == 4)) {
                sparkImage(shape, length, fits, what);
            }
        }
        assertTrue(tooLarge > 100 && tooLarge < shapes.size() - 100, "both kinds are tried: " + tooLarge);
    }

    /**
     * Output shapes are worked out from sizes alone, so the driver can ask about any shape a
     * shape column holds (a {@code [2^30, 2]} record's windows alone would take 12 GB).
     */
    @Test
    void outputShapesOfHugeInputsNeverOverflowNorAllocate() {
        for (int[] shape : shapes(new SplittableRandom(99))) {
            outputShapes(shape, Arrays.toString(shape));
        }
    }

    @Test
    void aFixedShapeTooLargeIsAConfigErrorNamingTheKey() {
        for (int[] shape : shapes(new SplittableRandom(7))) {
            String yaml = "input: {path: in, tensor: {column: x, shape: " + Arrays.toString(shape) + "}}\n"
                    + "ops: [{op: max_pool2d, kernel_size: 1}]\noutput: {path: out}\n";
            if (product(shape).compareTo(MAX) <= 0) {
                assertArrayEquals(shape, ConfigLoader.fromYaml(yaml, "job.yaml", ConfigOverrides.none())
                        .input().tensor().fixedShape());
            } else {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> ConfigLoader.fromYaml(yaml, "job.yaml", ConfigOverrides.none()), Arrays.toString(shape));
                assertEquals(2, e.exitCode());
                assertTrue(e.getMessage().contains("input.tensor.shape is invalid: shape " + Arrays.toString(shape)
                        + " holds " + product(shape) + " elements, more than one array can hold"), e.getMessage());
            }
        }
    }

    /** The nesting gives the shape from the first array of each level; a ragged cell can claim any product. */
    @Test
    void aNestedCellClaimingTooManyElementsIsRefusedBeforeAnythingIsSized() {
        for (int[] shape : new int[][] {WRAPPING[4], WRAPPING[0], {65537, 65535}}) {
            ArrayData cell = firstPathOnly(shape, 0);
            BadRecordException e = assertThrows(BadRecordException.class,
                    () -> NestedCells.read(cell, shape.length, ElementType.FLOAT32, false, COL), Arrays.toString(shape));
            assertEquals(RecordReasons.SHAPE_TOO_LARGE, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("column " + COL + ": shape " + Arrays.toString(shape)), e.getMessage());
        }
        Tensor fine = NestedCells.read(new GenericArrayData(new Object[] {
            UnsafeArrayData.fromPrimitiveArray(new float[] {1, 2}), UnsafeArrayData.fromPrimitiveArray(new float[] {3, 4})}),
                2, ElementType.FLOAT32, false, COL);
        assertArrayEquals(new float[] {1, 2, 3, 4}, fine.floats());
    }

    /** Level {@code level} of a cell whose first array at each level has {@code shape}'s length, the rest empty. */
    private static ArrayData firstPathOnly(int[] shape, int level) {
        if (level == shape.length - 1) {
            return UnsafeArrayData.fromPrimitiveArray(new float[shape[level]]);
        }
        Object[] items = new Object[shape[level]];
        ArrayData empty = new GenericArrayData(new Object[0]);
        Arrays.fill(items, empty);
        items[0] = firstPathOnly(shape, level + 1);
        return new GenericArrayData(items);
    }

    private static void listLayout(int[] shape, int length, boolean fits, String what) {
        for (boolean longs : new boolean[] {false, true}) {
            ArrayData shapeCell = longs
                    ? UnsafeArrayData.fromPrimitiveArray(Arrays.stream(shape).asLongStream().toArray())
                    : UnsafeArrayData.fromPrimitiveArray(shape);
            if (!fits) {
                expectTooLarge(() -> ListCells.readShape(shapeCell, longs, COL), "shape column " + COL, what);
                continue;
            }
            int[] read = ListCells.readShape(shapeCell, longs, COL);
            assertArrayEquals(shape, read, what);
        }
        ArrayData cell = UnsafeArrayData.fromPrimitiveArray(new float[length]);
        expect(() -> ListCells.read(cell, ElementType.FLOAT32, false, shape, COL), shape, length, fits,
                RecordReasons.SHAPE_MISMATCH, "column " + COL, "list " + what);
    }

    private static void binaryLayout(int[] shape, int length, boolean fits, String what) {
        for (StorageDType dtype : new StorageDType[] {StorageDType.UINT8, StorageDType.FLOAT32, StorageDType.FLOAT64}) {
            byte[] cell = new byte[length * dtype.byteSize()];
            expect(() -> RawTensorCodec.decode(cell, dtype, shape, COL), shape, length, fits, RecordReasons.SHAPE_MISMATCH,
                    QUOTED, "binary " + dtype + " " + what);
        }
    }

    private static void npyLayout(int[] shape, int length, boolean fits, String what) {
        for (boolean fortran : new boolean[] {false, true}) {
            byte[] cell = NpyBytes.build(1, "<f4", fortran, shape, new byte[length * 4]);
            expect(() -> NpyCodec.decode(cell, COL), shape, length, fits, RecordReasons.TRUNCATED_BYTES, QUOTED,
                    "npy " + what);
        }
    }

    private static void sparkImage(int[] shape, int length, boolean fits, String what) {
        int mode = switch (shape[0]) {
            case 1 -> SparkImageStruct.CV_8UC1;
            case 3 -> SparkImageStruct.CV_8UC3;
            default -> SparkImageStruct.CV_8UC4;
        };
        byte[] data = new byte[length];
        expect(() -> SparkImageStruct.fromImageFields(shape[1], shape[2], shape[0], mode, data, ChannelOrder.RGB, COL),
                shape, length, fits, RecordReasons.INVALID_IMAGE, QUOTED, "image struct " + what);
    }

    /**
     * A record shape that fits gives an output shape that fits, or an {@link IllegalArgumentException}
     * (too small, or {@link ShapeTooLargeException} exactly when the true output is too large); one
     * that does not fit is a {@link ShapeTooLargeException}. Never any other exception.
     */
    private static void outputShapes(int[] shape, String what) {
        boolean fits = product(shape).compareTo(MAX) <= 0;
        for (PoolOp op : OPS) {
            try {
                int[] out = op.outputShape(shape);
                assertTrue(fits, op.opName() + " took " + what);
                assertEquals(shape.length, out.length);
                assertTrue(product(out).compareTo(MAX) <= 0, op.opName() + " gave " + Arrays.toString(out));
                assertEquals(product(out), BigInteger.valueOf(Tensor.elementCount(out)));
            } catch (ShapeTooLargeException e) {
                if (fits) {
                    assertTrue(trueOutputCount(op, shape).compareTo(MAX) > 0,
                            op.opName() + " refused an output that fits for " + what + ": " + e.getMessage());
                }
            } catch (IllegalArgumentException e) {
                assertTrue(fits, op.opName() + " on " + what + ": " + e);
                assertTrue(e.getMessage().contains("too small"), op.opName() + " on " + what + ": " + e.getMessage());
            }
        }
    }

    /** The output's element count worked out in BigInteger from each axis's output length. */
    private static BigInteger trueOutputCount(PoolOp op, int[] shape) {
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        BigInteger plane;
        if (op instanceof MaxPool2d max) {
            int[] pad = max.padding().resolve(h, w, max.kernelSize(), max.stride());
            plane = BigInteger.valueOf(OutputSize.of(h, max.kernelSize().h(), max.stride().h(), 1, pad[0], pad[2],
                    max.ceilMode())).multiply(BigInteger.valueOf(OutputSize.of(w, max.kernelSize().w(), max.stride().w(),
                    1, pad[1], pad[3], max.ceilMode())));
        } else if (op instanceof AvgPool2d avg) {
            int[] pad = avg.padding().resolve(h, w, avg.kernelSize(), avg.stride());
            plane = BigInteger.valueOf(OutputSize.of(h, avg.kernelSize().h(), avg.stride().h(), 1, pad[0], pad[2],
                    avg.ceilMode())).multiply(BigInteger.valueOf(OutputSize.of(w, avg.kernelSize().w(), avg.stride().w(),
                    1, pad[1], pad[3], avg.ceilMode())));
        } else if (op instanceof AdaptiveMaxPool2d adaptive) {
            plane = BigInteger.valueOf(adaptive.outputHeight()).multiply(BigInteger.valueOf(adaptive.outputWidth()));
        } else if (op instanceof AdaptiveAvgPool2d adaptive) {
            plane = BigInteger.valueOf(adaptive.outputHeight()).multiply(BigInteger.valueOf(adaptive.outputWidth()));
        } else {
            plane = BigInteger.ONE;
        }
        return product(Arrays.copyOf(shape, shape.length - 2)).multiply(plane);
    }

    /**
     * Runs one reader: too large gives {@code shape_too_large} with a message that {@code names} the
     * column; a shape whose product is the cell's length gives that tensor; any other gives
     * {@code otherwise}, the reader's ordinary mismatch.
     */
    private static void expect(Executable read, int[] shape, int length, boolean fits, String otherwise, String names,
                               String what) {
        if (!fits) {
            expectTooLarge(read, names, what);
            return;
        }
        if (product(shape).equals(BigInteger.valueOf(length))) {
            try {
                read.execute();
            } catch (Throwable e) {
                fail(what + " is a valid tensor, but: " + e, e);
            }
            return;
        }
        BadRecordException e = assertThrows(BadRecordException.class, read, what);
        assertEquals(otherwise, e.reason(), what + ": " + e.getMessage());
    }

    private static void expectTooLarge(Executable read, String names, String what) {
        Throwable thrown = assertThrows(Throwable.class, read, what);
        BadRecordException e = assertInstanceOf(BadRecordException.class, thrown, what + ": " + thrown);
        assertEquals(RecordReasons.SHAPE_TOO_LARGE, e.reason(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(names), e.getMessage());
        assertTrue(e.getMessage().contains("more than one array can hold"), e.getMessage());
    }

    /**
     * The cell length for a shape: its element count when small, else the count wrapped to 64 or
     * 32 bits when that is small (the lengths an unchecked product would accept), else 12.
     */
    private static int cellLength(int[] shape) {
        BigInteger count = product(shape);
        for (BigInteger candidate : new BigInteger[] {count, BigInteger.valueOf(count.longValue()),
                BigInteger.valueOf(count.intValue())}) {
            if (candidate.signum() >= 0 && candidate.compareTo(BigInteger.valueOf(SMALL)) <= 0) {
                return candidate.intValue();
            }
        }
        return 12;
    }

    /**
     * The wrapping shapes, the huge but valid ones, small shapes, and random shapes of rank 2 to 4 whose product lies just
     * below, at or just above 2^31 - 9 (the array limit), 2^31, 2^32, 2^63 and 2^64.
     */
    private static List<int[]> shapes(SplittableRandom random) {
        List<int[]> shapes = new ArrayList<>(List.of(WRAPPING));
        shapes.addAll(List.of(HUGE_BUT_VALID));
        BigInteger[] targets = {MAX, TWO.pow(31), TWO.pow(32), TWO.pow(63), TWO.pow(64), TWO.pow(93)};
        for (int i = 0; i < 400; i++) {
            int rank = 2 + random.nextInt(3);
            int[] shape = near(random, rank, targets[random.nextInt(targets.length)]);
            if (shape != null) {
                shapes.add(shape);
            }
        }
        for (int i = 0; i < 100; i++) {
            int[] shape = new int[2 + random.nextInt(3)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = 1 + random.nextInt(6);
            }
            shapes.add(shape);
        }
        return shapes;
    }

    /** A shape of {@code rank} whose product is within a few units of {@code target}, or null if none was found. */
    private static int[] near(SplittableRandom random, int rank, BigInteger target) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int[] shape = new int[rank];
            BigInteger partial = BigInteger.ONE;
            for (int d = 0; d < rank - 1; d++) {
                shape[d] = (int) Math.min(Integer.MAX_VALUE, Math.round(Math.pow(2, random.nextDouble() * 31)));
                partial = partial.multiply(BigInteger.valueOf(shape[d]));
            }
            BigInteger last = target.divide(partial).add(BigInteger.valueOf(random.nextInt(3) - 1));
            if (last.signum() > 0 && last.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
                shape[rank - 1] = last.intValue();
                int swap = random.nextInt(rank);
                int t = shape[swap];
                shape[swap] = shape[rank - 1];
                shape[rank - 1] = t;
                return shape;
            }
        }
        return null;
    }

    private static BigInteger product(int[] shape) {
        BigInteger p = BigInteger.ONE;
        for (int dim : shape) {
            p = p.multiply(BigInteger.valueOf(dim));
        }
        return p;
    }
}
