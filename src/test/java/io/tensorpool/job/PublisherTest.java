package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.job.PublishJournal.Move;
import io.tensorpool.job.PublishJournal.Owner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Publisher}'s recovery in the cases a kill test does not reach, on the local file system. */
class PublisherTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path temp;

    private Path output(String name, String run) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        Files.writeString(folder.resolve("part-" + run + ".parquet"), run);
        Files.writeString(folder.resolve(RunReport.FILE_NAME), "{\"run\":\"" + run + "\"}");
        return folder;
    }

    private static String qualified(Path path) {
        return "file:" + path;
    }

    private Path journalOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + PublishJournal.MARK);
    }

    /**
     * A publication that failed in this very JVM (a long-lived driver running one job after
     * another) left its journal: its owner is this live process, yet nothing publishes under it,
     * so the next run finishes it at once instead of waiting for itself.
     */
    @Test
    void aJournalThisProcessNoLongerPublishesUnderIsFinished() throws IOException {
        Path target = output("out", "old");
        Path staging = output(".out" + StagedOutput.STAGING_MARK + "failed", "new");
        Path aside = temp.resolve(".out" + StagedOutput.REPLACED_MARK + "failed");
        Move replace = new Move(Move.Kind.REPLACE, qualified(target), qualified(staging), qualified(aside), List.of());
        FileSystem fs = FileSystem.getLocal(HADOOP);
        assertTrue(new PublishJournal("failed", Owner.current(), List.of(replace))
                .createAt(fs, new org.apache.hadoop.fs.Path(qualified(journalOf(target)))));

        List<String> said = new Publisher(HADOOP, target.toString(), "next").settle();
        assertTrue(said.get(0).contains("it failed earlier in this process"), said.toString());
        assertEquals("{\"run\":\"new\"}", Files.readString(target.resolve(RunReport.FILE_NAME)));
        assertEquals(List.of("out"), names());
    }

    /** A journal cut short while it was written: no step was taken under it, and it is removed. */
    @Test
    void aJournalCutShortIsRemovedAndNothingElseTouched() throws IOException {
        Path target = output("out", "old");
        Path staging = output(".out" + StagedOutput.STAGING_MARK + "cut", "new");
        Files.writeString(journalOf(target), "{\"run\":\"cut\",\"owner\":{\"ho");

        List<String> said = new Publisher(HADOOP, target.toString(), "next").settle();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("cut short while it was written"), said.toString());
        assertFalse(Files.exists(journalOf(target)));
        assertEquals("{\"run\":\"old\"}", Files.readString(target.resolve(RunReport.FILE_NAME)));
        assertTrue(Files.exists(staging), "a staging folder no journal names is only logged");
    }

    /** Folders changed by something else into a state no step leads to: recovery stops and says so. */
    @Test
    void aStateNoStepLeadsToIsRefusedNamingTheFolders() throws IOException {
        Path target = output("out", "old");
        Path staging = output(".out" + StagedOutput.STAGING_MARK + "odd", "new");
        Path aside = output(".out" + StagedOutput.REPLACED_MARK + "odd", "older");
        Move replace = new Move(Move.Kind.REPLACE, qualified(target), qualified(staging), qualified(aside), List.of());
        FileSystem fs = FileSystem.getLocal(HADOOP);
        new PublishJournal("odd", new Owner("another-host", 1, 1), List.of(replace))
                .createAt(fs, new org.apache.hadoop.fs.Path(qualified(journalOf(target))));

        PreconditionException e = assertThrows(PreconditionException.class,
                () -> new Publisher(HADOOP, target.toString(), "next").recover());
        assertTrue(e.getMessage().startsWith("Cannot publish: " + qualified(aside) + " exists, so " + qualified(target)
                + " cannot be moved there."), e.getMessage());
        assertEquals(2, e.exitCode());
        assertEquals("{\"run\":\"old\"}", Files.readString(target.resolve(RunReport.FILE_NAME)), "nothing moved");
        assertTrue(Files.exists(journalOf(target)), "the journal stays for when the folders are mended");
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
