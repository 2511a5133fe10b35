package io.tensorpool.job.write;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.Random;

/**
 * Random tensors for the writer's round trips: random shapes of rank 2 to 4 (1x1 planes, tall and
 * narrow planes), and values that a writer or reader could get wrong: NaN with several payloads
 * and signs, both zeros, both infinities, subnormals, the largest and smallest floats, random bit
 * patterns; whole records of NaN, of zeros and of one infinity.
 */
final class RandomTensors {
    /** Float bit patterns worth a test of their own. */
    static final int[] SPECIAL_FLOATS = {
        0x7fc00000, 0x7f800001, 0xffc00000, 0x7fc0beef, 0xff800123, 0x7fffffff, // NaNs, quiet and signalling
        0x00000000, 0x80000000, 0x7f800000, 0xff800000,                         // +-0, +-inf
        0x00000001, 0x80000001, 0x007fffff, 0x00800000,                         // subnormals, min normal
        0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000                          // +-max, +-1
    };
    static final long[] SPECIAL_DOUBLES = {
        0x7ff8000000000000L, 0x7ff0000000000001L, 0xfff8000000000000L, 0x7ff80000deadbeefL,
        0L, 0x8000000000000000L, 0x7ff0000000000000L, 0xfff0000000000000L,
        1L, 0x800fffffffffffffL, 0x0010000000000000L, 0x7fefffffffffffffL, 0xffefffffffffffffL
    };

    private RandomTensors() {
    }

    /** A shape of rank 2 to 4 whose planes are small, 1x1, tall or narrow. */
    static int[] shape(Random random) {
        int rank = 2 + random.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank - 2; i++) {
            shape[i] = 1 + random.nextInt(3);
        }
        int plane = random.nextInt(6);
        shape[rank - 2] = plane == 0 ? 1 : plane == 1 ? 1 + random.nextInt(60) : 1 + random.nextInt(7);
        shape[rank - 1] = plane == 0 ? 1 : plane == 2 ? 1 + random.nextInt(60) : 1 + random.nextInt(7);
        return shape;
    }

    static float[] floats(Random random, int n) {
        float[] values = new float[n];
        int kind = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            int bits = switch (kind) {
                case 0 -> SPECIAL_FLOATS[random.nextInt(6)];                  // a record of NaNs only
                case 1 -> random.nextBoolean() ? 0x80000000 : 0;              // zeros only
                case 2 -> 0xff800000;                                         // -inf only
                default -> random.nextInt(3) == 0 ? SPECIAL_FLOATS[random.nextInt(SPECIAL_FLOATS.length)]
                        : random.nextInt(4) == 0 ? random.nextInt() : Float.floatToRawIntBits((float) random.nextGaussian());
            };
            values[i] = Float.intBitsToFloat(bits);
        }
        return values;
    }

    static double[] doubles(Random random, int n) {
        double[] values = new double[n];
        boolean allNaN = random.nextInt(20) == 0;
        for (int i = 0; i < n; i++) {
            long bits = allNaN ? SPECIAL_DOUBLES[random.nextInt(4)]
                    : random.nextInt(3) == 0 ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
                    : random.nextInt(4) == 0 ? random.nextLong() : Double.doubleToRawLongBits(random.nextGaussian());
            values[i] = Double.longBitsToDouble(bits);
        }
        return values;
    }

    /** A tensor of {@code type} and {@code shape}; integers include each type's extremes. */
    static Tensor tensor(ElementType type, Random random, int[] shape) {
        int n = Math.toIntExact(Tensor.elementCount(shape));
        Object data = switch (type) {
            case FLOAT32 -> floats(random, n);
            case FLOAT64 -> doubles(random, n);
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (random.nextInt(5) == 0 ? (random.nextBoolean() ? 0x80 : 0x7f) : random.nextInt());
                }
                yield a;
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) (random.nextInt(5) == 0 ? (random.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE)
                            : random.nextInt());
                }
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextInt(5) == 0 ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                            : random.nextInt();
                }
                yield a;
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextInt(5) == 0 ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
                            : random.nextLong();
                }
                yield a;
            }
        };
        return Tensor.of(type, data, shape);
    }

    /** A tensor's elements as raw bits (floats by bit pattern, integers by value; uint8 as 0..255). */
    static long[] bits(Tensor tensor) {
        Object data = tensor.data();
        int n = java.lang.reflect.Array.getLength(data);
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            bits[i] = switch (tensor.type()) {
                case FLOAT32 -> Float.floatToRawIntBits(((float[]) data)[i]);
                case FLOAT64 -> Double.doubleToRawLongBits(((double[]) data)[i]);
                case UINT8 -> ((byte[]) data)[i] & 0xFF;
                case INT8 -> ((byte[]) data)[i];
                case INT16 -> ((short[]) data)[i];
                case INT32 -> ((int[]) data)[i];
                case INT64 -> ((long[]) data)[i];
            };
        }
        return bits;
    }
}
