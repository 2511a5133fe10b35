package io.tensorpool.kernel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which float32 and uint8 kernels run, and the Vector API ones against the scalar ones directly.
 *
 * <p>The build runs the kernel tests twice (see the surefire executions in {@code pom.xml}): with
 * {@code jdk.incubator.vector}, where every reference and golden test goes through
 * {@link VectorMax} and {@link VectorAvg}, and without it, where they go through the scalar
 * kernels. Each run says which it expects in {@code tensorpool.test.expectVectorKernels}, so that
 * a JVM that silently took the other path fails here instead of passing twice on one path.
 */
class VectorKernelsTest {
    /**
     * Tests that need the vector kernels in the JVM; the build's run without the module leaves
     * them out ({@code excludedGroups} in the pom) instead of reporting them skipped.
     */
    static final String VECTOR_ONLY = "vector-kernels";

    private static final String EXPECT = "tensorpool.test.expectVectorKernels";

    @Test
    void thePathInForceIsTheOneThisTestRunExpects() {
        String expected = System.getProperty(EXPECT);
        assumeTrue(expected != null, EXPECT + " is set by the Maven build only");
        boolean vector = Boolean.parseBoolean(expected);
        assertEquals(vector, VectorKernels.moduleInBootLayer(), "jdk.incubator.vector in the boot layer");
        assertEquals(vector, VectorKernels.enabled(), "vector kernels enabled");
        WindowGeometry g = geometry(new int[] {3, 64, 64}, 2, 2, 0);
        float[] in = new float[3 * 64 * 64];
        assertEquals(vector, VectorKernels.maxFloats(in, 3, g, null) != null, "max took the vector kernel");
        assertEquals(vector, VectorKernels.averageFloats(in, 3, g, new float[32 * 32], true, null) != null,
                "avg took the vector kernel");
        assertEquals(vector, VectorKernels.maxUnsignedBytes(new byte[3 * 64 * 64], 3, g, null) != null,
                "uint8 max took the vector kernel");
    }

    @Test
    void thePropertyTurnsTheVectorKernelsOffAndNothingTurnsThemOnWithoutTheModule() {
        assertTrue(VectorKernels.decide(true, null));
        assertTrue(VectorKernels.decide(true, "true"));
        assertTrue(VectorKernels.decide(true, "yes"));
        assertFalse(VectorKernels.decide(true, "false"));
        assertFalse(VectorKernels.decide(true, " FALSE "));
        assertFalse(VectorKernels.decide(false, null));
        assertFalse(VectorKernels.decide(false, "true"));
    }

    /** The benchmark's geometries must take the vector kernels, not quietly fall back. */
    @Test
    @Tag(VECTOR_ONLY)
    void theIssueGeometriesTakeTheVectorKernels() {
        assumeTrue(VectorKernels.enabled(), "vector kernels not in this JVM");
        int[] shape = {3, 224, 224};
        assertTrue(VectorMax.handles(geometry(shape, 2, 2, 0)), "2x2/s2");
        assertTrue(VectorMax.handles(geometry(shape, 3, 1, 1)), "3x3/s1/p1");
        assertTrue(VectorMax.handles(geometry(shape, 3, 2, 1)), "3x3/s2/p1");
        assertTrue(VectorAvg.handles(geometry(shape, 3, 1, 1)), "avg 3x3/s1/p1");
        assertTrue(VectorBytes.handles(geometry(shape, 2, 2, 0)), "uint8 2x2/s2");
        // a plane too large for a per-thread scratch plane stays with the scalar kernels
        assertFalse(VectorMax.handles(geometry(new int[] {1, 2048, 2049}, 2, 2, 0)), "2048 x 2049");
        assertTrue(VectorMax.handles(geometry(new int[] {1, 2048, 2048}, 2, 2, 0)), "2048 x 2048");
    }

