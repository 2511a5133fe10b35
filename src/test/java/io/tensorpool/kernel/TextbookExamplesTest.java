package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Small examples worked out by hand, as they appear in PyTorch's documentation and tutorials:
 * each expected tensor is written out in full.
 */
class TextbookExamplesTest {

    /** 0, 1, ..., n - 1 as a float32 tensor of the given shape. */
    private static Tensor arange(int... shape) {
        float[] data = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return Tensor.ofFloats(data, shape);
    }

    private static void assertPooled(float[] expected, int[] expectedShape, PoolResult result) {
        assertArrayEquals(expectedShape, result.values().shape());
        assertArrayEquals(expected, result.values().floats());
    }

    //  0  1  2  3
    //  4  5  6  7
    //  8  9 10 11
    // 12 13 14 15

    @Test
    void maxPool3OnA4x4Arange() {
        PoolResult result = MaxPool2d.of(3).apply(arange(1, 1, 4, 4));
        assertPooled(new float[] {10}, new int[] {1, 1, 1, 1}, result);
        assertNull(result.indices());
    }

    @Test
    void maxPool3Padding1Stride2() {
        MaxPool2d pool = new MaxPool2d(IntPair.of(3), IntPair.of(2), Padding.symmetric(1, 1), null, false, true);
        PoolResult result = pool.apply(arange(1, 1, 4, 4));
        assertPooled(new float[] {5, 7, 13, 15}, new int[] {1, 1, 2, 2}, result);
        assertArrayEquals(new long[] {5, 7, 13, 15}, result.indices());
    }

    @Test
    void maxPoolRectangularKernelWithWidthPadding() {
        MaxPool2d pool = new MaxPool2d(IntPair.of(2, 3), IntPair.of(2, 3), Padding.symmetric(0, 1), null, false, false);
        assertPooled(new float[] {5, 7, 13, 15}, new int[] {1, 1, 2, 2}, pool.apply(arange(1, 1, 4, 4)));
    }

    @Test
    void twoChannelsArePooledIndependently() {
        float[] data = new float[32];
        for (int i = 0; i < 16; i++) {
            data[i] = i;          // channel 1: arange
            data[16 + i] = i + 1; // channel 2: arange + 1
        }
        MaxPool2d pool = new MaxPool2d(IntPair.of(3), IntPair.of(2), Padding.symmetric(1, 1), null, false, true);
        PoolResult result = pool.apply(Tensor.ofFloats(data, 1, 2, 4, 4));
        assertPooled(new float[] {5, 7, 13, 15, 6, 8, 14, 16}, new int[] {1, 2, 2, 2}, result);
        // Indices count within each channel's own plane, PyTorch's convention.
        assertArrayEquals(new long[] {5, 7, 13, 15, 5, 7, 13, 15}, result.indices());
    }

    // 0 1 2
    // 3 4 5
    // 6 7 8

    @Test
    void maxOf2x2WindowsStride1On3x3() {
        MaxPool2d pool = new MaxPool2d(IntPair.of(2), IntPair.of(1), null, null, false, false);
        assertPooled(new float[] {4, 5, 7, 8}, new int[] {1, 2, 2}, pool.apply(arange(1, 3, 3)));
    }

    @Test
    void averageOf2x2WindowsStride1On3x3() {
        AvgPool2d pool = new AvgPool2d(IntPair.of(2), IntPair.of(1), null, null, false, true, null);
        assertPooled(new float[] {2, 3, 5, 6}, new int[] {1, 2, 2}, pool.apply(arange(1, 3, 3)));
    }

    @Test
    void averageCountsPaddingOnlyWhenAsked() {
        // 3x3 windows, stride 1, padding 1 on the 3x3 arange: the corner window holds 0, 1, 3, 4.
        AvgPool2d including = new AvgPool2d(IntPair.of(3), IntPair.of(1), Padding.symmetric(1, 1), null, false, true, null);
        AvgPool2d excluding = new AvgPool2d(IntPair.of(3), IntPair.of(1), Padding.symmetric(1, 1), null, false, false, null);
        float[] withPadding = including.apply(arange(3, 3)).values().floats();
        float[] withoutPadding = excluding.apply(arange(3, 3)).values().floats();
        assertEquals(8f / 9f, withPadding[0]);
        assertEquals(2f, withoutPadding[0]);
        assertEquals(36f / 9f, withPadding[4]);
        assertEquals(4f, withoutPadding[4]);
    }

