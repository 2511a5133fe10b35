package io.tensorpool.job;

import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.PathOverlap.Location;
import io.tensorpool.config.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured job on a Spark session, as the steps it is: probe the input
 * ({@link InputProbe}), plan the records ({@link RecordPlanner}), pool them ({@link DatasetPooler}),
 * write the output to a staging folder ({@link StagingWrite}, its files merged to a size by
 * {@link OutputFileMerge}), keep the rejected records aside
 * ({@link QuarantineOutput}), publish ({@link Publisher}), and report ({@link RunReport}).
 *
 * <p>Everything that can be checked without reading records (the paths against each other on the
 * file system, what the output path holds, the schema, a fixed shape against the operators) is
 * checked before the first task.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

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
                : new StagedOutput(hadoop(), output.path(), runId, "output", Location.OUTPUT.key());
        publisher.logLeftovers(staged.target());
        boolean outputExists = staged.targetExists();
        if (outputExists && output.mode() == WriteMode.ERROR) {
            throw JobErrors.outputExists(output.path());
        }
        if (outputExists && output.mode() == WriteMode.IGNORE) {
            LOG.info("Output {} exists and mode is ignore: nothing to do", output.path());
            return RunReport.of(config, spark, "skipped", new RunCounters.Totals(0, 0, Map.of(), Map.of(), List.of()),
                    0, 0, started);
        }
        OverwriteGuard outputGuard = new OverwriteGuard(hadoop(), "output", Location.OUTPUT.key(), output.path(), force);
        outputGuard.check(output.mode());
        QuarantineOutput quarantine = QuarantineOutput.prepare(hadoop(), config, runId, publisher, force, incremental);

        if (incremental != null && incremental.nothingNew()) {
            LOG.info("Every input file below {} is in a published batch of {}: nothing new to pool, nothing published",
                    config.input().path(), output.path());
            return RunReport.of(config, spark, "nothing_new", new RunCounters.Totals(0, 0, Map.of(), Map.of(),
                    List.of()), 0, 0, started).with(incremental.report(false));
        }
        InputTable table = incremental == null ? InputTable.read(spark, config.input()) : incremental.read(spark);
        InputProbe.Probed probed = InputProbe.probe(spark, config.input(), table);
        InputTable input = probed.table();
        RecordPlanner.Planned planned = new RecordPlanner(config, input).plan(probed.uniformShape());
        OutputPartitioning.check(output, planned.outputSchema(), planned.computedColumns());
        OutputFileMerge.check(spark, output);
        if (output.mode() == WriteMode.APPEND) {
            String appendedTo = incremental != null ? incremental.latestBatch() : outputExists ? output.path() : null;
            if (appendedTo != null) {
                AppendCheck.check(spark, appendedTo, OutputPartitioning.asRead(planned.outputSchema(),
                        OutputPartitioning.columns(output)), "output", Location.OUTPUT.key());
            }
            if (quarantine != null) {
                quarantine.checkAppendable(spark, input.schema());
            }
        }
        RunCounters counters = RunCounters.register(spark.sparkContext());
        QuarantineFiles quarantineFiles = quarantine == null ? null : quarantine.files(spark, input.schema());
        try {
            Dataset<Row> pooled = DatasetPooler.pool(spark, input, config.input().reader(), planned, counters,
                    quarantineFiles);
            OutputFileMerge.write(spark, pooled, output, input.bytes(), rows -> StagingWrite.write(rows, output,
                    planned.tensorColumns(), planned.computedColumns(), staged.stagingLocation()));
            RunCounters.Totals totals = counters.totals();
            BadRecordLimit.check(config.errors(), totals, output.path());
            long bytesOut = new OutputFiles(hadoop()).dataBytes(staged.stagingLocation());
            // Asked again now: the paths may have changed while the job ran.
            outputGuard.check(output.mode());
            // The output first: an incremental run's quarantine batch takes the id its output batch gets.
            List<StagedOutput> publishing = new ArrayList<>();
            publishing.add(staged);
            if (quarantine != null && quarantine.finish(hadoop(), quarantineFiles, totals, runId)) {
                publishing.add(quarantine.staged());
            }
            RunReport report = RunReport.of(config, spark, "succeeded", totals, input.bytes(), bytesOut, started);
            if (incremental != null) {
                report = report.with(incremental.report(false));
            }
            staged.complete(report.toJson() + "\n");
            publisher.publish(output.mode(), publishing);
            return incremental == null ? report : report.with(incremental.report(true));
        } finally {
            if (!publisher.holdsStagedFolders()) {
                staged.discard();
                if (quarantine != null) {
                    quarantine.staged().discard();
                }
            }
        }
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
