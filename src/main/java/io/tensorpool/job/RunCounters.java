package io.tensorpool.job;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The run's counters, registered on the driver and updated by tasks: records read and written,
 * rejected records by reason, output shapes seen, and under quarantine where each rejected
 * record is. Spark merges the updates of successful task attempts only, so retries do not count twice.
 */
record RunCounters(LongAccumulator recordsIn, LongAccumulator recordsOut, CountsAccumulator badRecords,
                   CountsAccumulator outputShapes, CollectionAccumulator<RejectedRecord> quarantined)
        implements Serializable {

    static RunCounters register(SparkContext context) {
        CountsAccumulator badRecords = new CountsAccumulator();
        CountsAccumulator outputShapes = new CountsAccumulator();
        context.register(badRecords, "tensorpool.bad_records");
        context.register(outputShapes, "tensorpool.output_shapes");
        return new RunCounters(context.longAccumulator("tensorpool.records_in"),
                context.longAccumulator("tensorpool.records_out"), badRecords, outputShapes,
                context.collectionAccumulator("tensorpool.quarantined"));
    }
}
