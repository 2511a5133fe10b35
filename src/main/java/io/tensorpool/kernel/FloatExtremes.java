package io.tensorpool.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The smallest and largest of a run of float32 values stored as little-endian bytes (Parquet's
 * PLAIN encoding), with NaN left out as the Parquet format asks of a writer's statistics.
 *
 * <p>The definition is the scalar fold {@code if (v < min) min = v; if (v > max) max = v;},
 * which skips NaN on its own ({@code NaN < x} and {@code NaN > x} are false). Of two equal zeros
 * it keeps whichever came first; callers that write statistics write a zero min as {@code -0.0}
 * and a zero max as {@code +0.0} anyway, so the sign of a zero here carries nothing.
 *
 * <p>Why a vector path: the scalar fold has two data-dependent branches per value and ran at
 * about 8% of the task time of an identity copy of {@code list<float>} tensors. With
 * {@code jdk.incubator.vector} in the JVM ({@link VectorKernels}) the whole vectors of the run go
 * through lanewise {@code min}/{@code max}; those follow {@code Math.min}/{@code Math.max}, which
 * let a NaN win, so a run in which the vectors find a NaN is folded again by the scalar
 * definition. Without the module, or with {@code -Dtensorpool.kernels.vector=false}, the scalar
 * fold runs.
 */
public final class FloatExtremes {
    private static final VarHandle LITTLE_ENDIAN_FLOATS =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private FloatExtremes() {
    }

    /**
     * Folds the {@code count} values at byte {@code offset} of {@code bytes} into
     * {@code minMax[0]} (the smallest so far) and {@code minMax[1]} (the largest so far), NaN
     * left out. Start from {@code +inf, -inf}: after the fold {@code minMax[0] <= minMax[1]}
     * exactly when some value was not NaN.
     */
    public static void fold(byte[] bytes, int offset, int count, float[] minMax) {
        int folded = VectorKernels.foldFloatExtremes(bytes, offset, count, minMax);
        foldScalar(bytes, offset + folded * Float.BYTES, count - folded, minMax);
    }

    /** {@link #fold} by the definition, one value at a time. */
    static void foldScalar(byte[] bytes, int offset, int count, float[] minMax) {
        float min = minMax[0];
        float max = minMax[1];
        for (int i = 0; i < count; i++) {
            float v = (float) LITTLE_ENDIAN_FLOATS.get(bytes, offset + Float.BYTES * i);
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        minMax[0] = min;
        minMax[1] = max;
    }
}
