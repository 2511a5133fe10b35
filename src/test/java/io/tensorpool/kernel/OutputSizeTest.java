package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link OutputSize} against sizes PyTorch reports, and the automatic padding modes against
 * TensorFlow's rule: SAME gives {@code ceil(In / s)}, VALID gives {@code ceil((In - ke + 1) / s)}.
 */
class OutputSizeTest {

    @ParameterizedTest(name = "In={0} k={1} s={2} d={3} pad=({4},{5}) ceil={6} -> {7}")
    @CsvSource({
        // floor mode
        "4, 3, 3, 1, 0, 0, false, 1",
        "4, 3, 2, 1, 1, 1, false, 2",
        "7, 3, 2, 2, 1, 1, false, 3",
        // a kernel longer than the padded input: a true floor, PyTorch's -1 (golden cases 90 and 155)
        "2, 4, 1, 1, 0, 0, false, -1",
        "1, 3, 1, 1, 0, 0, false, -1",
        "2, 3, 3, 1, 0, 0, false, 0",
        // ceil mode keeps a partial last window
        "5, 2, 2, 1, 0, 0, true, 3",
        "5, 2, 3, 1, 0, 0, true, 2",
        // ... but drops one that would start in the trailing padding: ceil(3 / 2) + 1 = 3, then 2
        "3, 2, 2, 1, 1, 1, true, 2",
        // asymmetric padding
        "5, 3, 2, 1, 2, 0, false, 3",
        "5, 3, 2, 1, 0, 2, true, 3",
    })
    void matchesPyTorch(int in, int k, int s, int d, int before, int after, boolean ceil, long expected) {
        assertEquals(expected, OutputSize.of(in, k, s, d, before, after, ceil));
    }

    @Test
    void effectiveKernelSpansTheDilatedTaps() {
        assertEquals(1, OutputSize.effectiveKernel(1, 5));
        assertEquals(5, OutputSize.effectiveKernel(3, 2));
        assertEquals(3, OutputSize.effectiveKernel(3, 1));
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> OutputSize.of(4, 2, 0, 1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.of(4, 0, 1, 1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.of(4, 2, 1, 0, 0, 0, false));
    }

    @Test
    void samePaddingGivesTensorFlowsCeilOfInOverStride() {
        for (Padding.Auto mode : new Padding.Auto[] {Padding.Auto.SAME, Padding.Auto.SAME_LOWER}) {
            for (int in = 1; in <= 12; in++) {
                for (int k = 1; k <= 5; k++) {
                    for (int s = 1; s <= 4; s++) {
                        for (int d = 1; d <= 3; d++) {
                            for (boolean ceil : new boolean[] {false, true}) {
                                int[] shape = new MaxPool2d(IntPair.of(k), IntPair.of(s), mode, IntPair.of(d), ceil, false)
                                        .outputShape(new int[] {in, in});
                                int tensorFlow = (in + s - 1) / s;
                                String where = mode + " In=" + in + " k=" + k + " s=" + s + " d=" + d + " ceil=" + ceil;
                                assertArrayEquals(new int[] {tensorFlow, tensorFlow}, shape, where);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void sameLowerPutsTheOddPaddingCellFirst() {
        // In 4, k 2, s 1: one cell of padding in total.
        IntPair kernel = IntPair.of(2);
        IntPair stride = IntPair.of(1);
        assertArrayEquals(new int[] {0, 0, 1, 1}, Padding.Auto.SAME.resolve(4, 4, kernel, stride));
        assertArrayEquals(new int[] {1, 1, 0, 0}, Padding.Auto.SAME_LOWER.resolve(4, 4, kernel, stride));
        // SAME: the trailing cell sees the padding; SAME_LOWER: the leading one.
        Tensor row = Tensor.ofFloats(new float[] {4, 8, 12, 16}, 1, 4);
        assertArrayEquals(new float[] {6, 10, 14, 8},
                new AvgPool2d(IntPair.of(1, 2), stride, Padding.Auto.SAME, null, false, true, null).apply(row).values().floats());
        assertArrayEquals(new float[] {2, 6, 10, 14},
                new AvgPool2d(IntPair.of(1, 2), stride, Padding.Auto.SAME_LOWER, null, false, true, null).apply(row).values().floats());
    }

    @Test
    void validPaddingGivesTensorFlowsRule() {
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 4; s++) {
                    int tensorFlow = (in - k + 1 + s - 1) / s;
                    MaxPool2d pool = new MaxPool2d(IntPair.of(k), IntPair.of(s), Padding.Auto.VALID, null, false, false);
                    int[] plane = {in, in};
                    if (in < k) {
                        assertThrows(IllegalArgumentException.class, () -> pool.outputShape(plane));
                    } else {
                        assertArrayEquals(new int[] {tensorFlow, tensorFlow}, pool.outputShape(plane),
                                "In=" + in + " k=" + k + " s=" + s);
                    }
                }
            }
        }
    }
}
