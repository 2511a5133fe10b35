package io.tensorpool.job;

import java.io.Serializable;
import org.apache.spark.sql.types.DataType;

/** What fills one column of an output row. The plan lists one slot per output column, in order. */
sealed interface OutputSlot extends Serializable {

    /** An input column copied through unchanged. */
    record Passthrough(int ordinal, DataType type) implements OutputSlot {
    }

    /** The pooled tensor of pipeline {@code output}, encoded by {@code encoder}. */
    record PooledTensor(TensorCellEncoder encoder, int output) implements OutputSlot {
    }

    /** The shape of pipeline {@code output}'s pooled tensor. */
    record PooledShape(int output) implements OutputSlot {
    }

    /** PyTorch's plane-flat int64 indices of pipeline {@code output}'s last max-like operator. */
    record Indices(int output) implements OutputSlot {
    }

    /** The same string in every row: the stored element type of {@code binary} output. */
    record Constant(String value) implements OutputSlot {
    }
}
