package io.tensorpool.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} and {@code jdk.NativeMethodSample}
 * events (what {@code jfr print --events jdk.ExecutionSample} shows one by one; the native ones
 * catch JNI work such as snappy, which Java samples miss) as Markdown: where Spark's task threads
 * spent their samples, by top frame (self), by method anywhere on the stack (inclusive), and by a few marker
 * frames that name the stages of a Parquet job.
 *
 * <p>Usage: {@code java ... io.tensorpool.bench.JfrTopFrames FILE.jfr [TOP_SELF] [TOP_INCLUSIVE]}.
 */
public final class JfrTopFrames {
    /** Task threads: the samples that are the job's own work. */
    static final String TASK_THREAD = "Executor task "; // "launch worker for task ..." or, renamed when idle, "idle worker#N"

    /** Stages of a Parquet job, each a method whose samples include everything it calls. */
    static final Map<String, String> MARKERS = markers();

    private JfrTopFrames() {
    }

    private static Map<String, String> markers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Parquet read: vectorized reader, next batch", "VectorizedParquetRecordReader.nextBatch");
        m.put("Parquet write: all of InternalParquetRecordWriter.write", "InternalParquetRecordWriter.write");
        m.put("  Spark's ParquetWriteSupport.write (row to column writers)", "ParquetWriteSupport.write");
        m.put("  column writer: write one value", "ColumnWriterBase.write");
        m.put("  statistics: update min/max per value", "Statistics.updateStats");
        m.put("  levels: repetition/definition RLE", "RunLengthBitPackingHybridEncoder.writeInt");
        m.put("  page flush (compress, copy to row group)", "ColumnWriterBase.writePage");
        m.put("  row group flush to file", "InternalParquetRecordWriter.flushRowGroupToStore");
        m.put("compression: snappy (both ways)", "Snappy.");
        m.put("tensorpool: PartitionPooler (read cell, pool, build row)", "PartitionPooler$PooledRows.next");
        m.put("  tensorpool kernels", "io.tensorpool.kernel.");
        m.put("  list cells: toFloatArray / fromPrimitiveArray", "ListCells.");
        m.put("Spark: converting to/from external types (UDF boxing)", "CatalystTypeConverters");
        m.put("naive UDF body", "NaiveUdfs$");
        m.put("Spark generated code (projections, scans)", "GeneratedClass$");
        return m;
    }

    public static void main(String[] args) throws IOException {
        int self = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int inclusive = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        System.out.print(summarize(Path.of(args[0]), self, inclusive));
    }

    static String summarize(Path file, int topSelf, int topInclusive) throws IOException {
        Map<String, Integer> selfCounts = new HashMap<>();
        Map<String, Integer> inclusiveCounts = new HashMap<>();
        Map<String, Integer> markerCounts = new LinkedHashMap<>();
        MARKERS.keySet().forEach(k -> markerCounts.put(k, 0));
        int taskSamples = 0;
        int otherSamples = 0;
        int truncated = 0;
        int nativeSamples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String name = thread == null ? null : thread.getJavaName();
                RecordedStackTrace stack = event.getStackTrace();
                if (name == null || !name.startsWith(TASK_THREAD) || stack == null || stack.getFrames().isEmpty()) {
                    otherSamples++;
                    continue;
                }
                taskSamples++;
                if (type.equals("jdk.NativeMethodSample")) {
                    nativeSamples++;
                }
                if (stack.isTruncated()) {
                    truncated++;
                }
                List<RecordedFrame> frames = stack.getFrames();
                selfCounts.merge(method(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = method(frame);
                    if (seen.add(method) && !plumbing(method)) {
                        inclusiveCounts.merge(method, 1, Integer::sum);
                    }
                }
                for (Map.Entry<String, String> marker : MARKERS.entrySet()) {
                    if (seen.stream().anyMatch(m -> matches(m, marker.getValue()))) {
                        markerCounts.merge(marker.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d samples in Spark task threads, %d of them in native code"
                + " (%d in other threads: the driver, Spark's own); %d stacks truncated at JFR's stack depth.%n%n",
                taskSamples, nativeSamples, otherSamples, truncated));
        if (taskSamples == 0) {
            return md.toString();
        }
        md.append("| stage (samples with this frame anywhere on the stack) | share of task samples |\n|---|---|\n");
        for (Map.Entry<String, Integer> marker : markerCounts.entrySet()) {
            if (marker.getValue() > 0) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", marker.getKey(),
                        100.0 * marker.getValue() / taskSamples));
            }
        }
        double total = taskSamples;
        md.append(String.format(Locale.ROOT, "%n| top frame (self) | share |%n|---|---|%n"));
        top(selfCounts, topSelf).forEach((method, count) -> md.append(String.format(Locale.ROOT,
                "| `%s` | %.1f%% |%n", method, 100.0 * count / total)));
        md.append(String.format(Locale.ROOT, "%n| method anywhere on the stack (inclusive) | share |%n|---|---|%n"));
        top(inclusiveCounts, topInclusive).forEach((method, count) -> md.append(String.format(Locale.ROOT,
                "| `%s` | %.1f%% |%n", method, 100.0 * count / total)));
        return md.toString();
    }

    /** Frames every task has (scheduling, iterators, lambdas): left out of the inclusive table. */
    private static final List<String> PLUMBING = List.of("org.apache.spark.rdd.", "org.apache.spark.scheduler.",
            "org.apache.spark.executor.", "org.apache.spark.util.", "org.apache.spark.TaskContext", "scala.",
            "java.lang.Thread.", "java.util.concurrent.", "org.apache.spark.sql.execution.datasources.FileFormat",
            "org.apache.spark.sql.execution.datasources.WriteFilesExec", "org.apache.spark.sql.execution.datasources"
                    + ".SingleDirectoryDataWriter", "org.apache.spark.sql.execution.datasources.FileScanRDD",
            "org.apache.spark.sql.execution.BufferedRowIterator.hasNext", "$$Lambda", "$anonfun$");

    static boolean plumbing(String method) {
        return PLUMBING.stream().anyMatch(method::contains);
    }

    /**
     * A marker ending in {@code .} or {@code $}, or without a dot, matches any method containing
     * it; {@code Class.method} matches methods ending with it.
     */
    static boolean matches(String method, String marker) {
        if (marker.endsWith(".") || marker.endsWith("$") || !marker.contains(".")) {
            return method.contains(marker);
        }
        return method.endsWith(marker);
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
        Map<String, Integer> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** {@code package.Class.method}. */
    private static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type + "." + frame.getMethod().getName();
    }
}
