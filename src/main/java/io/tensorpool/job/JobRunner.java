package io.tensorpool.job;

import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.WriteMode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured job on a Spark session: read, plan, pool every record, write, report.
 *
 * <p>Records travel as Spark's internal rows: the input plan's rows go straight into
 * {@link PartitionPooler}, and its rows become the output dataset without any conversion to
 * external {@code Row}s, so no tensor element is ever boxed (the plan shows no
 * {@code mapobjects}). Everything that can be checked without reading records (the output
 * path, the schema, a fixed shape against the operators) is checked before the first task.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final SparkSession spark;

    public JobRunner(SparkSession spark) {
        this.spark = spark;
    }

    /** Runs the job and returns its report, which is also written last into the output folder. */
    public RunReport run(JobConfig config) {
        long started = System.nanoTime();
        OutputConfig output = config.output();
        OutputFiles files = new OutputFiles(spark.sparkContext().hadoopConfiguration());
        boolean outputExists = files.exists(output.path());
        if (outputExists && output.mode() == WriteMode.ERROR) {
            throw new PreconditionException("Cannot write output " + output.path() + ": it already exists."
                    + " Choose another output.path, or pass --mode overwrite to replace it (append adds to it)");
        }
        if (outputExists && output.mode() == WriteMode.IGNORE) {
            LOG.info("Output {} exists and mode is ignore: nothing to do", output.path());
            return report(config, "skipped", 0, 0, Map.of(), 0, 0, started, Map.of());
        }

        InputTable input = InputTable.read(spark, config.input());
        int[] uniformShape = uniformShape(config, input);
        RecordPlanner.Planned planned = new RecordPlanner(config, input).plan(uniformShape);
        RunCounters counters = RunCounters.register(spark.sparkContext());
        Dataset<Row> pooled = pool(input, planned, counters);

        Set<String> filesBefore = files.dataFiles(output.path());
        write(pooled, config);
        Set<String> written = new HashSet<>(files.dataFiles(output.path()));
        written.removeAll(filesBefore);

        RunReport report = report(config, "succeeded", counters.recordsIn().value(), counters.recordsOut().value(),
                counters.badRecords().value(), files.totalBytes(Arrays.asList(input.files())),
                files.totalBytes(written), started, counters.outputShapes().value());
        files.writeText(output.path(), RunReport.FILE_NAME, report.toJson() + "\n");
        return report;
    }

    /** The pooled rows as a dataset of the planned schema; tasks count into {@code counters}. */
    Dataset<Row> pool(InputTable input, RecordPlanner.Planned planned, RunCounters counters) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<RecordPlan> plan = context.broadcast(planned.plan());
        RDD<InternalRow> rows = classic(input.rows()).queryExecution().toRdd();
        RDD<InternalRow> pooled = rows.toJavaRDD().mapPartitions(new PartitionPooler(plan, counters)).rdd();
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(pooled,
                planned.outputSchema(), false);
    }

    /**
     * The one shape every record has, from one cheap pass over the shape column alone (min and
     * max of an array column need no shuffle), or null when shapes differ or come from the config.
     */
    private static int[] uniformShape(JobConfig config, InputTable input) {
        String shapeColumn = config.input().tensor().shapeColumn();
        if (shapeColumn == null || input.ordinalOf(shapeColumn) < 0) {
            return null;
        }
        Row bounds = input.rows().agg(functions.min(functions.col(quoted(shapeColumn))),
                functions.max(functions.col(quoted(shapeColumn)))).first();
        if (bounds.isNullAt(0) || !bounds.get(0).equals(bounds.get(1))) {
            return null;
        }
        List<Object> dims = bounds.getList(0);
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            long dim = ((Number) dims.get(i)).longValue();
            if (dim < 1 || dim > Integer.MAX_VALUE) {
                return null;
            }
            shape[i] = (int) dim;
        }
        return shape;
    }

    private static void write(Dataset<Row> pooled, JobConfig config) {
        OutputConfig output = config.output();
        String tensorColumn = config.input().tensor().column();
        pooled.write()
                .mode(saveMode(output.mode()))
                .option("compression", output.compression().configName())
                // Dictionaries never pay off on noisy floats and cost time on every page.
                .option("parquet.enable.dictionary#" + tensorColumn + ".list.element", "false")
                .parquet(output.path());
    }

    private static SaveMode saveMode(WriteMode mode) {
        return switch (mode) {
            case ERROR -> SaveMode.ErrorIfExists;
            case OVERWRITE -> SaveMode.Overwrite;
            case APPEND -> SaveMode.Append;
            case IGNORE -> SaveMode.Ignore;
        };
    }

    private RunReport report(JobConfig config, String status, long in, long out, Map<String, Long> bad, long bytesIn,
                             long bytesOut, long started, Map<String, Long> shapes) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new RunReport(status, config.input().path(), config.output().path(), config.output().mode().configName(),
                in, out, Map.copyOf(bad), bytesIn, bytesOut, elapsed, Map.copyOf(shapes), config.configHash(),
                config.toCanonicalJson(), spark.version(), spark.sparkContext().applicationId());
    }

    private static org.apache.spark.sql.classic.Dataset<Row> classic(Dataset<Row> dataset) {
        return (org.apache.spark.sql.classic.Dataset<Row>) dataset;
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
