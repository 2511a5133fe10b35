package io.tensorpool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone cluster on 127.0.0.1 started by scripts/cluster/start.sh (a master and two
 * one-core workers, each its own JVM), driven through the scripts a person would use. Closing it
 * runs scripts/cluster/stop.sh and then makes sure, process by process, that nothing it started is
 * left: a JVM shutdown hook does the same if the test JVM ends first.
 */
final class LocalCluster implements AutoCloseable {
    static final String MARK = "-Dtensorpool.cluster.state=";

    final Path state;
    final String masterUrl;
    final String webUiUrl;
    private final List<ProcessHandle> daemons;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalCluster(Path state, List<ProcessHandle> daemons) {
        this.state = state;
        this.masterUrl = ClusterTesting.read(state.resolve("master-url")).strip();
        this.webUiUrl = ClusterTesting.read(state.resolve("master-webui-url")).strip();
        this.daemons = daemons;
        this.shutdownHook = new Thread(this::stopQuietly, "stop-local-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a cluster with its state in STATE (a fresh folder); fails, stopping any part started, if it does not come up. */
    static LocalCluster start(Path state, int workers, Duration timeout) {
        Path log = state.resolveSibling(state.getFileName() + "-start.log");
        int code = ClusterTesting.run(List.of("scripts/cluster/start.sh", "--state", state.toString(),
                "--workers", Integer.toString(workers), "--worker-cores", "1", "--worker-memory", "2g",
                "--timeout", Long.toString(timeout.toSeconds())), log, timeout.plusSeconds(60));
        List<ProcessHandle> daemons = new ArrayList<>();
        for (String name : daemonNames(workers)) {
            Path pidFile = state.resolve("pids").resolve(name + ".pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(ClusterTesting.read(pidFile).strip())).ifPresent(daemons::add);
            }
        }
        if (code != 0) {
            stopScript(state);
            daemons.forEach(ClusterTesting::destroyTree);
            fail("scripts/cluster/start.sh exited with " + code + ":\n" + ClusterTesting.tail(log, 40));
        }
        assertEquals(workers + 1, daemons.size(), "start.sh recorded a PID for the master and every worker");
        for (ProcessHandle daemon : daemons) {
            String command = ClusterTesting.commandLine(daemon);
            assertTrue(command.contains(MARK + state + " "), "PID " + daemon.pid() + " is a daemon of " + state
                    + ", not: " + command);
        }
        return new LocalCluster(state, daemons);
    }

    private static List<String> daemonNames(int workers) {
        List<String> names = new ArrayList<>();
        names.add("master");
        for (int i = 1; i <= workers; i++) {
            names.add("worker-" + i);
        }
        return names;
    }

    /** The master, then the workers. */
    List<ProcessHandle> daemons() {
        return daemons;
    }

    List<ProcessHandle> workers() {
        return daemons.subList(1, daemons.size());
    }

    /** The master's /json/ page: workers, applications, their states. */
    JsonNode masterJson() {
        return ClusterTesting.getJson(webUiUrl + "/json/");
    }

    /** The executor JVM the workers launched for APP_ID with EXECUTOR_ID, if it is alive. */
    Optional<ProcessHandle> executor(String appId, String executorId) {
        return executors(appId).stream()
                .filter(p -> ClusterTesting.commandLine(p).contains(" --executor-id " + executorId + " "))
                .findFirst();
    }

    /** Every live executor JVM the workers launched for APP_ID: only children of this cluster's workers. */
    List<ProcessHandle> executors(String appId) {
        return workers().stream().flatMap(ProcessHandle::children)
                .filter(p -> {
                    String cmd = ClusterTesting.commandLine(p);
                    return cmd.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                            && cmd.contains(" --app-id " + appId + " ");
                })
                .toList();
    }

    /** Submits the job in client mode with scripts/cluster/submit.sh; the returned process is the driver JVM. */
    Process submit(List<String> sparkOptions, List<String> jobArguments, Path stdout, Path stderr) {
        List<String> command = new ArrayList<>(List.of("scripts/cluster/submit.sh", "--state", state.toString()));
        command.addAll(sparkOptions);
        command.add("--");
        command.addAll(jobArguments);
        return ClusterTesting.start(command, stdout, stderr);
    }

    /** Stops the cluster; then checks that no process it started is alive (killing any that is, and failing). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        List<ProcessHandle> launched = new ArrayList<>();
        workers().forEach(w -> w.children().forEach(launched::add));
        int code = stopScript(state);
        List<String> leftovers = new ArrayList<>();
        for (ProcessHandle p : concat(daemons, launched)) {
            if (ClusterTesting.running(p)) {
                leftovers.add(p.pid() + " " + ClusterTesting.commandLine(p));
                ClusterTesting.destroyTree(p);
            }
        }
        if (code != 0 || !leftovers.isEmpty()) {
            fail("scripts/cluster/stop.sh exited with " + code + " and left alive: " + leftovers + "\n"
                    + ClusterTesting.tail(state.resolveSibling(state.getFileName() + "-stop.log"), 20));
        }
    }

    private void stopQuietly() {
        if (!closed) {
            closed = true;
            stopScript(state);
            daemons.forEach(ClusterTesting::destroyTree);
        }
    }

    private static int stopScript(Path state) {
        Path log = state.resolveSibling(state.getFileName() + "-stop.log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ClusterTesting.run(List.of("scripts/cluster/stop.sh", "--state", state.toString(), "--grace", "20"),
                log, Duration.ofSeconds(60));
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> a, List<ProcessHandle> b) {
        List<ProcessHandle> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
