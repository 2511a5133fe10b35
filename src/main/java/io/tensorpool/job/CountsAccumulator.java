package io.tensorpool.job;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * The counts of each partition, keyed by partition: a task adds its partition's
 * {@link PartitionCounts} once, after its last row, and merging keeps the first entry seen for
 * a partition and drops the rest.
 *
 * <p>Why not sum: Spark applies a task's accumulator updates each time a successful attempt of
 * it reports, and a partition can be computed more than once (a stage rerun after a lost
 * executor, a speculative copy, a plan that evaluates the pooling twice). Summing would count
 * those records twice; keeping one entry per partition cannot, and every attempt of a partition
 * counts the same records.
 */
final class CountsAccumulator extends AccumulatorV2<PartitionCounts, Map<Integer, PartitionCounts>> {
    private static final long serialVersionUID = 1L;

    private final TreeMap<Integer, PartitionCounts> partitions = new TreeMap<>();

    @Override
    public boolean isZero() {
        return partitions.isEmpty();
    }

    @Override
    public CountsAccumulator copy() {
        CountsAccumulator copy = new CountsAccumulator();
        copy.partitions.putAll(partitions);
        return copy;
    }

    @Override
    public void reset() {
        partitions.clear();
    }

    @Override
    public void add(PartitionCounts counts) {
        partitions.putIfAbsent(counts.partition(), counts);
    }

    @Override
    public void merge(AccumulatorV2<PartitionCounts, Map<Integer, PartitionCounts>> other) {
        other.value().values().forEach(this::add);
    }

    @Override
    public Map<Integer, PartitionCounts> value() {
        return partitions;
    }
}