    /**
     * {@link VectorMax} against {@link SeparableMax} (the scalar path) on data full of signed zeros
     * and NaNs with payloads, plane by plane so that planes with and without NaN, and rows with
     * and without a {@code +0.0} maximum, all occur; bits must match.
     */
    @Test
    @Tag(VECTOR_ONLY)
    void vectorMaxMatchesTheScalarKernelBitForBit() {
        assumeTrue(VectorKernels.enabled(), "vector kernels not in this JVM");
        Random random = new Random(0x7EC7_0001L);
        int[][] shapes = {{5, 40, 37}, {4, 33, 70}, {2, 16, 16}, {3, 9, 35}};
        int[][] windows = {{2, 2, 0}, {3, 1, 1}, {3, 2, 1}, {2, 1, 0}, {3, 1, 0}};
        for (int[] shape : shapes) {
            for (int[] w : windows) {
                WindowGeometry g = geometry(shape, w[0], w[1], w[2]);
                if (!VectorMax.handles(g)) {
                    continue;
                }
                float[] in = adversarial(random, shape[0] * shape[1] * shape[2]);
                float[] want = SeparableMax.floats(in, shape[0], g, null);
                float[] got = VectorMax.floats(in, shape[0], g, null);
                assertBits(want, got, "max " + java.util.Arrays.toString(w) + " on " + java.util.Arrays.toString(shape));
            }
        }
    }

    /**
     * {@link VectorBytes} against {@link SeparableMax#bytes} (the scalar uint8 path) and a plain
     * unsigned maximum per window, on rows of one vector of windows, one more, one less than two,
     * two and a half, odd widths (last column in no window), a row stride other than 2, and bytes
     * around the sign bit (0, 1, 127, 128, 129, 254, 255) where signed order would go wrong.
     */
    @Test
    @Tag(VECTOR_ONLY)
    void vectorUint8MaxMatchesTheScalarKernelBitForBit() {
        assumeTrue(VectorKernels.enabled(), "vector kernels not in this JVM");
        Random random = new Random(0x7EC7_0003L);
        int per = VectorBytes.PER;
        int[] widths = {2 * per, 2 * per + 1, 2 * per + 2, 4 * per - 2, 4 * per + 1, 5 * per + 6};
        int[][] strides = {{2, 2}, {1, 2}, {3, 2}};
        byte[] edges = {0, 1, 127, (byte) 128, (byte) 129, (byte) 254, (byte) 255};
        int compared = 0;
        for (int width : widths) {
            for (int[] stride : strides) {
                int[] shape = {3, 7, width};
                WindowGeometry g = SlidingWindows.resolve("pool", shape, IntPair.of(2), IntPair.of(stride[0], stride[1]),
                        IntPair.of(1), Padding.symmetric(0, 0), false);
                assertTrue(VectorBytes.handles(g), "width " + width + " stride " + java.util.Arrays.toString(stride));
                byte[] in = new byte[3 * 7 * width];
                for (int i = 0; i < in.length; i++) {
                    in[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : edges[random.nextInt(edges.length)];
                }
                String where = "uint8 max 2x2 stride " + java.util.Arrays.toString(stride) + " on "
                        + java.util.Arrays.toString(shape);
                byte[] got = VectorBytes.unsignedMax(in, 3, g, null);
                assertArrayEquals(SeparableMax.bytes(in, 3, g, 0x80, null), got, where + " vs SeparableMax");
                assertArrayEquals(plainUnsignedMax(in, 3, g), got, where + " vs plain max");
                compared++;
            }
        }
        assertEquals(widths.length * strides.length, compared);
    }

    /** Only 2x2 windows, full, without dilation and at column stride 2 take the uint8 vector kernel. */
    @Test
    @Tag(VECTOR_ONLY)
    void theUint8VectorKernelTakesOnlyFullTwoByTwoStrideTwoWindows() {
        assumeTrue(VectorKernels.enabled(), "vector kernels not in this JVM");
        int w = 2 * VectorBytes.PER + 1;
        int[] shape = {1, 9, w};
        assertTrue(VectorBytes.handles(geometry(shape, 2, 2, 0)), "2x2/s2");
        assertFalse(VectorBytes.handles(geometry(shape, 2, 2, 1)), "padding");
        assertFalse(VectorBytes.handles(geometry(shape, 2, 1, 0)), "column stride 1");
        assertFalse(VectorBytes.handles(geometry(shape, 3, 2, 1)), "3x3");
        assertFalse(VectorBytes.handles(SlidingWindows.resolve("pool", shape, IntPair.of(2), IntPair.of(2),
                IntPair.of(1), Padding.symmetric(0, 0), true)), "ceil_mode: a last window of one column");
        assertFalse(VectorBytes.handles(SlidingWindows.resolve("pool", shape, IntPair.of(2), IntPair.of(2),
                IntPair.of(2), Padding.symmetric(0, 0), false)), "dilation");
        assertFalse(VectorBytes.handles(geometry(new int[] {1, 9, 2 * VectorBytes.PER - 1}, 2, 2, 0)),
                "fewer windows than one vector");
    }

    private static byte[] plainUnsignedMax(byte[] in, int planes, WindowGeometry g) {
        byte[] out = new byte[planes * g.outputPlane()];
        int w = g.inputWidth();
        for (int p = 0, o = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outputHeight(); oh++) {
                for (int ow = 0; ow < g.outputWidth(); ow++, o++) {
                    int max = 0;
                    for (int r = g.rows.first[oh]; r < g.rows.first[oh] + g.rows.count[oh]; r++) {
                        for (int c = g.cols.first[ow]; c < g.cols.first[ow] + g.cols.count[ow]; c++) {
                            max = Math.max(max, in[p * g.inputPlane() + r * w + c] & 0xFF);
                        }
                    }
                    out[o] = (byte) max;
                }
            }
        }
        return out;
    }

