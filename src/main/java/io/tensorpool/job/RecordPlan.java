package io.tensorpool.job;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.kernel.SharedScales;
import java.io.Serializable;
import java.util.List;

/**
 * Everything an executor needs to turn one input row into one output row, validated on the
 * driver and broadcast once: where the tensor and its shape come from, the operators, and what
 * fills each output column.
 *
 * @param decoder     reads the tensor of an input row
 * @param scales      the pipelines, one per pooled output (one for a config with {@code ops})
 * @param outputNames the pooled outputs' tensor columns, in pipeline order (for the run report)
 * @param slots       one per output column, in the output schema's order
 * @param fileOrdinal input ordinal of the source file path (for messages about bad records)
 * @param rowOrdinal  input ordinal of the row's index inside its file
 * @param onBadRecord what to do with a record that cannot be pooled ({@code errors.on_bad_record})
 */
record RecordPlan(TensorCellDecoder decoder, SharedScales scales, List<String> outputNames, List<OutputSlot> slots,
                  int fileOrdinal, int rowOrdinal, BadRecordPolicy onBadRecord) implements Serializable {

    RecordPlan {
        outputNames = List.copyOf(outputNames);
        slots = List.copyOf(slots);
    }

    /** The same plan for input rows that hold the file path and row index at other ordinals. */
    RecordPlan withMetadataOrdinals(int file, int row) {
        return new RecordPlan(decoder, scales, outputNames, slots, file, row, onBadRecord);
    }
}
