package io.tensorpool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The JVM's CPU time by kind of thread (Spark tasks, JIT compilers, garbage collector, the rest),
 * read from Linux's {@code /proc/self/task/<tid>/stat}, which also sees the VM's own threads that
 * {@code ThreadMXBean} does not. Elsewhere it reports nothing.
 *
 * <p>Why: on two cores every CPU second the compilers or the collector take is a second the two
 * task threads wait, so a job whose tasks cost no more than the floor's can still take longer.
 * This shows where a run's CPU went beyond its tasks.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on
    private static final String OTHER = "other";

    private ThreadCpu() {
    }

    /**
     * CPU seconds so far per kind of thread: {@code tasks}, {@code jit}, {@code gc}, {@code other};
     * and per name of the other threads (numbers blanked, so a pool's threads add up), under
     * {@code other:<name>}.
     */
    static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        if (!Files.isDirectory(TASKS)) {
            return seconds;
        }
        try (Stream<Path> threads = Files.list(TASKS)) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5), counted from the state)
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    String kind = kind(name);
                    seconds.merge(kind, cpu, Double::sum);
                    if (kind.equals(OTHER)) {
                        seconds.merge(OTHER + ":" + name.replaceAll("[0-9]+", "#"), cpu, Double::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its time is lost to both snapshots alike
                }
            });
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    private static String kind(String name) {
        if (name.startsWith("Executor task")) {
            return "tasks";
        } else if (name.contains("CompilerThre")) {
            return "jit";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        return OTHER;
    }

    /**
     * {@code after - before} per kind, as {@code "tasks 1.20 s, jit 0.40 s, ..."}, the other threads
     * followed by the one that took most of them, e.g. {@code "other 0.60 s (most: dag-scheduler-event-loop 0.20 s)"}.
     */
    static String difference(Map<String, Double> before, Map<String, Double> after) {
        String busiestOther = null;
        double busiestOtherSeconds = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
            if (entry.getKey().startsWith(OTHER + ":") && delta > busiestOtherSeconds) {
                busiestOther = entry.getKey().substring(OTHER.length() + 1);
                busiestOtherSeconds = delta;
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            if (entry.getKey().startsWith(OTHER + ":")) {
                continue;
            }
            double delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
            out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", entry.getKey(), delta));
            if (entry.getKey().equals(OTHER) && busiestOther != null) {
                out.append(String.format(Locale.ROOT, " (most: %s %.2f s)", busiestOther, busiestOtherSeconds));
            }
        }
        return out.toString();
    }
}
