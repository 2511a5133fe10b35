package io.tensorpool.tensor.spark;

import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.RecordReasons;
import io.tensorpool.tensor.Shapes;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.function.IntFunction;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.bitset.BitSetMethods;

/**
 * Bulk copies between Spark's internal array values and primitive arrays: the {@code list}
 * layout's cells ({@code array<number>}, flat, C order) and shape cells ({@code array<int>} or
 * {@code array<bigint>}).
 *
 * <p>Why internal arrays: {@code UnsafeArrayData.toFloatArray} and
 * {@code UnsafeArrayData.fromPrimitiveArray} are memory copies, while {@code Row.getList} or a
 * UDF over {@code array<float>} box every element (about 90x the cost). A null element is a bad
 * record, never a zero: it is checked only when the column's type admits nulls, and then in bulk
 * (see {@link #withoutNulls}).
 */
public final class ListCells {
    /** Where an {@code UnsafeArrayData}'s null bitmap starts: after its 8-byte element count. */
    private static final long NULL_BITS_OFFSET = 8;

    private ListCells() {
    }

    /**
     * Copies a flat numeric array cell into a tensor of {@code shape}.
     *
     * @param cell          the array value, not null
     * @param type          the element type the column holds
     * @param containsNull  whether the column's type admits null elements (then they are checked)
     * @param shape         the record's shape
     * @param column        the column name, for messages
     * @throws BadRecordException {@code invalid_shape} or {@code shape_too_large} (see
     *     {@link Shapes#checkRecordShape}), {@code null_element} or {@code shape_mismatch}
     */
    public static Tensor read(ArrayData cell, ElementType type, boolean containsNull, int[] shape, String column) {
        ArrayData values = checked(cell, containsNull, shape, column);
        Object data = switch (type) {
            case FLOAT32 -> values.toFloatArray();
            case FLOAT64 -> values.toDoubleArray();
            case INT8, UINT8 -> values.toByteArray();
            case INT16 -> values.toShortArray();
            case INT32 -> values.toIntArray();
            case INT64 -> values.toLongArray();
        };
        return Tensor.of(type, data, shape);
    }

    /**
     * As {@link #read} for a float32 cell, copying the elements into an array from
     * {@code arrays} (of exactly the length asked for; the caller may reuse it from record to
     * record) when the checked cell is an {@code UnsafeArrayData}: one memory copy.
     */
    public static Tensor readFloat32(ArrayData cell, boolean containsNull, int[] shape, String column,
                                     IntFunction<float[]> arrays) {
        ArrayData values = checked(cell, containsNull, shape, column);
        if (!(values instanceof UnsafeArrayData unsafe)) {
            return Tensor.ofFloats(values.toFloatArray(), shape);
        }
        int length = unsafe.numElements();
        float[] floats = arrays.apply(length);
        Platform.copyMemory(unsafe.getBaseObject(),
                unsafe.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(length),
                floats, Platform.FLOAT_ARRAY_OFFSET, (long) length * Float.BYTES);
        return Tensor.ofFloats(floats, shape);
    }

