package io.tensorpool.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code job-identity} bench job measures the job's read and write paths only if its operator,
 * {@link BenchJob#IDENTITY_OP}, is an exact identity: every float comes out with the bits it went
 * in with, NaN payloads, signed zeros, infinities and subnormals included.
 */
class JobIdentityTest {
    @Test
    void theIdentityOperatorReturnsEveryBitAsItCame() {
        PoolPipeline pipeline = BenchJob.JOB_IDENTITY.config(Layout.LIST, "in", "out").pipeline();
        SplittableRandom random = new SplittableRandom(16);
        int[] specials = {0x8000_0000, 0x0000_0000, 0x7f80_0000, 0xff80_0000, 0x0000_0001, 0x807f_ffff,
            0x7fc0_0000, 0x7f80_0001, 0xffc0_1234, 0x7fbf_ffff};
        for (int[] shape : new int[][] {{3, 224, 224}, {1, 1, 1}, {2, 7, 33}, {5, 1, 17}}) {
            float[] values = new float[shape[0] * shape[1] * shape[2]];
            int[] bits = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : random.nextInt();
                values[i] = Float.intBitsToFloat(bits[i]);
            }
            float[] out = pipeline.apply(Tensor.ofFloats(values, shape)).values().floats();
            int[] outBits = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                outBits[i] = Float.floatToRawIntBits(out[i]);
            }
            assertArrayEquals(bits, outBits, "max_pool2d 1x1/s1 over " + java.util.Arrays.toString(shape));
        }
    }
}
