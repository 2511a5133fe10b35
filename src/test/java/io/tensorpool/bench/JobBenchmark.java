package io.tensorpool.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The whole-job benchmark: generates the synthetic datasets when absent, then times every job
 * (the floors, tensorpool's jobs, the naive UDF jobs, an identity copy and a read-only scan) on
 * one Spark session with the same settings, {@code reps} times in alternating order, and reports
 * median seconds, images/s and each job's ratio to its floor; then the 2x2/s2 job on
 * {@code local[1]} against {@code local[2]}. Run it with {@code scripts/bench.sh}, in a JVM of its
 * own (it starts and stops Spark sessions).
 *
 * <p>The Markdown report goes to stdout (and {@code --report}); progress and Spark's logs go to
 * stderr. Exits 0 when every checked output had the expected rows and values per row, 1 when
 * one did not, 2 on a bad command line.
 */
public final class JobBenchmark {
    private final BenchOptions options;
    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private final Map<Layout, Path> datasets = new LinkedHashMap<>();
    private final Map<Layout, Path> warmups = new LinkedHashMap<>();
    private final int records;
    private SparkSession spark;
    private TaskCpuTime taskCpu;
    private String currentMaster;

    JobBenchmark(BenchOptions options) {
        this.options = options;
        this.records = SyntheticTensors.recordsFor(options.gigabytes());
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException | IllegalArgumentException e) {
            if (e.getMessage() == null) {
                System.out.print(BenchOptions.USAGE);
                System.exit(0);
            }
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        boolean ok = new JobBenchmark(options).run();
        System.exit(ok ? 0 : 1);
    }

    /** Runs everything and prints the report; false when an output did not hold what it should. */
    boolean run() {
        if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined()) {
            throw new IllegalStateException("Cannot run the benchmark: a Spark session already exists in this JVM;"
                    + " the harness needs its own (it stops and restarts sessions). Run it in its own JVM");
        }
        String loadStart = loadAverages();
        long started = System.nanoTime();
        startSession(options.master());
        try {
            prepareData();
            startFlightRecorder();
            warmUp(options.jobs(), options.layouts());
            runTable();
            runProfiles();
            runScaling();
        } finally {
            stopSession();
        }
        String loadEnd = loadAverages();
        Map<String, Object> facts = facts(loadStart, loadEnd, (System.nanoTime() - started) / 1e9);
        BenchReport report = new BenchReport(options, facts, measurements, profiles);
        String markdown = report.markdown();
        System.out.print(markdown);
        write(options.report(), markdown);
        if (options.json() != null) {
            writeJson(options.json(), facts);
        }
        List<Measurement> wrong = measurements.stream().filter(m -> m.checked() && !m.outputAsExpected()).toList();
        wrong.forEach(m -> log("WRONG OUTPUT: " + m));
        return wrong.isEmpty();
    }

    private void prepareData() {
        Set<Layout> layouts = new LinkedHashSet<>(options.layouts());
        if (options.scalingMasters().size() > 0) {
            layouts.addAll(options.scalingLayouts());
        }
        for (Layout layout : layouts) {
            Path folder = options.dataDir().resolve(layout.configName() + "-" + records + "x3x224x224");
            long t0 = System.nanoTime();
            if (SyntheticTensors.ensure(spark, folder, layout, records)) {
                log(String.format(Locale.ROOT, "wrote %s: %d images in %.1f s", folder, records, secondsSince(t0)));
            } else {
                log("reusing " + folder);
            }
            datasets.put(layout, folder);
            if (options.warmupGigabytes() > 0) {
                int warmupRecords = SyntheticTensors.recordsFor(options.warmupGigabytes());
                Path warmup = options.dataDir().resolve("warmup-" + layout.configName() + "-" + warmupRecords
                        + "x3x224x224");
                SyntheticTensors.ensure(spark, warmup, layout, warmupRecords);
                warmups.put(layout, warmup);
            }
        }
    }

    /**
     * When jobs are to be profiled, starts and stops one empty JFR recording with the profiles'
     * settings before the warm-up. Why: the JVM's first recording deoptimizes every compiled
     * method (seen here: about 9,000 made not entrant at once), and the recompilation that follows
     * on two busy cores takes seconds, during which Vector API code runs at its C1 tier, up to a
     * hundred times slower than compiled (a vector loop of a few lines took 73% of a 0.25 GB
     * profile so taken, 2% of the same profile once a recording had been started first). Started here, that happens before the warm-up, not in
     * the profiled run.
     */
    private void startFlightRecorder() {
        if (options.profileJobs().isEmpty()) {
            return;
        }
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            recording.stop();
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("Cannot start the flight recorder: " + e.getMessage(), e);
        }
    }

    /**
     * Runs each job twice on the warm-up dataset, untimed, so that the timed runs find the JIT
     * warm. Once on 33 images was not enough: the JIT's CPU in the timed runs that followed fell
     * from 2.4 s to 0.5 s per run over five repetitions (see the per-run log's thread split).
     */
    private void warmUp(List<BenchJob> jobs, List<Layout> layouts) {
        if (warmups.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        for (int round = 0; round < 2; round++) {
            for (Layout layout : layouts) {
                for (BenchJob job : jobs) {
                    Path out = output("warmup", layout, job, round);
                    job.run(spark, layout, warmups.get(layout).toString(), out.toString());
                    delete(out);
                }
            }
        }
        log(String.format(Locale.ROOT, "warm-up on %s done in %.1f s", currentMaster, secondsSince(t0)));
    }

    /**
     * The main table: every repetition runs every layout's jobs, forwards on even repetitions and
     * backwards on odd ones, so that a floor and its job run next to each other and in both orders.
     */
    private void runTable() {
        for (int rep = 0; rep < options.reps(); rep++) {
            boolean verify = options.verify() == BenchOptions.Verify.ALL
                    || options.verify() == BenchOptions.Verify.FIRST && rep == 0;
            for (Layout layout : options.layouts()) {
                List<BenchJob> order = new ArrayList<>(options.jobs());
                if (rep % 2 == 1) {
                    Collections.reverse(order);
                }
                for (BenchJob job : order) {
                    measurements.add(time("table", layout, job, rep, verify));
                }
            }
        }
    }

    /** The 2x2/s2 job and its floor on each scaling master, alternating which master goes first. */
    private void runScaling() {
        List<String> masters = options.scalingMasters();
        if (masters.isEmpty()) {
            return;
        }
        BenchJob job = BenchJob.parse("job-max2");
        List<BenchJob> pair = List.of(job.floor(), job);
        for (int rep = 0; rep < options.reps(); rep++) {
            List<String> order = new ArrayList<>(masters);
            if (rep % 2 == 1) {
                Collections.reverse(order);
            }
            for (String master : order) {
                stopSession();
                startSession(master);
                warmUp(pair, options.scalingLayouts());
                for (Layout layout : options.scalingLayouts()) {
                    List<BenchJob> jobs = new ArrayList<>(pair);
                    if (rep % 2 == 1) {
                        Collections.reverse(jobs);
                    }
                    for (BenchJob each : jobs) {
                        measurements.add(time("scaling", layout, each, rep, false));
                    }
                }
            }
        }
    }

    /** Each profiled job once more per layout, recorded by JFR (a Java and a native sample every 10 ms). */
    private void runProfiles() {
        for (Layout layout : options.layouts()) {
            for (BenchJob job : options.profileJobs()) {
                Path out = output("profile", layout, job, 0);
                Path file = options.profileDir().resolve(layout.configName() + "-" + job.id() + ".jfr");
                try {
                    Files.createDirectories(options.profileDir());
                    System.gc();
                    long t0 = System.nanoTime();
                    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                        // Java and native samples at the same rate, so that their counts add up.
                        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
                        recording.start();
                        job.run(spark, layout, datasets.get(layout).toString(), out.toString());
                        recording.stop();
                        recording.dump(file);
                    }
                    double seconds = secondsSince(t0);
                    String summary = JfrTopFrames.summarize(file, 15, 30);
                    profiles.put(layout.configName() + " " + job.id(), String.format(Locale.ROOT,
                            "%.2f s under JFR; recording %s%n%n%s", seconds, file, summary));
                    log(String.format(Locale.ROOT, "profiled %s %s: %.2f s -> %s", layout.configName(), job.id(),
                            seconds, file));
                } catch (IOException | java.text.ParseException e) {
                    throw new IllegalStateException("Cannot profile " + job.id() + ": " + e.getMessage(), e);
                } finally {
                    delete(out);
                }
            }
        }
    }

    private Measurement time(String phase, Layout layout, BenchJob job, int rep, boolean verify) {
        Path out = output(phase, layout, job, rep);
        String input = datasets.get(layout).toString();
        System.gc();
        double load = loadOneMinute();
        double gc0 = gcSeconds();
        double cpu0 = cpuSeconds();
        taskCpu.take();
        Map<String, Double> threads0 = ThreadCpu.snapshot();
        long t0 = System.nanoTime();
        job.run(spark, layout, input, out.toString());
        double seconds = secondsSince(t0);
        double cpu = cpuSeconds() - cpu0;
        double tasksCpu = taskCpu.take();
        String threads = ThreadCpu.difference(threads0, ThreadCpu.snapshot());
        double gc = gcSeconds() - gc0;
        long rows = -1;
        long min = -1;
        long max = -1;
        if (verify && job.writes()) {
            String size = layout == Layout.LIST ? "size(x)" : "length(x)";
            Row counts = spark.read().parquet(out.toString())
                    .selectExpr("count(*)", "min(" + size + ")", "max(" + size + ")").first();
            rows = counts.getLong(0);
            min = counts.isNullAt(1) ? -1 : ((Number) counts.get(1)).longValue();
            max = counts.isNullAt(2) ? -1 : ((Number) counts.get(2)).longValue();
        }
        delete(out);
        Measurement m = new Measurement(phase, layout.configName(), job.id(), currentMaster, rep, records, seconds,
                cpu, tasksCpu, gc, rows, min, max, job.expectedValuesPerRow(layout), load);
        log(String.format(Locale.ROOT,
                "%s %s %-10s %s rep %d: %6.2f s, %6.1f images/s, cpu %6.2f s (%s), task cpu %6.2f s, gc %5.2f s%s",
                phase, layout.configName(), job.id(), currentMaster, rep, seconds, records / seconds, cpu, threads,
                tasksCpu, gc,
                m.checked() ? (m.outputAsExpected() ? ", output checked" : ", OUTPUT WRONG: " + rows + " rows, "
                        + min + ".." + max + " values") : ""));
        return m;
    }

    private Path output(String phase, Layout layout, BenchJob job, int rep) {
        Path out = options.workDir().resolve(phase + "-" + layout.configName() + "-" + job.id() + "-" + rep);
        delete(out);
        try {
            Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void startSession(String master) {
        SparkSession.Builder builder = SparkSession.builder();
        options.sparkConf().forEach(builder::config);
        spark = builder
                .master(master)
                .appName("tensorpool-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                // At launch, so that the job keeps it and every job reads with the same batch.
                .config("spark.sql.parquet.columnarReaderBatchSize", String.valueOf(options.batchRows()))
                .getOrCreate();
        taskCpu = TaskCpuTime.register(spark.sparkContext());
        currentMaster = master;
    }

    private void stopSession() {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            spark = null;
        }
    }

    private Map<String, Object> facts(String loadStart, String loadEnd, double totalSeconds) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("records", records);
        facts.put("tensor_gb", (double) records * SyntheticTensors.BYTES_PER_RECORD / 1e9);
        Map<String, Long> inputBytes = new LinkedHashMap<>();
        datasets.forEach((layout, folder) -> inputBytes.put(layout.configName(), folderBytes(folder)));
        facts.put("input_bytes", inputBytes);
        facts.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("available_processors", Runtime.getRuntime().availableProcessors());
        facts.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        facts.put("batch_rows", options.batchRows());
        facts.put("load_start", loadStart);
        facts.put("load_end", loadEnd);
        facts.put("total_seconds", totalSeconds);
        return facts;
    }

    private void writeJson(Path file, Map<String, Object> facts) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("facts", facts);
        document.put("measurements", measurements);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code /proc/loadavg}'s three load averages, or the JVM's 1-minute one elsewhere. */
    static String loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double loadOneMinute() {
        try {
            return Double.parseDouble(loadAverages().split(" ")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double gcSeconds() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis / 1e3;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static long folderBytes(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Deletes a folder and everything below it, and any staging sibling a job left beside it. */
    static void delete(Path folder) {
        List<Path> roots = new ArrayList<>();
        roots.add(folder);
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(p -> p.getFileName().toString().startsWith("." + folder.getFileName() + "."))
                        .forEach(roots::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + root + ": " + e.getMessage(), e);
            }
        }
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
