package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a newcomer runs it: {@code scripts/tensorpool} in a fresh
 * JVM with the embedded local Spark, against the jar {@code mvn package} just built.
 */
class ScriptsIT {
    @TempDir
    Path temp;

    private ChildRun tensorpool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/tensorpool"));
        command.addAll(List.of(args));
        return ChildRun.of(command, temp);
    }

    @Test
    void theReadmeCommandPoolsTheSampleDataAndPrintsOneJsonReport() throws Exception {
        Path out = temp.resolve("textbook");
        ChildRun result = tensorpool("run", "--config", "conf/textbook-maxpool3-pad1-stride2.yaml",
                "--output", out.toString());
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> lines = result.stdout().lines().toList();
        assertEquals(1, lines.size(), "stdout holds only the report: " + result.stdout());
        JsonNode report = new ObjectMapper().readTree(lines.get(0));
        assertEquals("succeeded", report.get("status").asText());
        assertEquals(1, report.get("records_out").asLong());
        assertEquals(out.toString(), report.get("output_path").asText());
        assertTrue(result.stderr().contains("pooled 1 of 1 records into " + out), result.stderr());
        assertEquals(report, new ObjectMapper().readTree(Files.readString(out.resolve(RunReport.FILE_NAME))),
                "the report in the output folder is the one printed");
    }

    @Test
    void helpExitsZero() throws Exception {
        ChildRun result = tensorpool("--help");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("--config FILE"), result.stdout());
    }

    @Test
    void aConfigErrorExitsTwoWithOneLine() throws Exception {
        ChildRun result = tensorpool("run", "--config", "conf/no-such-config.yaml");
        assertEquals(2, result.exitCode());
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("tensorpool: ")).toList();
        assertEquals(1, errors.size(), result.stderr());
        assertTrue(errors.get(0).startsWith("tensorpool: Cannot load config conf/no-such-config.yaml"), errors.get(0));
    }
}
