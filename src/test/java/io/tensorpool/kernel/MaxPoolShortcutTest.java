package io.tensorpool.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact shortcuts between max-pooling scales: a coarse scale composed from a finer one has
 * the direct computation's shape and bits, NaN payloads and signed zeros included; the shortcut
 * is offered only where that holds.
 */
class MaxPoolShortcutTest {
    /** NaNs with distinct payloads (and a negative one), so that which NaN wins shows in the bits. */
    private static final float[] NANS = {Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0x7fc00001),
        Float.intBitsToFloat(0x7fa00002), Float.intBitsToFloat(0xffc00003)};

    private static PoolPipeline max(int kh, int kw) {
        return new PoolPipeline(List.of(new MaxPool2d(IntPair.of(kh, kw), null, null, null, false, false)));
    }

    private static float randomFloat(Random random) {
        int roll = random.nextInt(12);
        if (roll == 0) {
            return NANS[random.nextInt(NANS.length)];
        } else if (roll < 3) {
            return random.nextBoolean() ? 0.0f : -0.0f;
        } else if (roll == 3) {
            return random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        } else if (roll < 8) {
            return random.nextInt(3) - 2; // ties, at and below zero
        }
        return (float) random.nextGaussian();
    }

    private static int[] randomShape(Random random, int minPlane) {
        int rank = 2 + random.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank - 2; i++) {
            shape[i] = 1 + random.nextInt(3);
        }
        shape[rank - 2] = minPlane + random.nextInt(19);
        shape[rank - 1] = minPlane + random.nextInt(19);
        return shape;
    }

    @Test
    void composedScalesMatchTheDirectOnesBitForBitOnFloatsWithNaNPayloadsSignedZerosAndRemainders() {
        Random random = new Random(15);
        int[][] pairs = {{2, 2, 4, 4}, {2, 2, 8, 8}, {4, 4, 8, 8}, {2, 2, 6, 6}, {3, 3, 6, 9}, {1, 2, 2, 4},
            {2, 1, 4, 1}, {2, 3, 4, 3}};
        int compared = 0;
        for (int round = 0; round < 400; round++) {
            int[] pair = pairs[round % pairs.length];
            PoolPipeline fine = max(pair[0], pair[1]);
            PoolPipeline coarse = max(pair[2], pair[3]);
            MaxPoolShortcut shortcut = MaxPoolShortcut.between(fine, coarse).orElseThrow();
            int[] shape = randomShape(random, Math.max(pair[2], pair[3]));
            Tensor input = Tensor.of(ElementType.FLOAT32, floats(random, shape), shape);
            Object before = RandomTensors.copy(input.data());
            Tensor expected = coarse.apply(input).values();
            Tensor composed = shortcut.apply(input, fine.apply(input).values(), null);
            assertArrayEquals(expected.shape(), composed.shape(), "shape for " + java.util.Arrays.toString(shape));
            assertTrue(RandomTensors.sameBits(expected.data(), composed.data()),
                    "bits for " + java.util.Arrays.toString(shape) + " " + java.util.Arrays.toString(pair));
            assertTrue(RandomTensors.sameBits(before, input.data()), "the input is not written");
            compared += composed.size();
        }
        assertTrue(compared > 10_000, "enough cells compared: " + compared);
    }

    @Test
    void composedScalesMatchOnFloat64AndEveryIntegerType() {
        Random random = new Random(16);
        for (ElementType type : ElementType.values()) {
            for (int round = 0; round < 40; round++) {
                int[] shape = randomShape(random, 4);
                Object data = type == ElementType.FLOAT64 ? doubles(random, shape)
                        : RandomTensors.data(random, type, (int) Tensor.elementCount(shape));
                Tensor input = Tensor.of(type, data, shape);
                MaxPoolShortcut shortcut = MaxPoolShortcut.between(max(2, 2), max(4, 4)).orElseThrow();
                Tensor expected = max(4, 4).apply(input).values();
                Tensor composed = shortcut.apply(input, max(2, 2).apply(input).values(), null);
                assertArrayEquals(expected.shape(), composed.shape());
                assertTrue(RandomTensors.sameBits(expected.data(), composed.data()), type + " " + round);
            }
        }
    }

    /** Why cells that compose to a NaN or a zero are recomputed: the plain composition differs there. */
    @Test
    void thePlainCompositionPicksAnotherNaNAndAnotherZeroThanRowMajorOrder() {
        float first = NANS[1];
        float second = NANS[2];
        float[] nanWindow = new float[16];
        nanWindow[3] = first; // row 0, column 3: fine window (0, 1)
        nanWindow[4] = second; // row 1, column 0: fine window (0, 0), later in row-major order
        float[] zeroWindow = new float[16];
        java.util.Arrays.fill(zeroWindow, -1f);
        zeroWindow[3] = -0.0f;
        zeroWindow[4] = 0.0f;
        for (float[] window : List.of(nanWindow, zeroWindow)) {
            Tensor input = Tensor.ofFloats(window, 4, 4);
            float direct = max(4, 4).apply(input).values().floats()[0];
            Tensor fine = max(2, 2).apply(input).values();
            float plain = max(2, 2).apply(fine).values().floats()[0];
            assertNotEquals(Float.floatToRawIntBits(direct), Float.floatToRawIntBits(plain),
                    "the order matters for this window");
            float shortcut = MaxPoolShortcut.between(max(2, 2), max(4, 4)).orElseThrow().apply(input, fine, null)
                    .floats()[0];
            assertEquals(Float.floatToRawIntBits(direct), Float.floatToRawIntBits(shortcut));
        }
    }

    @Test
    void intoACallersTensorGivesTheSameValues() {
        Random random = new Random(17);
        int[] shape = {2, 3, 17, 23};
        Tensor input = Tensor.of(ElementType.FLOAT32, floats(random, shape), shape);
        MaxPoolShortcut shortcut = MaxPoolShortcut.between(max(2, 2), max(8, 8)).orElseThrow();
        Tensor output = Tensor.ofFloats(new float[2 * 3 * 2 * 2], 2, 3, 2, 2);
        Tensor composed = shortcut.apply(input, max(2, 2).apply(input).values(), output);
        assertTrue(composed.data() == output.data());
        assertTrue(RandomTensors.sameBits(max(8, 8).apply(input).values().data(), output.data()));
    }

    @Test
    void noShortcutWhereTheResultCouldDiffer() {
        PoolPipeline fine = max(2, 2);
        List<PoolOp> notTiling = List.of(
                new MaxPool2d(IntPair.of(4), IntPair.of(2), null, null, false, false), // overlapping
                new MaxPool2d(IntPair.of(4), null, Padding.symmetric(1, 1), null, false, false), // padded
                new MaxPool2d(IntPair.of(4), null, null, null, true, false), // ceil mode
                new MaxPool2d(IntPair.of(4), null, null, IntPair.of(2), false, false), // dilated
                new MaxPool2d(IntPair.of(4), null, null, null, false, true), // indices
                new MaxPool2d(IntPair.of(3), null, null, null, false, false), // not a multiple
                new MaxPool2d(IntPair.of(2), null, null, null, false, false), // the same scale
                new AvgPool2d(IntPair.of(4), null, null, null, false, true, null)); // averages round by order
        for (PoolOp op : notTiling) {
            assertFalse(MaxPoolShortcut.between(fine, new PoolPipeline(List.of(op))).isPresent(), op.toString());
        }
        assertFalse(MaxPoolShortcut.between(new PoolPipeline(List.of(new AvgPool2d(IntPair.of(2), null, null, null,
                false, true, null))), max(4, 4)).isPresent(), "from an average");
        assertFalse(MaxPoolShortcut.between(new PoolPipeline(List.of(MaxPool2d.of(2), MaxPool2d.of(2))), max(8, 8))
                .isPresent(), "pipelines of more than one operator");
        assertTrue(MaxPoolShortcut.between(new PoolPipeline(List.of(new MaxPool2d(IntPair.of(2), null, null, null,
                false, true))), max(4, 4)).isPresent(), "the fine scale may return indices: its values are the same");
    }

    @Test
    void sharedScalesComposeFromTheFinestSourceInAnyDeclarationOrderAndEqualTheDirectPipelines() {
        List<PoolPipeline> pipelines = List.of(max(8, 8), max(2, 2), new PoolPipeline(List.of(
                new AvgPool2d(IntPair.of(4), null, null, null, false, true, null))), max(4, 4));
        SharedScales scales = SharedScales.shared(pipelines);
        assertEquals(3, scales.source(0), "1/8 from 1/4");
        assertEquals(-1, scales.source(1));
        assertEquals(-1, scales.source(2), "an average is never composed");
        assertEquals(1, scales.source(3), "1/4 from 1/2");
        int[] order = scales.order();
        assertTrue(indexOf(order, 1) < indexOf(order, 3) && indexOf(order, 3) < indexOf(order, 0));
        Random random = new Random(18);
        for (int round = 0; round < 50; round++) {
            int[] shape = randomShape(random, 8);
            Tensor input = Tensor.of(ElementType.FLOAT32, floats(random, shape), shape);
            PoolResult[] results = scales.apply(input);
            for (int i = 0; i < pipelines.size(); i++) {
                float[] expected = pipelines.get(i).apply(input).values().floats();
                float[] actual = results[i].values().floats();
                assertEquals(expected.length, actual.length);
                for (int j = 0; j < expected.length; j++) {
                    // Max by raw bits; the average's NaN payload is the hardware's, so any NaN there.
                    assertEquals(i == 2 ? Float.floatToIntBits(expected[j]) : Float.floatToRawIntBits(expected[j]),
                            i == 2 ? Float.floatToIntBits(actual[j]) : Float.floatToRawIntBits(actual[j]),
                            "output " + i + " element " + j);
                }
            }
        }
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static float[] floats(Random random, int[] shape) {
        float[] data = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = randomFloat(random);
        }
        return data;
    }

    private static double[] doubles(Random random, int[] shape) {
        double[] data = new double[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            float value = randomFloat(random);
            data[i] = value != value ? Double.longBitsToDouble(0x7ff8000000000000L | random.nextInt(4))
                    : value;
        }
        return data;
    }
}
