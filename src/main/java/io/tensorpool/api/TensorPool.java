package io.tensorpool.api;

import io.tensorpool.TensorPoolException;
import io.tensorpool.job.DatasetPooling;
import io.tensorpool.job.Failures;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The library entry point: pools the tensors of a {@code Dataset<Row>} the caller already has,
 * with the same operators, schema rules and bad-record policy as the {@code tensorpool} job,
 * lazily and without writing anything.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().parquet("images.parquet");
 * PooledDataset pooled = TensorPool.pool(images, PoolingSpec.fromYaml(yaml));
 * pooled.rows().write().parquet("pooled.parquet");
 * PoolingCounts counts = pooled.counts();
 * }</pre>
 *
 * <p>Rows travel as Spark's internal rows, so no tensor element is boxed; when the dataset is a
 * plain Parquet scan its column batches are read directly, as the job reads its input.
 */
public final class TensorPool {

    private TensorPool() {
    }

    /**
     * Checks {@code input}'s schema against {@code spec} and returns the pooled rows, lazily.
     * Reading no record, it may read Parquet footers on the driver (a plain Parquet scan with a
     * shape column, to put the one output shape in the column's metadata, as the job does).
     *
     * @throws TensorPoolException when the schema does not fit the spec (a missing column, a
     *         column of the wrong type), with the job's one-line message
     */
    public static PooledDataset pool(Dataset<Row> input, PoolingSpec spec) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(spec, "spec");
        return new PooledDataset(DatasetPooling.plan(input, spec.config()),
                DatasetPooling.keepsRejected(spec.errors().onBadRecord()));
    }

    /**
     * The tensorpool failure in {@code failure}'s cause chain: a record rejected on an executor
     * under {@code fail} reaches the caller wrapped in Spark's exceptions.
     */
    public static Optional<TensorPoolException> failureOf(Throwable failure) {
        return Optional.ofNullable(Failures.find(failure));
    }
}
