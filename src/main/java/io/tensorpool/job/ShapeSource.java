package io.tensorpool.job;

import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.RecordReasons;
import io.tensorpool.tensor.BadRecordException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;

/** Where a record's shape comes from: one fixed shape in the config, or a per-record column. */
sealed interface ShapeSource extends Serializable {

    /** The shape of the record in {@code row}. */
    int[] shapeOf(InternalRow row);

    /** One shape for every record ({@code input.tensor.shape}). */
    record Fixed(int[] shape) implements ShapeSource {
        @Override
        public int[] shapeOf(InternalRow row) {
            return shape;
        }

        @Override
        public String toString() {
            return Arrays.toString(shape);
        }
    }

    /** A per-record {@code array<int>} or {@code array<bigint>} column ({@code input.tensor.shape_column}). */
    record Column(int ordinal, String name, boolean longs) implements ShapeSource {
        @Override
        public int[] shapeOf(InternalRow row) {
            if (row.isNullAt(ordinal)) {
                throw new BadRecordException(RecordReasons.NULL_SHAPE, "shape column " + name
                        + " is null; every record needs its shape");
            }
            return ListCells.readShape(row.getArray(ordinal), longs, name);
        }
    }
}
