package io.tensorpool.job;

import io.tensorpool.job.PublishJournal.Move;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-system steps of a publication, each one rename or delete, taken in order. Every step
 * looks at the file system first and is skipped when it is already done, so finishing a
 * publication that a kill interrupted is running it again: {@link #finish} serves the publishing
 * run and the recovering one alike.
 *
 * <p>Steps of each kind of {@link Move}, in order (the publication writes its journal before
 * the first move and deletes it after the last):
 * <ul>
 *   <li>{@code create}: make the target's parent folder when it is absent (the first batch of an
 *       incremental output makes the output folder); rename the staging folder to the target.</li>
 *   <li>{@code replace}: rename the target to the aside folder; rename the staging folder to the
 *       target; delete the aside folder. Between the two renames the target is absent and the
 *       journal names both folders, so the next run completes the second rename.</li>
 *   <li>{@code add}: rename the target's run report to a hidden name inside it (so that from
 *       here until the last step the target has no report: a reader that trusts
 *       {@code _tensorpool.json} sees an unfinished output, not a finished one with half a run's
 *       files in it); rename each staged data file into the target; rename the staged run
 *       report into the target; delete the hidden previous report; delete the emptied staging
 *       folder.</li>
 * </ul>
 * A rename goes only to a path that does not exist (checked first: under the journal, no other
 * run moves anything here). A state no step leads to (both ends of a rename present, or neither)
 * means something else changed the folders; the steps stop there and say so.
 *
 * <p>Test hook: the system property {@value #PAUSE_PROPERTY}{@code =N} makes the Nth step taken
 * by this object block after printing {@value #PAUSE_MARKER}{@code N (next: <step>)} on stderr, so that
 * a test can kill the process at that point.
 */
final class PublishSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PublishSteps.class);
    static final String PAUSE_PROPERTY = "tensorpool.test.pauseBeforePublishStep";
    static final String PAUSE_MARKER = "tensorpool-test: paused before publish step ";
    private static final int PAUSE_BEFORE = Integer.getInteger(PAUSE_PROPERTY, 0);

    private final FileSystem fs;
    private final List<String> said = new ArrayList<>();
    private int taken;

    PublishSteps(FileSystem fs) {
        this.fs = fs;
    }

    /** What was found and done so far, in words, one line each. */
    List<String> said() {
        return List.copyOf(said);
    }

    /** An action on the file system. */
    interface Action {
        void run() throws IOException;
    }

    /** An action on the file system that may find it cannot be done. */
    interface Attempt {
        boolean run() throws IOException;
    }

    /** Takes one step: the test hook, the action, then a log line saying what was done. */
    void step(String what, Action action) throws IOException {
        attempt(what, () -> {
            action.run();
            return true;
        });
    }

    /** Takes one step when {@code attempt} succeeds; when it returns false nothing was done. */
    boolean attempt(String what, Attempt attempt) throws IOException {
        if (taken + 1 == PAUSE_BEFORE) {
            pause(taken + 1, what);
        }
        if (!attempt.run()) {
            return false;
        }
        taken++;
        said.add(what);
        LOG.info("Publish step {}: {}", taken, what);
        return true;
    }

    /** Records and logs something found, which is not a step. */
    void note(String line) {
        said.add(line);
        LOG.warn(line);
    }

    /** Takes every step of {@code move} not yet taken; the run is named in what the steps say. */
    void finish(Move move, String run) throws IOException {
        switch (move.kind()) {
            case CREATE -> create(move, run);
            case REPLACE -> replace(move, run);
            default -> add(move, run);
        }
    }

    private void create(Move move, String run) throws IOException {
        Path target = new Path(move.target());
        Path staging = new Path(move.staging());
        if (fs.exists(staging)) {
            Path parent = target.getParent();
            if (!fs.exists(parent)) {
                // A batch of an incremental output goes inside it: the first one makes the output folder.
                step("made the folder " + parent + " for " + target, () -> fs.mkdirs(parent));
            }
            rename(staging, target, "moved " + staging + ", which held the new output of run " + run + ", to " + target);
        } else if (!fs.exists(target)) {
            throw lost(move, run);
        }
    }

    private void replace(Move move, String run) throws IOException {
        Path target = new Path(move.target());
        Path staging = new Path(move.staging());
        Path aside = new Path(move.aside());
        if (fs.exists(staging)) {
            if (fs.exists(target)) {
                rename(target, aside, "moved the previous output " + target + " aside to " + aside);
            }
            rename(staging, target, "moved " + staging + ", which held the new output of run " + run + ", to "
                    + target);
        } else if (!fs.exists(target)) {
            if (!fs.exists(aside)) {
                throw lost(move, run);
            }
            // No step leads here (the new output left staging only for the target): put back what was there.
            rename(aside, target, "the new output of run " + run + " is in neither " + staging + " nor " + target
                    + ": moved the previous output back from " + aside + " to " + target);
            return;
        }
        if (fs.exists(aside)) {
            step("deleted " + aside + ", which held the output that run " + run + " replaced",
                    () -> fs.delete(aside, true));
        }
    }

    private void add(Move move, String run) throws IOException {
        Path target = new Path(move.target());
        Path staging = new Path(move.staging());
        Path report = new Path(target, RunReport.FILE_NAME);
        Path newReport = new Path(staging, RunReport.FILE_NAME);
        Path oldReport = new Path(move.aside());
        if (fs.exists(newReport) && fs.exists(report)) {
            rename(report, oldReport, "moved the run report of the output's previous runs out of sight, from "
                    + report + " to " + oldReport + ", while run " + run + "'s files are added");
        }
        for (String name : move.files()) {
            Path from = new Path(staging, name);
            Path to = new Path(target, name);
            if (fs.exists(from)) {
                rename(from, to, "moved run " + run + "'s data file " + name + " from " + staging + " into " + target);
            } else if (!fs.exists(to)) {
                throw new PreconditionException("Cannot finish publishing run " + run + " into " + target
                        + ": its data file " + name + " is in neither " + staging + " nor " + target
                        + ". Something else changed these folders; check the output, or rerun with --mode overwrite");
            }
        }
        if (fs.exists(newReport)) {
            rename(newReport, report, "moved run " + run + "'s report from " + newReport + " to " + report);
        }
        if (fs.exists(oldReport)) {
            step("deleted " + oldReport + ", the report of the output's previous runs", () -> fs.delete(oldReport, false));
        }
        if (fs.exists(staging)) {
            step("deleted " + staging + ", emptied of run " + run + "'s files", () -> fs.delete(staging, true));
        }
    }

    private void rename(Path from, Path to, String what) throws IOException {
        if (fs.exists(to)) {
            throw new PreconditionException("Cannot publish: " + to + " exists, so " + from + " cannot be moved there."
                    + " Something else changed these folders; move one of them away, then rerun or run tensorpool recover");
        }
        step(what, () -> {
            if (!fs.rename(from, to)) {
                throw new IOException("the file system refused to rename " + from + " to " + to);
            }
        });
    }

    /** Notes where each folder of {@code move} stands now, before a recovery takes its steps. */
    void describe(Move move, String run) throws IOException {
        Path target = new Path(move.target());
        Path staging = new Path(move.staging());
        List<String> lines = new ArrayList<>();
        boolean staged = fs.exists(staging);
        switch (move.kind()) {
            case CREATE -> {
                lines.add(staged ? staging + " holds the complete new output of run " + run
                        : staging + " is gone: its contents were moved to " + target);
                lines.add(fs.exists(target) ? target + " exists" : target + " is absent");
            }
            case REPLACE -> {
                Path aside = new Path(move.aside());
                lines.add(staged ? staging + " holds the complete new output of run " + run
                        : staging + " is gone: the new output was moved to " + target);
                lines.add(!fs.exists(target) ? target + " is absent"
                        : staged ? target + " holds the previous output" : target + " holds the new output");
                lines.add(fs.exists(aside) ? aside + " holds the previous output" : aside + " is absent");
            }
            default -> {
                long left = 0;
                for (String name : move.files()) {
                    left += fs.exists(new Path(staging, name)) ? 1 : 0;
                }
                lines.add(target + " holds the output and " + (move.files().size() - left) + " of the "
                        + move.files().size() + " data files run " + run + " adds");
                lines.add(staged ? staging + " holds the other " + left + " and run " + run + "'s report"
                        : staging + " is gone");
            }
        }
        lines.forEach(line -> note("  " + line));
    }

    private static PreconditionException lost(Move move, String run) {
        return new PreconditionException("Cannot finish publishing run " + run + ": neither " + move.target() + " nor "
                + move.staging() + " exists. Something else changed these folders; rerun the job");
    }

    private static void pause(int step, String what) {
        PrintStream err = System.err;
        err.println(PAUSE_MARKER + step + " (next: " + what + ")");
        err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused before publish step " + step, e);
            }
        }
    }
}
