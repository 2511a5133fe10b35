package io.tensorpool.job;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The run's counters, registered on the driver and updated by tasks: records read and written,
 * rejected records by reason, and output shapes seen.
 */
record RunCounters(LongAccumulator recordsIn, LongAccumulator recordsOut, CountsAccumulator badRecords,
                   CountsAccumulator outputShapes) implements Serializable {

    static RunCounters register(SparkContext context) {
        CountsAccumulator badRecords = new CountsAccumulator();
        CountsAccumulator outputShapes = new CountsAccumulator();
        context.register(badRecords, "tensorpool.bad_records");
        context.register(outputShapes, "tensorpool.output_shapes");
        return new RunCounters(context.longAccumulator("tensorpool.records_in"),
                context.longAccumulator("tensorpool.records_out"), badRecords, outputShapes);
    }
}
