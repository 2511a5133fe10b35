package io.tensorpool.api;

import io.tensorpool.job.DatasetPooling;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The result of {@link TensorPool#pool}: the pooled rows, lazily, and the counts their tasks
 * fill as actions run.
 *
 * <p>The rows have the job's output schema: every input column in its place, the tensor column
 * pooled, the shape column (or an added {@code shape} column) holding the output shape, and
 * {@code indices} or {@code dtype} where the job adds them. Bad records follow the spec's policy:
 * under {@code fail} the action that reaches the first one fails, with a
 * {@link io.tensorpool.TensorPoolException} in the cause chain of Spark's exception
 * ({@link TensorPool#failureOf} finds it); under {@code skip} and {@code quarantine} they are left
 * out and counted.
 */
public final class PooledDataset {
    private final DatasetPooling pooling;
    private final boolean keepsRejected;

    PooledDataset(DatasetPooling pooling, boolean keepsRejected) {
        this.pooling = pooling;
        this.keepsRejected = keepsRejected;
    }

    /** The pooled rows. Nothing has run yet: each action on them runs the pooling again. */
    public Dataset<Row> rows() {
        return pooling.rows();
    }

    /**
     * Under {@code on_bad_record: quarantine}, the rejected records, lazily, as the job's
     * quarantine holds them: the input row, then {@code tensorpool_reason}, {@code tensorpool_error},
     * {@code tensorpool_source_file} and {@code tensorpool_source_row}. For a dataset that is not
     * a plain Parquet scan there is no file: the source is {@code partition N} and the row the
     * record's offset in that partition. Each action on it pools the input again.
     *
     * @throws IllegalStateException under any other policy
     */
    public Dataset<Row> rejected() {
        if (!keepsRejected) {
            throw new IllegalStateException("Cannot give the rejected rows: errors.on_bad_record is not quarantine."
                    + " Set on_bad_record: quarantine in the spec to keep them");
        }
        return pooling.rejected();
    }

    /** What the tasks have counted so far; see {@link PoolingCounts} for when partitions count. */
    public PoolingCounts counts() {
        return pooling.counts(PoolingCounts::new);
    }
}
