package io.tensorpool.layouts;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.Random;

/**
 * Small random tensors for the layout tests: values with ties, negatives and each type's
 * extremes, so that a wrong element order, a lost sign or a narrowing would show.
 */
final class Data {
    private Data() {
    }

    static int count(int... shape) {
        return (int) Tensor.elementCount(shape);
    }

    /** float32 values: small integers (ties under max), gaussians, a -0.0 now and then. */
    static float[] floats(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(8);
            a[i] = kind == 0 ? random.nextInt(4) : kind == 1 ? -0.0f : (float) (random.nextGaussian() * 10);
        }
        return a;
    }

    static double[] doubles(Random random, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(6) == 0 ? random.nextInt(3) : random.nextGaussian() * 1e3 + 1e-9 * random.nextInt(7);
        }
        return a;
    }

    /** Values of a signed integer type of {@code bits}, including its minimum and maximum. */
    static long[] signed(Random random, int n, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            a[i] = kind == 0 ? max : kind == 1 ? min : kind < 4 ? random.nextInt(5) - 2
                    : bits == 64 ? random.nextLong() : min + (long) (random.nextDouble() * (max - min));
        }
        return a;
    }

    static byte[] uint8(Random random, int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(8);
            a[i] = (byte) (kind == 0 ? 255 : kind == 1 ? 0 : kind == 2 ? 128 : random.nextInt(256));
        }
        return a;
    }

    /** A tensor of {@code type} from signed values (narrowed) or floats. */
    static Tensor tensor(ElementType type, Random random, int... shape) {
        int n = count(shape);
        Object data = switch (type) {
            case FLOAT32 -> floats(random, n);
            case FLOAT64 -> doubles(random, n);
            case UINT8 -> uint8(random, n);
            case INT8 -> narrowBytes(signed(random, n, 8));
            case INT16 -> narrowShorts(signed(random, n, 16));
            case INT32 -> narrowInts(signed(random, n, 32));
            case INT64 -> signed(random, n, 64);
        };
        return Tensor.of(type, data, shape);
    }

    static byte[] narrowBytes(long[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) a[i];
        }
        return out;
    }

    static short[] narrowShorts(long[] a) {
        short[] out = new short[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (short) a[i];
        }
        return out;
    }

    static int[] narrowInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }

    /** The elements of any tensor as boxed numbers, for writers that take objects. */
    static Number get(Tensor t, int i) {
        return switch (t.type()) {
            case FLOAT32 -> t.floats()[i];
            case FLOAT64 -> t.doubles()[i];
            case UINT8 -> t.bytes()[i] & 0xFF;
            case INT8 -> t.bytes()[i];
            case INT16 -> t.shorts()[i];
            case INT32 -> t.ints()[i];
            case INT64 -> t.longs()[i];
        };
    }

    /**
     * Channels-last to channels-first, written out index by index (independent of the job's
     * blocked transposes): {@code (N, H, W, C) -> (N, C, H, W)}, {@code (H, W, C) -> (C, H, W)}.
     */
    static Tensor channelsFirst(Tensor t) {
        int[] s = t.shape();
        boolean batched = s.length == 4;
        int n = batched ? s[0] : 1;
        int h = s[s.length - 3];
        int w = s[s.length - 2];
        int c = s[s.length - 1];
        Object out = java.lang.reflect.Array.newInstance(t.data().getClass().getComponentType(), t.size());
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        int from = ((b * h + y) * w + x) * c + k;
                        int to = ((b * c + k) * h + y) * w + x;
                        System.arraycopy(t.data(), from, out, to, 1);
                    }
                }
            }
        }
        return batched ? Tensor.of(t.type(), out, n, c, h, w) : Tensor.of(t.type(), out, c, h, w);
    }
}
