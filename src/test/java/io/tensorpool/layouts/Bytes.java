package io.tensorpool.layouts;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Element bytes as numpy's {@code tobytes()} writes them (C order, the given byte order), and
 * the 16-bit float formats, written out from their definitions here rather than taken from the
 * job's codecs.
 */
final class Bytes {
    private Bytes() {
    }

    /** The elements of {@code t} in C order as {@code t}'s own type, in {@code order}. */
    static byte[] of(Tensor t, ByteOrder order) {
        ByteBuffer out = ByteBuffer.allocate(t.size() * t.type().byteSize()).order(order);
        for (int i = 0; i < t.size(); i++) {
            switch (t.type()) {
                case FLOAT32 -> out.putFloat(t.floats()[i]);
                case FLOAT64 -> out.putDouble(t.doubles()[i]);
                case UINT8, INT8 -> out.put(t.bytes()[i]);
                case INT16 -> out.putShort(t.shorts()[i]);
                case INT32 -> out.putInt(t.ints()[i]);
                case INT64 -> out.putLong(t.longs()[i]);
            }
        }
        return out.array();
    }

    static byte[] littleEndian(Tensor t) {
        return of(t, ByteOrder.LITTLE_ENDIAN);
    }

    /** 16-bit patterns, little-endian, two bytes each. */
    static byte[] shorts(short[] bits, ByteOrder order) {
        ByteBuffer out = ByteBuffer.allocate(bits.length * 2).order(order);
        for (short b : bits) {
            out.putShort(b);
        }
        return out.array();
    }

    /** IEEE binary16 by its definition: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
    static float float16(short bits) {
        int h = bits & 0xFFFF;
        int sign = h >>> 15;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * Math.pow(2, -24); // subnormal: 0.fraction * 2^-14
        } else if (exponent == 31) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (1 + fraction / 1024.0) * Math.pow(2, exponent - 15);
        }
        return (float) (sign == 1 ? -magnitude : magnitude);
    }

    /** bfloat16 by its definition: the upper half of a float32's bits. */
    static float bfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Random 16-bit float patterns, never a NaN (whose payload the formats do not pin down). */
    static short[] randomHalves(Random random, int n, boolean bfloat) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            short bits;
            do {
                bits = (short) random.nextInt(1 << 16);
            } while (Float.isNaN(bfloat ? bfloat16(bits) : float16(bits)));
            out[i] = bits;
        }
        return out;
    }

    /** The float32 tensor the 16-bit patterns stand for. */
    static Tensor widened(short[] bits, boolean bfloat, int... shape) {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = bfloat ? bfloat16(bits[i]) : float16(bits[i]);
        }
        return Tensor.of(ElementType.FLOAT32, values, shape);
    }

    /**
     * {@code x} rounded to the nearest value with {@code mantissaBits} fraction bits and a least
     * exponent {@code minExponent} (below it, subnormals with the same spacing), ties to even,
     * to infinity above {@code maxFinite}: float16 is (10, -14, 65504), bfloat16 (7, -126,
     * 3.3895314e38). Computed in double from the definition, not by bit tricks.
     */
    static double roundTo(double x, int mantissaBits, int minExponent, double maxFinite) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        int exponent = Math.max(Math.getExponent(x), minExponent);
        double ulp = Math.scalb(1.0, exponent - mantissaBits);
        double rounded = Math.rint(x / ulp) * ulp;
        // Past the largest finite value, round to nearest still goes to infinity from halfway up.
        double halfwayToOverflow = maxFinite + Math.scalb(1.0, Math.getExponent(maxFinite) - mantissaBits) / 2;
        if (Math.abs(x) >= halfwayToOverflow) {
            return Math.copySign(Double.POSITIVE_INFINITY, x);
        }
        return rounded;
    }

    static float toFloat16(float x) {
        return (float) roundTo(x, 10, -14, 65504);
    }

    static float toBFloat16(float x) {
        return (float) roundTo(x, 7, -126, Float.intBitsToFloat(0x7F7F0000));
    }
}
