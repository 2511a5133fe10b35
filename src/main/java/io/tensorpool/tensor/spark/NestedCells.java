package io.tensorpool.tensor.spark;

import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.RecordReasons;
import io.tensorpool.tensor.Shapes;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The {@code nested} layout: {@code array<array<...<number>>>} of rank 2 to 4, the way Hugging
 * Face {@code Array2D/3D/4D} features and pandas' nested lists are stored. The shape comes from
 * the nesting; every sub-array of a level must have the same length (a ragged record is a bad
 * record, reason {@code ragged_nested}); a null at any level is a bad record. The innermost rows
 * are copied in bulk.
 */
public final class NestedCells {
    private NestedCells() {
    }

    /**
     * Flattens a nested array cell of {@code rank} levels into a C-order tensor.
     *
     * @param containsNull whether the innermost arrays admit null elements (then they are checked)
     */
    public static Tensor read(ArrayData cell, int rank, ElementType type, boolean containsNull, String column) {
        int[] shape = new int[rank];
        ArrayData probe = cell;
        for (int level = 0; level < rank; level++) {
            shape[level] = probe.numElements();
            if (shape[level] == 0) {
                throw new BadRecordException(RecordReasons.INVALID_SHAPE, "column " + column + " has an empty array at"
                        + " nesting level " + level + "; every dimension must be at least 1");
            }
            if (level < rank - 1) {
                if (probe.isNullAt(0)) {
                    throw nullAt(column, level + 1, new int[] {0});
                }
                probe = probe.getArray(0);
            }
        }
        // The shape is read off the first array of each level only; the rest are checked against
        // it while copying. Checked first, so that a ragged cell claiming more than fits is refused
        // before anything is sized from it.
        Shapes.checkRecordShape(shape, "column " + column);
        int rowLength = shape[rank - 1];
        Object flat = type.newArray((int) Tensor.elementCount(shape));
        int[] position = new int[rank - 1];
        copyLevel(cell, 0, shape, position, flat, new int[] {0}, type, containsNull, column, rowLength);
        return Tensor.of(type, flat, shape);
    }

    private static void copyLevel(ArrayData array, int level, int[] shape, int[] position, Object flat, int[] offset,
                                  ElementType type, boolean containsNull, String column, int rowLength) {
        if (array.numElements() != shape[level]) {
            throw new BadRecordException(RecordReasons.RAGGED_NESTED, "column " + column + " is ragged: the array at "
                    + Arrays.toString(Arrays.copyOf(position, level)) + " has " + array.numElements()
                    + " elements where the first record row had " + shape[level]
                    + "; a tensor needs equal lengths at every level");
        }
        if (level == shape.length - 1) {
            if (containsNull) {
                for (int i = 0; i < rowLength; i++) {
                    if (array.isNullAt(i)) {
                        throw new BadRecordException(RecordReasons.NULL_ELEMENT, "column " + column
                                + " has a null element at " + Arrays.toString(append(position, i))
                                + "; a tensor cannot hold nulls");
                    }
                }
            }
            System.arraycopy(primitive(array, type), 0, flat, offset[0], rowLength);
            offset[0] += rowLength;
            return;
        }
        for (int i = 0; i < shape[level]; i++) {
            position[level] = i;
            if (array.isNullAt(i)) {
                throw nullAt(column, level + 1, Arrays.copyOf(position, level + 1));
            }
            copyLevel(array.getArray(i), level + 1, shape, position, flat, offset, type, containsNull, column,
                    rowLength);
        }
    }

    private static BadRecordException nullAt(String column, int level, int[] position) {
        return new BadRecordException(RecordReasons.NULL_TENSOR, "column " + column + " has a null array at "
                + Arrays.toString(position) + " (nesting level " + level + ")");
    }

    private static int[] append(int[] position, int last) {
        int[] full = Arrays.copyOf(position, position.length + 1);
        full[position.length] = last;
        return full;
    }

    private static Object primitive(ArrayData row, ElementType type) {
        return switch (type) {
            case FLOAT32 -> row.toFloatArray();
            case FLOAT64 -> row.toDoubleArray();
            case INT8, UINT8 -> row.toByteArray();
            case INT16 -> row.toShortArray();
            case INT32 -> row.toIntArray();
            case INT64 -> row.toLongArray();
        };
    }
}
