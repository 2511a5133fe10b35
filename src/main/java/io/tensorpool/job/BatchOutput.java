package io.tensorpool.job;

import io.tensorpool.config.WriteMode;
import io.tensorpool.job.PublishJournal.Move;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The staged result of an incremental run: written, like any {@link StagedOutput}, into a hidden
 * folder beside the output, with its {@link BatchManifest} and then its run report, and published
 * by one rename of that folder to a new batch folder inside the output
 * ({@code <output>/tensorpool_batch=<id>/}), so that readers see the batch, and the next run its
 * files as done, at the same instant, or neither.
 *
 * <p>The batch id is chosen while the {@link Publisher} holds the output's publish journal (its
 * lock), from the batches present then, so two runs never take the same one. Under the lock the
 * output's state is read again: when a batch published since this run started pooled any of this
 * run's input files (an overlapping run of the same schedule), publishing would pool those
 * records twice, so the run is refused with exit code 2 naming that run and batch, and its staged
 * result is discarded; the files it had to itself stay new for the next run.
 *
 * <p>The run's quarantine, when it has one, is a {@link #follower}: its rejected records go into a
 * batch folder of the same id inside {@code errors.quarantine_path}, with the same manifest,
 * published by the same journal, so a record is quarantined by the batch that pooled its file and
 * by no other, and a batch's rejected records are found by its id.
 */
final class BatchOutput extends StagedOutput {
    private final Configuration hadoop;
    private final List<InputFileVersion> files;
    private final BatchOutput leader;
    private final List<BatchOutput> followers = new ArrayList<>();
    private int batchId;

    /** @param files the input files this run pools */
    BatchOutput(Configuration hadoop, String location, String runId, List<InputFileVersion> files) {
        this(hadoop, location, runId, files, "output", "output.path", null);
    }

    private BatchOutput(Configuration hadoop, String location, String runId, List<InputFileVersion> files, String what,
                        String key, BatchOutput leader) {
        super(hadoop, location, runId, what, key);
        this.hadoop = hadoop;
        this.files = List.copyOf(files);
        this.leader = leader;
    }

    /**
     * A batch that follows this one into another folder (the run's quarantine): the same manifest,
     * published in the same publication, under the same batch id, which is chosen free in both
     * folders. It must be published after this one (its id is this one's).
     *
     * @param what what the folder is, for messages
     * @param key  the config key that names it, for messages
     */
    BatchOutput follower(String location, String what, String key) {
        BatchOutput follower = new BatchOutput(hadoop, location, runId(), files, what, key, this);
        followers.add(follower);
        return follower;
    }

    /**
     * Refuses (exit 2) a folder that holds data outside batch folders, before any record is read.
     */
    void refuseFlat() {
        IncrementalRun.refuseFlat(batchesNow(), what(), key());
    }

    /** Writes the manifest, then the run report (last, as it marks the staged folder complete). */
    @Override
    void complete(String report) {
        try {
            fileSystem().mkdirs(stagingPath());
            new BatchManifest(runId(), files).writeInto(fileSystem(), stagingPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch manifest into " + stagingPath() + ": "
                    + e.getMessage(), e);
        }
        super.complete(report);
    }

    /**
     * A rename of the staged folder to the next free batch folder.
     *
     * @throws PreconditionException when a batch published since this run started pooled one of
     *     its files, or the output holds files outside batch folders
     */
    @Override
    Move move(WriteMode mode) throws IOException {
        OutputBatches now = OutputBatches.read(fileSystem(), target());
        IncrementalRun.refuseFlat(now, what(), key());
        if (leader != null) {
            if (leader.batchId() == 0) {
                throw new IllegalStateException("The batch of " + leader.target() + " is published before its "
                        + what() + " batch in " + target());
            }
            batchId = leader.batchId();
            return new Move(Move.Kind.CREATE, new Path(target(), OutputBatches.folderName(batchId)).toString(),
                    stagingLocation(), "", List.of());
        }
        Map<String, OutputBatches.Pooled> pooled = now.pooled();
        Set<InputFileVersion> mine = Set.copyOf(files);
        List<OutputBatches.Pooled> done = files.stream().map(f -> pooled.get(f.path()))
                .filter(p -> p != null && mine.contains(p.file())).toList();
        if (!done.isEmpty()) {
            OutputBatches.Batch other = done.get(0).batch();
            throw new PreconditionException("Cannot publish incremental output " + target() + ": run "
                    + other.manifest().run() + " published " + other.folder().getName() + " while this run ("
                    + runId() + ") was running, and pooled " + done.size() + " of the " + files.size()
                    + " input files this run pooled (" + done.get(0).file().path() + " among them); publishing would"
                    + " write their records twice, so this run's result was discarded. Nothing is lost: the next"
                    + " run pools whatever is still new");
        }
        int id = now.nextId();
        for (BatchOutput follower : followers) {
            // Free in the follower's folder too: a deleted output batch may have left its quarantine batch.
            id = Math.max(id, OutputBatches.read(follower.fileSystem(), follower.target()).nextId());
        }
        batchId = id;
        Path folder = new Path(target(), OutputBatches.folderName(batchId));
        return new Move(Move.Kind.CREATE, folder.toString(), stagingLocation(), "", List.of());
    }

    /** The id of the batch last chosen by {@link #move}: after publication, the published batch's. */
    int batchId() {
        return batchId;
    }
}
