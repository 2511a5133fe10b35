package io.tensorpool.job;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.InputFormat;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.OutputWriter;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.PathOverlap.Location;
import io.tensorpool.config.WriteMode;
import io.tensorpool.job.sparkline.SparkLine;
import io.tensorpool.job.write.TensorParquetFormat;
import java.util.ArrayList;
import java.util.Locale;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured job on a Spark session: read, plan, pool every record, write, report.
 *
 * <p>Records travel as Spark's internal rows: the input plan's rows go straight into
 * {@link PartitionPooler}, and its rows become the output dataset without any conversion to
 * external {@code Row}s, so no tensor element is ever boxed (the plan shows no
 * {@code mapobjects}). Everything that can be checked without reading records (the paths
 * against each other on the file system, what the output path holds, the schema, a fixed shape
 * against the operators) is checked before the first task.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** Columns the quarantine adds to each rejected input row. */
    static final String QUARANTINE_REASON = "tensorpool_reason";
    static final String QUARANTINE_MESSAGE = "tensorpool_error";
    static final String QUARANTINE_FILE = "tensorpool_source_file";
    static final String QUARANTINE_ROW = "tensorpool_source_row";

    private final SparkSession spark;
    private final boolean force;

    /** A runner that refuses to overwrite anything but a tensorpool output or an empty folder. */
    public JobRunner(SparkSession spark) {
        this(spark, false);
    }

    /**
     * @param force {@code --force}: {@code mode: overwrite} may replace a file or a folder that
     *              is not a tensorpool output (see {@link OverwriteGuard})
     */
    public JobRunner(SparkSession spark, boolean force) {
        this.spark = spark;
        this.force = force;
    }

    /** Runs the job and returns its report, which is also written last into the output folder. */
    public RunReport run(JobConfig config) {
        long started = System.nanoTime();
        OutputConfig output = config.output();
        PathOverlapCheck.check(config, hadoop());
        String runId = spark.sparkContext().applicationId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Publisher publisher = new Publisher(hadoop(), output.path(), runId);
        // A publication of this output that a killed run left half done is finished before
        // anything is decided from what the output folder holds.
        publisher.settle();
        IncrementalRun incremental = IncrementalRun.plan(hadoop(), config);
        StagedOutput staged = incremental != null ? incremental.staging(runId)
                : new StagedOutput(hadoop(), output.path(), runId, "output", "output.path");
        publisher.logLeftovers(staged.target());
        boolean outputExists = staged.targetExists();
        if (outputExists && output.mode() == WriteMode.ERROR) {
            throw new PreconditionException("Cannot write output " + output.path() + ": it already exists."
                    + " Choose another output.path, or pass --mode overwrite to replace it (append adds to it)");
        }
        if (outputExists && output.mode() == WriteMode.IGNORE) {
            LOG.info("Output {} exists and mode is ignore: nothing to do", output.path());
            return report(config, "skipped", new RunCounters.Totals(0, 0, Map.of(), Map.of(), List.of()), 0, 0, started);
        }
        OverwriteGuard outputGuard = guard("output", Location.OUTPUT, output.path());
        outputGuard.check(output.mode());
        StagedOutput quarantine = quarantineOf(config, runId, publisher);
        OverwriteGuard quarantineGuard = quarantine == null ? null
                : guard("quarantine", Location.QUARANTINE, config.errors().quarantinePath());
        if (quarantineGuard != null) {
            quarantineGuard.check(output.mode());
        }

        if (incremental != null && incremental.nothingNew()) {
            LOG.info("Every input file below {} is in a published batch of {}: nothing new to pool, nothing published",
                    config.input().path(), output.path());
            return report(config, "nothing_new", new RunCounters.Totals(0, 0, Map.of(), Map.of(), List.of()), 0, 0,
                    started).with(incremental.report(false));
        }
        InputTable input = incremental == null ? InputTable.read(spark, config.input())
                : InputTable.read(spark, config.input(), incremental.basePath(), incremental.paths());
        if (config.input().format() == InputFormat.PARQUET) {
            ReaderBatchSizer.apply(spark, input.files(), config.input().tensor().column());
        }
        String shapeColumn = config.input().tensor().shapeColumn();
        int[] uniformShape = shapeColumn == null ? null
                : UniformShapeProbe.find(input, shapeColumn, config.input().format() == InputFormat.PARQUET);
        RecordPlanner.Planned planned = new RecordPlanner(config, input).plan(uniformShape);
        OutputPartitioning.check(output, planned.outputSchema(), planned.computedColumns());
        if (output.mode() == WriteMode.APPEND) {
            String appendedTo = incremental != null ? incremental.latestBatch() : outputExists ? output.path() : null;
            checkAppendable(config, planned, input, appendedTo, quarantine);
        }
        RunCounters counters = RunCounters.register(spark.sparkContext());
        QuarantineFiles quarantineFiles = quarantine == null ? null : QuarantineFiles.prepare(spark, input.schema(),
                quarantine.stagingLocation(), output.compression().configName());
        try {
            write(pool(input, planned, counters, quarantineFiles), config, planned.computedColumns(),
                    staged.stagingLocation());
            RunCounters.Totals totals = counters.totals();
            checkBadFraction(config, totals);
            long bytesOut = new OutputFiles(hadoop()).dataBytes(staged.stagingLocation());
            List<StagedOutput> publishing = new ArrayList<>();
            // Asked again now: the paths may have changed while the job ran.
            outputGuard.check(output.mode());
            if (quarantine != null && totals.recordsBad() > 0) {
                quarantineGuard.check(output.mode());
                quarantineFiles.keepOnly(hadoop(), totals.quarantineFiles());
                quarantine.complete("{\"run\":\"" + runId + "\"}\n");
                publishing.add(quarantine);
            }
            RunReport report = report(config, "succeeded", totals, input.bytes(), bytesOut, started);
            if (incremental != null) {
                report = report.with(incremental.report(false));
            }
            staged.complete(report.toJson() + "\n");
            publishing.add(staged);
            publisher.publish(output.mode(), publishing);
            return incremental == null ? report : report.with(incremental.report(true));
        } finally {
            if (!publisher.holdsStagedFolders()) {
                staged.discard();
                if (quarantine != null) {
                    quarantine.discard();
                }
            }
        }
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }

    private OverwriteGuard guard(String what, Location location, String path) {
        return new OverwriteGuard(hadoop(), what, location.key(), path, force);
    }

    private StagedOutput quarantineOf(JobConfig config, String runId, Publisher publisher) {
        if (config.errors().onBadRecord() != BadRecordPolicy.QUARANTINE) {
            return null;
        }
        StagedOutput quarantine = new StagedOutput(hadoop(), config.errors().quarantinePath(), runId, "quarantine",
                "errors.quarantine_path");
        publisher.logLeftovers(quarantine.target());
        if (quarantine.targetExists() && config.output().mode() == WriteMode.ERROR) {
            throw new PreconditionException("Cannot write quarantine " + config.errors().quarantinePath()
                    + ": it already exists. Choose another errors.quarantine_path, or pass --mode overwrite");
        }
        return quarantine;
    }

    /**
     * Under {@code append}: refuses an existing output (the folder {@code appendedTo}, null when
     * there is none) or quarantine of another schema (exit 2).
     */
    private void checkAppendable(JobConfig config, RecordPlanner.Planned planned, InputTable input,
                                 String appendedTo, StagedOutput quarantine) {
        if (appendedTo != null) {
            AppendCheck.check(spark, appendedTo, OutputPartitioning.asRead(planned.outputSchema(),
                    OutputPartitioning.columns(config.output())), "output", "output.path");
        }
        if (quarantine != null && quarantine.targetExists()) {
            AppendCheck.check(spark, config.errors().quarantinePath(), QuarantineFiles.schemaOf(input.schema()),
                    "quarantine", "errors.quarantine_path");
        }
    }

    /** Fails the run, before anything is published, when more records were bad than allowed. */
    private static void checkBadFraction(JobConfig config, RunCounters.Totals totals) {
        long recordsBad = totals.recordsBad();
        if (recordsBad == 0) {
            return;
        }
        long recordsIn = totals.recordsIn();
        double fraction = (double) recordsBad / recordsIn;
        double allowed = config.errors().maxBadFraction();
        if (fraction > allowed) {
            throw new TooManyBadRecordsException("Cannot publish output " + config.output().path() + ": "
                    + recordsBad + " of " + recordsIn + " records were bad (" + totals.badRecords() + "), a fraction of "
                    + String.format(Locale.ROOT, "%.6f", fraction) + " above errors.max_bad_fraction " + allowed
                    + "; nothing was written. Fix the input, or raise errors.max_bad_fraction");
        }
    }

    /**
     * The pooled rows as a dataset of the planned schema; tasks count into {@code counters} and,
     * when {@code quarantine} is not null, write rejected rows with it.
     */
    Dataset<Row> pool(InputTable input, RecordPlanner.Planned planned, RunCounters counters,
                      QuarantineFiles quarantine) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        RecordPlan recordPlan = planned.plan();
        RDD<InternalRow> rows;
        ColumnarScan scan = ColumnarScan.of(input);
        if (scan != null) {
            LOG.info("Reading the input straight from Parquet's column batches");
            rows = scan.rows();
            recordPlan = recordPlan.withMetadataOrdinals(scan.fileOrdinal(), scan.rowOrdinal());
        } else {
            LOG.info("Reading the input through Spark's row conversion: its plan is not a single columnar Parquet scan");
            rows = SparkLine.get().queryExecution(input.rows()).toRdd();
        }
        Broadcast<RecordPlan> plan = context.broadcast(recordPlan);
        RDD<InternalRow> pooled = rows.toJavaRDD().mapPartitions(new PartitionPooler(plan, counters, quarantine)).rdd();
        return SparkLine.get().fromInternalRows(spark, pooled, planned.outputSchema());
    }

    /** Writes into the staging folder; {@link StagedOutput} applies the user's mode when publishing. */
    private static void write(Dataset<Row> pooled, JobConfig config, List<String> computed, String location) {
        OutputConfig output = config.output();
        String tensorColumn = config.input().tensor().column();
        // Dictionaries never pay off on noisy tensors and cost time on every page. The values of a
        // list column are at <column>.list.element; a binary or npy column's are the column itself.
        String tensorValues = output.layout() == OutputLayout.LIST ? tensorColumn + ".list.element" : tensorColumn;
        DataFrameWriter<Row> writer = pooled.write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", output.compression().configName())
                .option("parquet.enable.dictionary#" + tensorValues, "false");
        Integer rowGroupSize = output.get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE);
        if (rowGroupSize != null) {
            writer = writer.option("parquet.block.size", rowGroupSize.longValue());
        }
        Integer maxRecordsPerFile = output.get(ConfigKeys.OUTPUT_MAX_RECORDS_PER_FILE);
        if (maxRecordsPerFile != null) {
            writer = writer.option("maxRecordsPerFile", maxRecordsPerFile.longValue());
        }
        writer = OutputPartitioning.apply(writer, output);
        // With output.writer: tensorpool the computed columns are written in bulk
        // (TensorParquetFormat), the passthrough columns by Spark's writer.
        if (output.writer() == OutputWriter.TENSORPOOL) {
            writer.format(TensorParquetFormat.class.getName())
                    .option(TensorParquetFormat.BULK_COLUMNS, TensorParquetFormat.bulkColumns(computed))
                    .save(location);
        } else {
            writer.parquet(location);
        }
    }

    private RunReport report(JobConfig config, String status, RunCounters.Totals totals, long bytesIn, long bytesOut,
                             long started) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new RunReport(status, config.input().path(), config.output().path(), config.output().mode().configName(),
                totals.recordsIn(), totals.recordsOut(), Map.copyOf(totals.badRecords()), bytesIn, bytesOut, elapsed,
                Map.copyOf(totals.outputShapes()), config.configHash(),
                config.toCanonicalJson(), spark.version(), spark.sparkContext().applicationId());
    }
}
