package io.tensorpool.job;

import io.tensorpool.config.InputReader;
import io.tensorpool.job.sparkline.SparkLine;
import io.tensorpool.kernel.ElementType;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool step: the planned records pooled, lazily, as a dataset of the planned schema. Nothing
 * runs until an action asks for rows; each task then counts into the run's counters and, under
 * quarantine, writes the rows it rejects.
 *
 * <p>Rows stay Spark's internal rows from the scan to the output dataset: the input plan's rows
 * go straight into {@link PartitionPooler}, whose rows become the dataset without any conversion
 * to external {@code Row}s, so no tensor element is boxed (the plan shows no {@code mapobjects}).
 * When the input is one columnar Parquet scan, its column batches are read directly
 * ({@link ColumnarScan}); any other plan goes through Spark's row conversion.
 */
final class DatasetPooler {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetPooler.class);

    private DatasetPooler() {
    }

    /**
     * @param reader     who reads a {@code list} tensor column of float32 ({@code input.reader})
     * @param quarantine where tasks write rejected rows under {@code on_bad_record: quarantine}, else null
     */
    static Dataset<Row> pool(SparkSession spark, InputTable input, InputReader reader, RecordPlanner.Planned planned,
                             RunCounters counters, QuarantineFiles quarantine) {
        Scan scan = scan(input, planned.plan(), reader);
        RDD<InternalRow> pooled = scan.rows().toJavaRDD()
                .mapPartitions(new PartitionPooler(broadcast(spark, scan.plan()), counters, quarantine)).rdd();
        return SparkLine.get().fromInternalRows(spark, pooled, planned.outputSchema());
    }

    /**
     * The records the plan rejects, lazily, each as its input row followed by the four columns a
     * quarantine adds ({@link QuarantineFiles#schemaOf}); the records it pools are left out.
     */
    static Dataset<Row> rejected(SparkSession spark, InputTable input, InputReader reader,
                                 RecordPlanner.Planned planned, RunCounters counters) {
        Scan scan = scan(input, planned.plan(), reader);
        StructType schema = QuarantineFiles.schemaOf(input.schema());
        RDD<InternalRow> rejected = scan.rows().toJavaRDD()
                .mapPartitions(PartitionPooler.rejectedRows(broadcast(spark, scan.plan()), counters, schema)).rdd();
        return SparkLine.get().fromInternalRows(spark, rejected, schema);
    }

    /** The input rows to pool and the plan for them. */
    private record Scan(RDD<InternalRow> rows, RecordPlan plan) {
    }

    private static Scan scan(InputTable input, RecordPlan plan, InputReader reader) {
        ColumnarScan scan = null;
        if (reader == InputReader.TENSORPOOL && plan.decoder() instanceof TensorCellDecoder.FlatList list
                && list.elementType() == ElementType.FLOAT32) {
            scan = ColumnarScan.withBulkTensor(input, list.ordinal());
            if (scan != null) {
                LOG.info("Reading the tensor column {} in bulk from its Parquet pages, every other column from "
                        + "Parquet's column batches", list.column());
            }
        }
        if (scan == null) {
            scan = ColumnarScan.of(input);
        }
        if (scan != null) {
            LOG.info("Reading the input straight from Parquet's column batches");
            return new Scan(scan.rows(), plan.withMetadataOrdinals(scan.fileOrdinal(), scan.rowOrdinal()));
        }
        LOG.info("Reading the input through Spark's row conversion: its plan is not a single columnar Parquet scan");
        return new Scan(SparkLine.get().queryExecution(input.rows()).toRdd(), plan);
    }

    private static Broadcast<RecordPlan> broadcast(SparkSession spark, RecordPlan plan) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(plan);
    }
}
