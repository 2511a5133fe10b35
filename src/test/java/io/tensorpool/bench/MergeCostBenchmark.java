package io.tensorpool.bench;

import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.job.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What {@code output.target_file_bytes} costs the job: the real job (2x2 max pooling of
 * {@code 3x32x32} float32 records) over an input of many small files and over one of a few big
 * files, each run with {@code target_file_bytes: none} and with a target, {@code --reps} times in
 * alternating order in one JVM; prints per input the median wall and task-CPU ratios (merge / no
 * merge) and the files each gives. The small-file input is run twice: with Spark's default splits
 * (on 2 cores many small files are packed into a few tasks) and with one task per file, as a
 * cluster with as many cores as files reads it. {@code scripts/bench-merge.sh} runs it; the
 * README's "File sizes" has the results.
 *
 * <p>Options: {@code --records N} per input (default 8000), {@code --small-files N} (default 200),
 * {@code --big-files N} (default 4), {@code --target SIZE} (default 128m), {@code --reps R}
 * (default 3), {@code --dir PATH} (default target/bench/merge).
 */
public final class MergeCostBenchmark {
    private MergeCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = 8000;
        int smallFiles = 200;
        int bigFiles = 4;
        String target = "128m";
        int reps = 3;
        Path dir = Path.of("target/bench/merge");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--small-files" -> smallFiles = Integer.parseInt(args[i + 1]);
                case "--big-files" -> bigFiles = Integer.parseInt(args[i + 1]);
                case "--target" -> target = args[i + 1];
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see the Javadoc");
            }
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("merge-cost")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        TaskCpuTime cpu = TaskCpuTime.register(spark.sparkContext());
        Path small = input(spark, dir, records, smallFiles);
        Path big = input(spark, dir, records, bigFiles);
        List<Case> cases = List.of(new Case(smallFiles + " small files, default splits", small, false),
                new Case(smallFiles + " small files, one task per file", small, true),
                new Case(bigFiles + " big files", big, false));
        String[] targets = {"none", target};
        double[][][] wall = new double[cases.size()][2][reps];
        double[][][] taskCpu = new double[cases.size()][2][reps];
        long[][][] files = new long[cases.size()][2][2];
        int run = 0;
        for (int rep = 0; rep < reps; rep++) {
            for (int c = 0; c < cases.size(); c++) {
                for (int k = 0; k < 2; k++) {
                    int t = rep % 2 == 0 ? k : 1 - k;
                    Case one = cases.get(c);
                    Path out = dir.resolve("out-" + run++);
                    setSplits(spark, one.oneTaskPerFile());
                    cpu.take();
                    long start = System.nanoTime();
                    new JobRunner(spark).run(ConfigLoader.fromYaml("""
                            input: {path: %s, tensor: {column: x, shape_column: shape}}
                            ops: [{op: max_pool2d, kernel_size: 2}]
                            output: {path: unused, target_file_bytes: %s}
                            """.formatted(one.input(), targets[t]), "merge.yaml",
                            ConfigOverrides.none().withOutput(out.toString())));
                    wall[c][t][rep] = (System.nanoTime() - start) / 1e9;
                    taskCpu[c][t][rep] = cpu.take();
                    files[c][t] = dataFiles(out);
                    delete(out);
                }
            }
        }
        setSplits(spark, false);
        spark.stop();
        System.out.println("| input | files out, none | files out, " + target + " | MB per file, none | MB per file, "
                + target + " | wall ratio merge/none | task CPU ratio merge/none |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int c = 0; c < cases.size(); c++) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f | %.2f |%n", cases.get(c).name(),
                    files[c][0][0], files[c][1][0], files[c][0][1] / 1e6 / files[c][0][0],
                    files[c][1][1] / 1e6 / files[c][1][0], median(wall[c][1]) / median(wall[c][0]),
                    median(taskCpu[c][1]) / median(taskCpu[c][0]));
        }
        System.out.println("(medians of " + reps + " runs each, alternating order; wall none/merge per input: "
                + Arrays.deepToString(wall).replaceAll("(\\d\\.\\d\\d)\\d+", "$1") + ")");
    }

    private record Case(String name, Path input, boolean oneTaskPerFile) {
    }

    /** {@code records} random 3x32x32 records written as {@code files} files, once. */
    private static Path input(SparkSession spark, Path dir, int records, int files) {
        Path folder = dir.resolve("in-" + records + "-records-" + files + "-files");
        if (!Files.exists(folder)) {
            spark.range(0, records, 1, files)
                    .withColumn("x", functions.expr(
                            "transform(sequence(1, 3072), i -> cast(hash(id, i) / 2147483647.0 as float))"))
                    .withColumn("shape", functions.expr("array(3, 32, 32)"))
                    .write().parquet(folder.toString());
        }
        return folder;
    }

    /** One task per input file (as with a core per file), or Spark's default splits. */
    private static void setSplits(SparkSession spark, boolean oneTaskPerFile) {
        if (oneTaskPerFile) {
            spark.conf().set("spark.sql.files.maxPartitionBytes", "1m");
            spark.conf().set("spark.sql.files.openCostInBytes", "0");
        } else {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
    }

    /** The number of data files below {@code out} and their bytes. */
    private static long[] dataFiles(Path out) throws Exception {
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> parquet = all.filter(p -> p.toString().endsWith(".parquet")).toList();
            long bytes = 0;
            for (Path p : parquet) {
                bytes += Files.size(p);
            }
            return new long[] {parquet.size(), bytes};
        }
    }

    private static void delete(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : new ArrayList<>(all.sorted((a, b) -> b.compareTo(a)).toList())) {
                Files.delete(p);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
