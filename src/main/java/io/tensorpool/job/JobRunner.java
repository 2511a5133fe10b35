package io.tensorpool.job;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.InputFormat;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.OutputWriter;
import io.tensorpool.config.OutputLayout;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured job on a Spark session: read, plan, pool every record, write, report.
 *
 * <p>Records travel as Spark's internal rows: the input plan's rows go straight into
 * {@link PartitionPooler}, and its rows become the output dataset without any conversion to
 * external {@code Row}s, so no tensor element is ever boxed (the plan shows no
 * {@code mapobjects}). Everything that can be checked without reading records (the output
 * path, the schema, a fixed shape against the operators) is checked before the first task.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** Columns the quarantine adds to each rejected input row. */
    static final String QUARANTINE_REASON = "tensorpool_reason";
    static final String QUARANTINE_MESSAGE = "tensorpool_error";
    static final String QUARANTINE_FILE = "tensorpool_source_file";
    static final String QUARANTINE_ROW = "tensorpool_source_row";

    private final SparkSession spark;

    public JobRunner(SparkSession spark) {
        this.spark = spark;
    }

    /** Runs the job and returns its report, which is also written last into the output folder. */
    public RunReport run(JobConfig config) {
        long started = System.nanoTime();
        OutputConfig output = config.output();
        String runId = spark.sparkContext().applicationId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        StagedOutput staged = new StagedOutput(hadoop(), output.path(), runId);
        boolean outputExists = staged.targetExists();
        if (outputExists && output.mode() == WriteMode.ERROR) {
            throw new PreconditionException("Cannot write output " + output.path() + ": it already exists."
                    + " Choose another output.path, or pass --mode overwrite to replace it (append adds to it)");
        }
        if (outputExists && output.mode() == WriteMode.IGNORE) {
            LOG.info("Output {} exists and mode is ignore: nothing to do", output.path());
            return report(config, "skipped", 0, 0, Map.of(), 0, 0, started, Map.of());
        }
        StagedOutput quarantine = quarantineOf(config, runId);

        InputTable input = InputTable.read(spark, config.input());
        if (config.input().format() == InputFormat.PARQUET) {
            ReaderBatchSizer.apply(spark, input.files(), config.input().tensor().column());
        }
        String shapeColumn = config.input().tensor().shapeColumn();
        int[] uniformShape = shapeColumn == null ? null
                : UniformShapeProbe.find(input, shapeColumn, config.input().format() == InputFormat.PARQUET);
        RecordPlanner.Planned planned = new RecordPlanner(config, input).plan(uniformShape);
        RunCounters counters = RunCounters.register(spark.sparkContext());
        try {
            write(pool(input, planned, counters), config, planned.computedColumns(), staged.stagingLocation());
            long recordsIn = counters.recordsIn().value();
            long recordsBad = counters.badRecords().total();
            checkBadFraction(config, recordsIn, counters.badRecords().value());
            OutputFiles files = new OutputFiles(hadoop());
            long bytesOut = files.dataBytes(staged.stagingLocation());
            if (quarantine != null && recordsBad > 0) {
                writeQuarantine(input, counters.quarantined().value(), quarantine.stagingLocation(), config);
                quarantine.publish(output.mode(), RunReport.FILE_NAME, "{\"run\":\"" + runId + "\"}\n");
            }
            RunReport report = report(config, "succeeded", recordsIn, counters.recordsOut().value(),
                    counters.badRecords().value(), input.bytes(), bytesOut, started,
                    counters.outputShapes().value());
            staged.publish(output.mode(), RunReport.FILE_NAME, report.toJson() + "\n");
            return report;
        } finally {
            staged.discard();
            if (quarantine != null) {
                quarantine.discard();
            }
        }
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }

    private StagedOutput quarantineOf(JobConfig config, String runId) {
        if (config.errors().onBadRecord() != BadRecordPolicy.QUARANTINE) {
            return null;
        }
        StagedOutput quarantine = new StagedOutput(hadoop(), config.errors().quarantinePath(), runId);
        if (quarantine.targetExists() && config.output().mode() == WriteMode.ERROR) {
            throw new PreconditionException("Cannot write quarantine " + config.errors().quarantinePath()
                    + ": it already exists. Choose another errors.quarantine_path, or pass --mode overwrite");
        }
        return quarantine;
    }

    /** Fails the run, before anything is published, when more records were bad than allowed. */
    private static void checkBadFraction(JobConfig config, long recordsIn, Map<String, Long> bad) {
        long recordsBad = bad.values().stream().mapToLong(Long::longValue).sum();
        if (recordsBad == 0) {
            return;
        }
        double fraction = (double) recordsBad / recordsIn;
        double allowed = config.errors().maxBadFraction();
        if (fraction > allowed) {
            throw new TooManyBadRecordsException("Cannot publish output " + config.output().path() + ": "
                    + recordsBad + " of " + recordsIn + " records were bad (" + bad + "), a fraction of "
                    + String.format(Locale.ROOT, "%.6f", fraction) + " above errors.max_bad_fraction " + allowed
                    + "; nothing was written. Fix the input, or raise errors.max_bad_fraction");
        }
    }

    /**
     * Writes the rejected rows, read again from their files so that every column is exactly as
     * the input had it, with the reason, the message, the source file and the row index.
     */
    private void writeQuarantine(InputTable input, List<RejectedRecord> rejected, String location, JobConfig config) {
        StructType rejectedSchema = new StructType()
                .add(QUARANTINE_FILE, DataTypes.StringType, false)
                .add(QUARANTINE_ROW, DataTypes.LongType, false)
                .add(QUARANTINE_REASON, DataTypes.StringType, false)
                .add(QUARANTINE_MESSAGE, DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        for (RejectedRecord record : rejected) {
            rows.add(RowFactory.create(record.file(), record.row(), record.reason(), record.message()));
        }
        Dataset<Row> reasons = spark.createDataFrame(rows, rejectedSchema);
        Dataset<Row> inputRows = input.rows();
        Column[] columns = new Column[input.schema().size() + 4];
        for (int i = 0; i < input.schema().size(); i++) {
            columns[i] = inputRows.col(InputTable.quoted(input.schema().fields()[i].name()));
        }
        columns[columns.length - 4] = reasons.col(QUARANTINE_REASON);
        columns[columns.length - 3] = reasons.col(QUARANTINE_MESSAGE);
        columns[columns.length - 2] = reasons.col(QUARANTINE_FILE);
        columns[columns.length - 1] = reasons.col(QUARANTINE_ROW);
        Dataset<Row> quarantined = inputRows.join(functions.broadcast(reasons),
                        inputRows.col(InputTable.FILE_COLUMN).equalTo(reasons.col(QUARANTINE_FILE))
                                .and(inputRows.col(InputTable.ROW_COLUMN).equalTo(reasons.col(QUARANTINE_ROW))))
                .select(columns);
        quarantined.write().mode(SaveMode.ErrorIfExists)
                .option("compression", config.output().compression().configName())
                .parquet(location);
    }

    /** The pooled rows as a dataset of the planned schema; tasks count into {@code counters}. */
    Dataset<Row> pool(InputTable input, RecordPlanner.Planned planned, RunCounters counters) {
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
        RDD<InternalRow> pooled = rows.toJavaRDD().mapPartitions(new PartitionPooler(plan, counters)).rdd();
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

    private RunReport report(JobConfig config, String status, long in, long out, Map<String, Long> bad, long bytesIn,
                             long bytesOut, long started, Map<String, Long> shapes) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new RunReport(status, config.input().path(), config.output().path(), config.output().mode().configName(),
                in, out, Map.copyOf(bad), bytesIn, bytesOut, elapsed, Map.copyOf(shapes), config.configHash(),
                config.toCanonicalJson(), spark.version(), spark.sparkContext().applicationId());
    }
}
