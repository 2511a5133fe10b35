package io.tensorpool.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.JobRunner;
import io.tensorpool.job.sparkline.SparkLine;
import io.tensorpool.job.write.TensorParquetFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One job of the benchmark: what it reads (always the whole input dataset), what it writes, and
 * how many values each output row must hold.
 *
 * <p>Every job that writes uses the writer options the tensorpool job uses (snappy; Parquet
 * dictionary off for {@code x.list.element}), so that the floor differs from the job only by
 * the pooling.
 */
record BenchJob(Kind kind, Pooling pooling) {
    /** What a job does. */
    enum Kind {
        /** Reads every column, writes nothing (Spark's {@code noop} sink). */
        READ_ONLY,
        /** Reads and writes every column unchanged. */
        IDENTITY,
        /**
         * The same, writing {@code x} with tensorpool's bulk writer ({@code TensorParquetFormat}),
         * its rows from Spark's own read path (columnar batches converted to rows): not the path
         * the job takes; {@link #JOB_IDENTITY} is.
         */
        IDENTITY_BULK,
        /**
         * The tensorpool job ({@code JobRunner.run}) with {@link BenchJob#IDENTITY_OP}, an exact
         * identity: the job's own read ({@code ColumnarScan}) and write (the bulk writer) paths with
         * no pooling work. Its {@code list} run against its {@code binary} run is issue 16's
         * identity-copy comparison.
         */
        JOB_IDENTITY,
        /**
         * {@link #JOB_IDENTITY} with {@code input.reader: spark}: Spark's vectorized reader reads the
         * tensor column too, so the two measure the job's own reader against Spark's in one run.
         */
        SPARK_READER_IDENTITY,
        /** Plain Spark SQL that writes as many tensor values as the pooling would, without pooling. */
        FLOOR,
        /**
         * The same plan as {@link #FLOOR}, its rows written under the schema the job writes: the
         * tensor's elements declared non-null ({@code required float element}), as the job
         * declares them. A relabelling of the same rows, no per-element work: it tells how much
         * of a floor's time is the writer's handling of nullable elements.
         */
        STRICT_FLOOR,
        /** The tensorpool job itself ({@code JobRunner.run}), everything included. */
        JOB,
        /** The same job with {@code output.writer: spark}: Spark's own Parquet writer for every column. */
        SPARK_WRITER_JOB,
        /** A Java UDF that pools (see {@link NaiveUdfs}). */
        UDF,
        /** Three scales (max_pool2d 2, 4 and 8) from one read: one run with {@code outputs}. */
        SCALES,
        /** The same three scales as three runs, each reading the input: {@link #SCALES}'s baseline. */
        SCALES_SEPARATE
    }

    /** The windows of the three scales of {@link Kind#SCALES}. */
    static final List<Integer> SCALE_KERNELS = List.of(2, 4, 8);

    static final BenchJob READ_ONLY = new BenchJob(Kind.READ_ONLY, null);
    static final BenchJob IDENTITY = new BenchJob(Kind.IDENTITY, null);
    static final BenchJob IDENTITY_BULK = new BenchJob(Kind.IDENTITY_BULK, null);
    static final BenchJob JOB_IDENTITY = new BenchJob(Kind.JOB_IDENTITY, null);
    static final BenchJob SPARK_READER_IDENTITY = new BenchJob(Kind.SPARK_READER_IDENTITY, null);
    /**
     * A 1x1 window with stride 1, no padding or dilation: every output cell is the one input cell
     * under it, the maximum of one value, which the max kernels return as they found it (NaN
     * payload and the sign of zero included; {@code JobIdentityTest} checks it bit for bit).
     */
    static final String IDENTITY_OP = "{op: max_pool2d, kernel_size: 1, stride: 1}";

