package io.tensorpool.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;

/**
 * The run's counters, registered on the driver and filled by the pooling tasks: one
 * {@link PartitionCounts} per partition (see {@link CountsAccumulator} for why per partition),
 * summed on the driver once the job is done. Exact however often Spark reruns a task.
 */
record RunCounters(CountsAccumulator partitions) implements Serializable {

    static RunCounters register(SparkContext context) {
        CountsAccumulator partitions = new CountsAccumulator();
        context.register(partitions, "tensorpool.partition_counts");
        return new RunCounters(partitions);
    }

    /** Reports one partition's counts; called by the task that went through the partition. */
    void add(PartitionCounts counts) {
        partitions.add(counts);
    }

    /** The sums over every partition, for the driver once the job has finished. */
    Totals totals() {
        long in = 0;
        long out = 0;
        Map<String, Long> bad = new TreeMap<>();
        Map<String, Long> shapes = new TreeMap<>();
        List<String> quarantineFiles = new ArrayList<>();
        for (PartitionCounts counts : partitions.value().values()) {
            in += counts.recordsIn();
            out += counts.recordsOut();
            counts.badRecords().forEach((reason, n) -> bad.merge(reason, n, Long::sum));
            counts.outputShapes().forEach((shape, n) -> shapes.merge(shape, n, Long::sum));
            if (counts.quarantineFile() != null) {
                quarantineFiles.add(counts.quarantineFile());
            }
        }
        return new Totals(in, out, bad, shapes, quarantineFiles);
    }

    /**
     * @param recordsIn       records read
     * @param recordsOut      records written
     * @param badRecords      rejected records by reason
     * @param outputShapes    output shapes with how many records had each
     * @param quarantineFiles the quarantine files of the attempts counted, one at most per partition
     */
    record Totals(long recordsIn, long recordsOut, Map<String, Long> badRecords, Map<String, Long> outputShapes,
                  List<String> quarantineFiles) {

        long recordsBad() {
            return badRecords.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
