package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RawTensorCodecTest {
    private static final String COL = "pixels";

    /** Little-endian bytes assembled by shifts, independent of ByteBuffer. */
    static byte[] le(long[] values, int size) {
        byte[] out = new byte[values.length * size];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < size; b++) {
                out[i * size + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return out;
    }

    @Test
    void decodesUint8AndInt8AsCopies() {
        byte[] cell = {0, 1, (byte) 200, (byte) 255, 7, (byte) 128};
        Tensor u = RawTensorCodec.decode(cell, StorageDType.UINT8, new int[] {2, 3}, COL);
        assertEquals(ElementType.UINT8, u.type());
        assertArrayEquals(new int[] {2, 3}, u.shape());
        assertArrayEquals(cell, u.bytes());
        assertNotSame(cell, u.bytes(), "the cell is not retained");
        Tensor s = RawTensorCodec.decode(cell, StorageDType.INT8, new int[] {1, 2, 3}, COL);
        assertEquals(ElementType.INT8, s.type());
        assertArrayEquals(cell, s.bytes());
    }

    @Test
    void decodesIntegersLittleEndian() {
        long[] v16 = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 0x1234};
        Tensor t16 = RawTensorCodec.decode(le(v16, 2), StorageDType.INT16, new int[] {3, 2}, COL);
        assertArrayEquals(new short[] {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 0x1234}, t16.shorts());

        long[] v32 = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x12345678};
        Tensor t32 = RawTensorCodec.decode(le(v32, 4), StorageDType.INT32, new int[] {2, 3}, COL);
        assertArrayEquals(new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x12345678}, t32.ints());

        long[] v64 = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x123456789ABCDEF0L};
        Tensor t64 = RawTensorCodec.decode(le(v64, 8), StorageDType.INT64, new int[] {1, 1, 2, 3}, COL);
        assertArrayEquals(v64, t64.longs());
        assertArrayEquals(new int[] {1, 1, 2, 3}, t64.shape());
    }

    @Test
    void decodesFloatsBitExactly() {
        float[] f = {0f, -0f, 1.5f, -2.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.intBitsToFloat(0x7FC00001), Float.intBitsToFloat(0xFF800001)};
        long[] bits = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            bits[i] = Float.floatToRawIntBits(f[i]);
        }
        Tensor t = RawTensorCodec.decode(le(bits, 4), StorageDType.FLOAT32, new int[] {3, 3}, COL);
        for (int i = 0; i < f.length; i++) {
            assertEquals(bits[i] & 0xFFFFFFFFL, Float.floatToRawIntBits(t.floats()[i]) & 0xFFFFFFFFL, "element " + i);
        }

        double[] d = {0.0, -0.0, Math.PI, -1e300, Double.MIN_VALUE, Double.NEGATIVE_INFINITY};
        long[] dbits = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            dbits[i] = Double.doubleToRawLongBits(d[i]);
        }
        Tensor td = RawTensorCodec.decode(le(dbits, 8), StorageDType.FLOAT64, new int[] {2, 3}, COL);
        for (int i = 0; i < d.length; i++) {
            assertEquals(dbits[i], Double.doubleToRawLongBits(td.doubles()[i]), "element " + i);
        }
    }

    @Test
    void decodesHalfTypesToFloat32() {
        // float16: 1.0, -2.0, 65504, smallest subnormal, -0.0, +inf
        long[] half = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00};
        Tensor h = RawTensorCodec.decode(le(half, 2), StorageDType.FLOAT16, new int[] {2, 3}, COL);
        assertEquals(ElementType.FLOAT32, h.type());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY}, h.floats());
        assertEquals(0x80000000, Float.floatToRawIntBits(h.floats()[4]), "-0.0 keeps its sign");

        // bfloat16: 1.0, -2.0, 3.0 (0x4040), 1/3 rounded (0x3EAB), +inf, -inf
        long[] bf = {0x3F80, 0xC000, 0x4040, 0x3EAB, 0x7F80, 0xFF80};
        Tensor b = RawTensorCodec.decode(le(bf, 2), StorageDType.BFLOAT16, new int[] {3, 2}, COL);
        assertEquals(ElementType.FLOAT32, b.type());
        assertArrayEquals(new float[] {1f, -2f, 3f, Float.intBitsToFloat(0x3EAB0000), Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY}, b.floats());
    }

    @Test
    void decodesEveryHalfPatternBitExactlyInBothByteOrders() {
        long[] all = new long[1 << 16];
        for (int p = 0; p < all.length; p++) {
            all[p] = p;
        }
        byte[] le = le(all, 2);
        float[] got = RawTensorCodec.decode(le, StorageDType.FLOAT16, new int[] {256, 256}, COL).floats();
        float[] gotBf = RawTensorCodec.decode(le, StorageDType.BFLOAT16, new int[] {256, 256}, COL).floats();
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i += 2) {
            be[i] = le[i + 1];
            be[i + 1] = le[i];
        }
        byte[] npy = NpyBytes.build(1, ">f2", false, new int[] {256, 256}, be);
        float[] gotBe = NpyCodec.decode(npy, COL).floats();
        for (int p = 0; p < all.length; p++) {
            int want = Float.floatToRawIntBits(HalfFloats.float16ToFloat((short) p));
            assertEquals(want, Float.floatToRawIntBits(got[p]), "float16 pattern " + p);
            assertEquals(want, Float.floatToRawIntBits(gotBe[p]), "big-endian float16 pattern " + p);
            assertEquals(p << 16, Float.floatToRawIntBits(gotBf[p]), "bfloat16 pattern " + p);
        }
    }

    @Test
    void decodesAFullSizeImageTensor() {
        int n = 3 * 224 * 224;
        float[] values = new float[n];
        long[] bits = new long[n];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        Tensor t = RawTensorCodec.decode(le(bits, 4), StorageDType.FLOAT32, new int[] {3, 224, 224}, COL);
        assertArrayEquals(values, t.floats());
    }

    @Test
    void roundTripsEveryStorageType() {
        SplittableRandom random = new SplittableRandom(5);
        int[] shape = {2, 3, 4};
        for (StorageDType type : StorageDType.values()) {
            byte[] cell = new byte[24 * type.byteSize()];
            random.nextBytes(cell);
            Tensor t = RawTensorCodec.decode(cell, type, shape, COL);
            byte[] again = RawTensorCodec.encode(t, type);
            if (type == StorageDType.FLOAT16 || type == StorageDType.BFLOAT16) {
                // Random bits include signalling NaNs, which come back quiet; compare the rest.
                Tensor back = RawTensorCodec.decode(again, type, shape, COL);
                for (int i = 0; i < 24; i++) {
                    float a = t.floats()[i];
                    float b = back.floats()[i];
                    if (Float.isNaN(a)) {
                        assertEquals(true, Float.isNaN(b));
                    } else {
                        assertEquals(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), type + " element " + i);
                    }
                }
            } else {
                assertArrayEquals(cell, again, type + " round trip is bitwise");
            }
        }
    }

    @Test
    void encodesLittleEndian() {
        Tensor t = Tensor.of(ElementType.INT32, new int[] {0x01020304, -2}, 1, 2);
        assertArrayEquals(new byte[] {4, 3, 2, 1, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                RawTensorCodec.encode(t, StorageDType.INT32));
        Tensor f = Tensor.ofFloats(new float[] {1f, 65520f, 1f + 0x1p-11f, -0f}, 2, 2);
        assertArrayEquals(new byte[] {0x00, 0x3C, 0x00, 0x7C, 0x00, 0x3C, 0x00, (byte) 0x80},
                RawTensorCodec.encode(f, StorageDType.FLOAT16), "rounded to nearest even, overflow to inf");
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3F, (byte) 0x80, 0x47, (byte) 0x80, 0x3F, 0x00, (byte) 0x80},
                RawTensorCodec.encode(f, StorageDType.BFLOAT16));
    }

    @Test
    void refusesToEncodeAcrossTypes() {
        Tensor d = Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawTensorCodec.encode(d, StorageDType.FLOAT32));
        assertEquals("Cannot encode a float64 tensor as float32: float32 stores float32 values; cast the tensor first (OutputCast)",
                e.getMessage());
        Tensor b = Tensor.of(ElementType.INT8, new byte[4], 2, 2);
        assertThrows(IllegalArgumentException.class, () -> RawTensorCodec.encode(b, StorageDType.UINT8));
        assertThrows(IllegalArgumentException.class, () -> RawTensorCodec.encode(d, StorageDType.FLOAT16));
    }

    @Test
    void rejectsBadCells() {
        assertBad(RecordReasons.NULL_TENSOR, COL, () -> RawTensorCodec.decode(null, StorageDType.FLOAT32, new int[] {2, 2}, COL),
                "null");
        assertBad(RecordReasons.TRUNCATED_BYTES, COL,
                () -> RawTensorCodec.decode(new byte[15], StorageDType.FLOAT32, new int[] {2, 2}, COL),
                "15 bytes", "16 bytes", "[2, 2]", "float32");
        assertBad(RecordReasons.SHAPE_MISMATCH, COL,
                () -> RawTensorCodec.decode(new byte[12], StorageDType.FLOAT32, new int[] {2, 2}, COL),
                "12 bytes", "16 bytes", "[2, 2]", "3 elements", "4 elements");
        assertBad(RecordReasons.SHAPE_MISMATCH, COL,
                () -> RawTensorCodec.decode(new byte[20], StorageDType.FLOAT32, new int[] {2, 2}, COL), "20 bytes");
        assertBad(RecordReasons.SHAPE_MISMATCH, COL,
                () -> RawTensorCodec.decode(new byte[0], StorageDType.UINT8, new int[] {2, 2}, COL), "0 bytes");
        assertBad(RecordReasons.INVALID_SHAPE, COL,
                () -> RawTensorCodec.decode(new byte[4], StorageDType.UINT8, new int[] {4}, COL), "rank 1");
        assertBad(RecordReasons.INVALID_SHAPE, COL,
                () -> RawTensorCodec.decode(new byte[4], StorageDType.UINT8, new int[] {1, 1, 1, 2, 2}, COL), "rank 5");
        assertBad(RecordReasons.INVALID_SHAPE, COL,
                () -> RawTensorCodec.decode(new byte[0], StorageDType.UINT8, new int[] {0, 2}, COL), "[0, 2]");
        assertBad(RecordReasons.INVALID_SHAPE, COL,
                () -> RawTensorCodec.decode(new byte[4], StorageDType.UINT8, new int[] {-2, -2}, COL), "below 1");
        assertBad(RecordReasons.INVALID_SHAPE, COL,
                () -> RawTensorCodec.decode(new byte[4], StorageDType.UINT8, null, COL), "missing");
        assertBad(RecordReasons.SHAPE_TOO_LARGE, COL,
                () -> RawTensorCodec.decode(new byte[4], StorageDType.FLOAT64, new int[] {65536, 65536}, COL),
                "more than one array can hold");
    }
}
