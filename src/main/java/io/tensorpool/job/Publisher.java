package io.tensorpool.job;

import io.tensorpool.config.WriteMode;
import io.tensorpool.job.PublishJournal.Liveness;
import io.tensorpool.job.PublishJournal.Move;
import io.tensorpool.job.PublishJournal.Owner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's staged folders into one output, and finishes a publication of that output
 * that a killed run left half done. One publication moves the quarantine (when there is one)
 * and then the output, so the output's run report is the last file to appear.
 *
 * <p>A publication, in the order it happens:
 * <ol>
 *   <li>(before, not a step) the run report is written into each staged folder, last;</li>
 *   <li>the {@link PublishJournal} is created beside the output, create-if-absent: it names
 *       every move and is the output's publish lock;</li>
 *   <li>the steps of each move, in order ({@link PublishSteps});</li>
 *   <li>the journal is deleted.</li>
 * </ol>
 * What a kill leaves, and what the next run (before it looks at its output at all) or
 * {@code tensorpool recover --output PATH} does about it:
 * <ul>
 *   <li>before the journal exists: complete staging folders no journal names, and the output
 *       as it was. They are a run's unpublished work; the log names them as deletable once no
 *       run of the output is running (a run still writing has such a folder too).</li>
 *   <li>after the journal exists, at any step: the journal names the staging, target and
 *       aside folders; the recovery logs which of them holds what, then takes the remaining
 *       steps (it never rolls a publication back unless its new output has vanished), and
 *       deletes the journal. Old or new, never none and never a mix, once it has run.</li>
 *   <li>a journal cut short while it was written: nothing was moved under it; it is removed.</li>
 * </ul>
 * A journal is finished by another run only when its owner is known to be gone: the same host
 * and no live process with its id and start time (or this very process, no longer publishing
 * under it), or, seen from another host, a journal older than {@link #LEASE} (publishing takes
 * seconds). A live publication is waited for, up to {@link #WAIT}.
 *
 * <p>What this needs of the file system: atomic rename of a folder or file to a path that does
 * not exist, and atomic create-if-absent of a small file. HDFS and local disks have both.
 * Object stores (S3, GCS, Azure Blob without hierarchical namespace) have neither: a folder
 * "rename" there is a copy of every object and then a delete, so a reader or a kill can catch it
 * half done, and the publish journal is no lock. On those, write through a table format or a
 * committer made for them.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    /** How old a journal written on another host must be before it is taken as abandoned. */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** How long a run waits for another run's live publication of its output to end. */
    static final Duration WAIT = Duration.ofMinutes(2);
    private static final Duration INCOMPLETE_GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 250;
    static final String CLAIM_MARK = ".recovering-";
    /**
     * The journals this JVM is publishing under right now: a journal of this process that is not
     * here was left by a publication that failed in it (a long-lived driver running jobs one after
     * another), and is no more alive than one of a killed process.
     */
    private static final Set<String> PUBLISHING = ConcurrentHashMap.newKeySet();

    private final FileSystem fs;
    private final Path target;
    private final Path journal;
    private final String runId;
    private final PublishSteps steps;
    private boolean journalHeld;
    private boolean publishing;

    Publisher(Configuration hadoop, String output, String runId) {
        try {
            Path given = new Path(output);
            this.fs = given.getFileSystem(hadoop);
            this.target = fs.makeQualified(given);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare output " + output + ": " + e.getMessage(), e);
        }
        if (target.getParent() == null) {
            throw new PreconditionException("Cannot write output " + output + ": it is the root of its file system;"
                    + " choose a folder inside it (output.path or --output)");
        }
        this.journal = PublishJournal.pathFor(target);
        this.runId = runId;
        this.steps = new PublishSteps(fs);
    }

    /**
     * Before a run looks at its output: finishes a publication of it that a killed run left
     * half done, or waits for another run's live one to end.
     *
     * @return what was done, one line each (empty when nothing was interrupted)
     * @throws PreconditionException when another run is still publishing after {@link #WAIT}
     */
    List<String> settle() {
        return settle(false);
    }

    /**
     * {@code tensorpool recover}: finishes an interrupted publication of the output, as
     * {@link #settle} does, without waiting out the lease of a journal written on another host
     * (whoever asks says no run of the output is running); refuses a publication whose process
     * is alive here.
     */
    List<String> recover() {
        return settle(true);
    }

    private List<String> settle(boolean asked) {
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            long incompleteSince = -1;
            boolean waitLogged = false;
            while (true) {
                Optional<FileStatus> status = statusOf(journal);
                Optional<PublishJournal> found = status.isPresent() ? PublishJournal.read(fs, journal) : Optional.empty();
                if (found.isEmpty()) {
                    return steps.said();
                }
                PublishJournal interrupted = found.get();
                if (interrupted.incomplete()) {
                    incompleteSince = incompleteSince < 0 ? System.nanoTime() : incompleteSince;
                    if (System.nanoTime() - incompleteSince > INCOMPLETE_GRACE.toNanos()) {
                        steps.step("deleted " + journal + ", a publish journal cut short while it was written;"
                                + " no file had been moved under it", () -> fs.delete(journal, false));
                    } else {
                        sleep();
                    }
                    continue;
                }
                boolean ours = interrupted.owner().equals(Owner.current());
                Liveness owner = ours ? PUBLISHING.contains(journal.toString()) ? Liveness.ALIVE : Liveness.DEAD
                        : interrupted.owner().liveness();
                long age = System.currentTimeMillis() - status.get().getModificationTime();
                boolean abandoned = owner == Liveness.DEAD
                        || owner == Liveness.UNKNOWN && (asked || age > LEASE.toMillis());
                if (abandoned) {
                    String why = ours ? "it failed earlier in this process"
                            : owner == Liveness.DEAD ? "its process is no longer running"
                            : asked ? "recover was asked for, so it is taken as no longer running"
                            : "its journal was written on another host " + age / 1000 + " s ago";
                    Optional<PublishJournal> rival = finishClaimed(interrupted, why, asked);
                    if (rival.isEmpty()) {
                        continue;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new PreconditionException("Cannot write output " + target + ": run " + rival.get().run()
                                + " (" + rival.get().owner() + ") has been finishing the interrupted publication of run "
                                + interrupted.run() + " for " + WAIT.toSeconds() + " s (claim " + claimOf(interrupted)
                                + "). If no run of this output is running, run tensorpool recover --output " + target);
                    }
                    sleep();
                    continue;
                }
                if (asked || System.nanoTime() > deadline) {
                    throw new PreconditionException("Cannot " + (asked ? "recover" : "write") + " output " + target
                            + ": run " + interrupted.run() + " (" + interrupted.owner() + ") is publishing it (journal "
                            + journal + ", written " + age / 1000 + " s ago). Wait for that run to end; if it is hung,"
                            + " stop it, then run tensorpool recover --output " + target);
                }
                if (!waitLogged) {
                    waitLogged = true;
                    LOG.info("Waiting for run {} ({}) to finish publishing {}", interrupted.run(), interrupted.owner(),
                            target);
                }
                sleep();
            }
        } catch (IOException e) {
            throw new PublishException("Cannot recover output " + target + ": " + e.getMessage()
                    + ". Run tensorpool recover --output " + target + " once the file system answers", e);
        }
    }

    /**
     * Finishes the abandoned publication {@code interrupted} if this run wins the claim on it:
     * a file beside the journal, named after the abandoned run and created only if absent, so
     * that of two runs that find the same abandoned journal at once exactly one finishes it and
     * deletes it. The winner reads the journal again under the claim and finishes it only if it is
     * still that run's: the loser, claiming after the winner is done, finds no journal or a new
     * run's, which it leaves alone (a run id is never reused). Without the claim the loser's
     * final delete could remove the journal, the lock, of a run that started publishing since.
     *
     * <p>A claim whose run was killed while finishing stays, and blocks later runs (which say
     * so) until {@code tensorpool recover}, asked by whoever knows no run is running, removes it.
     *
     * @return empty when the publication was finished here or is no longer there; otherwise the
     *     run that holds the claim
     */
    Optional<PublishJournal> finishClaimed(PublishJournal interrupted, String why, boolean asked)
            throws IOException {
        Path claim = claimOf(interrupted);
        byte[] mine = new PublishJournal(runId, Owner.current(), List.of()).toJson()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!ExclusiveCreate.create(fs, claim, mine)) {
            Optional<PublishJournal> holder = PublishJournal.read(fs, claim);
            if (holder.isEmpty()) {
                return Optional.empty(); // released in between: look again
            }
            boolean alive = !holder.get().incomplete() && holder.get().owner().liveness() == Liveness.ALIVE;
            if (!asked || alive) {
                return holder;
            }
            steps.step("deleted " + claim + ", left by a run stopped while it finished the publication of run "
                    + interrupted.run(), () -> fs.delete(claim, false));
            return Optional.empty();
        }
        try {
            Optional<PublishJournal> still = PublishJournal.read(fs, journal);
            if (still.isPresent() && still.get().equals(interrupted)) {
                finish(interrupted, why);
            }
        } finally {
            fs.delete(claim, false);
        }
        return Optional.empty();
    }

    /** The claim on finishing {@code interrupted}'s publication: {@code .<name>.tensorpool-publish.json.recovering-<run>}. */
    private Path claimOf(PublishJournal interrupted) {
        return new Path(journal.getParent(), journal.getName() + CLAIM_MARK + interrupted.run());
    }

    /** Takes the remaining steps of a publication a killed run left, and deletes its journal. */
    private void finish(PublishJournal interrupted, String why) throws IOException {
        steps.note("Found " + journal + ": run " + interrupted.run() + " (" + interrupted.owner() + ") was stopped while"
                + " publishing " + target + " (" + why + "). Finishing its publication; as found:");
        for (Move move : interrupted.moves()) {
            steps.describe(move, interrupted.run());
        }
        for (Move move : interrupted.moves()) {
            steps.finish(move, interrupted.run());
        }
        steps.step("deleted " + journal + ": the publication of run " + interrupted.run() + " is complete",
                () -> fs.delete(journal, false));
    }

    /**
     * Publishes {@code outputs} (the quarantine first when there is one, the output last) under
     * {@code mode}. Each must hold its run report. On failure after the journal was written the
     * staged folders are left for the recovery the message names: see {@link #holdsStagedFolders}.
     */
    void publish(WriteMode mode, List<StagedOutput> outputs) {
        try {
            PublishJournal plan = acquire(mode, outputs);
            for (Move move : plan.moves()) {
                steps.finish(move, runId);
            }
            steps.step("deleted " + journal + ": the publication of run " + runId + " is complete",
                    () -> fs.delete(journal, false));
            journalHeld = false;
        } catch (IOException e) {
            if (!journalHeld) {
                throw new UncheckedIOException("Cannot publish output " + target + ": " + e.getMessage(), e);
            }
            throw new PublishException("Cannot publish output " + target + ": " + e.getMessage() + ". The publication"
                    + " is recorded in " + journal + "; the next run of this output, or tensorpool recover --output "
                    + target + ", finishes it", e);
        } catch (PreconditionException e) {
            if (journalHeld) {
                throw new PreconditionException(e.getMessage() + ". The publication is recorded in " + journal
                        + "; tensorpool recover --output " + target + " finishes it once that is mended", e);
            }
            throw e;
        } finally {
            if (publishing) {
                PUBLISHING.remove(journal.toString());
                publishing = false;
            }
        }
    }

    /**
     * Writes the journal of this run's moves, which needs the output's publish lock: another
     * run's journal is first finished or waited for. The moves depend on whether each target
     * exists, which only the lock holder may trust; they are decided, the journal written, and
     * decided again, until both agree.
     */
    private PublishJournal acquire(WriteMode mode, List<StagedOutput> outputs) throws IOException {
        while (true) {
            settle(false);
            PublishJournal plan = new PublishJournal(runId, Owner.current(), moves(mode, outputs));
            if (!steps.attempt("wrote " + journal + ", the journal of run " + runId + "'s publication",
                    () -> plan.createAt(fs, journal))) {
                continue;
            }
            journalHeld = true;
            publishing = PUBLISHING.add(journal.toString());
            List<Move> now;
            try {
                now = moves(mode, outputs);
            } catch (PreconditionException | IOException e) {
                release();
                throw e;
            }
            if (plan.moves().equals(now)) {
                return plan;
            }
            release();
        }
    }

    /** Deletes this run's journal before any step was taken under it: it decided on what is no longer so. */
    private void release() throws IOException {
        fs.delete(journal, false);
        journalHeld = false;
        PUBLISHING.remove(journal.toString());
        publishing = false;
    }

    private List<Move> moves(WriteMode mode, List<StagedOutput> outputs) throws IOException {
        List<Move> moves = new ArrayList<>();
        for (StagedOutput output : outputs) {
            moves.add(output.move(mode));
        }
        return moves;
    }

    /**
     * True while this run's journal exists: a failed publication's staged folders then belong to
     * the recovery and must not be discarded.
     */
    boolean holdsStagedFolders() {
        return journalHeld;
    }

    /**
     * Logs the hidden folders beside {@code folder} that a run of the output left and no
     * publication in progress names, saying what each is and whether it may be deleted.
     * Lists first and reads the journal after, so a publication that starts in between is seen.
     */
    void logLeftovers(Path folder) {
        try {
            Path parent = folder.getParent();
            if (!fs.exists(parent)) {
                return;
            }
            String prefix = "." + folder.getName();
            FileStatus[] found = fs.listStatus(parent, p -> p.getName().startsWith(prefix + StagedOutput.STAGING_MARK)
                    || p.getName().startsWith(prefix + StagedOutput.REPLACED_MARK));
            Set<String> named = new HashSet<>();
            PublishJournal.read(fs, journal).ifPresent(j -> j.moves().forEach(m -> {
                named.add(m.staging());
                named.add(m.aside());
            }));
            for (FileStatus status : found) {
                Path path = status.getPath();
                if (named.contains(path.toString())) {
                    continue;
                }
                if (path.getName().startsWith(prefix + StagedOutput.STAGING_MARK)) {
                    LOG.warn("Found {}: the staging folder of run {}, which has not published it: that run is still"
                            + " running, or it stopped before publishing. It is not part of any output; once no run of {}"
                            + " is running it can be deleted", path,
                            path.getName().substring((prefix + StagedOutput.STAGING_MARK).length()), folder);
                } else {
                    LOG.warn("Found {}: an earlier {} that an overwrite replaced, left when its deletion was"
                            + " interrupted; no publication names it, so it can be deleted", path, folder);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the folders beside {}: {}", folder, e.getMessage());
        }
    }

    private Optional<FileStatus> statusOf(Path path) throws IOException {
        try {
            return Optional.of(fs.getFileStatus(path));
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a publication to end", e);
        }
    }
}
