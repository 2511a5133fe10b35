package io.tensorpool.job;

import io.tensorpool.config.WriteMode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Decides whether the job may replace what is at an output (or quarantine) path. Under
 * {@code mode: overwrite} nothing there, an empty folder, or a tensorpool output (a folder that
 * holds {@value RunReport#FILE_NAME}) may be replaced; a regular file or a folder of anything
 * else only with {@code --force}, since replacing it deletes what the job did not write. Under
 * {@code append} a regular file is refused (the new files cannot go into it). Other modes never
 * replace anything.
 *
 * <p>The job asks before it reads any record, and again right before it publishes, so that
 * something written to the path while the job ran is not replaced unasked either.
 */
final class OverwriteGuard {
    /** How many of the entries that would go a refusal names. */
    static final int NAMED_ENTRIES = 5;
    /** Entries counted at most; past that the message says "more than". */
    static final int COUNTED_ENTRIES = 10_000;

    private final Configuration hadoop;
    private final String what;
    private final String key;
    private final String location;
    private final boolean force;

    /**
     * @param what     how messages call the path: {@code output} or {@code quarantine}
     * @param key      its config key, for the fix
     * @param location the configured path
     * @param force    {@code --force}: overwrite may replace anything
     */
    OverwriteGuard(Configuration hadoop, String what, String key, String location, boolean force) {
        this.hadoop = hadoop;
        this.what = what;
        this.key = key;
        this.location = location;
        this.force = force;
    }

    /** @throws PreconditionException (exit 2) when {@code mode} would replace what it must not */
    void check(WriteMode mode) {
        if (mode != WriteMode.OVERWRITE && mode != WriteMode.APPEND) {
            return;
        }
        try {
            Path target = new Path(location);
            FileSystem fs = target.getFileSystem(hadoop);
            FileStatus status;
            try {
                status = fs.getFileStatus(target);
            } catch (FileNotFoundException e) {
                return;
            }
            if (mode == WriteMode.APPEND) {
                if (!status.isDirectory()) {
                    throw new PreconditionException("Cannot append to " + what + " " + location + ": it is a file, not"
                            + " a folder. Check " + key);
                }
                return;
            }
            if (force) {
                return;
            }
            if (!status.isDirectory()) {
                throw new PreconditionException("Cannot overwrite " + what + " " + location + ": it is a file, not a"
                        + " tensorpool output, and overwrite would replace it. Check " + key + ", or pass --force"
                        + " to replace it");
            }
            if (fs.exists(new Path(target, RunReport.FILE_NAME))) {
                return;
            }
            refuseForeignFolder(fs, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check what is at " + what + " " + location + ": "
                    + e.getMessage(), e);
        }
    }

    private void refuseForeignFolder(FileSystem fs, Path target) throws IOException {
        List<String> names = new ArrayList<>();
        RemoteIterator<FileStatus> entries = fs.listStatusIterator(target);
        while (entries.hasNext() && names.size() < COUNTED_ENTRIES) {
            FileStatus entry = entries.next();
            names.add(entry.getPath().getName() + (entry.isDirectory() ? "/" : ""));
        }
        if (names.isEmpty()) {
            return;
        }
        String count = entries.hasNext() ? "more than " + COUNTED_ENTRIES : String.valueOf(names.size());
        names.sort(null);
        String named = String.join(", ", names.subList(0, Math.min(NAMED_ENTRIES, names.size())))
                + (names.size() > NAMED_ENTRIES ? ", ..." : "");
        throw new PreconditionException("Cannot overwrite " + what + " " + location + ": it is not a tensorpool"
                + " output (it has no " + RunReport.FILE_NAME + ") and overwrite would delete its " + count
                + (names.size() == 1 ? " entry" : " entries") + " (" + named + "). Check " + key
                + ", or pass --force to replace it");
    }
}
