package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.load;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code output.mode}: error, overwrite, append and ignore against an existing output. */
@SparkLineTest
class WriteModesTest {
    private static final Path CONFIG = Path.of("conf/images-pipeline.yaml");

    @TempDir
    Path temp;

    private Path firstRun() {
        Path out = temp.resolve("out");
        run(load(CONFIG, out));
        return out;
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(p -> folder.relativize(p) + ":" + p.toFile().length() + ":" + p.toFile().lastModified())
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void errorModeRefusesAnExistingOutputAndLeavesItAlone() throws IOException {
        Path out = firstRun();
        List<String> before = listing(out);
        PreconditionException e = assertThrows(PreconditionException.class,
                () -> run(load(CONFIG, out, "output.mode=error")));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("Cannot write output " + out + ": it already exists."), e.getMessage());
        assertTrue(e.getMessage().contains("--mode overwrite"), e.getMessage());
        assertEquals(before, listing(out));
    }

    /**
     * Two runs of {@code mode: error} race for one output: the rival creates it while this run
     * works. The loser fails with exit 2, leaves the winner's output alone, removes its own
     * staged output, and its message names only folders that exist.
     */
    @Test
    void theLosingRunOfARaceNamesOnlyFoldersThatExist() throws IOException {
        Path out = temp.resolve("raced");
        JobTestSupport.spark().conf().set("spark.sql.sources.commitProtocolClass", RivalCommitProtocol.class.getName());
        RivalCommitProtocol.rivalOutput = out;
        PreconditionException e;
        try {
            e = assertThrows(PreconditionException.class, () -> run(load(CONFIG, out, "output.mode=error")));
        } finally {
            RivalCommitProtocol.rivalOutput = null;
            JobTestSupport.spark().conf().unset("spark.sql.sources.commitProtocolClass");
        }
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("it appeared while the job ran"), e.getMessage());
        java.util.regex.Matcher paths = java.util.regex.Pattern.compile("(file:)?/[^\\s,;:()]+").matcher(e.getMessage());
        int named = 0;
        while (paths.find()) {
            named++;
            Path path = Path.of(paths.group().replaceFirst("^file:", ""));
            assertTrue(Files.exists(path), "the message names " + path + ", which does not exist: " + e.getMessage());
        }
        assertTrue(named > 0, e.getMessage());
        assertEquals("{\"run\":\"rival\"}\n", Files.readString(out.resolve(RunReport.FILE_NAME)), "the winner's output");
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of("raced"), left.map(p -> p.getFileName().toString()).toList(), "nothing staged is left");
        }
    }

    @Test
    void overwriteModeReplacesTheOutputWithTheSameRows() {
        Path out = firstRun();
        RunReport report = run(load(CONFIG, out, "output.mode=overwrite"));
        assertEquals(64, report.recordsOut());
        assertEquals(64, read(out, "id").size());
    }

    @Test
    void appendModeAddsRowsAndCountsOnlyTheNewFiles() throws IOException {
        Path out = firstRun();
        Map<Path, Long> before = dataFileSizes(out);
        RunReport report = run(load(CONFIG, out, "output.mode=append"));
        assertEquals(64, report.recordsOut());
        assertEquals(128, read(out, "id").size());
        Map<Path, Long> added = new HashMap<>(dataFileSizes(out));
        added.keySet().removeAll(before.keySet());
        assertTrue(!added.isEmpty(), "the append wrote no new data file");
        assertEquals(added.values().stream().mapToLong(Long::longValue).sum(), report.bytesOut());
        assertEquals(dataFileSizes(Path.of(load(CONFIG, out).input().path())).values().stream()
                .mapToLong(Long::longValue).sum(), report.bytesIn());
    }

    @Test
    void appendRefusesAnotherSchemaBeforeReadingAnyRecordAndLeavesTheOutputAlone() throws IOException {
        assertEquals("its column 'x' is array<float> where this run writes binary, and files of both schemas in one"
                + " folder are not one dataset to its readers. Choose another output.path, or pass --mode overwrite to"
                + " replace it", refusedAppend("output.layout=binary"));
    }

    @Test
    void appendRefusesTensorsOfAnotherShape() throws IOException {
        String why = refusedAppend("ops[1].kernel_size=[4, 4]");
        assertTrue(why.startsWith("its column 'x' says shape [3, 8, 8] in its metadata where this run writes shape"
                + " [3, 4, 4], "), why);
    }

    /**
     * Appends with {@code sets} onto a first run's output, expects exit 2 with the output left as
     * it was, and returns what the message says after "Cannot append to output PATH: ".
     */
    private String refusedAppend(String... sets) throws IOException {
        Path out = firstRun();
        List<String> before = listing(out);
        String[] all = Stream.concat(Stream.of("output.mode=append"), Stream.of(sets)).toArray(String[]::new);
        PreconditionException e = assertThrows(PreconditionException.class, () -> run(load(CONFIG, out, all)));
        assertEquals(2, e.exitCode());
        assertEquals(before, listing(out));
        String prefix = "Cannot append to output " + out + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    /** Every data file below {@code folder}: nothing in, or named, {@code _*} or {@code .*}. */
    private static Map<Path, Long> dataFileSizes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !hiddenBelow(folder, p))
                    .collect(Collectors.toMap(p -> p, p -> p.toFile().length()));
        }
    }

    private static boolean hiddenBelow(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void ignoreModeSkipsAnExistingOutputWithoutReadingOrWriting() throws IOException {
        Path out = firstRun();
        List<String> before = listing(out);
        RunReport report = run(load(CONFIG, out, "output.mode=ignore"));
        assertEquals("skipped", report.status());
        assertEquals(0, report.recordsIn());
        assertEquals(before, listing(out));
    }

    @Test
    void ignoreModeWritesWhenNothingIsThere() {
        Path out = temp.resolve("fresh");
        RunReport report = run(load(CONFIG, out, "output.mode=ignore"));
        assertEquals("succeeded", report.status());
        assertEquals(64, read(out, "id").size());
    }
}
