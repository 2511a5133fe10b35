package io.tensorpool.api;

import java.util.Map;

/**
 * What the pooling tasks counted, over every partition that an action has read to its end so far.
 *
 * <p>Each partition is counted once, by its last complete pass: running several actions on the
 * same pooled dataset does not add up the same records twice, and a task Spark retries is not
 * counted twice. A partition an action stopped reading early (as {@code show()} or
 * {@code limit} may) is not counted until an action reads it to its end.
 *
 * @param recordsIn    records read
 * @param recordsOut   records pooled
 * @param badRecords   rejected records by reason (e.g. {@code shape_mismatch}), as the run report has them
 * @param outputShapes output shapes, e.g. {@code [3, 8, 8]}, with how many records had each
 */
public record PoolingCounts(long recordsIn, long recordsOut, Map<String, Long> badRecords,
                            Map<String, Long> outputShapes) {

    public PoolingCounts {
        badRecords = Map.copyOf(badRecords);
        outputShapes = Map.copyOf(outputShapes);
    }

    /** Rejected records over every reason. */
    public long recordsBad() {
        return badRecords.values().stream().mapToLong(Long::longValue).sum();
    }
}
