package io.tensorpool.tensor;

/**
 * Exact conversions between float32/float64 and the two 16-bit float formats, on raw bit
 * patterns held in a {@code short}. Java 17 has no {@code Float.float16ToFloat} (it came in
 * Java 20); these follow the same names so they can be swapped for the JDK's later.
 *
 * <h2>float16 (IEEE 754 binary16)</h2>
 * Bits {@code s eeeee mmmmmmmmmm}, bias 15. Value: {@code (-1)^s * 2^(e-15) * (1 + m/1024)}
 * for {@code 1 <= e <= 30}; {@code (-1)^s * m * 2^-24} for {@code e = 0} (zero and subnormals);
 * {@code e = 31}: infinity when {@code m = 0}, otherwise NaN. Largest finite 65504, smallest
 * positive subnormal 2^-24.
 *
 * <h2>bfloat16</h2>
 * The upper 16 bits of a float32: {@code s eeeeeeee mmmmmmm}, bias 127. Widening is a shift.
 *
 * <h2>Narrowing</h2>
 * Round to nearest, ties to even (IEEE 754's default, as numpy, PyTorch and ml_dtypes do for
 * finite values). Values whose magnitude is at least the overflow threshold (largest finite plus
 * half an ulp: 65520 for float16, {@code 0x1.ff8p127} for bfloat16) become infinity with their
 * sign; infinities stay infinities; -0.0 stays -0.0; values below half the smallest subnormal
 * become a zero of their sign. A NaN stays a NaN with its sign and the top bits of its payload,
 * and is always made quiet (the top fraction bit set) so that truncating the payload can never
 * turn it into an infinity.
 *
 * <p>Widening is exact, so {@code floatToFloat16(float16ToFloat(h)) == h} for every non-NaN
 * pattern and for every quiet NaN; a signalling NaN comes back quiet.
 */
public final class HalfFloats {
    private static final int FLOAT_ABS = 0x7FFF_FFFF;
    private static final int FLOAT_INF = 0x7F80_0000;
    /** 65520 as float bits: halfway between 65504 and 2^16; at or above it float16 rounds to infinity. */
    private static final int HALF_OVERFLOW = 0x477F_F000;
    /** 2^-14 as float bits: the smallest normal float16. */
    private static final int HALF_MIN_NORMAL = 0x3880_0000;

    private HalfFloats() {
    }

    /** Widens a float16 bit pattern to the float32 of exactly the same value. */
    public static float float16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            // Infinity or NaN: keep the payload in the top fraction bits, so a quiet half NaN
            // (bit 9) lands on the quiet float bit (bit 22).
            return Float.intBitsToFloat(sign | FLOAT_INF | (mant << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: m * 2^-24; the product is exact (at most 10 significant bits).
            float magnitude = mant * 0x1p-24f;
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
        }
        // Normal: rebias the exponent from 15 to 127 and widen the fraction from 10 to 23 bits.
        return Float.intBitsToFloat(sign | ((exp + (127 - 15)) << 23) | (mant << 13));
    }

    /** Narrows a float32 to the nearest float16 bit pattern (ties to even; see the class notes). */
    public static short floatToFloat16(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int abs = f & FLOAT_ABS;
        if (abs >= FLOAT_INF) {
            if (abs == FLOAT_INF) {
                return (short) (sign | 0x7C00);
            }
            return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
        }
        if (abs >= HALF_OVERFLOW) {
            return (short) (sign | 0x7C00);
        }
        if (abs >= HALF_MIN_NORMAL) {
            // Rebias 127 -> 15 in place, then round the 23-bit fraction to 10 bits: adding
            // 0xFFF plus the lowest kept bit rounds half to even; a carry out of the fraction
            // correctly bumps the exponent (and cannot reach 31 below the overflow threshold).
            int r = abs - ((127 - 15) << 23);
            r += 0xFFF + ((r >>> 13) & 1);
            return (short) (sign | (r >>> 13));
        }
        // Subnormal or zero in float16: the result is round(|x| * 2^24) units of 2^-24. The
        // scaling is exact (|x| < 2^-14, so the product is < 2^10 with float precision) and
        // Math.rint rounds half to even. 1024 units is the smallest normal, which the same bit
        // pattern (exponent 1, fraction 0) encodes.
        int units = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
        return (short) (sign | units);
    }

    /** Widens a bfloat16 bit pattern to the float32 of exactly the same value. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Narrows a float32 to the nearest bfloat16 bit pattern (ties to even; see the class notes). */
    public static short floatToBFloat16(float value) {
        int f = Float.floatToRawIntBits(value);
        if ((f & FLOAT_ABS) > FLOAT_INF) {
            // NaN: keep sign and top payload bits, force the quiet bit (bit 6 of bfloat16).
            return (short) ((f >>> 16) | 0x0040);
        }
        // Round the low 16 bits half to even; a carry runs into the exponent, and past the
        // largest finite value it lands exactly on infinity's pattern.
        return (short) ((f + 0x7FFF + ((f >>> 16) & 1)) >>> 16);
    }

    /**
     * Narrows a float64 to the nearest float16 with a single rounding (no float32 double rounding).
     *
     * <p>The double is first rounded to float32 with round-to-odd (inexact results get their
     * lowest bit set), which keeps enough information for the second, nearest-even rounding to
     * give the correctly rounded result because float32 carries at least two more bits than
     * twice float16's precision.
     */
    public static short doubleToFloat16(double value) {
        return floatToFloat16(toFloatRoundToOdd(value));
    }

    /** Narrows a float64 to the nearest bfloat16 with a single rounding (see {@link #doubleToFloat16}). */
    public static short doubleToBFloat16(double value) {
        return floatToBFloat16(toFloatRoundToOdd(value));
    }

    /** Narrows an int64 to the nearest float16 with a single rounding. */
    public static short longToFloat16(long value) {
        return floatToFloat16(toFloatRoundToOdd(value));
    }

    /** Narrows an int64 to the nearest bfloat16 with a single rounding (a cast through double could round twice). */
    public static short longToBFloat16(long value) {
        return floatToBFloat16(toFloatRoundToOdd(value));
    }

    /**
     * int64 to float32 rounding to odd: keep the top 24 significant bits and set the lowest
     * one when any bit below them is set.
     */
    static float toFloatRoundToOdd(long value) {
        if (value == Long.MIN_VALUE) {
            return -0x1p63f; // exact; its magnitude does not fit a long
        }
        long magnitude = Math.abs(value);
        int shift = 64 - Long.numberOfLeadingZeros(magnitude) - 24;
        if (shift <= 0) {
            return (float) value; // at most 24 significant bits: exact
        }
        long kept = magnitude >>> shift;
        if ((magnitude & ((1L << shift) - 1)) != 0) {
            kept |= 1;
        }
        float rounded = Math.scalb((float) kept, shift); // exact: 24 bits times a power of two
        return value < 0 ? -rounded : rounded;
    }

    /** float64 to float32 rounding to odd; NaN and infinities pass through as in a cast. */
    static float toFloatRoundToOdd(double value) {
        float nearest = (float) value;
        if (nearest == value || Double.isNaN(value)) {
            return nearest;
        }
        // Inexact: take the neighbour toward zero, then the odd one of it and the next one away
        // from zero, which differ by one in their bit patterns.
        float towardZero = Math.abs((double) nearest) > Math.abs(value)
                ? (value > 0 ? Math.nextDown(nearest) : Math.nextUp(nearest))
                : nearest;
        return Float.intBitsToFloat(Float.floatToRawIntBits(towardZero) | 1);
    }
}