    /**
     * The cell's values after the record checks: the shape, the element count against it, and
     * (when the column admits nulls) no null element.
     */
    private static ArrayData checked(ArrayData cell, boolean containsNull, int[] shape, String column) {
        Shapes.checkRecordShape(shape, "column " + column);
        int length = cell.numElements();
        long expected = Tensor.elementCount(shape);
        if (length != expected) {
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, "column " + column + " holds " + length
                    + " elements but its shape " + java.util.Arrays.toString(shape) + " needs " + expected);
        }
        return containsNull ? withoutNulls(cell, column) : cell;
    }

    /**
     * {@code cell}'s values, checked to hold no null, as an array with the same values: the cell
     * itself, or for a view over the vectorized reader's column batch ({@code ColumnarArray})
     * its {@code copy()}, an {@code UnsafeArrayData}.
     *
     * <p>Why: asking {@code isNullAt} of each element of a {@code ColumnarArray} costs two
     * virtual calls per element, which the job's profile showed as a quarter of an identity copy's
     * task time. An {@code UnsafeArrayData} keeps its null flags as a bitmap after its element
     * count, which {@link BitSetMethods#anySet} tests a 64-bit word at a time; a
     * {@code ColumnarArray}'s {@code copy()} (two memory copies) sets that bitmap from each
     * element's flag only when its column vector holds a null at all ({@code hasNull()}), in
     * every Spark line this project builds for. Any other array is checked element by element.
     *
     * @throws BadRecordException {@code null_element} naming the first null element
     */
    static ArrayData withoutNulls(ArrayData cell, String column) {
        ArrayData values = cell instanceof ColumnarArray columnar ? columnar.copy() : cell;
        if (values instanceof UnsafeArrayData unsafe && !BitSetMethods.anySet(unsafe.getBaseObject(),
                unsafe.getBaseOffset() + NULL_BITS_OFFSET, (unsafe.numElements() + 63) / 64)) {
            return values;
        }
        int length = values.numElements();
        for (int i = 0; i < length; i++) {
            if (values.isNullAt(i)) {
                throw new BadRecordException(RecordReasons.NULL_ELEMENT, "column " + column + " has a null at element " + i
                        + " of " + length + "; a tensor cannot hold nulls (fix or drop the record upstream)");
            }
        }
        return values;
    }

    /**
     * Reads a shape cell of {@code array<int>} or {@code array<bigint>} (pyarrow writes int64
     * shapes) and checks it is a valid record shape.
     *
     * @param longs whether the cell holds bigint values
     * @throws BadRecordException {@code invalid_shape} or {@code shape_too_large} naming the column and the rule broken
     */
    public static int[] readShape(ArrayData cell, boolean longs, String column) {
        int rank = cell.numElements();
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (cell.isNullAt(i)) {
                throw new BadRecordException(RecordReasons.INVALID_SHAPE, "shape column " + column + " has a null dimension at "
                        + i + "; every dimension must be a positive integer");
            }
            shape[i] = dimension(longs ? cell.getLong(i) : cell.getInt(i), i, column);
        }
        return checkedRank(shape, column);
    }

    /**
     * Dimension {@code i} of a shape read from {@code column}, checked: a positive {@code int}.
     * With {@link #checkedRank}, the one rule for a valid record shape, wherever a shape is read.
     *
     * @throws BadRecordException {@code invalid_shape} (below 1) or {@code shape_too_large} (above
     *     {@code Integer.MAX_VALUE}) naming the column and the dimension
     */
    public static int dimension(long dim, int i, String column) {
        if (dim < 1) {
            throw new BadRecordException(RecordReasons.INVALID_SHAPE, "shape column " + column + " has dimension " + dim
                    + " at " + i + "; every dimension must be a positive integer");
        }
        if (dim > Integer.MAX_VALUE) {
            throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, "shape column " + column + " has dimension " + dim
                    + " at " + i + ", more than one array can hold; the record's shape is wrong");
        }
        return (int) dim;
    }

    /**
     * {@code shape}, after checking that its rank and size make a record ({@link Shapes#checkRecordShape}).
     *
     * @throws BadRecordException {@code invalid_shape} or {@code shape_too_large} naming the column and the rule broken
     */
    public static int[] checkedRank(int[] shape, String column) {
        Shapes.checkRecordShape(shape, "shape column " + column);
        return shape;
    }

    /**
     * True when Spark holds {@code elements} values of {@code width} bytes as one array value:
     * {@code UnsafeArrayData} refuses an array whose header (8 bytes and a null bit per element,
     * in whole words) and values take more than {@code Integer.MAX_VALUE / 8} words.
     */
    public static boolean fitsOneArray(long elements, int width) {
        long header = 8 + (elements + 63) / 64 * 8;
        return (header + elements * width + 7) / 8 <= Integer.MAX_VALUE / 8;
    }

    /**
     * @throws BadRecordException {@code shape_too_large} when {@link #fitsOneArray} says no
     */
    private static void checkOneArray(long elements, int width, String what) {
        if (!fitsOneArray(elements, width)) {
            throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, "Cannot write " + what + " as one Spark array: "
                    + elements + " elements of " + width + " bytes are more than one array value holds ("
                    + (long) Integer.MAX_VALUE / 8 * 8 + " bytes with its header); pool to a smaller output");
        }
    }

    /**
     * Wraps a tensor's elements as a Spark array value with non-null elements, in one copy.
     * uint8 widens to int16 (see {@link SparkElementTypes}).
     *
     * @throws BadRecordException {@code shape_too_large} when the tensor is more than one Spark array holds
     */
    public static ArrayData write(Tensor tensor) {
        checkOneArray(tensor.size(), SparkElementTypes.toSpark(tensor.type()).defaultSize(),
                "the pooled tensor " + java.util.Arrays.toString(tensor.shape()));
        return switch (tensor.type()) {
            case FLOAT32 -> UnsafeArrayData.fromPrimitiveArray(tensor.floats());
            case FLOAT64 -> UnsafeArrayData.fromPrimitiveArray(tensor.doubles());
            case INT8 -> UnsafeArrayData.fromPrimitiveArray(tensor.bytes());
            case UINT8 -> UnsafeArrayData.fromPrimitiveArray(widenUnsigned(tensor.bytes()));
            case INT16 -> UnsafeArrayData.fromPrimitiveArray(tensor.shorts());
            case INT32 -> UnsafeArrayData.fromPrimitiveArray(tensor.ints());
            case INT64 -> UnsafeArrayData.fromPrimitiveArray(tensor.longs());
        };
    }

    private static short[] widenUnsigned(byte[] bytes) {
        short[] wide = new short[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            wide[i] = (short) (bytes[i] & 0xFF);
        }
        return wide;
    }

    /** A shape as a Spark {@code array<int>} value. */
    public static ArrayData writeShape(int[] shape) {
        return UnsafeArrayData.fromPrimitiveArray(shape);
    }

    /**
     * Indices as a Spark {@code array<bigint>} value.
     *
     * @throws BadRecordException {@code shape_too_large} when they are more than one Spark array holds
     */
    public static ArrayData writeIndices(long[] indices) {
        checkOneArray(indices.length, Long.BYTES, "the " + indices.length + " indices");
        return UnsafeArrayData.fromPrimitiveArray(indices);
    }
}
