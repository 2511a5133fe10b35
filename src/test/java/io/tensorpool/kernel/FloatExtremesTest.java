package io.tensorpool.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FloatExtremes} against the Parquet format's definition of a float column's min and max,
 * written here from scratch: of the values that are not NaN, the smallest and the largest, a
 * zero compared by value (a writer writes a zero min {@code -0.0} and a zero max {@code +0.0},
 * so the sign of a zero the fold returns carries nothing); no value but NaN, no min or max.
 *
 * <p>Runs in both kernel test executions (see {@link VectorKernelsTest}): with the Vector API it
 * checks {@link VectorExtremes} and its hand-over to the scalar fold, without it the scalar fold.
 */
class FloatExtremesTest {
    /** Bit patterns a fold could get wrong. */
    private static final int[] SPECIAL = {
        0x7fc00000, 0x7f800001, 0xffc00000, 0x7fc0beef, 0xff800123, 0x7fffffff, 0xffffffff, // NaNs
        0x00000000, 0x80000000, 0x7f800000, 0xff800000,                                     // +-0, +-inf
        0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000,                         // subnormals, min normal
        0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000                                      // +-max, +-1
    };
    private static final int NAN_PATTERNS = 7;

    @Test
    void foldsRandomRunsAsTheDefinitionSays() {
        Random random = new Random(0xF1_0A7EL);
        int withValues = 0;
        int withNaN = 0;
        for (int run = 0; run < 20_000; run++) {
            int count = random.nextInt(8) == 0 ? random.nextInt(3000) : random.nextInt(100);
            int offset = random.nextInt(9);
            float[] values = values(random, count);
            byte[] bytes = littleEndian(values, offset, random.nextInt(5));
            float[] start = random.nextBoolean() ? new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}
                    : start(random);
            float[] got = start.clone();
            FloatExtremes.fold(bytes, offset, count, got);
            float[] want = definition(values, start);
            String where = "run " + run + " of " + count + " values at byte " + offset;
            assertSameExtreme(want[0], got[0], where + ": min");
            assertSameExtreme(want[1], got[1], where + ": max");
            withValues += want[0] <= want[1] ? 1 : 0;
            withNaN += hasNaN(values) ? 1 : 0;
        }
        assertTrue(withValues > 15_000 && withNaN > 2_000, "the runs must mix NaN-free runs, runs with NaN "
                + "and runs of NaN only: " + withValues + " with a value, " + withNaN + " with a NaN");
    }

    /** A NaN anywhere in a long run, in a whole vector or the tail, never reaches the min or max. */
    @Test
    void aSingleNaNAnywhereIsLeftOut() {
        int count = 197;
        for (int at = 0; at < count; at++) {
            for (int nan : new int[] {0x7fc00000, 0xff800123}) {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = i - 50.5f;
                }
                values[at] = Float.intBitsToFloat(nan);
                float[] got = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
                FloatExtremes.fold(littleEndian(values, 3, 0), 3, count, got);
                assertEquals(at == 0 ? -49.5f : -50.5f, got[0], "min with a NaN at " + at);
                assertEquals(at == count - 1 ? count - 52.5f : count - 51.5f, got[1], "max with a NaN at " + at);
            }
        }
    }

    @Test
    void aRunOfNaNOnlyHasNoMinOrMax() {
        float[] values = new float[333];
        java.util.Arrays.fill(values, Float.intBitsToFloat(0x7fc0beef));
        float[] got = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        FloatExtremes.fold(littleEndian(values, 0, 0), 0, values.length, got);
        assertEquals(Float.POSITIVE_INFINITY, got[0]);
        assertEquals(Float.NEGATIVE_INFINITY, got[1]);
    }

    private static float[] values(Random random, int count) {
        float[] values = new float[count];
        int kind = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            int bits = switch (kind) {
                case 0 -> SPECIAL[random.nextInt(NAN_PATTERNS)];                          // NaN only
                case 1 -> random.nextInt(50) == 0 ? SPECIAL[random.nextInt(NAN_PATTERNS)] // a few NaNs
                        : Float.floatToRawIntBits(random.nextFloat() * 2 - 1);
                case 2 -> SPECIAL[NAN_PATTERNS + random.nextInt(SPECIAL.length - NAN_PATTERNS)]; // specials, no NaN
                case 3 -> random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextInt();
                default -> random.nextInt(2) == 0 ? 0x80000000 * random.nextInt(2)         // zeros and subnormals
                        : random.nextInt(0x00800000) | (random.nextInt(2) << 31);
            };
            values[i] = Float.intBitsToFloat(bits);
        }
        return values;
    }

    /** A fold already under way: an earlier run's extremes, or none yet. */
    private static float[] start(Random random) {
        float a = Float.intBitsToFloat(SPECIAL[NAN_PATTERNS + random.nextInt(SPECIAL.length - NAN_PATTERNS)]);
        float b = random.nextFloat() * 4 - 2;
        return new float[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The values' bytes, little-endian, after {@code offset} bytes and before {@code slack} more. */
    private static byte[] littleEndian(float[] values, int offset, int slack) {
        ByteBuffer buffer = ByteBuffer.allocate(offset + 4 * values.length + slack).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            buffer.putFloat(offset + 4 * i, values[i]);
        }
        return buffer.array();
    }

    private static float[] definition(float[] values, float[] start) {
        float min = start[0];
        float max = start[1];
        for (float v : values) {
            if (Float.isNaN(v)) {
                continue;
            }
            min = Float.compare(v, min) < 0 && !(v == 0 && min == 0) ? v : min;
            max = Float.compare(v, max) > 0 && !(v == 0 && max == 0) ? v : max;
        }
        return new float[] {min, max};
    }

    private static boolean hasNaN(float[] values) {
        for (float v : values) {
            if (Float.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** The same value, bit for bit, except that two zeros are the same whatever their signs. */
    private static void assertSameExtreme(float want, float got, String where) {
        if (want == 0 && got == 0) {
            return;
        }
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), where + ": want " + want
                + ", got " + got);
    }
}
