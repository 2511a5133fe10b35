package io.tensorpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.BuildFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark from rotting: the harness, run as scripts/bench.sh runs it (its own JVM,
 * its own Spark sessions) on two images per layout, must measure every job of the table and of
 * the scaling comparison, and every job's output must hold every row with the right number of
 * values. Timings are not asserted: they mean nothing at this size.
 */
class JobBenchmarkSmokeTest {
    private static final long LIST_MAX2 = 3 * 112 * 112;
    private static final long LIST_FULL = 3 * 224 * 224;

    @TempDir
    Path temp;

    @Test
    void measuresEveryJobAndEveryOutputHoldsTheExpectedRowsAndValues() throws Exception {
        Path json = temp.resolve("results.json");
        Path report = temp.resolve("results.md");
        Process process = start("--gb", "0.001", "--reps", "1", "--warmup-gb", "0", "--verify", "all",
                "--scaling", "local[1],local[2]", "--data", temp.resolve("data").toString(),
                "--work", temp.resolve("out").toString(), "--json", json.toString(), "--report", report.toString());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the harness finished");
        String log = Files.readString(temp.resolve("harness.log"));
        assertEquals(0, process.exitValue(), log);

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        long images = results.get("facts").get("records").asLong();
        assertEquals(2, images);
        Map<String, JsonNode> table = new HashMap<>();
        List<String> scaling = new ArrayList<>();
        for (JsonNode m : results.get("measurements")) {
            String key = m.get("layout").asText() + " " + m.get("job").asText();
            if (m.get("phase").asText().equals("table")) {
                table.put(key, m);
            } else {
                scaling.add(key + " " + m.get("master").asText());
            }
            assertTrue(m.get("seconds").asDouble() > 0, key);
            assertEquals(images, m.get("images").asLong(), key);
        }
        Map<String, Long> expected = Map.ofEntries(Map.entry("identity", LIST_FULL),
                Map.entry("identity-bulk", LIST_FULL), Map.entry("job-identity", LIST_FULL),
                Map.entry("job-sparkreader-identity", LIST_FULL),
                Map.entry("floor-max2", LIST_MAX2),
                Map.entry("strict-floor-max2", LIST_MAX2), Map.entry("job-max2", LIST_MAX2),
                Map.entry("job-sparkwriter-max2", LIST_MAX2), Map.entry("udf-max2", LIST_MAX2),
                Map.entry("floor-avg3", LIST_FULL), Map.entry("strict-floor-avg3", LIST_FULL),
                Map.entry("job-avg3", LIST_FULL), Map.entry("job-sparkwriter-avg3", LIST_FULL),
                Map.entry("udf-avg3", LIST_FULL), Map.entry("job-scales3", LIST_MAX2));
        String markdown = Files.readString(report);
        for (String layout : List.of("list", "binary")) {
            assertTrue(table.containsKey(layout + " read-only"), layout + " read-only");
            assertTrue(table.containsKey(layout + " job-scales3-separate"), layout + " job-scales3-separate");
            long bytesPerValue = layout.equals("list") ? 1 : 4;
            expected.forEach((job, values) -> {
                JsonNode m = table.get(layout + " " + job);
                assertTrue(m != null, "measured " + layout + " " + job);
                assertEquals(images, m.get("rowsOut").asLong(), layout + " " + job + ": rows written");
                assertEquals(values * bytesPerValue, m.get("minValues").asLong(), layout + " " + job + ": values");
                assertEquals(values * bytesPerValue, m.get("maxValues").asLong(), layout + " " + job + ": values");
            });
            assertTrue(markdown.contains("### " + layout + " layout"), markdown);
        }
        assertTrue(markdown.contains("list: job-identity / job-sparkreader-identity (task CPU)"), markdown);
        assertEquals(34, table.size(), table.keySet().toString());
        assertEquals(List.of("list floor-max2 local[1]", "list job-max2 local[1]", "list floor-max2 local[2]",
                "list job-max2 local[2]"), scaling);
        for (String row : List.of("| job-max2 |", "| udf-avg3 |", "| floor-avg3 |", "| job-scales3 |", "### Targets", "### Scaling")) {
            assertTrue(markdown.contains(row), row + " in\n" + markdown);
        }
    }

    /** The harness in its own JVM, with the flags and classpath scripts/bench.sh gives it. */
    private Process start(String... args) throws IOException {
        String classpath = BuildFolder.resolve("test-classes") + ":" + BuildFolder.jobClasspath();
        // C1 only and the serial collector: a short-lived JVM on tiny data spends half its CPU in C2 and
        // GC threads otherwise, and the machine is shared.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Dlog4j2.configurationFile=src/test/resources/log4j2-test.properties", "-cp", classpath,
                JobBenchmark.class.getName()));
        command.addAll(List.of(args));
        command.removeIf(String::isEmpty);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("harness.log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }
}
