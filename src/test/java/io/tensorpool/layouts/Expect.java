package io.tensorpool.layouts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.config.JobConfig;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Compares what the job wrote with what the kernels give on the same tensor, element by
 * element and bit for bit (raw bits for floats, so NaN payloads and signed zeros count).
 */
final class Expect {
    private Expect() {
    }

    /** The kernels' result for {@code input} under the config's pipeline. */
    static Tensor pooled(JobConfig config, Tensor input) {
        return config.pipeline().apply(input).values();
    }

    /**
     * The output row's list-layout tensor column equals {@code expected}, with the Spark element
     * type the job documents (uint8 as smallint), and its shape column holds the expected shape.
     */
    static void listCell(Tensor expected, Row row, String column, String shapeColumn) {
        ArrayType type = (ArrayType) row.schema().apply(column).dataType();
        assertEquals(sparkType(expected.type()), type.elementType(), "element type of " + column);
        assertArrayEquals(expected.shape(), ints(row, shapeColumn), "shape of " + column);
        List<Object> values = row.getList(row.fieldIndex(column));
        assertEquals(expected.size(), values.size(), "element count of " + column);
        for (int i = 0; i < values.size(); i++) {
            Object actual = values.get(i);
            String where = column + "[" + i + "] of " + row;
            switch (expected.type()) {
                case FLOAT32 -> assertEquals(Float.floatToRawIntBits(expected.floats()[i]),
                        Float.floatToRawIntBits((Float) actual),
                        where + ": expected " + expected.floats()[i] + " but was " + actual);
                case FLOAT64 -> assertEquals(Double.doubleToRawLongBits(expected.doubles()[i]),
                        Double.doubleToRawLongBits((Double) actual),
                        where + ": expected " + expected.doubles()[i] + " but was " + actual);
                case UINT8 -> assertEquals((short) (expected.bytes()[i] & 0xFF), (Short) actual, where);
                case INT8 -> assertEquals(expected.bytes()[i], (Byte) actual, where);
                case INT16 -> assertEquals(expected.shorts()[i], (Short) actual, where);
                case INT32 -> assertEquals(expected.ints()[i], (Integer) actual, where);
                case INT64 -> assertEquals(expected.longs()[i], (Long) actual, where);
            }
        }
    }

    /** Two tensors are equal in type, shape and every element's bits. */
    static void sameTensor(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.type(), actual.type(), "type of " + what);
        assertArrayEquals(expected.shape(), actual.shape(), "shape of " + what);
        for (int i = 0; i < expected.size(); i++) {
            long e = bits(expected, i);
            long a = bits(actual, i);
            if (e != a) {
                fail(what + " differs at element " + i + ": expected " + value(expected, i) + " but was "
                        + value(actual, i));
            }
        }
    }

    /** A list cell read back as a tensor of {@code type} and {@code shape}. */
    static Tensor listTensor(Row row, String column, ElementType type, int[] shape) {
        List<Object> values = row.getList(row.fieldIndex(column));
        int n = values.size();
        Object data = switch (type) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Float) values.get(i);
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Double) values.get(i);
                }
                yield a;
            }
            case UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    short s = (Short) values.get(i);
                    if (s < 0 || s > 255) {
                        fail(column + "[" + i + "] is " + s + ", not a uint8");
                    }
                    a[i] = (byte) s;
                }
                yield a;
            }
            case INT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Byte) values.get(i);
                }
                yield a;
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Short) values.get(i);
                }
                yield a;
            }
            case INT32 -> values.stream().mapToInt(v -> (Integer) v).toArray();
            case INT64 -> values.stream().mapToLong(v -> (Long) v).toArray();
        };
        return Tensor.of(type, data, shape);
    }

    static int[] ints(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        return values.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    static DataType sparkType(ElementType type) {
        return switch (type) {
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case UINT8, INT16 -> DataTypes.ShortType;
            case INT8 -> DataTypes.ByteType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
        };
    }

    private static long bits(Tensor t, int i) {
        return switch (t.type()) {
            case FLOAT32 -> Float.floatToRawIntBits(t.floats()[i]);
            case FLOAT64 -> Double.doubleToRawLongBits(t.doubles()[i]);
            case UINT8 -> t.bytes()[i] & 0xFF;
            case INT8 -> t.bytes()[i];
            case INT16 -> t.shorts()[i];
            case INT32 -> t.ints()[i];
            case INT64 -> t.longs()[i];
        };
    }

    private static String value(Tensor t, int i) {
        return switch (t.type()) {
            case FLOAT32 -> Float.toString(t.floats()[i]);
            case FLOAT64 -> Double.toString(t.doubles()[i]);
            default -> Long.toString(bits(t, i));
        };
    }
}
