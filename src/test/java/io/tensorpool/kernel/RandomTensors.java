package io.tensorpool.kernel;

import java.util.Arrays;
import java.util.Random;

/**
 * Random shapes and data for the property tests. Values come from small pools so that windows
 * hold ties, and include each type's extremes; floats also include NaN, both infinities and both
 * zeros, and some planes are all {@code -inf}.
 */
final class RandomTensors {
    private static final float[] FLOAT_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.0f, -0.0f, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE};

    private RandomTensors() {
    }

    /** Rank 2, 3 or 4; the plane 1..9 x 1..9, leading axes 1..3. */
    static int[] shape(Random random) {
        int rank = 2 + random.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank - 2; i++) {
            shape[i] = 1 + random.nextInt(3);
        }
        shape[rank - 2] = 1 + random.nextInt(9);
        shape[rank - 1] = 1 + random.nextInt(9);
        return shape;
    }

    static Object data(Random random, ElementType type, int n) {
        boolean allNegativeInfinity = random.nextInt(25) == 0;
        switch (type) {
            case FLOAT32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = allNegativeInfinity ? Float.NEGATIVE_INFINITY : floatValue(random);
                }
                return a;
            }
            case FLOAT64: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = allNegativeInfinity ? Double.NEGATIVE_INFINITY : doubleValue(random);
                }
                return a;
            }
            case UINT8:
            case INT8: {
                byte[] a = new byte[n];
                byte[] pool = {0, 1, 100, (byte) 200, (byte) 255, (byte) 128, 127, -1};
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : (byte) random.nextInt(256);
                }
                return a;
            }
            case INT16: {
                short[] a = new short[n];
                short[] pool = {0, 1, -1, 7, Short.MIN_VALUE, Short.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : (short) random.nextInt(65536);
                }
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                int[] pool = {0, 1, -1, 7, Integer.MIN_VALUE, Integer.MAX_VALUE, 16_777_217};
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : random.nextInt();
                }
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                long[] pool = {0, 1, -1, 7, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1};
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : random.nextLong();
                }
                return a;
            }
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private static float floatValue(Random random) {
        int roll = random.nextInt(20);
        if (roll < 2) {
            return FLOAT_SPECIALS[random.nextInt(FLOAT_SPECIALS.length)];
        }
        if (roll < 11) {
            return random.nextInt(7) - 3; // ties
        }
        return (float) (random.nextGaussian() * 3);
    }

    private static double doubleValue(Random random) {
        int roll = random.nextInt(20);
        if (roll < 2) {
            return FLOAT_SPECIALS[random.nextInt(FLOAT_SPECIALS.length)];
        }
        if (roll < 11) {
            return random.nextInt(7) - 3;
        }
        return random.nextGaussian() * 3;
    }

    static Object copy(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object copy = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    /** Element-wise equality of two primitive arrays of one type, floats by raw bits. */
    static boolean sameBits(Object a, Object b) {
        if (a instanceof float[] x) {
            float[] y = (float[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof double[] x) {
            double[] y = (double[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        }
        if (a instanceof short[] x) {
            return Arrays.equals(x, (short[]) b);
        }
        if (a instanceof int[] x) {
            return Arrays.equals(x, (int[]) b);
        }
        if (a instanceof long[] x) {
            return Arrays.equals(x, (long[]) b);
        }
        throw new IllegalArgumentException("not a primitive array: " + a);
    }

    static String format(Object array) {
        if (array instanceof byte[] x) {
            return Arrays.toString(x);
        }
        if (array instanceof short[] x) {
            return Arrays.toString(x);
        }
        if (array instanceof int[] x) {
            return Arrays.toString(x);
        }
        if (array instanceof long[] x) {
            return Arrays.toString(x);
        }
        return String.valueOf(array);
    }
}