    /** {@link VectorAvg} against the scalar kernel {@link AvgPoolKernels#scalarAverage}. */
    @Test
    @Tag(VECTOR_ONLY)
    void vectorAvgMatchesTheScalarKernelBitForBit() {
        assumeTrue(VectorKernels.enabled(), "vector kernels not in this JVM");
        Random random = new Random(0x7EC7_0002L);
        int[][] shapes = {{5, 40, 37}, {4, 33, 70}, {2, 16, 16}};
        int[][] windows = {{2, 2, 0}, {3, 1, 1}, {3, 2, 1}, {2, 1, 0}};
        for (int[] shape : shapes) {
            for (int[] w : windows) {
                for (boolean countIncludePad : new boolean[] {true, false}) {
                    WindowGeometry g = geometry(shape, w[0], w[1], w[2]);
                    if (!VectorAvg.handles(g)) {
                        continue;
                    }
                    Divisors divisors = Divisors.avgPool(g, countIncludePad, null);
                    float[] in = adversarial(random, shape[0] * shape[1] * shape[2]);
                    float[] divisor = AvgPoolKernels.toFloats(divisors.first());
                    float[] want = AvgPoolKernels.scalarAverage(in, shape[0], g, divisor, null, true, null);
                    float[] got = VectorAvg.floats(in, shape[0], g, divisor, true, null);
                    assertSameValues(want, got, "avg " + java.util.Arrays.toString(w) + " include_pad=" + countIncludePad
                            + " on " + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    private static WindowGeometry geometry(int[] shape, int kernel, int stride, int pad) {
        return SlidingWindows.resolve("pool", shape, IntPair.of(kernel), IntPair.of(stride), IntPair.of(1),
                Padding.symmetric(pad, pad), false);
    }

    /** Small integers and ±0.0 (ties and signed zeros everywhere); NaNs with payloads in some planes only. */
    private static float[] adversarial(Random random, int n) {
        float[] a = new float[n];
        boolean nan = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(10);
            a[i] = pick < 3 ? (random.nextBoolean() ? 0f : -0f)
                    : pick == 3 && nan && random.nextInt(50) == 0
                    ? Float.intBitsToFloat((random.nextBoolean() ? 0xFFC0_0000 : 0x7FC0_0000) | random.nextInt(0x3F_FFFF))
                    : random.nextInt(7) - 5;
        }
        return a;
    }

    /** Bits, except that NaN matches any NaN: a sum's NaN payload is not part of the contract. */
    private static void assertSameValues(float[] want, float[] got, String where) {
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i])) {
                assertTrue(Float.isNaN(got[i]), where + ": cell " + i + " expected NaN, got " + got[i]);
                got[i] = want[i];
            }
        }
        assertBits(want, got, where);
    }

    private static void assertBits(float[] want, float[] got, String where) {
        assertEquals(want.length, got.length, where + ": length");
        for (int i = 0; i < want.length; i++) {
            int w = Float.floatToRawIntBits(want[i]);
            int g = Float.floatToRawIntBits(got[i]);
            assertEquals(w, g, where + ": cell " + i + " expected " + want[i] + " (0x" + Integer.toHexString(w)
                    + ") got " + got[i] + " (0x" + Integer.toHexString(g) + ")");
        }
    }
}
