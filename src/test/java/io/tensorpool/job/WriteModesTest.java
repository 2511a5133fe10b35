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
