package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Integer element types: max-like operators keep the type and compare uint8 as unsigned; the
 * averages widen to float32 (float64 stays float64).
 */
class ElementTypesTest {

    @Test
    void newArraysAreTheTypesOwnArraysAndTensorsAcceptThem() {
        for (ElementType type : ElementType.values()) {
            Object array = type.newArray(6);
            assertEquals(6, java.lang.reflect.Array.getLength(array), type.toString());
            assertEquals(type, Tensor.of(type, array, 2, 3).type()); // Tensor.of checks the array type
        }
    }

    @Test
    void uint8ComparesUnsigned() {
        byte[] data = {(byte) 200, 100, 0, (byte) 255};
        Tensor image = Tensor.of(ElementType.UINT8, data, 1, 4);
        PoolResult max = new MaxPool2d(IntPair.of(1, 2), null, null, null, false, true).apply(image);
        assertEquals(ElementType.UINT8, max.values().type());
        assertArrayEquals(new byte[] {(byte) 200, (byte) 255}, max.values().bytes());
        assertArrayEquals(new long[] {0, 3}, max.indices());
    }

    @Test
    void int8ComparesSigned() {
        byte[] data = {(byte) 200, 100, 0, (byte) 255}; // -56, 100, 0, -1
        PoolResult max = new MaxPool2d(IntPair.of(1, 2), null, null, null, false, true)
                .apply(Tensor.of(ElementType.INT8, data, 1, 4));
        assertArrayEquals(new byte[] {100, 0}, max.values().bytes());
        assertArrayEquals(new long[] {1, 2}, max.indices());
    }

    @Test
    void uint8AverageIsFloat32OfTheUnsignedValues() {
        byte[] data = {(byte) 200, (byte) 255, 0, 1};
        PoolResult avg = AvgPool2d.of(2).apply(Tensor.of(ElementType.UINT8, data, 2, 2));
        assertEquals(ElementType.FLOAT32, avg.values().type());
        assertArrayEquals(new float[] {114f}, avg.values().floats());
    }

    @Test
    void uint8AllZeroWindowReportsItsFirstCell() {
        byte[] data = {0, 0, 0, 0};
        PoolResult max = new GlobalMaxPool2d(true).apply(Tensor.of(ElementType.UINT8, data, 2, 2));
        assertArrayEquals(new byte[] {0}, max.values().bytes());
        assertArrayEquals(new long[] {0}, max.indices());
    }

    @Test
    void int64KeepsEveryBitBeyondDoublePrecision() {
        long big = (1L << 53) + 1; // not representable as a double
        long[] data = {big - 1, big, Long.MIN_VALUE, Long.MAX_VALUE};
        PoolResult max = new MaxPool2d(IntPair.of(1, 2), null, null, null, false, true)
                .apply(Tensor.of(ElementType.INT64, data, 2, 2));
        assertEquals(ElementType.INT64, max.values().type());
        assertArrayEquals(new long[] {big, Long.MAX_VALUE}, max.values().longs());
        assertArrayEquals(new long[] {1, 3}, max.indices());
    }

    @Test
    void int64MinimumOnlyWindowKeepsTheMinimum() {
        long[] data = {Long.MIN_VALUE, Long.MIN_VALUE};
        PoolResult max = new AdaptiveMaxPool2d(1, 1, true).apply(Tensor.of(ElementType.INT64, data, 1, 2));
        assertArrayEquals(new long[] {Long.MIN_VALUE}, max.values().longs());
        assertArrayEquals(new long[] {0}, max.indices());
    }

    @Test
    void int16AndInt32KeepTheirTypes() {
        short[] shorts = {-5, Short.MAX_VALUE, Short.MIN_VALUE, 7};
        assertArrayEquals(new short[] {Short.MAX_VALUE},
                new GlobalMaxPool2d(false).apply(Tensor.of(ElementType.INT16, shorts, 2, 2)).values().shorts());
        int[] ints = {-5, Integer.MIN_VALUE, 16_777_217, 7};
        assertArrayEquals(new int[] {16_777_217},
                new GlobalMaxPool2d(false).apply(Tensor.of(ElementType.INT32, ints, 2, 2)).values().ints());
    }

    @Test
    void averagesOfIntegersAreFloat32AndOfFloat64StayFloat64() {
        int[] ints = {1, 2, 3, 4};
        Tensor int32 = Tensor.of(ElementType.INT32, ints, 2, 2);
        for (PoolOp op : new PoolOp[] {AvgPool2d.of(2), new LpPool2d(2, IntPair.of(2), null, null, null, false),
                new AdaptiveAvgPool2d(1, 1), new GlobalAvgPool2d(), new GlobalLpPool2d(2)}) {
            assertEquals(ElementType.FLOAT32, op.outputType(ElementType.INT32), op.opName());
            assertEquals(ElementType.FLOAT32, op.apply(int32).values().type(), op.opName());
            assertEquals(ElementType.FLOAT64, op.outputType(ElementType.FLOAT64), op.opName());
            assertEquals(ElementType.FLOAT64,
                    op.apply(Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2)).values().type(), op.opName());
        }
        assertArrayEquals(new float[] {2.5f}, new GlobalAvgPool2d().apply(int32).values().floats());
    }
}
