package io.tensorpool.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code absolute: true} on the Lp operators: ONNX's {@code LpPool} rule, {@code (sum |x|^p)^(1/p)},
 * with PyTorch's steps and powers otherwise; the default stays PyTorch's {@code (sum x^p)^(1/p)}.
 */
class LpPoolAbsoluteTest {

    private static LpPool2d lp(double p, int k, boolean absolute) {
        return new LpPool2d(p, IntPair.of(k), null, null, null, false, absolute);
    }

    @Test
    void oddPOnNegativeInputFollowsOnnxWhereTheDefaultGivesNaN() {
        // One 2x2 window of -1, 2, -3, 4 with p = 3: ONNX sums 1 + 8 + 27 + 64 = 100, PyTorch
        // -1 + 8 - 27 + 64 = 44; all negative, PyTorch's sum -100 has no real cube root here: NaN.
        Tensor mixed = Tensor.ofFloats(new float[] {-1, 2, -3, 4}, 2, 2);
        Tensor negative = Tensor.ofFloats(new float[] {-1, -2, -3, -4}, 2, 2);
        // PyTorch's steps: the mean of the powers (25 and 11), times the window's 4 taps, to 1/p.
        assertEquals(TorchPow.pow(100f, 1.0 / 3), lp(3, 2, true).apply(mixed).values().floats()[0]);
        assertEquals(4.6415887f, lp(3, 2, true).apply(mixed).values().floats()[0], 0f,
                "100^(1/3) rounded to float32, as ONNX's reference gives it");
        assertEquals(TorchPow.pow(44f, 1.0 / 3), lp(3, 2, false).apply(mixed).values().floats()[0]);
        assertTrue(Float.isNaN(lp(3, 2, false).apply(negative).values().floats()[0]), "PyTorch's rule: NaN");
        assertEquals(TorchPow.pow(100f, 1.0 / 3), lp(3, 2, true).apply(negative).values().floats()[0]);
        assertEquals(TorchPow.pow(100f, 1.0 / 3), new GlobalLpPool2d(3, true).apply(negative).values().floats()[0]);
        assertTrue(Float.isNaN(new GlobalLpPool2d(3).apply(negative).values().floats()[0]));
        // p = 1: ONNX's L1 is the sum of magnitudes, 10; PyTorch's the plain sum, -10.
        assertEquals(10f, lp(1, 2, true).apply(negative).values().floats()[0]);
        assertEquals(-10f, lp(1, 2, false).apply(negative).values().floats()[0]);
        assertEquals(10.0, new GlobalLpPool2d(1, true).apply(Tensor.ofDoubles(new double[] {-1, -2, -3, -4}, 2, 2))
                .values().doubles()[0]);
    }

    @Test
    void onNonNegativeInputBothRulesGiveTheSameBits() {
        Random random = new Random(31);
        double[] norms = {1, 2, 3, 1.5, 0.5, 7};
        for (int round = 0; round < 200; round++) {
            int[] shape = RandomTensors.shape(random);
            float[] data = new float[(int) Tensor.elementCount(shape)];
            double[] wide = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                int roll = random.nextInt(10);
                data[i] = roll == 0 ? -0.0f : roll == 1 ? 0.0f : roll == 2 ? Float.POSITIVE_INFINITY
                        : Math.abs((float) random.nextGaussian() * 4);
                wide[i] = data[i];
            }
            double p = norms[round % norms.length];
            int k = 1 + random.nextInt(Math.min(shape[shape.length - 1], shape[shape.length - 2]));
            for (Tensor input : new Tensor[] {Tensor.ofFloats(data, shape), Tensor.ofDoubles(wide, shape)}) {
                assertTrue(RandomTensors.sameBits(lp(p, k, false).apply(input).values().data(),
                        lp(p, k, true).apply(input).values().data()), "lp p=" + p + " k=" + k);
                assertTrue(RandomTensors.sameBits(new GlobalLpPool2d(p).apply(input).values().data(),
                        new GlobalLpPool2d(p, true).apply(input).values().data()), "global p=" + p);
            }
        }
    }
}
