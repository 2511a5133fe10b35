package io.tensorpool.job;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.InputReader;
import io.tensorpool.config.JobConfig;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pool step for a dataset the caller already has: the probe, plan and pool steps of
 * {@link JobRunner} with no path to read and nothing written. This is the bridge the library
 * API ({@code io.tensorpool.api.TensorPool}) calls; use that, not this class, from outside
 * tensorpool.
 */
public final class DatasetPooling {
    private final SparkSession spark;
    private final InputTable input;
    private final RecordPlanner.Planned planned;
    private final RunCounters counters;
    private final Dataset<Row> rows;
    private final InputReader reader;

    private DatasetPooling(JobConfig config, Dataset<Row> dataset) {
        this.spark = dataset.sparkSession();
        this.input = InputTable.of(dataset);
        String shapeColumn = config.input().tensor().shapeColumn();
        // Only what the driver can learn without a job: the result stays lazy.
        int[] uniformShape = shapeColumn == null || input.files().length == 0 ? null
                : UniformShapeProbe.findWithoutJob(input, shapeColumn);
        this.planned = new RecordPlanner(config, input).plan(uniformShape);
        this.counters = RunCounters.register(spark.sparkContext());
        this.reader = config.input().reader();
        this.rows = DatasetPooler.pool(spark, input, reader, planned, counters, null);
    }

    /**
     * Checks {@code dataset}'s schema against {@code config} and plans the pooling; reads no record.
     *
     * @throws io.tensorpool.TensorPoolException when the schema does not fit the config
     */
    public static DatasetPooling plan(Dataset<Row> dataset, JobConfig config) {
        return new DatasetPooling(config, dataset);
    }

    /** The pooled rows, lazily; records rejected under {@code fail} fail the action that reaches them. */
    public Dataset<Row> rows() {
        return rows;
    }

    /** The rejected records with the quarantine's four columns, lazily (see {@link DatasetPooler#rejected}). */
    public Dataset<Row> rejected() {
        return DatasetPooler.rejected(spark, input, reader, planned, counters);
    }

    /** Builds the caller's view of the counts. */
    @FunctionalInterface
    public interface CountsView<C> {
        C of(long recordsIn, long recordsOut, Map<String, Long> badRecords, Map<String, Long> outputShapes);
    }

    /** The counts over every partition an action has read to its end so far, each counted once. */
    public <C> C counts(CountsView<C> view) {
        RunCounters.Totals totals = counters.totals();
        return view.of(totals.recordsIn(), totals.recordsOut(), Map.copyOf(totals.badRecords()),
                Map.copyOf(totals.outputShapes()));
    }

    /** Whether {@code policy} sets rejected records aside rather than failing or dropping them. */
    public static boolean keepsRejected(BadRecordPolicy policy) {
        return policy == BadRecordPolicy.QUARANTINE;
    }
}
