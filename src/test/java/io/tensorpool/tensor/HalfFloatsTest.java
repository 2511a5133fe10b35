package io.tensorpool.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the half conversions against slow references written from the format definitions:
 * decoding by the value formula in double, encoding by exact BigDecimal distances to the two
 * neighbouring representable values.
 */
class HalfFloatsTest {

    // ---- references -------------------------------------------------------------------------

    /** float16 value by the IEEE formula, in double (exact). */
    static double halfValue(int bits) {
        int s = (bits >>> 15) & 1;
        int e = (bits >>> 10) & 0x1F;
        int m = bits & 0x3FF;
        double sign = s == 1 ? -1.0 : 1.0;
        if (e == 31) {
            return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (e == 0) {
            return sign * Math.scalb((double) m, -24);
        }
        return sign * Math.scalb(1024.0 + m, e - 25);
    }

    /** bfloat16 value by the format's formula, in double (exact). */
    static double bfloatValue(int bits) {
        int s = (bits >>> 15) & 1;
        int e = (bits >>> 7) & 0xFF;
        int m = bits & 0x7F;
        double sign = s == 1 ? -1.0 : 1.0;
        if (e == 255) {
            return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (e == 0) {
            return sign * Math.scalb((double) m, -133);
        }
        return sign * Math.scalb(128.0 + m, e - 134);
    }

    /**
     * The positive values of a 16-bit format by pattern, 0 up to the infinity pattern; the
     * infinity slot holds the next power of two, which is how IEEE rounding decides overflow.
     */
    static BigDecimal[] ladder(int infinityPattern, boolean half) {
        BigDecimal[] values = new BigDecimal[infinityPattern + 1];
        for (int p = 0; p < infinityPattern; p++) {
            values[p] = new BigDecimal(half ? halfValue(p) : bfloatValue(p));
        }
        values[infinityPattern] = new BigDecimal(half ? 65536.0 : Math.scalb(1.0, 128));
        return values;
    }

    static final BigDecimal[] HALF_LADDER = ladder(0x7C00, true);
    static final BigDecimal[] BFLOAT_LADDER = ladder(0x7F80, false);

    /** Round-to-nearest-even by exact distances, for a finite double. */
    static int referenceRound(double x, BigDecimal[] ladder) {
        int sign = (Double.doubleToRawLongBits(x) < 0) ? 0x8000 : 0;
        return referenceRound(sign, new BigDecimal(Math.abs(x)), ladder);
    }

    /** Round-to-nearest-even by exact distances, for any integer. */
    static int referenceRound(long x, BigDecimal[] ladder) {
        return referenceRound(x < 0 ? 0x8000 : 0, new BigDecimal(x).abs(), ladder);
    }

    /** The pattern nearest to the magnitude {@code a}, ties to the even pattern, with the sign bit given. */
    static int referenceRound(int sign, BigDecimal a, BigDecimal[] ladder) {
        int top = ladder.length - 1;
        if (a.compareTo(ladder[top]) >= 0) {
            return sign | top;
        }
        int lo = 0;
        int hi = top; // invariant: ladder[lo] <= a < ladder[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (ladder[mid].compareTo(a) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int c = a.subtract(ladder[lo]).compareTo(ladder[hi].subtract(a));
        int pick = c < 0 ? lo : c > 0 ? hi : ((lo & 1) == 0 ? lo : hi);
        return sign | pick;
    }

    // ---- float16 ----------------------------------------------------------------------------

    @Test
    void decodesEveryHalfPatternToItsFormulaValue() {
        for (int p = 0; p < 0x10000; p++) {
            float got = HalfFloats.float16ToFloat((short) p);
            double want = halfValue(p);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), "pattern " + Integer.toHexString(p));
                assertEquals(p >>> 15, Float.floatToRawIntBits(got) >>> 31, "NaN sign");
            } else {
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                        "pattern " + Integer.toHexString(p) + " want " + want + " got " + got);
            }
        }
    }

    @Test
    void everyHalfPatternRoundTrips() {
        for (int p = 0; p < 0x10000; p++) {
            short back = HalfFloats.floatToFloat16(HalfFloats.float16ToFloat((short) p));
            int b = back & 0xFFFF;
            boolean nan = (p & 0x7C00) == 0x7C00 && (p & 0x3FF) != 0;
            if (!nan) {
                assertEquals(p, b, "pattern " + Integer.toHexString(p));
            } else {
                assertTrue((b & 0x7C00) == 0x7C00 && (b & 0x3FF) != 0, "NaN stays NaN: " + Integer.toHexString(p));
                assertEquals(p & 0x8000, b & 0x8000, "NaN sign");
                assertEquals(0x200, b & 0x200, "NaN comes back quiet");
                assertEquals(p | 0x200, b, "payload kept apart from the quiet bit");
            }
        }
    }

    @Test
    void encodesBoundariesExactly() {
        assertEquals(0x7BFF, bits16(65504f));
        assertEquals(0x7BFF, bits16(Math.nextDown(65520f)));
        assertEquals(0x7C00, bits16(65520f)); // tie between 65504 (odd) and 2^16 (even): overflow
        assertEquals(0xFC00, bits16(-65520f));
        assertEquals(0x7C00, bits16(1e10f));
        assertEquals(0x7C00, bits16(Float.POSITIVE_INFINITY));
        assertEquals(0xFC00, bits16(Float.NEGATIVE_INFINITY));
        assertEquals(0x0001, bits16(0x1p-24f)); // smallest subnormal
        assertEquals(0x0000, bits16(0x1p-25f)); // half of it: tie to even zero
        assertEquals(0x0001, bits16(Math.nextUp(0x1p-25f)));
        assertEquals(0x8000, bits16(-0x1p-25f));
        assertEquals(0x0003, bits16(0x1.8p-23f)); // exactly 3 units of 2^-24
        assertEquals(0x0002, bits16(2.5f * 0x1p-24f)); // subnormal tie: even is 2 units
        assertEquals(0x0004, bits16(3.5f * 0x1p-24f)); // subnormal tie: even is 4 units
        assertEquals(0x03FF, bits16(0x1.ff8p-15f)); // largest subnormal
        assertEquals(0x0400, bits16(0x1p-14f)); // smallest normal
        assertEquals(0x0400, bits16(0x1.ffcp-15f)); // largest subnormal + half ulp: ties to even 0x400
        assertEquals(0x8000, bits16(-0.0f));
        assertEquals(0x0000, bits16(0.0f));
        assertEquals(0x3C00, bits16(1f));
        assertEquals(0x3C00, bits16(1f + 0x1p-11f)); // tie, even is 1.0
        assertEquals(0x3C02, bits16(1f + 3 * 0x1p-11f)); // tie, even is 1 + 2^-9
        assertEquals(0x3C01, bits16(Math.nextUp(1f + 0x1p-11f)));
        assertEquals(0x7E00, bits16(Float.NaN));
        assertTrue(Float.isNaN(HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(Float.intBitsToFloat(0x7F800001)))),
                "a NaN whose payload sits below the kept bits still comes back a NaN");
        assertEquals(0xFE00, bits16(Float.intBitsToFloat(0xFF800001)));
    }

    @Test
    void encodeAgreesWithExactReferenceNearEveryMidpoint() {
        // For every pair of neighbouring positive halves (and the overflow step), the midpoint
        // and the floats just around it: the places where rounding can go wrong.
        for (int p = 0; p < 0x7C00; p++) {
            double mid = (halfValue(p) + (p + 1 == 0x7C00 ? 65536.0 : halfValue(p + 1))) / 2;
            float m = (float) mid;
            assertEquals(mid, m, 0.0, "midpoints of halves are floats");
            for (float x : new float[] {m, Math.nextUp(m), Math.nextDown(m), -m, (float) halfValue(p)}) {
                checkHalf(x);
            }
        }
    }

    @Test
    void encodeAgreesWithExactReferenceOnRandomFloats() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            float x;
            if (i % 2 == 0) {
                x = Float.intBitsToFloat(random.nextInt());
            } else {
                // Exponents around float16's range, where the interesting results are.
                x = (float) Math.scalb(random.nextDouble(1.0, 2.0), random.nextInt(-28, 18))
                        * (random.nextBoolean() ? 1 : -1);
            }
            checkHalf(x);
        }
    }

    private static void checkHalf(float x) {
        if (Float.isNaN(x)) {
            assertTrue(Float.isNaN(HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(x))));
            return;
        }
        int want = Float.isInfinite(x) ? (x > 0 ? 0x7C00 : 0xFC00) : referenceRound(x, HALF_LADDER);
        assertEquals(want, bits16(x), () -> "float " + x + " (" + Float.toHexString(x) + ")");
    }

    @Test
    void doubleToFloat16RoundsOnceNotTwice() {
        // 1 + 2^-11 + 2^-40 rounds to the float 1 + 2^-11 (a half tie), which would then round
        // down to 1.0; the correctly rounded half is 1 + 2^-10.
        double trap = 1.0 + 0x1p-11 + 0x1p-40;
        assertEquals(0x3C00, HalfFloats.floatToFloat16((float) trap) & 0xFFFF, "the double-rounding trap is real");
        assertEquals(0x3C01, HalfFloats.doubleToFloat16(trap) & 0xFFFF);
        assertEquals(0x3C00, HalfFloats.doubleToFloat16(1.0 + 0x1p-11 - 0x1p-40) & 0xFFFF);
        assertEquals(0x7C00, HalfFloats.doubleToFloat16(1e300) & 0xFFFF);
        assertEquals(0x8000, HalfFloats.doubleToFloat16(-1e-300) & 0xFFFF);
        assertTrue(Float.isNaN(HalfFloats.float16ToFloat(HalfFloats.doubleToFloat16(Double.NaN))));

        SplittableRandom random = new SplittableRandom(64);
        for (int i = 0; i < 100_000; i++) {
            double x = Math.scalb(random.nextDouble(1.0, 2.0), random.nextInt(-28, 18)) * (random.nextBoolean() ? 1 : -1);
            if (i % 3 == 0) {
                // Right next to a float16 midpoint, on either side.
                int p = random.nextInt(0x7BFF);
                x = (halfValue(p) + halfValue(p + 1)) / 2 + (random.nextBoolean() ? 1 : -1) * Math.ulp(halfValue(p)) * 0x1p-30;
            }
            final double v = x;
            assertEquals(referenceRound(x, HALF_LADDER), HalfFloats.doubleToFloat16(x) & 0xFFFF, () -> "double " + v);
        }
    }

    @Test
    void agreesWithNumpysFloat16Casts() throws java.io.IOException {
        // numpy's astype(np.float16) from float32 and from float64 (made by make_fixtures.py);
        // the float64 set holds values next to float16 midpoints where rounding through
        // float32 would give a different answer.
        float[] f32 = npy("half_rounding_f4.npy").floats();
        float[] f32AsHalf = npy("half_rounding_f4_as_f2.npy").floats();
        assertEquals(f32.length, f32AsHalf.length);
        for (int i = 0; i < f32.length; i++) {
            float x = f32[i];
            assertEquals(Float.floatToRawIntBits(f32AsHalf[i]),
                    Float.floatToRawIntBits(HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(x))),
                    () -> "float " + Float.toHexString(x));
        }
        double[] f64 = npy("half_rounding_f8.npy").doubles();
        float[] f64AsHalf = npy("half_rounding_f8_as_f2.npy").floats();
        int differFromFloatPath = 0;
        for (int i = 0; i < f64.length; i++) {
            double x = f64[i];
            assertEquals(Float.floatToRawIntBits(f64AsHalf[i]),
                    Float.floatToRawIntBits(HalfFloats.float16ToFloat(HalfFloats.doubleToFloat16(x))),
                    () -> "double " + Double.toHexString(x));
            if (HalfFloats.floatToFloat16((float) x) != HalfFloats.doubleToFloat16(x)) {
                differFromFloatPath++;
            }
        }
        assertTrue(differFromFloatPath > 100, "the fixture exercises double rounding: " + differFromFloatPath);
    }

    private static io.tensorpool.kernel.Tensor npy(String name) throws java.io.IOException {
        try (java.io.InputStream in = HalfFloatsTest.class.getResourceAsStream("/tensor/npy/" + name)) {
            return NpyCodec.decode(in.readAllBytes(), name);
        }
    }

    // ---- bfloat16 ---------------------------------------------------------------------------

    @Test
    void decodesEveryBFloatPatternToItsFormulaValue() {
        for (int p = 0; p < 0x10000; p++) {
            float got = HalfFloats.bfloat16ToFloat((short) p);
            double want = bfloatValue(p);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got));
            } else {
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                        "pattern " + Integer.toHexString(p));
            }
        }
    }

    @Test
    void everyBFloatPatternRoundTrips() {
        for (int p = 0; p < 0x10000; p++) {
            int b = HalfFloats.floatToBFloat16(HalfFloats.bfloat16ToFloat((short) p)) & 0xFFFF;
            boolean nan = (p & 0x7F80) == 0x7F80 && (p & 0x7F) != 0;
            if (!nan) {
                assertEquals(p, b, "pattern " + Integer.toHexString(p));
            } else {
                assertEquals(p | 0x40, b, "NaN stays NaN, made quiet: " + Integer.toHexString(p));
            }
        }
    }

    @Test
    void bfloatEncodesBoundariesExactly() {
        assertEquals(0x3F80, bf16(1f));
        assertEquals(0x3F80, bf16(1f + 0x1p-8f)); // tie, even is 1.0
        assertEquals(0x3F82, bf16(1f + 3 * 0x1p-8f)); // tie, even is 1 + 2^-6
        assertEquals(0x3F81, bf16(Math.nextUp(1f + 0x1p-8f)));
        assertEquals(0x7F7F, bf16(Float.intBitsToFloat(0x7F7F7FFF))); // just under the overflow tie
        assertEquals(0x7F80, bf16(Float.intBitsToFloat(0x7F7F8000))); // tie with 0x7F7F (odd): overflow
        assertEquals(0x7F80, bf16(Float.MAX_VALUE));
        assertEquals(0xFF80, bf16(-Float.MAX_VALUE));
        assertEquals(0x7F80, bf16(Float.POSITIVE_INFINITY));
        assertEquals(0x8000, bf16(-0.0f));
        assertEquals(0x0000, bf16(Float.MIN_VALUE)); // far below half the smallest bfloat16 subnormal
        assertEquals(0x0001, bf16(0x1p-133f));
        assertEquals(0x7FC0, bf16(Float.NaN));
        assertEquals(0x7FC0, bf16(Float.intBitsToFloat(0x7F800001)), "a low-payload NaN does not become infinity");
    }

    @Test
    void bfloatEncodeAgreesWithExactReference() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (i % 2 == 1) {
                // Ties and their neighbours: low 16 bits at 0x8000 +- 1.
                int f = (random.nextInt() & 0xFFFF_0000) | (0x8000 + random.nextInt(-1, 2));
                x = Float.intBitsToFloat(f);
            }
            if (Float.isNaN(x)) {
                continue;
            }
            final float v = x;
            int want = Float.isInfinite(x) ? (x > 0 ? 0x7F80 : 0xFF80) : referenceRound(x, BFLOAT_LADDER);
            assertEquals(want, bf16(x), () -> "float " + Float.toHexString(v));
        }
        for (int i = 0; i < 50_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                continue;
            }
            if (i % 2 == 0) {
                x = Math.scalb(random.nextDouble(1.0, 2.0), random.nextInt(-140, 129));
            }
            final double v = x;
            assertEquals(referenceRound(x, BFLOAT_LADDER), HalfFloats.doubleToBFloat16(x) & 0xFFFF, () -> "double " + v);
        }
    }

    @Test
    void integersRoundOnceToHalfAndBFloat() {
        SplittableRandom random = new SplittableRandom(65);
        long[] fixed = {0, 1, -1, 2049, 2051, 65504, 65519, 65520, -65520, 16777217, (1L << 53) + 1, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x0100_8000_0000_0001L, 0x0100_8000_0000_0000L, 0x0101_8000_0000_0000L};
        for (int i = 0; i < fixed.length + 100_000; i++) {
            long v = i < fixed.length ? fixed[i] : random.nextLong() >> random.nextInt(64);
            if (i % 7 == 0 && i >= fixed.length) {
                // A bfloat16 tie plus a low bit that a cast through double (53 bits) would drop.
                v = ((random.nextLong(1L << 7, 1L << 8) << 1 | 1) << 54) | 1;
            }
            final long x = v;
            assertEquals(referenceRound(x, HALF_LADDER), HalfFloats.longToFloat16(x) & 0xFFFF, () -> "long " + x);
            assertEquals(referenceRound(x, BFLOAT_LADDER), HalfFloats.longToBFloat16(x) & 0xFFFF, () -> "long " + x);
        }
        // The trap itself: 2^62 + 2^54 + 1 is just above a bfloat16 tie; through double it lands on the tie.
        long trap = (1L << 62) + (1L << 54) + 1;
        assertEquals(0x5E80, HalfFloats.floatToBFloat16((float) (double) trap) & 0xFFFF, "through double: ties to even, down");
        assertEquals(0x5E81, HalfFloats.longToBFloat16(trap) & 0xFFFF);
    }

    private static int bits16(float x) {
        return HalfFloats.floatToFloat16(x) & 0xFFFF;
    }

    private static int bf16(float x) {
        return HalfFloats.floatToBFloat16(x) & 0xFFFF;
    }
}
