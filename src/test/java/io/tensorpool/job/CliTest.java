package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.SparkLineTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract: exit codes and the exact first line of each error. Usage and
 * config errors are found before Spark starts, so none of these runs may ask for a session.
 */
@SparkLineTest
class CliTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final Supplier<SparkSession> NO_SPARK = () -> fail("a config error must not start Spark");

    private int run(String... args) {
        return TensorPoolMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NO_SPARK);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLine(String expectedStart) {
        String text = stderr();
        assertEquals(1, text.lines().count(), "one line on stderr, no stack trace: " + text);
        assertTrue(text.startsWith(expectedStart), "stderr: " + text);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--config FILE"), help);
        assertTrue(help.contains("Exit codes:"), help);
        assertEquals("", stderr());
    }

    @Test
    void helpWinsAnywhereOnTheLine() {
        assertEquals(0, run("run", "--config", "missing.yaml", "-h"));
    }

    @Test
    void missingConfigFileExitsTwoNamingIt() {
        assertEquals(2, run("run", "--config", temp.resolve("nope.yaml").toString()));
        assertOneLine("tensorpool: Cannot load config " + temp.resolve("nope.yaml"));
        assertTrue(stderr().contains("no such file"), stderr());
    }

    @Test
    void missingConfigOptionExitsTwo() {
        assertEquals(2, run("run"));
        assertOneLine("tensorpool: ");
        assertTrue(stderr().contains("--config"), stderr());
    }

    @Test
    void unknownOptionSuggestsTheNearest() {
        assertEquals(2, run("run", "--config", "x.yaml", "--ouput", "y"));
        assertOneLine("tensorpool: Unknown option --ouput; did you mean --output?");
    }

    @Test
    void unknownKeyExitsTwoNamingTheKeyAndTheNearestSpelling() throws IOException {
        Path config = write("""
                input: {path: in.parquet, tensor: {column: x, shape_column: shape}}
                ops:
                  - op: max_pool2d
                    kernel_sise: 3
                output: {path: out}
                """);
        assertEquals(2, run("run", "--config", config.toString()));
        assertOneLine("tensorpool: Cannot load config " + config + ": ops[0].kernel_sise is not a key of max_pool2d;"
                + " did you mean kernel_size?");
    }

    @Test
    void invalidParameterExitsTwoNamingOperatorParameterAndRule() throws IOException {
        Path config = write("""
                input: {path: in.parquet, tensor: {column: x, shape_column: shape}}
                ops:
                  - {op: max_pool2d, kernel_size: 2, padding: 2}
                output: {path: out}
                """);
        assertEquals(2, run("run", "--config", config.toString()));
        assertOneLine("tensorpool: Cannot load config " + config + ": ops[0] (max_pool2d): padding [2, 2]");
        assertTrue(stderr().contains("half"), stderr());
    }

    @Test
    void verbosePrintsTheStackTraceToo() throws IOException {
        Path config = write("input: {path: in.parquet}\n");
        assertEquals(2, run("run", "--config", config.toString(), "--verbose"));
        assertTrue(stderr().lines().count() > 1, stderr());
        assertTrue(stderr().startsWith("tensorpool: Cannot load config"), stderr());
    }

    private Path write(String yaml) throws IOException {
        Path file = temp.resolve("job.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
