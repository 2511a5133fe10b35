package io.tensorpool.job;

import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Helpers the job tests share: load a config with overrides, run it, read rows back. */
final class JobTestSupport {
    private JobTestSupport() {
    }

    static SparkSession spark() {
        return SparkTestSession.get();
    }

    /** Loads a config file with {@code --output} pointing at {@code output} and any {@code --set}s. */
    static JobConfig load(Path file, Path output, String... sets) {
        ConfigOverrides overrides = ConfigOverrides.none().withOutput(output.toString());
        for (String set : sets) {
            overrides = overrides.withSet(set);
        }
        return ConfigLoader.load(file, overrides);
    }

    /** Loads a config from YAML text with {@code --output} pointing at {@code output}. */
    static JobConfig yaml(String text, Path output) {
        return ConfigLoader.fromYaml(text, "test.yaml", ConfigOverrides.none().withOutput(output.toString()));
    }

    /**
     * A job's YAML: 2x2 max pooling of the list column {@code x}, shaped by the column
     * {@code shape}, read from {@code input}, with {@code errors} as the errors section.
     */
    static String maxPool2x2(Path input, String errors) {
        return """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: %s
                """.formatted(input, errors);
    }

    static RunReport run(JobConfig config) {
        return new JobRunner(spark()).run(config);
    }

    /** The rows of a Parquet dataset, ordered by {@code orderBy}. */
    static List<Row> read(Path path, String orderBy) {
        return spark().read().parquet(path.toString()).orderBy(orderBy).collectAsList();
    }

    static float[] floats(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }

    static int[] ints(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        return values.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    static long[] longs(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        return values.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    static String show(float[] values) {
        return Arrays.toString(values);
    }

    /** The project's root folder: tests run with it as the working directory. */
    static Path projectFile(String relative) {
        return Path.of(relative).toAbsolutePath();
    }
}