    @Test
    void divisorOverrideReplacesTheWindowSize() {
        AvgPool2d pool = new AvgPool2d(IntPair.of(2), null, null, null, false, true, 3);
        // windows {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15} summed, over 3
        assertPooled(new float[] {10f / 3, 18f / 3, 42f / 3, 50f / 3}, new int[] {2, 2}, pool.apply(arange(4, 4)));
    }

    @Test
    void lpPoolWithP1SumsAndWithP2TakesTheEuclideanNorm() {
        LpPool2d sum = new LpPool2d(1.0, IntPair.of(2), null, null, null, false);
        assertPooled(new float[] {10, 18, 42, 50}, new int[] {2, 2}, sum.apply(arange(4, 4)));
        LpPool2d norm = new LpPool2d(2.0, IntPair.of(2), null, null, null, false);
        Tensor threeFour = Tensor.ofFloats(new float[] {3, 4, 0, 0}, 2, 2);
        assertPooled(new float[] {5}, new int[] {1, 1}, norm.apply(threeFour));
    }

    @Test
    void adaptivePoolingSplitsIntoOverlappingBins() {
        // 5 columns into 3 bins: [0, 2), [1, 4), [3, 5)
        Tensor row = Tensor.ofFloats(new float[] {1, 9, 2, 8, 3}, 1, 5);
        assertPooled(new float[] {9, 9, 8}, new int[] {1, 3}, new AdaptiveMaxPool2d(1, 3, false).apply(row));
        assertPooled(new float[] {5, 19f / 3, 5.5f}, new int[] {1, 3}, new AdaptiveAvgPool2d(1, 3).apply(row));
    }

    @Test
    void adaptiveOutputLargerThanTheInputRepeatsCells() {
        Tensor row = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
        assertPooled(new float[] {1, 1.5f, 2}, new int[] {1, 3}, new AdaptiveAvgPool2d(1, 3).apply(row));
    }

    @Test
    void nullOutputSizeKeepsThatAxis() {
        PoolResult result = new AdaptiveMaxPool2d(null, 1, true).apply(arange(3, 3));
        assertPooled(new float[] {2, 5, 8}, new int[] {3, 1}, result);
        assertArrayEquals(new long[] {2, 5, 8}, result.indices());
    }

    @Test
    void globalPoolingReducesEachPlaneToOneCell() {
        Tensor input = arange(2, 2, 2);
        PoolResult max = new GlobalMaxPool2d(true).apply(input);
        assertPooled(new float[] {3, 7}, new int[] {2, 1, 1}, max);
        assertArrayEquals(new long[] {3, 3}, max.indices());
        assertPooled(new float[] {1.5f, 5.5f}, new int[] {2, 1, 1}, new GlobalAvgPool2d().apply(input));
        assertPooled(new float[] {6, 22}, new int[] {2, 1, 1}, new GlobalLpPool2d(1.0).apply(input));
    }

    @Test
    void ceilModeKeepsAPartialLastWindow() {
        MaxPool2d pool = new MaxPool2d(IntPair.of(2), null, null, null, true, false);
        // 5x5 arange: windows start at 0, 2, 4 on each axis; the last holds one row or column.
        float[] data = new float[25];
        for (int i = 0; i < 25; i++) {
            data[i] = i;
        }
        assertPooled(new float[] {6, 8, 9, 16, 18, 19, 21, 23, 24}, new int[] {3, 3},
                pool.apply(Tensor.ofFloats(data, 5, 5)));
    }

    @Test
    void pipelineAppliesOperatorsInOrder() {
        PoolPipeline pipeline = new PoolPipeline(java.util.List.of(
                new AvgPool2d(IntPair.of(2), IntPair.of(1), null, null, false, true, null),
                new MaxPool2d(IntPair.of(2), null, null, null, false, true)));
        PoolResult result = pipeline.apply(arange(3, 3));
        // avg gives [[2, 3], [5, 6]]; max of that is 6 at position 3 of the 2x2 plane.
        assertPooled(new float[] {6}, new int[] {1, 1}, result);
        assertArrayEquals(new long[] {3}, result.indices());
        assertArrayEquals(new int[] {1, 1}, pipeline.outputShape(new int[] {3, 3}));
        assertEquals(ElementType.FLOAT32, pipeline.outputType(ElementType.UINT8));
    }
}
