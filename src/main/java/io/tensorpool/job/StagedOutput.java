package io.tensorpool.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.job.PublishJournal.Move;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder a run writes (its output, or its quarantine) and the hidden sibling it is staged in
 * until the run has succeeded, so that a failed, killed or rejected run never leaves anything a
 * reader could take for a result, and never destroys what a previous run left.
 *
 * <p>Spark writes into {@code .<name>.tensorpool-staging-<run>} beside the target (its commit
 * protocol makes that folder complete or absent); the run report is written into it last. The
 * {@link Publisher} then moves it into place as a {@link Move}: renamed to the target when there
 * is none, renamed in after the old target is renamed aside to
 * {@code .<name>.tensorpool-replaced-<run>} under {@code overwrite}, or its files moved into the
 * target under {@code append}.
 */
class StagedOutput {
    private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);
    static final String STAGING_MARK = ".tensorpool-staging-";
    static final String REPLACED_MARK = ".tensorpool-replaced-";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final String runId;
    private final String what;
    private final String key;

    /**
     * @param what  what the folder is, for messages: "output" or "quarantine"
     * @param key   the config key that names it, for messages
     */
    StagedOutput(Configuration hadoop, String location, String runId, String what, String key) {
        try {
            Path given = new Path(location);
            this.fs = given.getFileSystem(hadoop);
            this.target = fs.makeQualified(given);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + what + " " + location + ": " + e.getMessage(), e);
        }
        this.runId = runId;
        this.what = what;
        this.key = key;
        this.staging = sibling(target, STAGING_MARK + runId);
    }

    /** Where Spark writes this run's files. */
    String stagingLocation() {
        return staging.toString();
    }

    Path target() {
        return target;
    }

    /** The staging folder, qualified. */
    Path stagingPath() {
        return staging;
    }

    String runId() {
        return runId;
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** What the folder is, for messages: "output" or "quarantine". */
    String what() {
        return what;
    }

    /** The config key that names the folder, for messages. */
    String key() {
        return key;
    }

    /** The batch folders of the target as they are now (none when it does not exist), for incremental runs. */
    OutputBatches batchesNow() {
        try {
            return OutputBatches.read(fs, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the batches of " + what + " " + target + ": "
                    + e.getMessage(), e);
        }
    }

    boolean targetExists() {
        try {
            return fs.exists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check whether " + target + " exists: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the run report into the staged folder, last, which makes it complete (an empty
     * folder is made first when Spark wrote nothing at all, as it does for an empty result).
     */
    void complete(String report) {
        try {
            fs.mkdirs(staging);
            try (OutputStream out = fs.create(new Path(staging, RunReport.FILE_NAME), true)) {
                out.write(report.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run report into " + staging + ": " + e.getMessage(), e);
        }
    }

    /**
     * How the staged folder goes into place, given the target as it is now and the write mode
     * ({@code overwrite} replaces, {@code append} adds to, an absent target is created).
     *
     * @throws PreconditionException when the target exists under {@code error} or {@code ignore}:
     *     it appeared while the job ran
     */
    Move move(io.tensorpool.config.WriteMode mode) throws IOException {
        if (!fs.exists(target)) {
            return new Move(Move.Kind.CREATE, target.toString(), staging.toString(), "", List.of());
        }
        switch (mode) {
            case OVERWRITE:
                return new Move(Move.Kind.REPLACE, target.toString(), staging.toString(),
                        sibling(target, REPLACED_MARK + runId).toString(), List.of());
            case APPEND:
                Path hiddenReport = new Path(target, "." + RunReport.FILE_NAME + REPLACED_MARK + runId);
                return new Move(Move.Kind.ADD, target.toString(), staging.toString(), hiddenReport.toString(),
                        dataFiles());
            default:
                throw new PreconditionException("Cannot write " + what + " " + target + ": it appeared while the job"
                        + " ran (" + whoWrote() + "), and mode " + mode + " leaves an existing " + what
                        + " alone; this run's " + what + " was discarded. Rerun with --mode overwrite to replace it,"
                        + " or choose another " + key);
        }
    }

    /** Who wrote the target, as its run report says: the run that published it first. */
    private String whoWrote() {
        try (InputStream in = fs.open(new Path(target, RunReport.FILE_NAME))) {
            JsonNode report = new ObjectMapper().readTree(in);
            return "published by the run of Spark application " + report.path("application_id").asText("?")
                    + " from input " + report.path("input_path").asText("?");
        } catch (IOException | RuntimeException e) {
            return "another run or program made it";
        }
    }

    /** The data files Spark wrote into the staged folder (hidden and {@code _} files are not data). */
    private List<String> dataFiles() throws IOException {
        List<String> names = new ArrayList<>();
        if (fs.exists(staging)) {
            for (FileStatus file : fs.listStatus(staging)) {
                String name = file.getPath().getName();
                if (file.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** Removes the staged files of a run that will not be published. */
    void discard() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            LOG.warn("Cannot remove the staged {} {}: {}", what, staging, e.getMessage());
        }
    }

    /** {@code .<name><suffix>} beside {@code target}. */
    static Path sibling(Path target, String suffix) {
        return new Path(target.getParent(), "." + target.getName() + suffix);
    }
}
