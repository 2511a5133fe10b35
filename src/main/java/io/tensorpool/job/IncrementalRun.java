package io.tensorpool.job;

import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.InputFormat;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code input.incremental: true}: which input files this run pools, given the batches of the
 * output ({@link OutputBatches}): every file below {@code input.path} (hidden names left out, as
 * Spark leaves them out; for {@code image_files}, the images {@link ImageFileListing} lists) that
 * no batch pooled in this version (path, size and modification time).
 * A file a batch pooled in another version was rewritten in place: it is pooled again, and
 * counted as changed.
 *
 * <p>Also the layout rule both ways: an incremental output is batch folders from its first run,
 * since Spark refuses to infer partitions from a root that holds both files and partition folders,
 * so incremental runs refuse an output with data outside batch folders and plain {@code append}
 * refuses an output of batch folders (exit 2 both).
 */
final class IncrementalRun {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalRun.class);

    private final Configuration hadoop;
    private final JobConfig config;
    private final List<InputFileVersion> toPool;
    private final List<ImageFileListing.ImageFile> imagesToPool;
    private final int skipped;
    private final int changed;
    private final String basePath;
    private final String latestBatch;
    private BatchOutput batch;

    private IncrementalRun(Configuration hadoop, JobConfig config, List<InputFileVersion> toPool,
                           List<ImageFileListing.ImageFile> imagesToPool, int skipped, int changed, String basePath,
                           String latestBatch) {
        this.hadoop = hadoop;
        this.config = config;
        this.toPool = List.copyOf(toPool);
        this.imagesToPool = List.copyOf(imagesToPool);
        this.skipped = skipped;
        this.changed = changed;
        this.basePath = basePath;
        this.latestBatch = latestBatch;
    }

    /** Whether the config asks for incremental runs. */
    static boolean asked(JobConfig config) {
        return Boolean.TRUE.equals(config.input().get(ConfigKeys.INPUT_INCREMENTAL));
    }

    /**
     * The files this run pools, or {@code null} when the config is not incremental (then only the
     * layout rule is checked).
     *
     * @throws PreconditionException (exit 2) on a mode other than append, or an output of the
     *     other layout
     */
    static IncrementalRun plan(Configuration hadoop, JobConfig config) {
        Path output = new Path(config.output().path());
        try {
            FileSystem outputFs = output.getFileSystem(hadoop);
            OutputBatches batches = OutputBatches.read(outputFs, outputFs.makeQualified(output));
            if (!asked(config)) {
                if (config.output().mode() == WriteMode.APPEND && !batches.batches().isEmpty()) {
                    throw new PreconditionException("Cannot append to output " + config.output().path() + ": it is"
                            + " an incremental output (batch folders " + OutputBatches.COLUMN + "=...), and files"
                            + " beside those folders would make it unreadable as one dataset. Set input.incremental:"
                            + " true to add a batch, or choose another output.path");
                }
                return null;
            }
            if (config.output().mode() != WriteMode.APPEND) {
                throw new PreconditionException("Cannot run incrementally into output " + config.output().path()
                        + ": input.incremental adds a batch to the output, which needs output.mode append, not "
                        + config.output().mode().configName() + ". Set output.mode: append (or pass --mode append)");
            }
            refuseFlat(batches);
            return classify(hadoop, config, batches);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state of output " + config.output().path() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Refuses (exit 2) an output that holds data outside batch folders: a non-incremental output. */
    static void refuseFlat(OutputBatches batches) {
        refuseFlat(batches, "output", ConfigKeys.OUTPUT_PATH.path());
    }

    /**
     * Refuses (exit 2) a folder of batches (the output, or the quarantine) that holds data outside
     * batch folders.
     *
     * @param what what the folder is, for the message
     * @param key  the config key that names it
     */
    static void refuseFlat(OutputBatches batches, String what, String key) {
        if (!batches.others().isEmpty()) {
            List<String> named = batches.others().subList(0, Math.min(3, batches.others().size()));
            throw new PreconditionException("Cannot run incrementally into " + what + " " + batches.output() + ": it holds "
                    + batches.others().size() + " entries outside batch folders (" + String.join(", ", named)
                    + (batches.others().size() > 3 ? ", ..." : "") + "), so it was written by non-incremental runs;"
                    + " an incremental output holds only " + OutputBatches.COLUMN + "=... folders from its first run."
                    + " Choose a new " + key + " for the incremental runs");
        }
    }

    private static IncrementalRun classify(Configuration hadoop, JobConfig config, OutputBatches batches)
            throws IOException {
        Path given = new Path(config.input().path());
        FileSystem fs = given.getFileSystem(hadoop);
        FileStatus[] roots = fs.globStatus(fs.makeQualified(given));
        if (roots == null || roots.length == 0) {
            throw JobErrors.inputNotFound(config.input().path(), null);
        }
        List<InputFileVersion> files = new ArrayList<>();
        Map<String, ImageFileListing.ImageFile> images = new HashMap<>();
        if (config.input().format() == InputFormat.IMAGE_FILES) {
            // The image files the job would read, by the listing's own rules (links to folders not followed).
            for (ImageFileListing.ImageFile image : ImageFileListing.list(hadoop, config.input().path())) {
                files.add(new InputFileVersion(image.path(), image.length(), image.modified()));
                images.put(image.path(), image);
            }
        } else {
            List<FileStatus> statuses = new ArrayList<>();
            for (FileStatus root : roots) {
                if (root.isDirectory()) {
                    for (FileStatus child : fs.listStatus(root.getPath())) {
                        collect(fs, child, statuses);
                    }
                } else {
                    statuses.add(root);
                }
            }
            for (FileStatus file : statuses) {
                files.add(new InputFileVersion(file.getPath().toString(), file.getLen(), file.getModificationTime()));
            }
        }
        Map<String, OutputBatches.Pooled> pooled = batches.pooled();
        List<InputFileVersion> toPool = new ArrayList<>();
        int skipped = 0;
        int changed = 0;
        for (InputFileVersion version : files) {
            OutputBatches.Pooled done = pooled.get(version.path());
            if (done != null && done.file().equals(version)) {
                skipped++;
                continue;
            }
            if (done != null) {
                changed++;
                LOG.warn("Input file {} was rewritten in place since {} pooled it ({} bytes modified at {}, now {} bytes"
                        + " modified at {}): pooling it again", version.path(), done.batch().folder().getName(),
                        done.file().size(), done.file().modified(), version.size(), version.modified());
            }
            toPool.add(version);
        }
        toPool.sort((a, b) -> a.path().compareTo(b.path()));
        boolean folder = roots.length == 1 && roots[0].isDirectory();
        List<ImageFileListing.ImageFile> imagesToPool = images.isEmpty() ? List.of()
                : toPool.stream().map(version -> images.get(version.path())).toList();
        return new IncrementalRun(hadoop, config, toPool, imagesToPool, skipped, changed,
                folder ? roots[0].getPath().toString() : null, batches.batches().isEmpty() ? null
                : batches.batches().get(batches.batches().size() - 1).folder().toString());
    }

    /** The files below {@code status} that Spark would read: hidden names ({@code _} or {@code .}) left out. */
    private static void collect(FileSystem fs, FileStatus status, List<FileStatus> into) throws IOException {
        String name = status.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
            return;
        }
        if (!status.isDirectory()) {
            into.add(status);
            return;
        }
        for (FileStatus child : fs.listStatus(status.getPath())) {
            collect(fs, child, into);
        }
    }

    /** True when every input file has been pooled: the run publishes nothing. */
    boolean nothingNew() {
        return toPool.isEmpty();
    }

    /**
     * Reads the files to pool: Parquet with partition discovery from the input folder, so that the
     * input's own partition columns ({@code date=.../}) stay columns when single files are read
     * (not for a file or glob); image files as listed.
     */
    InputTable read(SparkSession spark) {
        if (config.input().format() == InputFormat.IMAGE_FILES) {
            return InputTable.readImageFiles(spark, config.input(), imagesToPool);
        }
        return InputTable.read(spark, config.input(), basePath,
                toPool.stream().map(InputFileVersion::path).toArray(String[]::new));
    }

    /** The newest batch folder of the output, whose schema this run's must match; null before the first. */
    String latestBatch() {
        return latestBatch;
    }

    /** The staged batch of run {@code runId}. */
    BatchOutput staging(String runId) {
        batch = new BatchOutput(hadoop, config.output().path(), runId, toPool);
        return batch;
    }

    /**
     * The staged quarantine batch of this run, inside {@code location}: it follows the output's
     * batch (see {@link BatchOutput#follower}). Call after {@link #staging}.
     */
    BatchOutput quarantineStaging(String location, String what, String key) {
        return batch.follower(location, what, key);
    }

    /** What the run report says of this run's files; the batch id once it is published, else null. */
    RunReport.Incremental report(boolean published) {
        return new RunReport.Incremental(published ? batch.batchId() : null, toPool.size(), skipped, changed);
    }
}
