package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpyCodecTest {
    private static final String COL = "ndarray";
    private static final StorageDType[] NPY_TYPES = {StorageDType.UINT8, StorageDType.INT8, StorageDType.INT16,
        StorageDType.INT32, StorageDType.INT64, StorageDType.FLOAT16, StorageDType.FLOAT32, StorageDType.FLOAT64};

    // ---- expectations built from formulas of the C-order flat index k -----------------------

    /** The stored bit pattern of element k (little end first when written). */
    static long bits(StorageDType type, int k) {
        return switch (type) {
            case UINT8 -> (k * 37 + 5) & 0xFF;
            case INT8 -> (byte) (k * 37 - 100);
            case INT16 -> (short) (k * 1009 - 30000);
            case INT32 -> k * 123457 - 1_000_000_000;
            case INT64 -> k * 1_000_000_007L - (1L << 40);
            case FLOAT16 -> HalfFloats.floatToFloat16(halfValue(k));
            case FLOAT32 -> Float.floatToRawIntBits(k * 0.1f - 3);
            case FLOAT64 -> Double.doubleToRawLongBits(k / 3.0 - 7);
            case BFLOAT16 -> throw new IllegalArgumentException();
        };
    }

    /** A float16 value for element k: quarter steps in [-250, 250), all exact in float16. */
    static float halfValue(int k) {
        return (k % 2000 - 1000) * 0.25f;
    }

    /** The decoded tensor data for n elements. */
    static Object expected(StorageDType type, int n) {
        switch (type) {
            case UINT8, INT8: {
                byte[] a = new byte[n];
                for (int k = 0; k < n; k++) {
                    a[k] = (byte) bits(type, k);
                }
                return a;
            }
            case INT16: {
                short[] a = new short[n];
                for (int k = 0; k < n; k++) {
                    a[k] = (short) bits(type, k);
                }
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                for (int k = 0; k < n; k++) {
                    a[k] = (int) bits(type, k);
                }
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                for (int k = 0; k < n; k++) {
                    a[k] = bits(type, k);
                }
                return a;
            }
            case FLOAT16: {
                float[] a = new float[n];
                for (int k = 0; k < n; k++) {
                    a[k] = halfValue(k);
                }
                return a;
            }
            case FLOAT32: {
                float[] a = new float[n];
                for (int k = 0; k < n; k++) {
                    a[k] = k * 0.1f - 3;
                }
                return a;
            }
            case FLOAT64: {
                double[] a = new double[n];
                for (int k = 0; k < n; k++) {
                    a[k] = k / 3.0 - 7;
                }
                return a;
            }
            default:
                throw new IllegalArgumentException();
        }
    }

    /** The data bytes as numpy would hold them: element by element in memory order, each in byte order. */
    static byte[] data(StorageDType type, boolean bigEndian, boolean fortran, int[] shape) {
        int n = (int) Tensor.elementCount(shape);
        int size = type.byteSize();
        byte[] out = new byte[n * size];
        int[] idx = new int[shape.length];
        for (int p = 0; p < n; p++) {
            // Multi-index of memory position p: the last axis fastest in C order, the first in Fortran.
            int rest = p;
            if (fortran) {
                for (int a = 0; a < shape.length; a++) {
                    idx[a] = rest % shape[a];
                    rest /= shape[a];
                }
            } else {
                for (int a = shape.length - 1; a >= 0; a--) {
                    idx[a] = rest % shape[a];
                    rest /= shape[a];
                }
            }
            int k = 0;
            for (int a = 0; a < shape.length; a++) {
                k = k * shape[a] + idx[a];
            }
            long v = bits(type, k);
            for (int b = 0; b < size; b++) {
                int at = bigEndian ? size - 1 - b : b;
                out[p * size + at] = (byte) (v >>> (8 * b));
            }
        }
        return out;
    }

    static String typeCode(StorageDType type) {
        return switch (type) {
            case UINT8 -> "u1";
            case INT8 -> "i1";
            case INT16 -> "i2";
            case INT32 -> "i4";
            case INT64 -> "i8";
            case FLOAT16 -> "f2";
            case FLOAT32 -> "f4";
            case FLOAT64 -> "f8";
            case BFLOAT16 -> throw new IllegalArgumentException();
        };
    }

    static void assertData(Object want, Tensor got, String what) {
        assertTrue(Arrays.deepEquals(new Object[] {want}, new Object[] {got.data()}), what + ": data differs");
    }

    // ---- valid files ------------------------------------------------------------------------

    @Test
    void decodesEveryDtypeByteOrderAndAxisOrder() {
        int[][] shapes = {{3, 4}, {2, 3, 4}, {2, 1, 3, 2}, {1, 5, 1}};
        int cases = 0;
        for (StorageDType type : NPY_TYPES) {
            for (char order : new char[] {'<', '>', '|', '='}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    for (int[] shape : shapes) {
                        String descr = order + typeCode(type);
                        byte[] cell = NpyBytes.build(1, descr, fortran, shape, data(type, order == '>', fortran, shape));
                        Tensor t = NpyCodec.decode(cell, COL);
                        String what = descr + " fortran=" + fortran + " " + Arrays.toString(shape);
                        assertEquals(type.decodedType(), t.type(), what);
                        assertArrayEquals(shape, t.shape(), what);
                        assertData(expected(type, t.size()), t, what);
                        cases++;
                    }
                }
            }
        }
        assertEquals(8 * 4 * 2 * 4, cases);
    }

    @Test
    void decodesVersionTwoAndThreeHeaders() {
        int[] shape = {2, 3, 4};
        for (int major : new int[] {2, 3}) {
            byte[] cell = NpyBytes.build(major, "<f4", false, shape, data(StorageDType.FLOAT32, false, false, shape));
            assertEquals(major, cell[6]);
            Tensor t = NpyCodec.decode(cell, COL);
            assertArrayEquals((float[]) expected(StorageDType.FLOAT32, 24), t.floats());
        }
        byte[] fortranV3 = NpyBytes.build(3, ">i8", true, shape, data(StorageDType.INT64, true, true, shape));
        assertArrayEquals((long[]) expected(StorageDType.INT64, 24), NpyCodec.decode(fortranV3, COL).longs());
    }

    @Test
    void readsHeaderSpellingsNumpyAccepts() {
        byte[] data = data(StorageDType.INT16, false, false, new int[] {2, 3});
        short[] want = (short[]) expected(StorageDType.INT16, 6);
        List<String> headers = List.of(
                "{'shape': (2, 3), 'fortran_order': False, 'descr': '<i2'}",
                "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2, 3,),}",
                "{ 'descr' : '<i2' ,\n 'fortran_order' : False ,\t'shape' : ( 2 , 3 ) , }",
                "{'descr':'<i2','fortran_order':False,'shape':(2,3)}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L), }");
        for (String header : headers) {
            Tensor t = NpyCodec.decode(NpyBytes.withHeader(1, header, data), COL);
            assertArrayEquals(want, t.shorts(), header);
            assertArrayEquals(new int[] {2, 3}, t.shape(), header);
        }
        // Headers of other lengths than numpy's padding still read (older writers aligned to 16).
        byte[] unpadded = NpyBytes.withHeaderBytes(1, 0,
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)}".getBytes(StandardCharsets.US_ASCII), false, data);
        assertArrayEquals(want, NpyCodec.decode(unpadded, COL).shorts());
    }

    @Test
    void readsFilesWrittenByNumpy() throws IOException {
        Tensor f4 = NpyCodec.decode(fixture("f4_c_3x4x5.npy"), COL);
        assertArrayEquals(new int[] {3, 4, 5}, f4.shape());
        for (int k = 0; k < 60; k++) {
            assertEquals(0.5f * k - 7, f4.floats()[k]);
        }
        Tensor i2 = NpyCodec.decode(fixture("i2_be_fortran_4x3.npy"), COL);
        assertArrayEquals(new int[] {4, 3}, i2.shape());
        for (int k = 0; k < 12; k++) {
            assertEquals(300 * k - 1000, i2.shorts()[k], "C-order element " + k);
        }
        Tensor f2 = NpyCodec.decode(fixture("f2_2x3x4x5.npy"), COL);
        assertArrayEquals(new int[] {2, 3, 4, 5}, f2.shape());
        assertEquals(ElementType.FLOAT32, f2.type());
        for (int k = 0; k < 120; k++) {
            assertEquals(k / 8.0f - 3, f2.floats()[k]);
        }
        Tensor u1 = NpyCodec.decode(fixture("u1_v2_2x3.npy"), COL);
        assertArrayEquals(new byte[] {0, 40, 80, 120, (byte) 160, (byte) 200}, u1.bytes());
        Tensor f8 = NpyCodec.decode(fixture("f8_be_v3_2x2.npy"), COL);
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1.0}, f8.doubles());

        assertBad(RecordReasons.NPY_OBJECT_DTYPE, COL, () -> NpyCodec.decode(fixture("object_2x2.npy"), COL),
                "'|O'", "pickle", "never unpickled");
        assertBad(RecordReasons.NPY_UNSUPPORTED_DTYPE, COL, () -> NpyCodec.decode(fixture("bool_2x2.npy"), COL),
                "'|b1'", "bool");
    }

    // ---- writing ----------------------------------------------------------------------------

    @Test
    void writesTheBytesNumpyWrites() throws IOException {
        float[] values = new float[60];
        for (int k = 0; k < 60; k++) {
            values[k] = 0.5f * k - 7;
        }
        assertArrayEquals(fixture("f4_c_3x4x5.npy"), NpyCodec.encode(Tensor.ofFloats(values, 3, 4, 5), StorageDType.FLOAT32));
        float[] halves = new float[120];
        for (int k = 0; k < 120; k++) {
            halves[k] = k / 8.0f - 3;
        }
        assertArrayEquals(fixture("f2_2x3x4x5.npy"),
                NpyCodec.encode(Tensor.ofFloats(halves, 2, 3, 4, 5), StorageDType.FLOAT16));
    }

    @Test
    void headerMatchesNumpysLayoutForManyShapes() {
        int[][] shapes = {{1, 1}, {7, 3}, {12345, 2}, {3, 224, 224}, {2, 3, 4, 5}, {1000, 1, 1, 1}, {5, 1, 10, 100}};
        for (int[] shape : shapes) {
            for (StorageDType type : NPY_TYPES) {
                Tensor t = Tensor.of(type.decodedType(), expected(type, (int) Tensor.elementCount(shape)), shape);
                byte[] npy = NpyCodec.encode(t, type);
                byte[] want = NpyBytes.build(1, (type.byteSize() == 1 ? "|" : "<") + typeCode(type), false, shape,
                        data(type, false, false, shape));
                assertArrayEquals(want, npy, type + " " + Arrays.toString(shape));
                int headerEnd = 10 + ((npy[8] & 0xFF) | (npy[9] & 0xFF) << 8);
                assertEquals(0, headerEnd % 64, "data aligned to 64");
                assertEquals('\n', npy[headerEnd - 1]);
                Tensor back = NpyCodec.decode(npy, COL);
                assertArrayEquals(shape, back.shape());
                assertData(t.data(), back, type + " round trip");
            }
        }
    }

    @Test
    void roundTripsFloatsBitwise() {
        float[] f = {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7FC01234)};
        Tensor back = NpyCodec.decode(NpyCodec.encode(Tensor.ofFloats(f, 2, 3), StorageDType.FLOAT32), COL);
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(back.floats()[i]));
        }
        double[] d = {-0.0, Double.MIN_VALUE, Math.E, Double.longBitsToDouble(0x7FF8_0000_0000_1234L)};
        Tensor backD = NpyCodec.decode(NpyCodec.encode(Tensor.ofDoubles(d, 2, 2), StorageDType.FLOAT64), COL);
        for (int i = 0; i < d.length; i++) {
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(backD.doubles()[i]));
        }
    }

    @Test
    void refusesBfloat16AndMismatchedTypes() {
        assertFalse(NpyCodec.canEncode(StorageDType.BFLOAT16));
        assertTrue(NpyCodec.canEncode(StorageDType.FLOAT16));
        Tensor f = Tensor.ofFloats(new float[4], 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyCodec.encode(f, StorageDType.BFLOAT16));
        assertTrue(e.getMessage().contains("numpy has no bfloat16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyCodec.encode(f, StorageDType.FLOAT64));
    }

    // ---- bad cells --------------------------------------------------------------------------

    private static final byte[] SIX_INT16 = data(StorageDType.INT16, false, false, new int[] {2, 3});

    private static byte[] header(String dict) {
        return NpyBytes.withHeader(1, dict, SIX_INT16);
    }

    @Test
    void rejectsBadPreambles() {
        byte[] good = NpyBytes.build(1, "<i2", false, new int[] {2, 3}, SIX_INT16);
        assertBad(RecordReasons.NULL_TENSOR, COL, () -> NpyCodec.decode(null, COL), "null");
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(new byte[0], COL), "0 bytes");
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(Arrays.copyOf(good, 4), COL), "4 bytes");
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(Arrays.copyOf(good, 9), COL), "9 bytes");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
        assertBad(RecordReasons.BAD_NPY_MAGIC, COL, () -> NpyCodec.decode(png, COL), "magic", "89 50 4e 47");
        assertBad(RecordReasons.BAD_NPY_MAGIC, COL, () -> NpyCodec.decode(new byte[] {1, 2}, COL), "01 02");
        for (int[] version : new int[][] {{4, 0}, {1, 1}, {0, 0}, {2, 5}}) {
            byte[] cell = good.clone();
            cell[6] = (byte) version[0];
            cell[7] = (byte) version[1];
            assertBad(RecordReasons.NPY_UNSUPPORTED_VERSION, COL, () -> NpyCodec.decode(cell, COL),
                    "version " + version[0] + "." + version[1], "1.0, 2.0 or 3.0");
        }
        byte[] v2 = NpyBytes.build(2, "<i2", false, new int[] {2, 3}, SIX_INT16);
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(Arrays.copyOf(v2, 11), COL), "11 bytes");
        byte[] longHeader = good.clone();
        longHeader[9] = 0x10; // claims a 4 KB header
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(longHeader, COL), "header is cut short");
        byte[] hugeV2 = v2.clone();
        hugeV2[11] = (byte) 0xFF; // a header length above 2^31, read as unsigned
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(hugeV2, COL), "header is cut short");
    }

    @Test
    void rejectsDataOfTheWrongLength() {
        byte[] good = NpyBytes.build(1, "<i2", false, new int[] {2, 3}, SIX_INT16);
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(Arrays.copyOf(good, good.length - 1), COL),
                "11 bytes", "needs 12", "[2, 3]", "int16");
        assertBad(RecordReasons.TRUNCATED_BYTES, COL, () -> NpyCodec.decode(Arrays.copyOf(good, 128), COL),
                "0 bytes after the header");
        assertBad(RecordReasons.SHAPE_MISMATCH, COL, () -> NpyCodec.decode(Arrays.copyOf(good, good.length + 2), COL),
                "14 bytes", "needs 12");
    }

    @Test
    void rejectsDtypesItCannotPool() {
        assertBad(RecordReasons.NPY_OBJECT_DTYPE, COL,
                () -> NpyCodec.decode(header("{'descr': '|O', 'fortran_order': False, 'shape': (2, 3), }"), COL), "pickle");
        assertBad(RecordReasons.NPY_OBJECT_DTYPE, COL,
                () -> NpyCodec.decode(header("{'descr': '<O8', 'fortran_order': False, 'shape': (2, 3), }"), COL), "'<O8'");
        for (String descr : List.of("|b1", "<c8", "<u2", "<u4", ">u8", "<U10", "|S5", "<M8[ns]", "|V2", "<f16", "f", "")) {
            assertBad(RecordReasons.NPY_UNSUPPORTED_DTYPE, COL,
                    () -> NpyCodec.decode(header("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 3), }"), COL),
                    "'" + descr + "'");
        }
        assertBad(RecordReasons.NPY_UNSUPPORTED_DTYPE, COL, () -> NpyCodec.decode(
                header("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2, 3), }"), COL),
                "structured");
    }

    @Test
    void rejectsShapesItCannotPool() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"()", "rank 0"});
        cases.add(new String[] {"(6,)", "rank 1"});
        cases.add(new String[] {"(1, 1, 1, 2, 3)", "rank 5"});
        cases.add(new String[] {"(0, 3)", "below 1"});
        cases.add(new String[] {"(2, -3)", "negative"});
        for (String[] c : cases) {
            BadRecordException e = assertBad(RecordReasons.INVALID_SHAPE, COL,
                    () -> NpyCodec.decode(header("{'descr': '<i2', 'fortran_order': False, 'shape': " + c[0] + ", }"), COL), c[1]);
            assertNotNull(e.getMessage());
        }
        List<String[]> tooLarge = new ArrayList<>();
        tooLarge.add(new String[] {"(2, 99999999999)", "larger than an array can hold"});
        tooLarge.add(new String[] {"(65536, 65536)", "more than one array can hold"});
        for (String[] c : tooLarge) {
            assertBad(RecordReasons.SHAPE_TOO_LARGE, COL,
                    () -> NpyCodec.decode(header("{'descr': '<i2', 'fortran_order': False, 'shape': " + c[0] + ", }"), COL), c[1]);
        }
    }

    @Test
    void rejectsHeadersThatAreNotNumpysDict() {
        List<String> headers = List.of(
                "{'descr': '<i2', 'fortran_order': False}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}",
                "{'descr': '<i2', 'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)}",
                "{'descr': '<i2', 'fortran_order': 'no', 'shape': (2, 3)}",
                "{'descr': '<i2', 'fortran_order': 0, 'shape': (2, 3)}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (6)}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': [2, 3]}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3.0)}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2 3)}",
                "{'descr': <i2, 'fortran_order': False, 'shape': (2, 3)}",
                "{'descr': '<i2, 'fortran_order': False, 'shape': (2, 3)}",
                "{'descr': '<\\x69\\x32', 'fortran_order': False, 'shape': (2, 3)}",
                "{'descr': '<i2' 'fortran_order': False, 'shape': (2, 3)}",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)} junk",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)",
                "['descr', '<i2']",
                "__import__('os').system('true')",
                "");
        for (String h : headers) {
            assertBad(RecordReasons.BAD_NPY_HEADER, COL, () -> NpyCodec.decode(header(h), COL), "header");
        }
        // The Python 2 'L' suffix is only accepted where numpy accepts it, in v1 and v2 headers.
        assertBad(RecordReasons.BAD_NPY_HEADER, COL, () -> NpyCodec.decode(
                NpyBytes.withHeader(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L)}", SIX_INT16), COL));
        byte[] badUtf8 = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), } \u00ff"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertBad(RecordReasons.BAD_NPY_HEADER, COL, () -> NpyCodec.decode(
                NpyBytes.withHeaderBytes(3, 0, badUtf8, true, SIX_INT16), COL), "UTF-8");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NpyCodecTest.class.getResourceAsStream("/tensor/npy/" + name)) {
            assertNotNull(in, "fixture " + name);
            return in.readAllBytes();
        }
    }
}
