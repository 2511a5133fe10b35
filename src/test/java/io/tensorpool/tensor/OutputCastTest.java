package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tensorpool.config.OutputDType;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputCastTest {
    private static final String COL = "pooled";

    private static Tensor cast(Tensor t, OutputDType d) {
        return OutputCast.apply(t, d, COL);
    }

    @Test
    void keepReturnsTheTensor() {
        for (ElementType type : ElementType.values()) {
            Tensor t = DimOrdersTest.iota(type, 2, 3);
            assertSame(t, cast(t, OutputDType.KEEP));
            assertEquals(type, OutputDType.KEEP.elementType(type));
            assertEquals(StorageDType.of(type), OutputDType.KEEP.storageType(type));
        }
    }

    @Test
    void float32RoundsToNearestLikeAJavaCast() {
        Tensor f = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
        assertSame(f, cast(f, OutputDType.FLOAT32));
        double[] d = {0.1, 1e300, -1e-50, Double.NaN, 1 + 0x1p-24, 1 + 0x1p-24 + 0x1p-50};
        Tensor out = cast(Tensor.ofDoubles(d, 2, 3), OutputDType.FLOAT32);
        assertEquals(ElementType.FLOAT32, out.type());
        assertArrayEquals(new int[] {2, 3}, out.shape());
        assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY, -0f, Float.NaN, 1f, 1f + 0x1p-23f}, out.floats());
        assertEquals(0x80000000, Float.floatToRawIntBits(out.floats()[2]), "-0.0 keeps its sign");

        assertArrayEquals(new float[] {200, 0, 255, 1},
                cast(Tensor.of(ElementType.UINT8, new byte[] {(byte) 200, 0, (byte) 255, 1}, 2, 2), OutputDType.FLOAT32).floats());
        assertArrayEquals(new float[] {-5, 127, -128, 0},
                cast(Tensor.of(ElementType.INT8, new byte[] {-5, 127, -128, 0}, 2, 2), OutputDType.FLOAT32).floats());
        assertArrayEquals(new float[] {-32768, 32767},
                cast(Tensor.of(ElementType.INT16, new short[] {-32768, 32767}, 1, 2), OutputDType.FLOAT32).floats());
        assertArrayEquals(new float[] {16777216f, 16777220f},
                cast(Tensor.of(ElementType.INT32, new int[] {16777217, 16777219}, 1, 2), OutputDType.FLOAT32).floats());
        assertArrayEquals(new float[] {0x1p63f, -0x1p63f},
                cast(Tensor.of(ElementType.INT64, new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, 1, 2), OutputDType.FLOAT32).floats());
    }

    @Test
    void halfTypesHoldExactlyRepresentableValues() {
        float[] f = {1f + 0x1p-11f, 1f + 3 * 0x1p-11f, 65504f, 65520f, -70000f, 0x1p-25f, Float.NaN, -0f};
        Tensor h = cast(Tensor.ofFloats(f, 2, 4), OutputDType.FLOAT16);
        assertArrayEquals(new float[] {1f, 1f + 0x1p-9f, 65504f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f,
            Float.NaN, -0f}, h.floats());
        Tensor b = cast(Tensor.ofFloats(f, 2, 4), OutputDType.BFLOAT16);
        assertArrayEquals(new float[] {1f, 1f, 65536f, 65536f, -70144f, 0x1p-25f, Float.NaN, -0f}, b.floats());

        // float64 rounds once: 1 + 2^-11 + 2^-40 is above the tie, so it goes up.
        Tensor fromDouble = cast(Tensor.ofDoubles(new double[] {1.0 + 0x1p-11 + 0x1p-40, 1e300}, 1, 2), OutputDType.FLOAT16);
        assertArrayEquals(new float[] {1f + 0x1p-10f, Float.POSITIVE_INFINITY}, fromDouble.floats());
        // Integers: 2049 is a float16 tie (even: 2048), 2051 too (even: 2052); int32 past 2^24 rounds once.
        Tensor fromInt = cast(Tensor.of(ElementType.INT32, new int[] {2049, 2051, 65519, 16777217 + 2}, 2, 2),
                OutputDType.FLOAT16);
        assertArrayEquals(new float[] {2048f, 2052f, 65504f, Float.POSITIVE_INFINITY}, fromInt.floats());
        Tensor bigInt = cast(Tensor.of(ElementType.INT32, new int[] {(1 << 30) + (1 << 22) + 1, 255}, 1, 2),
                OutputDType.BFLOAT16);
        assertArrayEquals(new float[] {0x1.02p30f, 255f}, bigInt.floats(), "a bfloat16 tie plus one rounds up; 255 is exact");
        Tensor fromLong = cast(Tensor.of(ElementType.INT64, new long[] {(1L << 62) + (1L << 54) + 1, -3}, 1, 2),
                OutputDType.BFLOAT16);
        assertArrayEquals(new float[] {0x1.02p62f, -3f}, fromLong.floats());
        Tensor fromShorts = cast(Tensor.of(ElementType.INT16, new short[] {257, 259, -32767}, 1, 3), OutputDType.BFLOAT16);
        assertArrayEquals(new float[] {256f, 260f, -32768f}, fromShorts.floats(), "9-bit ties go to the even 8-bit significand");
        Tensor fromBytes = cast(Tensor.of(ElementType.UINT8, new byte[] {(byte) 255, (byte) 129}, 1, 2), OutputDType.FLOAT16);
        assertArrayEquals(new float[] {255f, 129f}, fromBytes.floats(), "every uint8 is a float16");
    }

    @Test
    void halfOutputEncodesExactlyAndRoundTrips() {
        SplittableRandom random = new SplittableRandom(9);
        double[] d = new double[3 * 8 * 8];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian() * 1000;
        }
        Tensor pooled = Tensor.ofDoubles(d, 3, 8, 8);
        for (OutputDType dtype : new OutputDType[] {OutputDType.FLOAT16, OutputDType.BFLOAT16}) {
            Tensor out = cast(pooled, dtype);
            assertEquals(dtype.elementType(pooled.type()), out.type());
            StorageDType storage = dtype.storageType(pooled.type());
            byte[] raw = RawTensorCodec.encode(out, storage);
            assertEquals(d.length * 2, raw.length);
            assertArrayEquals(out.floats(), RawTensorCodec.decode(raw, storage, out.shape(), COL).floats(), dtype + " binary");
            if (dtype.npyOutputAllowed()) {
                assertArrayEquals(out.floats(), NpyCodec.decode(NpyCodec.encode(out, storage), COL).floats(), dtype + " npy");
            }
        }
    }

    @Test
    void uint8RoundsHalfToEvenAndSaturates() {
        float[] f = {0.5f, 1.5f, 2.5f, -0.4f, -0.5f, -3f, 254.5f, 255.4f, 255.5f, 1e9f, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, 127.49f, 127.5f, 128.5f, -0f};
        Tensor out = cast(Tensor.ofFloats(f, 4, 4), OutputDType.UINT8);
        assertEquals(ElementType.UINT8, out.type());
        assertArrayEquals(new int[] {4, 4}, out.shape());
        int[] want = {0, 2, 2, 0, 0, 0, 254, 255, 255, 255, 0, 255, 127, 128, 128, 0};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], out.bytes()[i] & 0xFF, "value " + f[i]);
        }
        Tensor fromDouble = cast(Tensor.ofDoubles(new double[] {3.5, 4.5, -1e300, 1e300}, 2, 2), OutputDType.UINT8);
        assertArrayEquals(new byte[] {4, 4, 0, (byte) 255}, fromDouble.bytes());

        Tensor u8 = Tensor.of(ElementType.UINT8, new byte[] {1, 2}, 1, 2);
        assertSame(u8, cast(u8, OutputDType.UINT8));
        assertArrayEquals(new byte[] {0, 5, 127, 0},
                cast(Tensor.of(ElementType.INT8, new byte[] {-1, 5, 127, -128}, 2, 2), OutputDType.UINT8).bytes());
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 200},
                cast(Tensor.of(ElementType.INT16, new short[] {-300, 300, 200}, 1, 3), OutputDType.UINT8).bytes());
        assertArrayEquals(new byte[] {0, (byte) 255, 17},
                cast(Tensor.of(ElementType.INT32, new int[] {Integer.MIN_VALUE, 256, 17}, 1, 3), OutputDType.UINT8).bytes());
        assertArrayEquals(new byte[] {0, (byte) 255, 0},
                cast(Tensor.of(ElementType.INT64, new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}, 1, 3), OutputDType.UINT8).bytes());
    }

    @Test
    void uint8RefusesNaN() {
        float[] f = {1, 2, Float.NaN, 4};
        Tensor t = Tensor.ofFloats(f, 2, 2);
        assertBad(RecordReasons.NAN_TO_UINT8, COL, () -> cast(t, OutputDType.UINT8), "element 2", "NaN", "[2, 2]", "uint8");
        assertArrayEquals(new float[] {1, 2, Float.NaN, 4}, t.floats(), "input untouched");
        Tensor d = Tensor.ofDoubles(new double[] {Double.NaN, 0}, 1, 2);
        assertBad(RecordReasons.NAN_TO_UINT8, COL, () -> cast(d, OutputDType.UINT8), "element 0", "float64");
    }
}
