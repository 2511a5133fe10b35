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

    /**
     * Two runs find the same dead run's journal: the first finishes it and starts publishing under
     * a journal of its own; the second, acting on what it read before, must not delete that new
     * journal (the other run's lock) as the end of "its" recovery. It claims the dead journal,
     * reads the journal again and leaves a journal of another run alone. A claim held by a live
     * run is waited for, not taken.
     */
    @Test
    void aDeadJournalIsFinishedOnceAndALateRecoveryLeavesTheNextRunsJournalAlone() throws IOException {
        Path target = temp.resolve("out");
        Path staging = output(".out" + StagedOutput.STAGING_MARK + "dead", "new");
        Move create = new Move(Move.Kind.CREATE, qualified(target), qualified(staging), "", List.of());
        FileSystem fs = FileSystem.getLocal(HADOOP);
        org.apache.hadoop.fs.Path journal = new org.apache.hadoop.fs.Path(qualified(journalOf(target)));
        Owner dead = new Owner(Owner.current().host(), Owner.current().pid(), Owner.current().startedAt() - 1);
        PublishJournal interrupted = new PublishJournal("dead", dead, List.of(create));
        assertTrue(interrupted.createAt(fs, journal));

        assertTrue(new Publisher(HADOOP, target.toString(), "first").finishClaimed(interrupted, "test", false).isEmpty());
        assertEquals("{\"run\":\"new\"}", Files.readString(target.resolve(RunReport.FILE_NAME)));
        PublishJournal next = new PublishJournal("first", Owner.current(), List.of());
        assertTrue(next.createAt(fs, journal), "the first run publishes next, under its own journal");

        assertTrue(new Publisher(HADOOP, target.toString(), "second").finishClaimed(interrupted, "test", false).isEmpty());
        assertEquals(next, PublishJournal.read(fs, journal).orElseThrow(), "the first run's journal is left alone");
        assertEquals(List.of(".out" + PublishJournal.MARK, "out"), names(), "and no claim is left");

        org.apache.hadoop.fs.Path claim = new org.apache.hadoop.fs.Path(journal + Publisher.CLAIM_MARK + "dead");
        assertTrue(new PublishJournal("third", Owner.current(), List.of()).createAt(fs, claim));
        assertEquals("third", new Publisher(HADOOP, target.toString(), "fourth").finishClaimed(interrupted, "test", true)
                .orElseThrow().run(), "a live run's claim is not taken, even by recover");
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
