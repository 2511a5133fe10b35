package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end in a child process, as a person runs it, with what it printed.
 *
 * @param exitCode the process's exit code
 * @param stdout   everything it wrote to standard output
 * @param stderr   everything it wrote to standard error
 */
record ChildRun(int exitCode, String stdout, String stderr) {

    /** Runs {@code command}, its output kept in files in {@code folder}; fails the test after five minutes. */
    static ChildRun of(List<String> command, Path folder) throws IOException, InterruptedException {
        Path stdout = folder.resolve("stdout.txt");
        Path stderr = folder.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command.get(0) + " did not finish in 5 minutes");
        return new ChildRun(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
