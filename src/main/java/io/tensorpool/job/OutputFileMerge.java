package io.tensorpool.job;

import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.job.sparkline.SparkLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * {@code output.target_file_bytes}: output files of about a target size, small ones merged. The
 * pooled rows get Spark's {@code REBALANCE} hint (by the {@code output.partition_by} columns when
 * set, so each partition value gets few files), and adaptive query execution cuts the shuffle
 * into pieces of the target: it coalesces neighbouring small partitions and splits large ones
 * ({@code spark.sql.adaptive.advisoryPartitionSizeInBytes}). One write task then writes one file.
 *
 * <p>Why a shuffle and not {@code coalesce(n)}: {@code coalesce} runs the pooling itself in
 * {@code n} tasks, so a job that pools 1 TB into 1 GB files would pool on few cores; the
 * rebalance keeps the pooling as wide as the input and narrows only the write.
 *
 * <p>The sizes the adaptive planner compares are the shuffle's (Spark's compressed rows), which
 * for tensors of floats come close to the Parquet file's, not equal: files are "about" the target.
 *
 * <p>Adaptive execution reads its settings from the session when the write runs, so
 * {@link #write} sets them for the job's own write and puts the session's values back after it
 * (a query another thread runs on the same session meanwhile sees them too). With adaptive
 * execution or its partition coalescing disabled there is nothing to merge with, so the run is
 * refused (exit 2) before any record is read.
 */
final class OutputFileMerge {
    static final String ADAPTIVE = "spark.sql.adaptive.enabled";
    static final String COALESCING = "spark.sql.adaptive.coalescePartitions.enabled";
    private static final String ADVISORY_SIZE = "spark.sql.adaptive.advisoryPartitionSizeInBytes";
    private static final String PARALLELISM_FIRST = "spark.sql.adaptive.coalescePartitions.parallelismFirst";
    private static final String MIN_PARTITION_NUM = "spark.sql.adaptive.coalescePartitions.minPartitionNum";
    private static final String MIN_PARTITION_SIZE = "spark.sql.adaptive.coalescePartitions.minPartitionSize";
    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

    private OutputFileMerge() {
    }

    /** The target in bytes, or 0 for none. */
    static long target(OutputConfig output) {
        Long bytes = output.get(ConfigKeys.OUTPUT_TARGET_FILE_BYTES);
        return bytes == null ? 0 : bytes;
    }

    /**
     * Refuses a target the session cannot meet, before any record is read.
     *
     * @throws PreconditionException (exit 2) when adaptive execution or its coalescing is off
     */
    static void check(SparkSession spark, OutputConfig output) {
        if (target(output) == 0) {
            return;
        }
        for (String key : List.of(ADAPTIVE, COALESCING)) {
            if (!Boolean.parseBoolean(spark.conf().get(key, "true").trim())) {
                throw new PreconditionException("Cannot merge the output files of " + output.path() + " to "
                        + ConfigKeys.OUTPUT_TARGET_FILE_BYTES.path() + ": the session sets " + key + "=false, and the"
                        + " merge is adaptive execution's partition coalescing. Remove that setting (or --conf " + key
                        + "=true), or set " + ConfigKeys.OUTPUT_TARGET_FILE_BYTES.path() + ": none");
            }
        }
    }

    /**
     * Writes {@code pooled} through {@code write}: as it is without a target; with one, rebalanced
     * and written with the session's adaptive settings set for the target, which are put back
     * afterwards.
     *
     * @param inputBytes the input's size: the shuffle starts with enough partitions to give files of
     *                   the target even if pooling did not shrink the data, and never fewer than
     *                   {@code spark.sql.shuffle.partitions}
     */
    static void write(SparkSession spark, Dataset<Row> pooled, OutputConfig output, long inputBytes,
                      Consumer<Dataset<Row>> write) {
        long target = target(output);
        if (target == 0) {
            write.accept(pooled);
            return;
        }
        Dataset<Row> rebalanced = rebalanced(spark, pooled, output, inputBytes, target);
        withAdaptiveSettings(spark.conf(), target, () -> write.accept(rebalanced));
    }

    /** {@code pooled} with the rebalance hint: a partition count to start from, then the partition columns. */
    private static Dataset<Row> rebalanced(SparkSession spark, Dataset<Row> pooled, OutputConfig output,
                                           long inputBytes, long target) {
        long byInput = Math.min(100_000, Math.max(1, (inputBytes + target - 1) / target));
        int configured = Integer.parseInt(spark.conf().get(SHUFFLE_PARTITIONS, "200").trim());
        List<Object> parameters = new ArrayList<>();
        parameters.add((int) Math.max(byInput, configured));
        for (String column : OutputPartitioning.columns(output)) {
            parameters.add(SparkLine.get().hintColumn(column));
        }
        return pooled.hint("rebalance", parameters.toArray());
    }

    /** Runs {@code write} with adaptive execution cutting shuffles to {@code target}, then restores the session. */
    private static void withAdaptiveSettings(RuntimeConfig conf, long target, Runnable write) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ADVISORY_SIZE, Long.toString(target));
        // By default coalescing keeps at least one partition per core, whatever the advisory size.
        settings.put(PARALLELISM_FIRST, "false");
        if (conf.contains(MIN_PARTITION_NUM)) {
            // A deprecated setting that, when set, overrides the above; set only when the session sets it.
            settings.put(MIN_PARTITION_NUM, "1");
        }
        // Partitions below this are merged into neighbours, so it must not exceed the target.
        settings.put(MIN_PARTITION_SIZE, Long.toString(Math.max(1, target / 5)));
        Map<String, String> before = new LinkedHashMap<>();
        for (String key : settings.keySet()) {
            before.put(key, conf.contains(key) ? conf.get(key) : null);
        }
        try {
            settings.forEach(conf::set);
            write.run();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    conf.unset(key);
                } else {
                    conf.set(key, value);
                }
            });
        }
    }
}
