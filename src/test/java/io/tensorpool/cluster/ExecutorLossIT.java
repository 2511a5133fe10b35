package io.tensorpool.cluster;

import static io.tensorpool.cluster.ClusterTesting.await;
import static io.tensorpool.cluster.ClusterTesting.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.job.JobRunner;
import io.tensorpool.job.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on a real standalone cluster (a master and two one-core workers, each its own JVM, on
 * 127.0.0.1) survives losing an executor: while the pooling stage runs, with most of its tasks
 * still to do, one executor JVM that is running a task gets SIGKILL. Spark must retry its tasks elsewhere, the driver must exit
 * 0 with a complete report whose counts ({@code records_in}, {@code records_out}, {@code records_bad}) are a clean
 * local[2] run's, and the output and the quarantine must equal that run's, row for row, bit for bit. One record in
 * {@value #BAD_EVERY} is bad and quarantined, so that rejected records are counted and written by retried tasks too.
 */
@Tag("cluster")
class ExecutorLossIT {
    /** One task per file; enough that a kill lands with many tasks done and many to go. */
    private static final int FILES = 40;
    private static final int RECORDS_PER_FILE = 32;
    private static final int RECORDS = FILES * RECORDS_PER_FILE;
    private static final int BAD_EVERY = 7;
    private static final int BAD = (RECORDS + BAD_EVERY - 1) / BAD_EVERY;
    /** Stride-1 windows make each 3x64x64 record cost milliseconds, so a task takes a fraction of a second. */
    private static final String CONFIG = """
            input:
              path: %s
              tensor: {column: x, layout: list, shape_column: shape}
            ops:
              - {op: max_pool2d, kernel_size: 9, stride: 1, padding: 4}
              - {op: avg_pool2d, kernel_size: 9, stride: 1, padding: 4}
              - {op: max_pool2d, kernel_size: 9, stride: 1, padding: 8, dilation: 2}
              - {op: max_pool2d, kernel_size: 2}
            output:
              path: %s
              mode: error
            errors:
              on_bad_record: quarantine
              quarantine_path: %s
              max_bad_fraction: 0.2
            """;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static Path work;
    private static LocalCluster cluster;
    private static long startNanos;
    private static Path config;
    private static Path clean;
    private static Path cleanQuarantine;
    private static RunReport cleanReport;
    private static long largestFile;

    /**
     * Starts the cluster and, meanwhile, writes the input and runs the clean local[2] run: the
     * cluster's JVMs spend much of their start-up waiting for one another.
     */
    @BeforeAll
    static void startClusterAndRunCleanly() throws IOException {
        startNanos = System.nanoTime();
        work = ClusterTesting.freshFolder("executor-loss");
        CompletableFuture<LocalCluster> starting = CompletableFuture.supplyAsync(() -> {
            LocalCluster started = LocalCluster.start(work.resolve("cluster"), 2, START_TIMEOUT);
            phase("cluster started");
            return started;
        });
        try {
            Path input = work.resolve("input");
            ItData.writeImages(input.toString(), FILES, RECORDS_PER_FILE, 3, 64, 64, BAD_EVERY);
            try (var files = Files.list(input)) {
                largestFile = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                        .mapToLong(f -> f.toFile().length()).max().orElseThrow();
            }
            phase("input written");
            config = work.resolve("job.yaml");
            Files.writeString(config, CONFIG.formatted(input, work.resolve("unused"), work.resolve("unused-quarantine")));
            clean = work.resolve("clean");
            cleanQuarantine = work.resolve("clean-quarantine");
            cleanReport = new JobRunner(ItData.spark()).run(ConfigLoader.load(config, ConfigOverrides.none()
                    .withOutput(clean.toString()).withSet("errors.quarantine_path=" + cleanQuarantine)));
            assertEquals(BAD, cleanReport.recordsBad(), "the clean run's rejected records");
            phase("clean local[2] run done");
        } finally {
            // Whatever happened here, the cluster is kept so that @AfterAll stops it.
            try {
                cluster = starting.get(START_TIMEOUT.toSeconds() + 120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("the cluster did not start", e);
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            phase("cluster stopped");
        }
    }

    @Test
    void jobSurvivesAnExecutorKilledMidStageAndWritesWhatACleanRunWrites() throws IOException {
        JsonNode master = cluster.masterJson();
        assertEquals(2, master.path("aliveworkers").asInt(), "workers registered: " + master);
        assertLoopbackOnly(cluster.daemons());

        Path out = work.resolve("out");
        Path quarantine = work.resolve("quarantine");
        int uiPort = ClusterTesting.freeLoopbackPort();
        Path stdout = work.resolve("driver.out");
        Path stderr = work.resolve("driver.err");
        Process driver = cluster.submit(List.of(
                        "--conf", "spark.ui.port=" + uiPort,
                        "--conf", "spark.executor.memory=1g",
                        // One partition per input file (a file never shares a split: the open cost is 4 MB).
                        "--conf", "spark.sql.files.maxPartitionBytes=" + largestFile),
                List.of("run", "--config", config.toString(), "--output", out.toString(),
                        "--set", "errors.quarantine_path=" + quarantine), stdout, stderr);
        String killed;
        try {
            String ui = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
            String appId = await("the driver to register the application", START_TIMEOUT, Duration.ofMillis(250),
                    () -> {
                        JsonNode apps = getJson(ui);
                        return apps != null && apps.size() == 1 ? apps.get(0).path("id").asText() : null;
                    }, () -> exited(driver, stderr));
            // The pooling stage reads and writes; it is the one with a task per file. Wait until
            // tasks are running and many are still to come.
            JsonNode stage = await("the pooling stage to be under way", Duration.ofSeconds(240), Duration.ofMillis(100),
                    () -> activeStage(ui + "/" + appId), () -> exited(driver, stderr));
            JsonNode victim = await("an executor running a task", Duration.ofSeconds(30), Duration.ofMillis(50),
                    () -> busyExecutor(ui + "/" + appId), () -> exited(driver, stderr));
            killed = victim.path("id").asText();
            ProcessHandle executor = cluster.executor(appId, killed).orElseThrow(() -> new AssertionError(
                    "no executor JVM with --app-id " + appId + " --executor-id " + killed + " under the workers"));

            List<ProcessHandle> running = new ArrayList<>(cluster.executors(appId));
            assertEquals(2, running.size(), "one executor per worker: " + running);
            running.add(driver.toHandle());
            assertLoopbackOnly(running);

            phase("pooling stage under way");
            System.out.printf("killing executor %s (PID %d) of %s in stage %s: %s of %s tasks done, %s running%n",
                    killed, executor.pid(), appId, stage.path("stageId"), stage.path("numCompleteTasks"),
                    stage.path("numTasks"), stage.path("numActiveTasks"));
            assertTrue(executor.destroyForcibly(), "SIGKILL sent");
            executor.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(executor.isAlive(), "the executor is dead");

            int code = ClusterTesting.waitFor(driver, Duration.ofSeconds(300), "the driver", stderr);
            phase("driver exited");
            assertEquals(0, code, "driver exit code; the end of its stderr:\n" + ClusterTesting.tail(stderr, 40));

            List<String> lines = Files.readAllLines(stdout).stream().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "stdout holds only the run report: " + lines);
            JsonNode report = ClusterTesting.JSON.readTree(lines.get(0));
            assertEquals("succeeded", report.path("status").asText());
            assertEquals(RECORDS, cleanReport.recordsIn());
            assertEquals(cleanReport.recordsIn(), report.path("records_in").asLong(),
                    "each record counted once despite the retries");
            assertEquals(cleanReport.recordsOut(), report.path("records_out").asLong());
            assertEquals(cleanReport.recordsBad(), report.path("records_bad").asLong());
            assertEquals(cleanReport.badRecords().get("shape_mismatch"),
                    report.path("bad_records_by_reason").path("shape_mismatch").asLong());
            assertEquals(appId, report.path("application_id").asText());
            assertEquals(report, ClusterTesting.JSON.readTree(out.resolve("_tensorpool.json").toFile()),
                    "_tensorpool.json is the report printed");
            String log = ClusterTesting.read(stderr);
            assertTrue(log.contains("Lost executor " + killed + " "), "the driver saw executor " + killed
                    + " go; its stderr:\n" + ClusterTesting.tail(stderr, 40));

            await("the workers to stop the application's executors", Duration.ofSeconds(60), Duration.ofMillis(250),
                    () -> cluster.executors(appId).isEmpty() ? true : null, () -> null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the killed executor did not exit", e);
        } finally {
            if (driver.isAlive()) {
                ClusterTesting.destroyTree(driver.toHandle());
            }
        }

        ItData.assertSameRows(ItData.spark().read().parquet(clean.toString()),
                ItData.spark().read().parquet(out.toString()), "id");
        ItData.assertSameRows(ItData.spark().read().parquet(cleanQuarantine.toString()),
                ItData.spark().read().parquet(quarantine.toString()), "id");
        phase("outputs and quarantines compared");
        JsonNode masterAfter = cluster.masterJson();
        assertEquals(2, masterAfter.path("aliveworkers").asInt(), "both workers survive an executor's death");
    }

    /** Progress with elapsed seconds, in the test's output file (target/failsafe-reports/*-output.txt). */
    private static void phase(String what) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    /**
     * The running write stage (a task per input file) once a task is done, while tasks run and ten
     * or more are still to do; else null.
     */
    private static JsonNode activeStage(String app) {
        JsonNode stages = getJson(app + "/stages?status=active");
        if (stages == null) {
            return null;
        }
        for (JsonNode stage : stages) {
            int tasks = stage.path("numTasks").asInt();
            int done = stage.path("numCompleteTasks").asInt();
            // The write's call site names the stage: "save at JobRunner..." with the bulk writer's
            // format, "parquet at JobRunner..." with output.writer: spark.
            String name = stage.path("name").asText();
            if (tasks == FILES && done >= 1 && done <= tasks - 10 && stage.path("numActiveTasks").asInt() >= 1
                    && (name.startsWith("save at ") || name.startsWith("parquet at "))) {
                return stage;
            }
        }
        return null;
    }

    /** An executor (not the driver) with a task running now; else null. */
    private static JsonNode busyExecutor(String app) {
        JsonNode executors = getJson(app + "/executors");
        if (executors == null) {
            return null;
        }
        for (JsonNode executor : executors) {
            if (!executor.path("id").asText().equals("driver") && executor.path("activeTasks").asInt() > 0) {
                return executor;
            }
        }
        return null;
    }

    private static String exited(Process driver, Path stderr) {
        return driver.isAlive() ? null
                : "the driver exited with " + driver.exitValue() + "; its stderr:\n" + ClusterTesting.tail(stderr, 40);
    }

    private static void assertLoopbackOnly(List<ProcessHandle> processes) {
        for (ProcessHandle p : processes) {
            List<String> listening = ListeningSockets.of(p.pid());
            assertFalse(listening.isEmpty(), "PID " + p.pid() + " listens on something (RPC at least)");
            assertEquals(List.of(), ListeningSockets.notLoopback(p.pid()),
                    "PID " + p.pid() + " listens only on loopback; all: " + listening);
        }
    }
}
