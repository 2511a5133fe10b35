package io.tensorpool.kernel;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' fast paths (separable max with its zero/NaN fix-up, blocked and unrolled sums)
 * against {@link NaiveReference} on planes large enough to reach them: interiors, borders, several
 * row blocks, odd sizes and planes smaller than the window, in every element type. Data is
 * adversarial for the fast paths: NaNs with distinct payloads and both signs (the last one in
 * scan order must win, bits and all), {@code -0.0} and {@code +0.0} in either order (the first
 * zero of a window must win), {@code -inf}-only regions and ties, placed at random and on purpose
 * in the first and last rows and columns.
 *
 * <p>Each case also runs through {@link PoolOp#applyInto} with an output array full of garbage,
 * which must come back identical to {@code apply}'s.
 *
 * <p>Max values are compared by raw bits, NaN payloads included. Averages compare NaN as NaN (the
 * hardware's choice of payload in a sum of two NaNs is not part of the contract) and every other
 * value by raw bits.
 */
class FastPathTest {
    private static final long SEED = 0x5EED_FA57L;

    private static final int[][] SHAPES = {
        {2, 3, 37, 41}, // odd sizes, several planes
        {1, 1, 300, 30}, // more rows than one block holds
        {1, 20, 500}, // wide rows: small blocks
        {1, 64, 64},
        {2, 1, 9, 8},
        {1, 1, 3, 3},
        {2, 2}, // smaller than most windows
        {1, 2, 9}, // a 2-row plane: dilated windows that see no input row
        {1, 9, 2},
        {1, 1, 1, 7},
        {1, 1, 6, 1},
        {2, 1, 16, 16}, // a row of exactly one vector of 16 lanes (stride 2: of 8 outputs)
        {1, 2, 19, 35}, // rows of one vector and a few columns: the last vector overlaps
        {2, 1, 5, 67}, // uint8 2x2/s2: 33 windows a row, one 32-window vector (AVX-512) and an overlapping one
        {1, 3, 6, 131}, // uint8 2x2/s2: 65 windows a row (two vectors and one), an odd width, the last column unused
    };

    private enum Fill { MIXED, ZEROS_ONLY, SIGNED_ZERO_TIES, NAN_HEAVY, NEGATIVE_INFINITY_BLOCKS, BORDERS }

    @TestFactory
    List<DynamicTest> fastPathsMatchTheReferenceBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PoolSpec spec : specs()) {
            tests.add(DynamicTest.dynamicTest(spec.toString(), () -> runSpec(spec)));
        }
        return tests;
    }

    private static void runSpec(PoolSpec spec) {
        Random random = new Random(SEED ^ spec.toString().hashCode());
        PoolOp op = spec.toOp();
        int compared = 0;
        for (int[] shape : SHAPES) {
            for (ElementType type : ElementType.values()) {
                for (Fill fill : Fill.values()) {
                    if (!type.isFloatingPoint() && fill != Fill.MIXED && fill != Fill.BORDERS) {
                        continue;
                    }
                    Object data = data(random, type, shape, fill);
                    String where = "spec=" + spec + " type=" + type + " shape=" + Arrays.toString(shape) + " fill=" + fill;
                    NaiveReference.Outcome expected = NaiveReference.run(spec, type, data, shape);
                    if (expected.rejection() != null) {
                        continue;
                    }
                    Object before = RandomTensors.copy(data);
                    PoolResult actual = op.apply(Tensor.of(type, data, shape));
                    assertTrue(RandomTensors.sameBits(before, data), where + ": the input array was modified");
                    assertArrayEquals(expected.shape(), actual.values().shape(), where + ": shape");
                    assertSame(expected.values(), actual.values().data(), spec.isMaxLike(), where);
                    if (expected.indices() != null) {
                        assertArrayEquals(expected.indices(), actual.indices(), where + ": indices");
                    }
                    // The same into a caller's dirty output array: every cell must be overwritten.
                    Tensor output = dirtyOutput(random, op.outputType(type), expected.shape());
                    PoolResult into = op.applyInto(Tensor.of(type, data, shape), output);
                    assertTrue(into.values().data() == output.data(), where + ": applyInto must fill the caller's array");
                    assertSame(expected.values(), output.data(), spec.isMaxLike(), where + " (applyInto)");
                    if (expected.indices() != null) {
                        assertArrayEquals(expected.indices(), into.indices(), where + ": indices (applyInto)");
                    }
                    assertTrue(RandomTensors.sameBits(before, data), where + ": applyInto modified the input");
                    compared++;
                }
            }
        }
        assertTrue(compared > 20, spec + ": only " + compared + " runs compared");
    }

    private static List<PoolSpec> specs() {
        List<PoolSpec> specs = new ArrayList<>();
        for (PoolSpec.Kind kind : new PoolSpec.Kind[] {PoolSpec.Kind.MAX, PoolSpec.Kind.AVG, PoolSpec.Kind.LP}) {
            for (boolean indices : kind == PoolSpec.Kind.MAX ? new boolean[] {false, true} : new boolean[] {false}) {
                specs.add(sliding(kind, 2, 2, 1, null, false, true, indices));
                specs.add(sliding(kind, 3, 2, 1, new int[] {1, 1, 1, 1}, false, true, indices));
                specs.add(sliding(kind, 3, 1, 1, new int[] {1, 1, 1, 1}, false, true, indices));
                specs.add(sliding(kind, 3, 1, 1, new int[] {1, 1, 1, 1}, false, false, indices));
                specs.add(sliding(kind, 2, 1, 1, null, false, true, indices));
                specs.add(sliding(kind, 3, 3, 1, null, true, true, indices));
                specs.add(sliding(kind, 5, 1, 1, new int[] {2, 2, 2, 2}, false, false, indices));
                specs.add(sliding(kind, 3, 2, 2, new int[] {1, 1, 1, 1}, true, true, indices));
                specs.add(sliding(kind, 4, 3, 1, new int[] {0, 1, 2, 1}, true, false, indices));
                specs.add(sliding(kind, 1, 1, 1, null, false, true, indices));
                specs.add(sliding(kind, 2, 2, 1, null, true, true, indices));
                // dilation stepping over a 2-long axis: windows of padding only
                specs.add(sliding(kind, 2, 1, 3, new int[] {1, 1, 1, 1}, false, true, indices));
                specs.add(sliding(kind, 2, 2, 3, new int[] {1, 0, 1, 0}, true, false, indices));
            }
        }
        specs.add(new PoolSpec(PoolSpec.Kind.AVG, new int[] {2, 2}, null, null, PoolSpec.PaddingMode.DEFAULT, null,
                false, true, -3, 0, null, false));
        specs.add(new PoolSpec(PoolSpec.Kind.AVG, new int[] {3, 3}, new int[] {1, 1}, null,
                PoolSpec.PaddingMode.SYMMETRIC, new int[] {1, 1, 1, 1}, false, true, 7, 0, null, false));
        for (Integer[] size : new Integer[][] {{7, 7}, {5, 3}, {1, 1}, {50, 50}, {null, 2}}) {
            for (boolean indices : new boolean[] {false, true}) {
                specs.add(new PoolSpec(PoolSpec.Kind.ADAPTIVE_MAX, null, null, null, PoolSpec.PaddingMode.DEFAULT, null,
                        false, false, null, 0, size, indices));
            }
            specs.add(new PoolSpec(PoolSpec.Kind.ADAPTIVE_AVG, null, null, null, PoolSpec.PaddingMode.DEFAULT, null,
                    false, false, null, 0, size, false));
        }
        specs.add(new PoolSpec(PoolSpec.Kind.GLOBAL_MAX, null, null, null, PoolSpec.PaddingMode.DEFAULT, null,
                false, false, null, 0, null, false));
        return specs;
    }

    private static PoolSpec sliding(PoolSpec.Kind kind, int k, int s, int d, int[] pads, boolean ceil,
                                    boolean countIncludePad, boolean indices) {
        return new PoolSpec(kind, new int[] {k, k}, new int[] {s, s}, d == 1 ? null : new int[] {d, d},
                pads == null ? PoolSpec.PaddingMode.DEFAULT : PoolSpec.PaddingMode.ASYMMETRIC, pads, ceil,
                countIncludePad, null, kind == PoolSpec.Kind.LP ? 2.0 : 0, null, indices);
    }

    /**
     * The case that makes a plain column-first separable max wrong: the scan meets {@code +0.0}
     * (row 0) before {@code -0.0} (row 1) and keeps it; maxima down the columns first would give
     * {@code -0.0} and {@code +0.0} and then keep the {@code -0.0}. Padded and tiled so that the
     * window is an interior one of the fast path, not a border one.
     */
    @Test
    void signedZerosFollowTheScanNotTheColumns() {
        float[] tile = {-1f, 0f, -0f, -1f};
        for (ElementType type : new ElementType[] {ElementType.FLOAT32, ElementType.FLOAT64}) {
            int h = 8;
            int w = 8;
            float[] plane = new float[h * w];
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    plane[r * w + c] = tile[(r % 2) * 2 + c % 2];
                }
            }
            Object data = plane;
            if (type == ElementType.FLOAT64) {
                double[] d = new double[plane.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = plane[i];
                }
                data = d;
            }
            PoolResult result = MaxPool2d.of(2).apply(Tensor.of(type, data, h, w));
            for (int i = 0; i < 16; i++) {
                double v = type == ElementType.FLOAT32 ? result.values().floats()[i] : result.values().doubles()[i];
                assertEquals(0L, Double.doubleToRawLongBits(v), type + " window " + i + " must be +0.0, got " + v);
            }
        }
    }

    @Test
    void applyIntoRejectsAnOutputThatDoesNotFit() {
        float[] data = new float[2 * 4 * 4];
        Tensor input = Tensor.ofFloats(data, 2, 4, 4);
        PoolOp max = MaxPool2d.of(2);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> max.applyInto(input, Tensor.ofFloats(new float[2 * 3 * 2], 2, 3, 2)));
        assertEquals("max_pool2d: an input of float32 [2, 4, 4] pools into float32 [2, 2, 2], but the output tensor"
                + " is float32 [2, 3, 2]", shape.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> AvgPool2d.of(2).applyInto(Tensor.of(ElementType.UINT8, new byte[16], 4, 4),
                        Tensor.of(ElementType.UINT8, new byte[4], 2, 2)));
        assertEquals("avg_pool2d: an input of uint8 [4, 4] pools into float32 [2, 2], but the output tensor is uint8"
                + " [2, 2]", type.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(IntPair.of(1), null, null, null, false, false).applyInto(input, input));
        assertEquals("max_pool2d: the output tensor must not share the input's array", same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> max.applyInto(input, null));
    }

    private static Tensor dirtyOutput(Random random, ElementType type, int[] shape) {
        int n = (int) Tensor.elementCount(shape);
        Object array = switch (type) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean() ? Float.NaN : -0f;
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                java.util.Arrays.fill(a, Double.NaN);
                yield a;
            }
            default -> RandomTensors.data(random, type, n);
        };
        return Tensor.of(type, array, shape);
    }

    // ---------------------------------------------------------------- data

    private static Object data(Random random, ElementType type, int[] shape, Fill fill) {
        int n = (int) Tensor.elementCount(shape);
        int w = shape[shape.length - 1];
        int h = shape[shape.length - 2];
        if (!type.isFloatingPoint()) {
            Object data = RandomTensors.data(random, type, n);
            if (fill == Fill.BORDERS) {
                // extremes on the first and last rows and columns
                for (int i = 0; i < n; i++) {
                    int c = i % w;
                    int r = (i / w) % h;
                    if (c == 0 || r == 0 || c == w - 1 || r == h - 1) {
                        setInteger(type, data, i, random.nextBoolean());
                    }
                }
            }
            return data;
        }
        double[] values = new double[n];
        float[] floats = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % w;
            int r = (i / w) % h;
            boolean border = c == 0 || r == 0 || c == w - 1 || r == h - 1;
            float v;
            switch (fill) {
                case ZEROS_ONLY -> v = random.nextBoolean() ? 0f : -0f;
                case SIGNED_ZERO_TIES -> v = random.nextInt(4) == 0 ? (random.nextBoolean() ? -1f : -0f)
                        : random.nextBoolean() ? 0f : -0f;
                case NAN_HEAVY -> v = random.nextInt(3) == 0 ? nan(random) : small(random);
                case NEGATIVE_INFINITY_BLOCKS -> v = (r / 3 + c / 3) % 2 == 0 ? Float.NEGATIVE_INFINITY : small(random);
                case BORDERS -> v = border ? special(random) : small(random);
                default -> v = random.nextInt(12) == 0 ? special(random) : small(random);
            }
            floats[i] = v;
            values[i] = v;
        }
        if (type == ElementType.FLOAT32) {
            return floats;
        }
        // Widen by bits so that NaN payloads survive into float64 (a cast may quiet or keep them).
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(floats[i])) {
                int bits = Float.floatToRawIntBits(floats[i]);
                long payload = bits & 0x3FFFFFL;
                long sign = bits >>> 31;
                values[i] = Double.longBitsToDouble((sign << 63) | 0x7FF8_0000_0000_0000L | payload);
            }
        }
        return values;
    }

    private static float small(Random random) {
        return random.nextBoolean() ? random.nextInt(5) - 2 : (float) random.nextGaussian();
    }

    private static float nan(Random random) {
        int payload = 1 + random.nextInt(0x3FFFFF);
        int sign = random.nextBoolean() ? 0x8000_0000 : 0;
        return Float.intBitsToFloat(sign | 0x7FC0_0000 | payload);
    }

    private static float special(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> nan(random);
            case 1 -> 0f;
            case 2 -> -0f;
            case 3 -> Float.NEGATIVE_INFINITY;
            case 4 -> Float.POSITIVE_INFINITY;
            default -> random.nextInt(3) - 1;
        };
    }

    private static void setInteger(ElementType type, Object data, int i, boolean high) {
        switch (type) {
            case UINT8 -> ((byte[]) data)[i] = high ? (byte) 255 : 0;
            case INT8 -> ((byte[]) data)[i] = high ? Byte.MAX_VALUE : Byte.MIN_VALUE;
            case INT16 -> ((short[]) data)[i] = high ? Short.MAX_VALUE : Short.MIN_VALUE;
            case INT32 -> ((int[]) data)[i] = high ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            case INT64 -> ((long[]) data)[i] = high ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> throw new IllegalStateException(type.toString());
        }
    }

    // ---------------------------------------------------------------- comparison

    private static void assertSame(Object expected, Object actual, boolean exactNaN, String where) {
        assertEquals(expected.getClass(), actual.getClass(), where + ": output array type");
        if (expected instanceof float[] want) {
            float[] got = (float[]) actual;
            for (int i = 0; i < want.length; i++) {
                boolean same = !exactNaN && Float.isNaN(want[i]) ? Float.isNaN(got[i])
                        : Float.floatToRawIntBits(want[i]) == Float.floatToRawIntBits(got[i]);
                assertTrue(same, where + ": value " + i + " expected " + bits(want[i]) + " got " + bits(got[i]));
            }
        } else if (expected instanceof double[] want) {
            double[] got = (double[]) actual;
            for (int i = 0; i < want.length; i++) {
                boolean same = !exactNaN && Double.isNaN(want[i]) ? Double.isNaN(got[i])
                        : Double.doubleToRawLongBits(want[i]) == Double.doubleToRawLongBits(got[i]);
                assertTrue(same, where + ": value " + i + " expected " + want[i] + " ("
                        + Long.toHexString(Double.doubleToRawLongBits(want[i])) + ") got " + got[i] + " ("
                        + Long.toHexString(Double.doubleToRawLongBits(got[i])) + ")");
            }
        } else {
            assertTrue(RandomTensors.sameBits(expected, actual), where + ": integer values differ");
        }
    }

    private static String bits(float v) {
        return v + " (0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + ")";
    }
}
