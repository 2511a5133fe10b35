package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.config.WriteMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A publication killed with SIGKILL before each of its steps in turn, for a new output,
 * {@code overwrite} and {@code append}: after {@code tensorpool recover} the output is
 * complete, old or new and never none or a mix, its report says which, a reader sees exactly
 * that report's rows, no hidden folder is left but an unpublished staging folder, and recover
 * said which folder held what. Each publication runs in a JVM of its own ({@link PublishProcess})
 * paused by the test hook before step N, then killed; N goes up until a publication completes.
 */
class PublishKillTest {
    private static final String RUN = "kill-test-run";

    @TempDir
    static Path temp;

    private static Path oldOutput;
    private static Path newOutput;

    /** Two finished outputs: "old" with ids 0-99 in three files, "new" with ids 1000-1049 in two. */
    @BeforeAll
    static void writeOutputs() throws IOException {
        oldOutput = temp.resolve("old");
        newOutput = temp.resolve("new");
        spark().range(0, 100, 1, 3).toDF("id").write().parquet(oldOutput.toString());
        spark().range(1000, 1050, 1, 2).toDF("id").write().parquet(newOutput.toString());
        Files.writeString(oldOutput.resolve(RunReport.FILE_NAME), "{\"run\":\"old\"}\n");
        Files.writeString(newOutput.resolve(RunReport.FILE_NAME), "{\"run\":\"new\"}\n");
    }

    /** How the killed publication puts the new output in place. */
    enum Kind {
        CREATE(WriteMode.ERROR), REPLACE(WriteMode.OVERWRITE), ADD(WriteMode.APPEND);

        final WriteMode mode;

        Kind(WriteMode mode) {
            this.mode = mode;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPublicationKilledBeforeAnyStepIsFinishedByRecover(Kind kind) throws Exception {
        int completedAt = 0;
        for (int step = 1; step <= 30 && completedAt == 0; step++) {
            Path folder = Files.createDirectory(temp.resolve(kind + "-" + step));
            Path target = folder.resolve("out");
            if (kind != Kind.CREATE) {
                copy(oldOutput, target);
            }
            Path staging = folder.resolve(".out" + StagedOutput.STAGING_MARK + RUN);
            copy(newOutput, staging);

            Path log = temp.resolve(kind + "-" + step + ".log");
            Process publication = start(target, kind.mode, step, log);
            String marker = awaitMarker(publication, log);
            if (marker == null) {
                assertEquals(0, publication.exitValue(), Files.readString(log));
                completedAt = step;
                assertOutput(kind, target, true);
                assertEquals(Set.of("out"), names(folder), "nothing left beside the output");
                continue;
            }
            if (step == 2) {
                Output live = recover(target);
                assertEquals(2, live.code, "a live publication is not recovered: " + live.err);
                assertTrue(live.err.contains("is publishing it"), live.err);
            }
            publication.destroyForcibly();
            assertTrue(publication.waitFor(1, TimeUnit.MINUTES));

            Output recovered = recover(target);
            assertEquals(0, recovered.code, recovered.err);
            boolean journalWritten = step > 1;
            assertOutput(kind, target, journalWritten);
            if (journalWritten) {
                assertTrue(recovered.out.contains("was stopped while publishing " + target.toUri().toString()
                        .replace("file:///", "file:/").replaceAll("/$", "")), recovered.out);
                assertTrue(recovered.out.contains("the publication of run " + RUN + " is complete"), recovered.out);
                assertEquals(Set.of("out"), names(folder), "nothing left beside the output: " + recovered.out);
            } else {
                assertTrue(recovered.out.startsWith("Nothing to recover"), recovered.out);
                Set<String> left = new TreeSet<>(Set.of(staging.getFileName().toString()));
                if (kind != Kind.CREATE) {
                    left.add("out");
                }
                assertEquals(left, names(folder), "the unpublished staging folder is left as it was");
            }
            if (kind == Kind.REPLACE && step == 3) {
                // The case: killed between the two renames, the output path absent.
                assertTrue(recovered.out.contains(staging.getFileName() + " holds the complete new output of run "
                        + RUN), recovered.out);
                assertTrue(recovered.out.contains(".out" + StagedOutput.REPLACED_MARK + RUN
                        + " holds the previous output"), recovered.out);
                assertTrue(recovered.out.contains("/out is absent"), recovered.out);
            }
        }
        int steps = switch (kind) {
            case CREATE -> 3;
            case REPLACE -> 5;
            case ADD -> 8;
        };
        assertEquals(steps + 1, completedAt, "the publication has " + steps + " steps, each one killed once");
    }

    /** The target holds the new output (or the old plus the new, for append) when the journal was written, else the old. */
    private static void assertOutput(Kind kind, Path target, boolean published) throws IOException {
        if (!published && kind == Kind.CREATE) {
            assertFalse(Files.exists(target), "no output yet");
            return;
        }
        String report = Files.readString(target.resolve(RunReport.FILE_NAME));
        assertEquals(published ? "{\"run\":\"new\"}\n" : "{\"run\":\"old\"}\n", report);
        List<Long> ids = spark().read().parquet(target.toString()).orderBy("id").collectAsList().stream()
                .map(r -> r.getLong(0)).toList();
        List<Long> expected = new ArrayList<>();
        if (kind == Kind.ADD || !published) {
            for (long i = 0; i < 100; i++) {
                expected.add(i);
            }
        }
        if (published) {
            for (long i = 1000; i < 1050; i++) {
                expected.add(i);
            }
        }
        assertEquals(expected, ids, "the rows of the output the report belongs to, and only those");
        Set<String> data = dataFiles(target);
        Set<String> want = new TreeSet<>();
        if (kind == Kind.ADD || !published) {
            want.addAll(dataFiles(oldOutput));
        }
        if (published) {
            want.addAll(dataFiles(newOutput));
        }
        assertEquals(want, data);
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(StagedOutput.REPLACED_MARK)).toList(), "no hidden old report is left");
        }
    }

    private static Process start(Path target, WriteMode mode, int pauseBefore, Path log) throws IOException {
        List<String> command = ChildJvm.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-D" + PublishSteps.PAUSE_PROPERTY + "=" + pauseBefore), PublishProcess.class, target.toString(), RUN,
                mode.name());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The pause marker once the child prints it, or null when the child exits without pausing. */
    private static String awaitMarker(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            int at = text.indexOf(PublishSteps.PAUSE_MARKER);
            if (at >= 0 && text.indexOf('\n', at) > 0) {
                return text.substring(at, text.indexOf('\n', at));
            }
            if (!child.isAlive()) {
                return null;
            }
            Thread.sleep(20);
        }
        child.destroyForcibly();
        return fail("the publication neither paused nor ended: " + Files.readString(log));
    }

    private record Output(int code, String out, String err) {
    }

    /** {@code tensorpool recover --output TARGET}, in this JVM: it needs no Spark session. */
    private static Output recover(Path target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TensorPoolMain.run(new String[] {"recover", "--output", target.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> fail("recover must not start Spark"));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> dataFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
