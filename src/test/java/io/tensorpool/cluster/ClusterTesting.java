package io.tensorpool.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the cluster tests share: folders under target/it, child processes with deadlines, loopback HTTP. */
final class ClusterTesting {
    /** The project's root: Maven runs tests with it as the working directory. */
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterTesting() {
    }

    /** An empty folder target/it/NAME (kept after the run, for its logs). */
    static Path freshFolder(String name) {
        Path folder = PROJECT.resolve("target/it").resolve(name);
        deleteRecursively(folder);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts COMMAND from the project root, stdout and stderr into files. */
    static Process start(List<String> command, Path stdout, Path stderr) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectOutput(stdout.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (stdout.equals(stderr)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Runs COMMAND to its end within TIMEOUT (killing it and its children otherwise); returns its exit code. */
    static int run(List<String> command, Path log, Duration timeout) {
        Process process = start(command, log, log);
        return waitFor(process, timeout, command.get(0), log);
    }

    /** Waits for PROCESS within TIMEOUT; on timeout kills it with its descendants and fails, quoting LOG. */
    static int waitFor(Process process, Duration timeout, String what, Path log) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process.toHandle());
                fail(what + " did not finish within " + timeout.toSeconds() + "s; the end of its log:\n" + tail(log, 40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            destroyTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** SIGKILLs a process and everything below it, and waits (bounded) until they are gone. */
    static void destroyTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (all.stream().anyMatch(ClusterTesting::running) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(100));
        }
    }

    /**
     * Whether a process is running: alive and not a zombie. A process whose parent is gone waits
     * as a zombie until init reaps it, and {@link ProcessHandle#isAlive()} counts it as alive.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // pid (comm) state ...: the comm may hold spaces and parentheses, the state follows the last ')'.
            String afterComm = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterComm.startsWith("Z") && !afterComm.startsWith("X");
        } catch (IOException e) {
            return false;
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last LINES lines of a text file, or a note when it cannot be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET a loopback URL and parse its JSON body; null when it does not answer with 200. */
    static JsonNode getJson(String url) {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("only loopback URLs here: " + url);
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Polls CONDITION every POLL until it gives a non-null value, or fails after TIMEOUT naming WHAT;
     * GIVE_UP (checked each round) fails at once with its message, e.g. when a process died.
     */
    static <T> T await(String what, Duration timeout, Duration poll, Supplier<T> condition, Supplier<String> giveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            String reason = giveUp.get();
            if (reason != null) {
                fail("gave up waiting for " + what + ": " + reason);
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + "s waiting for " + what);
            }
            pause(poll);
        }
    }

    /** The full command line of a process, or "" when it cannot be read (gone, or not ours to see). */
    static String commandLine(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