    /** Every job, in the order the table lists them. */
    static List<BenchJob> all() {
        List<BenchJob> jobs = new ArrayList<>(List.of(READ_ONLY, IDENTITY, IDENTITY_BULK, JOB_IDENTITY,
                SPARK_READER_IDENTITY));
        for (Pooling pooling : Pooling.values()) {
            jobs.add(new BenchJob(Kind.FLOOR, pooling));
            jobs.add(new BenchJob(Kind.STRICT_FLOOR, pooling));
            jobs.add(new BenchJob(Kind.JOB, pooling));
            jobs.add(new BenchJob(Kind.SPARK_WRITER_JOB, pooling));
            jobs.add(new BenchJob(Kind.UDF, pooling));
        }
        jobs.add(new BenchJob(Kind.SCALES_SEPARATE, Pooling.MAX2));
        jobs.add(new BenchJob(Kind.SCALES, Pooling.MAX2));
        return jobs;
    }

    /** {@code read-only}, {@code identity}, {@code floor-max2}, {@code job-avg3}, {@code udf-max2}... */
    static BenchJob parse(String id) {
        for (BenchJob job : all()) {
            if (job.id().equals(id.trim())) {
                return job;
            }
        }
        throw new IllegalArgumentException("unknown job '" + id + "': one of " + all().stream().map(BenchJob::id)
                .toList());
    }

    String id() {
        return switch (kind) {
            case READ_ONLY -> "read-only";
            case IDENTITY -> "identity";
            case IDENTITY_BULK -> "identity-bulk";
            case JOB_IDENTITY -> "job-identity";
            case SPARK_READER_IDENTITY -> "job-sparkreader-identity";
            case SPARK_WRITER_JOB -> "job-sparkwriter-" + pooling.id();
            case SCALES -> "job-scales3";
            case SCALES_SEPARATE -> "job-scales3-separate";
            default -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + pooling.id();
        };
    }

    /**
     * The floor this job is compared with, or null; for three scales in one run, the same scales
     * as three runs (so that "vs floor" is one run against three).
     */
    BenchJob floor() {
        if (kind == Kind.SCALES) {
            return new BenchJob(Kind.SCALES_SEPARATE, pooling);
        }
        return kind == Kind.JOB || kind == Kind.SPARK_WRITER_JOB || kind == Kind.UDF || kind == Kind.STRICT_FLOOR
                ? new BenchJob(Kind.FLOOR, pooling) : null;
    }

    /** The floor with the job's output schema, for the job itself; else null. */
    BenchJob strictFloor() {
        return kind == Kind.JOB || kind == Kind.SPARK_WRITER_JOB ? new BenchJob(Kind.STRICT_FLOOR, pooling) : null;
    }

    /** True when the output folder holds one dataset whose {@code x} can be checked. */
    boolean writes() {
        return kind != Kind.READ_ONLY && kind != Kind.SCALES_SEPARATE;
    }

    String describe(Layout layout) {
        return switch (kind) {
            case READ_ONLY -> "read every column, `noop` sink";
            case IDENTITY -> "read, write every column unchanged";
            case IDENTITY_BULK -> "the same, `x` through tensorpool's bulk writer (rows from Spark's row path)";
            case JOB_IDENTITY -> "tensorpool with `max_pool2d` 1x1/s1, an exact identity (the job's read and write paths)";
            case SPARK_READER_IDENTITY -> "the same with `input.reader: spark` (Spark's reader for the tensor column too)";
            case FLOOR -> (layout == Layout.LIST ? "`slice(x, 1, " + pooling.outputElements() + ")`"
                    : "`substring(x, 1, " + 4 * pooling.outputElements() + ")`") + ", no pooling (floor of "
                    + pooling.title() + ")";
            case STRICT_FLOOR -> "the same, written with the job's schema (`required` elements)";
            case JOB -> "tensorpool " + pooling.title();
            case SPARK_WRITER_JOB -> "the same with `output.writer: spark`";
            case SCALES -> "tensorpool, `outputs` x (1/2), x_p4, x_p8: max_pool2d 2, 4, 8 in one run";
            case SCALES_SEPARATE -> "the same three scales as three runs (`ops`), each reading the input";
            case UDF -> "naive Java UDF " + pooling.title() + (layout == Layout.LIST
                    ? " (boxed `Seq<Float>` in, `float[]` out)" : " (per-element `ByteBuffer` decode/encode)");
        };
    }

