package io.tensorpool.job;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.RecordReasons;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Reads the tensor of one input row, whatever layout the column has. Implementations are
 * immutable and built once on the driver from the config and the input schema.
 */
sealed interface TensorSource extends Serializable {

    /**
     * The record's tensor, in NCHW (or CHW, HW) order.
     *
     * @throws BadRecordException when the cell is null or does not hold a valid tensor
     */
    Tensor read(InternalRow row);

    /** The element type of every tensor this source yields. */
    ElementType elementType();

    /**
     * The {@code list} layout: a flat {@code array<number>} in C order plus a shape.
     *
     * @param containsNull whether the column's type admits null elements (then they are checked)
     */
    record FlatList(int ordinal, String column, ElementType elementType, boolean containsNull, ShapeSource shape)
            implements TensorSource {
        @Override
        public Tensor read(InternalRow row) {
            if (row.isNullAt(ordinal)) {
                throw new BadRecordException(RecordReasons.NULL_TENSOR, "column " + column + " is null");
            }
            int[] dims = shape.shapeOf(row);
            return ListCells.read(row.getArray(ordinal), elementType, containsNull, dims, column);
        }
    }
}
