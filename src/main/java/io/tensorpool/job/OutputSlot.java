package io.tensorpool.job;

import java.io.Serializable;
import org.apache.spark.sql.types.DataType;

/** What fills one column of an output row. The plan lists one slot per output column, in order. */
sealed interface OutputSlot extends Serializable {

    /** An input column copied through unchanged. */
    record Passthrough(int ordinal, DataType type) implements OutputSlot {
    }

    /** The pooled tensor, encoded by {@code encoder}. */
    record PooledTensor(TensorCellEncoder encoder) implements OutputSlot {
    }

    /** The pooled tensor's shape. */
    record PooledShape() implements OutputSlot {
    }

    /** PyTorch's plane-flat int64 indices of the last max-like operator. */
    record Indices() implements OutputSlot {
    }

    /** The same string in every row: the stored element type of {@code binary} output. */
    record Constant(String value) implements OutputSlot {
    }
}