    /** The values each output row's {@code x} holds: elements for list, bytes for binary; 0 when nothing is written. */
    long expectedValuesPerRow(Layout layout) {
        if (!writes()) {
            return 0;
        }
        long elements = pooling == null ? SyntheticTensors.ELEMENTS : pooling.outputElements();
        return layout == Layout.LIST ? elements : 4 * elements;
    }

    /** Runs the job: reads {@code input}, writes {@code output} (a folder that must not exist). */
    void run(SparkSession spark, Layout layout, String input, String output) {
        switch (kind) {
            case READ_ONLY -> spark.read().parquet(input).write().format("noop").mode(SaveMode.Overwrite).save();
            case IDENTITY -> write(spark.read().parquet(input), output);
            case FLOOR -> write(floor(spark.read().parquet(input), layout), output);
            case STRICT_FLOOR -> write(required(spark, floor(spark.read().parquet(input), layout)), output);
            case IDENTITY_BULK -> spark.read().parquet(input).write().mode(SaveMode.ErrorIfExists)
                    .format(TensorParquetFormat.class.getName())
                    .option(TensorParquetFormat.BULK_COLUMNS, TensorParquetFormat.bulkColumns(List.of("x")))
                    .option("compression", "snappy")
                    .save(output);
            case JOB, JOB_IDENTITY -> new JobRunner(spark).run(config(layout, input, output));
            case SPARK_READER_IDENTITY -> new JobRunner(spark).run(config(layout, input, output, "tensorpool", "spark"));
            case SPARK_WRITER_JOB -> new JobRunner(spark).run(config(layout, input, output, "spark"));
            case UDF -> write(naive(spark.read().parquet(input), layout, config(layout, input, output)), output);
            case SCALES -> new JobRunner(spark).run(scalesConfig(layout, input, output));
            case SCALES_SEPARATE -> {
                for (int kernel : SCALE_KERNELS) {
                    new JobRunner(spark).run(scaleConfig(layout, input, output + "/p" + kernel, kernel));
                }
            }
        }
    }

    /** The writer settings of every job that writes, as {@code JobRunner.write} sets them. */
    static void write(Dataset<Row> rows, String output) {
        rows.write().mode(SaveMode.ErrorIfExists)
                .option("compression", "snappy")
                .option("parquet.enable.dictionary#x.list.element", "false")
                .parquet(output);
    }

    /** Same bytes in, same number of values out as the job, same columns (binary output adds the job's dtype column). */
    private Dataset<Row> floor(Dataset<Row> in, Layout layout) {
        int n = pooling.outputElements();
        if (layout == Layout.LIST) {
            return in.select(col("id"), slice(col("x"), 1, n).as("x"), col("shape"));
        }
        return in.select(col("id"), substring(col("x"), 1, 4 * n).as("x"), lit("float32").as("dtype"), col("shape"));
    }

    /**
     * The same rows under the schema the job declares: every column and the tensor's elements
     * non-null. No value changes and nothing runs per element; the job builds its output the same
     * way ({@code internalCreateDataFrame} over internal rows).
     */
    private static Dataset<Row> required(SparkSession spark, Dataset<Row> rows) {
        StructType schema = new StructType();
        for (StructField field : rows.schema().fields()) {
            DataType type = field.dataType() instanceof ArrayType array
                    ? DataTypes.createArrayType(array.elementType(), false) : field.dataType();
            schema = schema.add(field.name(), type, false);
        }
        return SparkLine.get().fromInternalRows(spark, SparkLine.get().queryExecution(rows).toRdd(), schema);
    }

