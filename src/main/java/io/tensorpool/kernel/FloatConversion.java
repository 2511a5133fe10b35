package io.tensorpool.kernel;

/**
 * Widens a tensor's elements to float32 for the averaging kernels, which compute integer input
 * in float32 (deliberately unlike PyTorch, whose int64 average truncates). uint8 is read as
 * unsigned; int32 and int64 round to the nearest float32 beyond 2^24, as a cast does.
 */
final class FloatConversion {

    private FloatConversion() {
    }

    /**
     * The elements of {@code input} as float32. For a float32 tensor this is its own array, which
     * callers must not write to; for any other type it is a new array the caller owns.
     *
     * @throws IllegalArgumentException for float64, which the kernels keep in double
     */
    static float[] floats(Tensor input) {
        switch (input.type()) {
            case FLOAT32:
                return input.floats();
            case UINT8: {
                byte[] in = input.bytes();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] & 0xFF;
                }
                return out;
            }
            case INT8: {
                byte[] in = input.bytes();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i];
                }
                return out;
            }
            case INT16: {
                short[] in = input.shorts();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i];
                }
                return out;
            }
            case INT32: {
                int[] in = input.ints();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i];
                }
                return out;
            }
            case INT64: {
                long[] in = input.longs();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i];
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("a " + input.type() + " tensor is averaged in its own precision");
        }
    }

    /** Whether {@link #floats} returned a fresh array the caller may overwrite. */
    static boolean isCopy(Tensor input) {
        return input.type() != ElementType.FLOAT32;
    }
}
