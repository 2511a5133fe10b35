package io.tensorpool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What output file sizes cost a reader: one pooled dataset (records of {@code 3x16x16} float32, as
 * 2x2 max pooling makes of {@code 3x32x32} images) written as 1 to 1024 files, then scanned by DuckDB
 * (its JDBC driver, one connection, a fresh one per scan), {@code --reps} times in alternating
 * order; prints the median scan time of each file count and its ratio to the one-file scan.
 * {@code scripts/bench-file-sizes.sh} runs it; the README's "File sizes" has the results.
 *
 * <p>Options: {@code --records N} (default 40000; the README used 20000), {@code --reps R} (default 5),
 * {@code --files 1,8,64,512} and {@code --dir PATH} (default target/bench/file-sizes).
 */
public final class FileSizeBenchmark {
    private FileSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = 40_000;
        int reps = 5;
        int[] fileCounts = {1, 8, 64, 512};
        Path dir = Path.of("target/bench/file-sizes");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--files" -> fileCounts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see the Javadoc");
            }
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("file-sizes")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> pooled = spark.range(0, records, 1, 8)
                .withColumn("x", functions.expr("transform(sequence(1, 768), i -> cast(hash(id, i) / 2147483647.0 as float))"))
                .withColumn("shape", functions.expr("array(3, 16, 16)"))
                .cache();
        List<Path> folders = new ArrayList<>();
        for (int files : fileCounts) {
            Path folder = dir.resolve(records + "-records-" + files + "-files");
            if (!Files.exists(folder)) {
                pooled.repartition(files).write().parquet(folder.toString());
            }
            folders.add(folder);
        }
        spark.stop();

        double[][] seconds = new double[fileCounts.length][reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < fileCounts.length; k++) {
                int i = rep % 2 == 0 ? k : fileCounts.length - 1 - k;
                seconds[i][rep] = scan(folders.get(i), records);
            }
        }
        double base = median(seconds[0]);
        System.out.println("| files | MB per file | DuckDB scan, median s | ratio to 1 file |");
        System.out.println("|---|---|---|---|");
        for (int k = 0; k < fileCounts.length; k++) {
            double mb = bytes(folders.get(k)) / 1e6 / fileCounts[k];
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.3f | %.2f |%n", fileCounts[k], mb, median(seconds[k]),
                    median(seconds[k]) / base);
        }
    }

    /** Seconds DuckDB takes to read every value of the tensor column (a sum over all of them). */
    private static double scan(Path folder, int records) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement()) {
            statement.execute("SET threads = 2");
            long start = System.nanoTime();
            try (ResultSet result = statement.executeQuery("SELECT count(*), sum(list_sum(x)) FROM read_parquet('"
                    + folder + "/*.parquet')")) {
                result.next();
                if (result.getLong(1) != records) {
                    throw new IllegalStateException(folder + " holds " + result.getLong(1) + " records, not " + records);
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static long bytes(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
