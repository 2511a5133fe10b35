package io.tensorpool.job;

import java.io.Serializable;
import java.util.Map;

/**
 * What one task counted over the whole of its partition. Every attempt of a partition reads the
 * same rows and so counts the same, which is what lets {@link CountsAccumulator} keep any one of them.
 *
 * @param partition      the partition's index in the pooling stage
 * @param recordsIn      records read
 * @param recordsOut     records pooled and handed on to be written
 * @param badRecords     rejected records by reason
 * @param outputShapes   output shapes seen, with how many records had each
 * @param quarantineFile under quarantine, the name of the file this attempt wrote its rejected rows
 *                       to inside the quarantine's staging folder; null when it wrote none
 */
record PartitionCounts(int partition, long recordsIn, long recordsOut, Map<String, Long> badRecords,
                       Map<String, Long> outputShapes, String quarantineFile) implements Serializable {

    PartitionCounts {
        badRecords = Map.copyOf(badRecords);
        outputShapes = Map.copyOf(outputShapes);
    }
}
