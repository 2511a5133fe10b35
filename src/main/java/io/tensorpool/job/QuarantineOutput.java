package io.tensorpool.job;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.PathOverlap.Location;
import io.tensorpool.config.WriteMode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The quarantine step: under {@code errors.on_bad_record: quarantine}, the staged folder the
 * pooling tasks write rejected rows into ({@link QuarantineFiles}) and what happens to it once
 * the rows are written. It is published beside the output when records were rejected, and
 * discarded otherwise. With {@code input.incremental} the quarantine is a folder of batches like
 * the output: a run's rejected records go into the batch folder of the same id as its output
 * batch ({@link BatchOutput#follower}).
 *
 * @param config the run's config
 * @param staged the staged folder, published as {@code errors.quarantine_path}
 * @param guard  what may be replaced at {@code errors.quarantine_path}, asked before and after the job
 */
record QuarantineOutput(JobConfig config, StagedOutput staged, OverwriteGuard guard) {

    /**
     * The run's quarantine, checked against {@code output.mode} before anything is read, or null
     * when the policy is not {@code quarantine}.
     *
     * @throws PreconditionException when the quarantine exists under {@code mode: error}, or is
     *                               something {@link OverwriteGuard} refuses to replace
     */
    static QuarantineOutput prepare(Configuration hadoop, JobConfig config, String runId, Publisher publisher,
                                    boolean force, IncrementalRun incremental) {
        if (config.errors().onBadRecord() != BadRecordPolicy.QUARANTINE) {
            return null;
        }
        String path = config.errors().quarantinePath();
        StagedOutput staged;
        if (incremental != null) {
            BatchOutput batch = incremental.quarantineStaging(path, "quarantine", Location.QUARANTINE.key());
            batch.refuseFlat();
            staged = batch;
        } else {
            staged = new StagedOutput(hadoop, path, runId, "quarantine", Location.QUARANTINE.key());
            refuseBatches(staged, config);
        }
        publisher.logLeftovers(staged.target());
        if (staged.targetExists() && config.output().mode() == WriteMode.ERROR) {
            throw JobErrors.quarantineExists(path);
        }
        OverwriteGuard guard = new OverwriteGuard(hadoop, "quarantine", Location.QUARANTINE.key(), path, force);
        guard.check(config.output().mode());
        return new QuarantineOutput(config, staged, guard);
    }

    /** Refuses (exit 2) to add the files of a plain run to the batch folders of incremental runs. */
    private static void refuseBatches(StagedOutput staged, JobConfig config) {
        if (config.output().mode() == WriteMode.APPEND && !staged.batchesNow().batches().isEmpty()) {
            throw new PreconditionException("Cannot append to quarantine " + config.errors().quarantinePath()
                    + ": it holds the batch folders (" + OutputBatches.COLUMN + "=...) of incremental runs, and"
                    + " files beside them would make it unreadable as one dataset. Set input.incremental: true,"
                    + " or choose another errors.quarantine_path");
        }
    }

    /** Under {@code append}: refuses an existing quarantine of another schema. */
    void checkAppendable(SparkSession spark, StructType inputSchema) {
        String appendedTo = null;
        if (staged instanceof BatchOutput batch) {
            List<OutputBatches.Batch> batches = batch.batchesNow().batches();
            appendedTo = batches.isEmpty() ? null : batches.get(batches.size() - 1).folder().toString();
        } else if (staged.targetExists()) {
            appendedTo = config.errors().quarantinePath();
        }
        if (appendedTo != null) {
            AppendCheck.check(spark, appendedTo, QuarantineFiles.schemaOf(inputSchema), "quarantine",
                    Location.QUARANTINE.key());
        }
    }

    /** The writer the pooling tasks put rejected rows through, into the staging folder. */
    QuarantineFiles files(SparkSession spark, StructType inputSchema) {
        return QuarantineFiles.prepare(spark, inputSchema, staged.stagingLocation(),
                config.output().compression().configName());
    }

    /**
     * After the pooling tasks: keeps the files of the attempts counted and completes the staged
     * folder when records were rejected.
     *
     * @param files the writer {@link #files} gave the tasks
     * @return true when there is a quarantine to publish
     */
    boolean finish(Configuration hadoop, QuarantineFiles files, RunCounters.Totals totals, String runId) {
        if (totals.recordsBad() == 0) {
            return false;
        }
        // Asked again now: the path may have changed while the job ran.
        guard.check(config.output().mode());
        files.keepOnly(hadoop, totals.quarantineFiles());
        staged.complete("{\"run\":\"" + runId + "\"}\n");
        return true;
    }
}
