package io.tensorpool.job;

import io.tensorpool.config.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output written beside its final place and moved there only when the run has succeeded, so
 * that a failed, killed or rejected run never leaves anything a reader could take for a result,
 * and never destroys the output a previous run left.
 *
 * <p>Spark writes into a hidden sibling folder {@code .<name>.tensorpool-staging-<run>} (its own
 * commit protocol makes that folder complete or absent). {@link #publish} then puts the run
 * report in it and moves it into place: a rename for a new output; for {@code overwrite} the old
 * output is first renamed aside and deleted only after the new one is in place; for
 * {@code append} each new data file is moved into the existing folder and the report replaced.
 * On HDFS and local disks each rename is atomic. A run killed before publishing leaves only the
 * hidden staging folder, which the next run's log names.
 */
final class StagedOutput {
    private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);
    static final String STAGING_MARK = ".tensorpool-staging-";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final String runId;

    StagedOutput(Configuration hadoop, String location, String runId) {
        try {
            Path given = new Path(location);
            this.fs = given.getFileSystem(hadoop);
            this.target = fs.makeQualified(given);
            this.runId = runId;
            this.staging = sibling(STAGING_MARK);
            warnAboutLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare output " + location + ": " + e.getMessage(), e);
        }
    }

    /** Where Spark writes this run's files. */
    String stagingLocation() {
        return staging.toString();
    }

    boolean targetExists() {
        try {
            return fs.exists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check whether " + target + " exists: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code reportName} with {@code report} into the staged output and moves it into
     * place according to {@code mode}. The report is the last file to appear in the target.
     */
    void publish(WriteMode mode, String reportName, String report) {
        try {
            if (!fs.exists(staging)) {
                // Spark writes nothing at all for an empty result under some modes: publish an empty folder.
                fs.mkdirs(staging);
            }
            boolean exists = fs.exists(target);
            if (mode == WriteMode.APPEND && exists) {
                appendInto(reportName, report);
                return;
            }
            writeText(new Path(staging, reportName), report);
            if (!exists) {
                rename(staging, target);
            } else if (mode == WriteMode.OVERWRITE) {
                Path replaced = sibling(".tensorpool-replaced-");
                rename(target, replaced);
                rename(staging, target);
                fs.delete(replaced, true);
            } else {
                throw new PreconditionException("Cannot write output " + target + ": it appeared while the job ran;"
                        + " the new output is kept at " + staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish output " + target + " from " + staging + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the staged files of a run that will not be published. */
    void discard() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            LOG.warn("Cannot remove the staged output {}: {}", staging, e.getMessage());
        }
    }

    private void appendInto(String reportName, String report) throws IOException {
        for (FileStatus file : fs.listStatus(staging)) {
            String name = file.getPath().getName();
            if (file.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                rename(file.getPath(), new Path(target, name));
            }
        }
        Path temporaryReport = new Path(target, "." + reportName + "." + runId);
        writeText(temporaryReport, report);
        Path finalReport = new Path(target, reportName);
        fs.delete(finalReport, false);
        rename(temporaryReport, finalReport);
        fs.delete(staging, true);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("the file system refused to rename " + from + " to " + to);
        }
    }

    private void writeText(Path path, String text) throws IOException {
        try (var out = fs.create(path, true)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Path sibling(String mark) {
        Path parent = target.getParent();
        return new Path(parent == null ? target : parent, "." + target.getName() + mark + runId);
    }

    private void warnAboutLeftovers() throws IOException {
        Path parent = target.getParent();
        if (parent == null || !fs.exists(parent)) {
            return;
        }
        String prefix = "." + target.getName() + STAGING_MARK;
        for (FileStatus status : fs.listStatus(parent, p -> p.getName().startsWith(prefix))) {
            LOG.warn("Found {}, left by an earlier run of this output that did not finish; it is not part of"
                    + " any output and can be deleted", status.getPath());
        }
    }
}
