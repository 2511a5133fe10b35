package io.tensorpool.job;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts occurrences of string keys across tasks: rejected records by reason, output shapes by
 * shape. Each task counts into its own copy and Spark merges the copies of successful tasks on
 * the driver, so a retried task is not counted twice.
 */
final class CountsAccumulator extends AccumulatorV2<String, Map<String, Long>> {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, Long> counts = new TreeMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public CountsAccumulator copy() {
        CountsAccumulator copy = new CountsAccumulator();
        copy.counts.putAll(counts);
        return copy;
    }

    @Override
    public void reset() {
        counts.clear();
    }

    @Override
    public void add(String key) {
        counts.merge(key, 1L, Long::sum);
    }

    @Override
    public void merge(AccumulatorV2<String, Map<String, Long>> other) {
        other.value().forEach((key, count) -> counts.merge(key, count, Long::sum));
    }

    @Override
    public Map<String, Long> value() {
        return counts;
    }

    /** The total of every count. */
    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
