package io.tensorpool.job;

import io.tensorpool.config.InputConfig;
import io.tensorpool.config.InputFormat;
import org.apache.spark.sql.SparkSession;

/**
 * The probe step: opens the input and learns what the plan needs before any record is pooled.
 * It reads the input's schema and file list ({@link InputTable}), sizes Parquet's reader batches
 * to the tensor column ({@link ReaderBatchSizer}), and, with a shape column, finds the one shape
 * every record has, if they share one ({@link UniformShapeProbe}).
 */
final class InputProbe {

    private InputProbe() {
    }

    /**
     * What the probe found.
     *
     * @param table        the input as Spark reads it
     * @param uniformShape the one input shape of every record when a shape column gives it, else null
     */
    record Probed(InputTable table, int[] uniformShape) {
    }

    /**
     * Probes {@code table}, the input already read (an incremental run reads only its new files).
     *
     * @throws PreconditionException when the input cannot be read
     */
    static Probed probe(SparkSession spark, InputConfig input, InputTable table) {
        boolean parquet = input.format() == InputFormat.PARQUET;
        if (parquet) {
            ReaderBatchSizer.apply(spark, table.files(), input.tensor().column());
        }
        String shapeColumn = input.tensor().shapeColumn();
        int[] uniformShape = shapeColumn == null ? null : UniformShapeProbe.find(table, shapeColumn, parquet);
        return new Probed(table, uniformShape);
    }
}
