package io.tensorpool.job;

import static io.tensorpool.job.IncrementalRunTest.addFile;
import static io.tensorpool.job.IncrementalRunTest.assertEachRecordOnce;
import static io.tensorpool.job.IncrementalRunTest.names;
import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs writing the same output at once, many times, the output checked after each pair:
 * incremental runs leave each record once (the second to publish is refused with a message
 * naming the first, or finds nothing new, or both publish disjoint batches); two overwrites leave
 * exactly one run's complete result, never a mix; two plain appends leave both results, each
 * once. The pairs run as two jobs on one Spark session in two threads: they race through the
 * file system exactly as two processes do (the publish lock is a file created only if absent),
 * at a fraction of the cost of two JVMs per pair; {@link #twoProcessesAtOnce} runs one pair as two
 * processes. Also the lock's primitive, hammered by threads. Not tagged for every Spark line: the
 * lock and the publication are file-system code that no Spark version changes, and the pairs cost
 * minutes on a 2-core machine.
 */
class OverlappingRunsTest {
    private static final int PAIRS = 6;

    @TempDir
    Path temp;

    @Test
    void exclusiveCreateLetsExactlyOneOfManyThreadsWin() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(temp.resolve("lock").toUri());
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                AtomicInteger winners = new AtomicInteger();
                List<Future<?>> racers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] mine = ("thread " + t).getBytes(StandardCharsets.UTF_8);
                    racers.add(pool.submit(() -> {
                        start.await();
                        if (ExclusiveCreate.create(fs, lock, mine)) {
                            winners.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> racer : racers) {
                    racer.get(1, TimeUnit.MINUTES);
                }
                assertEquals(1, winners.get(), "round " + round + ": exactly one thread creates the lock");
                assertTrue(Files.readString(Path.of(lock.toUri())).startsWith("thread "), "the winner's contents, whole");
                fs.delete(lock, false);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overlappingIncrementalRunsPoolEachRecordOnce() throws Exception {
        Path in = temp.resolve("in");
        Path out = temp.resolve("out");
        Map<Integer, Integer> expectedIds = new TreeMap<>();
        int refusals = 0;
        for (int pair = 0; pair < PAIRS; pair++) {
            int from = pair * 10;
            addFile(in, "part-" + pair + ".parquet", from, from + 10);
            JobConfig config = JobTestSupport.yaml(IncrementalRunTest.yaml(in, "append"), out);
            List<Outcome> outcomes = atOnce(() -> JobTestSupport.run(config), () -> JobTestSupport.run(config));
            List<RunReport> published = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                if (outcome.failure != null) {
                    refusals++;
                    String message = outcome.failure.getMessage();
                    assertTrue(outcome.failure instanceof PreconditionException, "exit code 2: " + outcome.failure);
                    String winner = manifestRun(out, newestBatch(out));
                    assertTrue(message.contains("run " + winner + " published " + newestBatch(out)), message);
                } else if (outcome.report.status().equals("succeeded")) {
                    published.add(outcome.report);
                } else {
                    assertEquals("nothing_new", outcome.report.status());
                }
            }
            assertTrue(!published.isEmpty(), "one run of pair " + pair + " published");
            assertEquals(10, published.stream().mapToLong(RunReport::recordsOut).sum(),
                    "the pair's new records, published once: " + published);
            int batch = Integer.parseInt(newestBatch(out).substring(OutputBatches.COLUMN.length() + 1));
            for (int id = from; id < from + 10; id++) {
                expectedIds.put(id, batch);
            }
            assertEachRecordOnce(out, expectedIds);
        }
        assertTrue(refusals > 0, "at least one pair raced to publish the same files");
    }

    @Test
    void overlappingOverwritesLeaveOneRunsResultAppendsBothAndErrorsOne() throws Exception {
        Path left = temp.resolve("left");
        Path right = temp.resolve("right");
        addFile(left, "l.parquet", 0, 7);
        addFile(right, "r.parquet", 1000, 1011);
        Path out = temp.resolve("out");
        for (int pair = 0; pair < PAIRS; pair++) {
            List<Outcome> outcomes = atOnce(() -> JobTestSupport.run(plain(left, out, "overwrite")),
                    () -> JobTestSupport.run(plain(right, out, "overwrite")));
            outcomes.forEach(o -> assertEquals(null, o.failure, "both overwrites succeed, one after the other"));
            Set<Integer> ids = ids(out);
            String report = Files.readString(out.resolve(RunReport.FILE_NAME));
            boolean leftWon = report.contains("\"input_path\":\"" + left + "\"");
            assertEquals(leftWon ? range(0, 7) : range(1000, 1011), ids, "exactly the result of the run its report"
                    + " names, never a mix: " + report);
        }
        Path appended = temp.resolve("appended");
        for (int pair = 0; pair < PAIRS / 2; pair++) {
            List<Outcome> outcomes = atOnce(() -> JobTestSupport.run(plain(left, appended, "append")),
                    () -> JobTestSupport.run(plain(right, appended, "append")));
            outcomes.forEach(o -> assertEquals(null, o.failure, "both appends succeed"));
            Map<Integer, Long> copies = new TreeMap<>();
            for (Row row : spark().read().parquet(appended.toString()).groupBy("id").count().collectAsList()) {
                copies.put(row.getInt(0), row.getLong(1));
            }
            Map<Integer, Long> expected = new TreeMap<>();
            for (int id : range(0, 7)) {
                expected.put(id, pair + 1L);
            }
            for (int id : range(1000, 1011)) {
                expected.put(id, pair + 1L);
            }
            assertEquals(expected, copies, "both runs' records, once per run, after pair " + pair);
        }
        Path once = temp.resolve("once");
        for (int pair = 0; pair < PAIRS / 2; pair++) {
            Path target = once.resolve("pair-" + pair);
            List<Outcome> outcomes = atOnce(() -> JobTestSupport.run(plain(left, target, "error")),
                    () -> JobTestSupport.run(plain(right, target, "error")));
            List<Exception> failures = outcomes.stream().map(Outcome::failure).filter(f -> f != null).toList();
            assertEquals(1, failures.size(), "exactly one of two error-mode runs publishes: " + failures);
            assertTrue(failures.get(0) instanceof PreconditionException
                    && failures.get(0).getMessage().contains("it appeared while the job ran")
                    || failures.get(0).getMessage().contains("it already exists"), failures.get(0).getMessage());
            RunReport won = outcomes.stream().map(Outcome::report).filter(r -> r != null).findFirst().orElseThrow();
            Set<Integer> ids = ids(target);
            assertEquals(won.inputPath().equals(left.toString()) ? range(0, 7) : range(1000, 1011), ids);
        }
    }

    /**
     * One pair as two JVMs, as a scheduler's retry overlapping its first attempt: each record
     * once, and a refused run exits 2 naming the run that published.
     */
    @Test
    void twoProcessesAtOnce() throws Exception {
        Path in = temp.resolve("in");
        Path out = temp.resolve("out");
        addFile(in, "a.parquet", 0, 12);
        Path job = temp.resolve("job.yaml");
        Files.writeString(job, IncrementalRunTest.yaml(in, "append"));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> command = ChildJvm.command(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                    "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"), TensorPoolMain.class,
                    "run", "--config", job.toString(), "--output", out.toString());
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("child-" + i + ".log").toFile()).start());
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertTrue(processes.get(i).waitFor(4, TimeUnit.MINUTES), "run " + i + " ended");
            codes.add(processes.get(i).exitValue());
            String log = Files.readString(temp.resolve("child-" + i + ".log"));
            if (codes.get(i) == 2) {
                assertTrue(log.contains("run " + manifestRun(out, "tensorpool_batch=000001")
                        + " published tensorpool_batch=000001"), log);
            } else {
                assertEquals(0, codes.get(i), log);
            }
        }
        assertTrue(codes.contains(0), "one run published: " + codes);
        assertEquals(List.of("tensorpool_batch=000001"), names(out));
        Map<Integer, Integer> expected = new TreeMap<>();
        for (int id = 0; id < 12; id++) {
            expected.put(id, 1);
        }
        assertEachRecordOnce(out, expected);
    }

    private static JobConfig plain(Path input, Path out, String mode) {
        return JobTestSupport.yaml(IncrementalRunTest.yaml(input, mode).replace("incremental: true, ", ""), out);
    }

    private static Set<Integer> ids(Path out) {
        Set<Integer> ids = new TreeSet<>();
        for (Row row : spark().read().parquet(out.toString()).select("id").collectAsList()) {
            assertTrue(ids.add(row.getInt(0)), "id " + row.getInt(0) + " once");
        }
        return ids;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> ids = new TreeSet<>();
        for (int i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static String newestBatch(Path out) throws Exception {
        List<String> batches = names(out);
        return batches.get(batches.size() - 1);
    }

    private static String manifestRun(Path out, String batch) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        return BatchManifest.readFrom(fs, new org.apache.hadoop.fs.Path(out.resolve(batch).toUri())).run();
    }

    /** What one of two runs did: its report, or what it threw. */
    private record Outcome(RunReport report, Exception failure) {
    }

    /** Starts both at the same instant in two threads and waits for both. */
    private static List<Outcome> atOnce(Callable<RunReport> a, Callable<RunReport> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (Callable<RunReport> run : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    try {
                        return new Outcome(run.call(), null);
                    } catch (Exception e) {
                        return new Outcome(null, e);
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> run : runs) {
                outcomes.add(run.get(3, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
