package io.tensorpool.tensor;

import io.tensorpool.config.OutputDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.Arrays;

/**
 * Casts a pooled tensor to the {@link OutputDType} the job writes. The input is never modified;
 * a cast that changes nothing returns the input itself.
 *
 * <ul>
 *   <li>{@code KEEP}: the tensor as is.</li>
 *   <li>{@code FLOAT32}: a Java widening/narrowing cast, which rounds to nearest even (float64
 *       and large int32/int64 values), overflows to ±infinity and keeps NaN.</li>
 *   <li>{@code FLOAT16} / {@code BFLOAT16}: a float32 tensor whose every value is exactly
 *       representable in the 16-bit format: {@code x} becomes the nearest float16 (bfloat16) to
 *       {@code x}, ties to even, ±infinity past the largest finite value (65504 for float16),
 *       NaN stays NaN. Rounding is done once from the source value (float64 and int64 do not
 *       round through float32 first; see {@link HalfFloats}). Encoding the result with
 *       {@link OutputDType#storageType} is then exact.</li>
 *   <li>{@code UINT8}: {@code clamp(rint(x), 0, 255)}: floats round half to even
 *       ({@code 0.5 -> 0}, {@code 1.5 -> 2}, {@code 254.5 -> 254}) and then saturate
 *       ({@code -3.7 -> 0}, {@code 255.5 -> 255}, {@code ±infinity -> 0 / 255}); integers
 *       saturate; a NaN is a bad record ({@code nan_to_uint8}), never a silent 0.</li>
 * </ul>
 */
public final class OutputCast {
    private OutputCast() {
    }

    /**
     * @throws BadRecordException {@code nan_to_uint8} when casting a NaN to uint8
     */
    public static Tensor apply(Tensor pooled, OutputDType dtype, String column) {
        return switch (dtype) {
            case KEEP -> pooled;
            case FLOAT32 -> pooled.type() == ElementType.FLOAT32 ? pooled : toFloat32(pooled);
            case FLOAT16 -> toHalf(pooled, false);
            case BFLOAT16 -> toHalf(pooled, true);
            case UINT8 -> toUint8(pooled, column);
        };
    }

    private static Tensor toFloat32(Tensor t) {
        int n = t.size();
        float[] out = new float[n];
        switch (t.type()) {
            case FLOAT64 -> {
                double[] in = t.doubles();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) in[i];
                }
            }
            case UINT8 -> {
                byte[] in = t.bytes();
                for (int i = 0; i < n; i++) {
                    out[i] = in[i] & 0xFF;
                }
            }
            case INT8 -> {
                byte[] in = t.bytes();
                for (int i = 0; i < n; i++) {
                    out[i] = in[i];
                }
            }
            case INT16 -> {
                short[] in = t.shorts();
                for (int i = 0; i < n; i++) {
                    out[i] = in[i];
                }
            }
            case INT32 -> {
                int[] in = t.ints();
                for (int i = 0; i < n; i++) {
                    out[i] = in[i];
                }
            }
            case INT64 -> {
                long[] in = t.longs();
                for (int i = 0; i < n; i++) {
                    out[i] = in[i];
                }
            }
            case FLOAT32 -> System.arraycopy(t.floats(), 0, out, 0, n);
        }
        return Tensor.of(ElementType.FLOAT32, out, t.shape());
    }

    /** Rounds every value to the nearest float16 (or bfloat16) and holds it, widened again, in a float32 tensor. */
    private static Tensor toHalf(Tensor t, boolean bfloat) {
        int n = t.size();
        float[] out = new float[n];
        switch (t.type()) {
            case FLOAT32 -> {
                float[] in = t.floats();
                for (int i = 0; i < n; i++) {
                    out[i] = bfloat ? HalfFloats.bfloat16ToFloat(HalfFloats.floatToBFloat16(in[i]))
                            : HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(in[i]));
                }
            }
            case FLOAT64 -> {
                double[] in = t.doubles();
                for (int i = 0; i < n; i++) {
                    out[i] = bfloat ? HalfFloats.bfloat16ToFloat(HalfFloats.doubleToBFloat16(in[i]))
                            : HalfFloats.float16ToFloat(HalfFloats.doubleToFloat16(in[i]));
                }
            }
            case INT64 -> {
                long[] in = t.longs();
                for (int i = 0; i < n; i++) {
                    out[i] = bfloat ? HalfFloats.bfloat16ToFloat(HalfFloats.longToBFloat16(in[i]))
                            : HalfFloats.float16ToFloat(HalfFloats.longToFloat16(in[i]));
                }
            }
            case INT32 -> {
                int[] in = t.ints();
                for (int i = 0; i < n; i++) {
                    out[i] = bfloat ? HalfFloats.bfloat16ToFloat(HalfFloats.longToBFloat16(in[i]))
                            : HalfFloats.float16ToFloat(HalfFloats.longToFloat16(in[i]));
                }
            }
            default -> {
                // uint8, int8 and int16 are exact in float32, so the half rounding is the only one.
                float[] exact = toFloat32(t).floats();
                for (int i = 0; i < n; i++) {
                    out[i] = bfloat ? HalfFloats.bfloat16ToFloat(HalfFloats.floatToBFloat16(exact[i]))
                            : HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(exact[i]));
                }
            }
        }
        return Tensor.of(ElementType.FLOAT32, out, t.shape());
    }

    private static Tensor toUint8(Tensor t, String column) {
        int n = t.size();
        byte[] out = new byte[n];
        switch (t.type()) {
            case UINT8 -> {
                return t;
            }
            case INT8 -> {
                byte[] in = t.bytes();
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) Math.max(in[i], 0);
                }
            }
            case INT16 -> {
                short[] in = t.shorts();
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) Math.min(Math.max(in[i], 0), 255);
                }
            }
            case INT32 -> {
                int[] in = t.ints();
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) Math.min(Math.max(in[i], 0), 255);
                }
            }
            case INT64 -> {
                long[] in = t.longs();
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) Math.min(Math.max(in[i], 0L), 255L);
                }
            }
            case FLOAT32 -> {
                float[] in = t.floats();
                for (int i = 0; i < n; i++) {
                    float v = in[i];
                    if (v != v) {
                        throw nan(t, i, column);
                    }
                    out[i] = (byte) Math.min(Math.max(Math.rint(v), 0.0), 255.0);
                }
            }
            case FLOAT64 -> {
                double[] in = t.doubles();
                for (int i = 0; i < n; i++) {
                    double v = in[i];
                    if (v != v) {
                        throw nan(t, i, column);
                    }
                    out[i] = (byte) Math.min(Math.max(Math.rint(v), 0.0), 255.0);
                }
            }
        }
        return Tensor.of(ElementType.UINT8, out, t.shape());
    }

    private static BadRecordException nan(Tensor t, int index, String column) {
        return new BadRecordException(RecordReasons.NAN_TO_UINT8, "Cannot cast column '" + column
                + "' to uint8: element " + index + " of the pooled " + t.type() + " tensor with shape "
                + Arrays.toString(t.shape()) + " is NaN, which uint8 cannot hold; write float32 output or clean the input");
    }
}