    private Dataset<Row> naive(Dataset<Row> in, Layout layout, JobConfig config) {
        int[] out = pooling.outputShape();
        Column shape = array(lit(out[0]), lit(out[1]), lit(out[2])).as("shape");
        if (layout == Layout.LIST) {
            UserDefinedFunction pool = udf(new NaiveUdfs.ListPool(config.pipeline()),
                    DataTypes.createArrayType(DataTypes.FloatType));
            return in.select(col("id"), pool.apply(col("x"), col("shape")).as("x"), shape);
        }
        UserDefinedFunction pool = udf(new NaiveUdfs.BinaryPool(config.pipeline()), DataTypes.BinaryType);
        return in.select(col("id"), pool.apply(col("x"), col("shape")).as("x"), lit("float32").as("dtype"), shape);
    }

    /** The tensorpool config of this job, as a user would write it. */
    JobConfig config(Layout layout, String input, String output) {
        return config(layout, input, output, "tensorpool");
    }

    /** The same with the given {@code output.writer}. */
    JobConfig config(Layout layout, String input, String output, String writer) {
        return config(layout, input, output, writer, null);
    }

    /** The same with the given {@code output.writer} and {@code input.reader} (null: not set, as users leave it). */
    JobConfig config(Layout layout, String input, String output, String writer, String reader) {
        String tensor = layout == Layout.LIST
                ? "{column: x, layout: list, shape_column: shape}"
                : "{column: x, layout: binary, shape_column: shape, dtype: float32}";
        String outputLayout = layout == Layout.LIST ? "" : ", layout: binary";
        String yaml = """
                input:
                  path: %s%s
                  tensor: %s
                ops:
                  - %s
                output: {path: %s, mode: error, compression: snappy, writer: %s%s}
                """.formatted(quoted(input), reader == null ? "" : "\n  reader: " + reader, tensor, pooling == null ? IDENTITY_OP : pooling.opYaml(), quoted(output),
                writer, outputLayout);
        return ConfigLoader.fromYaml(yaml, "bench-" + id() + "-" + layout.configName() + ".yaml",
                ConfigOverrides.none());
    }

    /** Three scales from one read: the 1/2 scale in {@code x} (checked as job-max2's is), then x_p4, x_p8. */
    JobConfig scalesConfig(Layout layout, String input, String output) {
        StringBuilder outputs = new StringBuilder();
        for (int kernel : SCALE_KERNELS) {
            outputs.append("  - {column: ").append(kernel == 2 ? "x" : "x_p" + kernel)
                    .append(", ops: [{op: max_pool2d, kernel_size: ").append(kernel).append("}]}\n");
        }
        return yaml(layout, input, output, "outputs:\n" + outputs, "scales3");
    }

    /** One of the three scales as its own run. */
    JobConfig scaleConfig(Layout layout, String input, String output, int kernel) {
        return yaml(layout, input, output, "ops:\n  - {op: max_pool2d, kernel_size: " + kernel + "}\n",
                "scale" + kernel);
    }

    private static JobConfig yaml(Layout layout, String input, String output, String pipelines, String name) {
        String tensor = layout == Layout.LIST
                ? "{column: x, layout: list, shape_column: shape}"
                : "{column: x, layout: binary, shape_column: shape, dtype: float32}";
        String outputLayout = layout == Layout.LIST ? "" : ", layout: binary";
        String yaml = "input:\n  path: " + quoted(input) + "\n  tensor: " + tensor + "\n" + pipelines
                + "output: {path: " + quoted(output) + ", mode: error, compression: snappy" + outputLayout + "}\n";
        return ConfigLoader.fromYaml(yaml, "bench-" + name + "-" + layout.configName() + ".yaml",
                ConfigOverrides.none());
    }

    private static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
