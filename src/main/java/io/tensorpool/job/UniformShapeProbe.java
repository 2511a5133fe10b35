package io.tensorpool.job;

import io.tensorpool.job.sparkline.SparkLine;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.spark.ListCells;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the one shape every record of a shape column has, so that the output's tensor column can
 * carry it as metadata, in one pass over that column alone.
 *
 * <p>A handful of files (at most {@code spark.sql.sources.parallelPartitionDiscovery.threshold},
 * 32 by default, the number below which Spark itself lists files on the driver) are read on the
 * driver by {@link ParquetShapeColumn}, a few threads at a time: no Spark job, whose scheduling,
 * planning and per-task reader set-up cost about 0.15 s of a 1 GB run here. More files, or a
 * column in a form that reader does not know, are read by a Spark job: each task reports the one
 * shape its rows have (or that they differ) and the driver compares the reports; one stage, no
 * shuffle (an aggregate such as {@code agg(min(shape), max(shape))} would be two stages with a
 * shuffle between them).
 *
 * <p>Records with a null shape are left out, as {@code min} and {@code max} leave them out: they
 * are bad records, and the per-record checks report them. A shape that is not a valid record
 * shape ({@link ListCells#readShape}: a null or non-positive dimension, an unsupported rank)
 * makes the answer "not uniform", so no metadata is written for it.
 */
final class UniformShapeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(UniformShapeProbe.class);
    static final String DRIVER_FILES_KEY = "spark.sql.sources.parallelPartitionDiscovery.threshold";
    /** Reads in flight at once on the driver: enough to hide an object store's latency. */
    private static final int DRIVER_THREADS = 8;

    private UniformShapeProbe() {
    }

    /**
     * The shape every non-null cell of {@code shapeColumn} holds, or null when they differ, when
     * there are none, or when the column is not {@code array<int>} or {@code array<bigint>}.
     */
    static int[] find(InputTable input, String shapeColumn, boolean parquetFiles) {
        if (shapeType(input, shapeColumn) == null) {
            return null; // the planner reports a missing or mistyped shape column
        }
        if (parquetFiles) {
            try {
                int[] found = onDriverIfFew(input, shapeColumn);
                if (found != NOT_ON_DRIVER) {
                    return found;
                }
            } catch (ParquetShapeColumn.Unsupported e) {
                LOG.info("Reading shape column {} with a Spark job: {}", shapeColumn, e.getMessage());
            }
        }
        return uniform(inSparkJob(input, shapeColumn));
    }

    /**
     * As {@link #find}, for Parquet files, but never with a Spark job: null when there are more
     * files than the driver reads itself, or the driver cannot read the column.
     */
    static int[] findWithoutJob(InputTable input, String shapeColumn) {
        if (shapeType(input, shapeColumn) == null) {
            return null;
        }
        try {
            int[] found = onDriverIfFew(input, shapeColumn);
            return found == NOT_ON_DRIVER ? null : found;
        } catch (ParquetShapeColumn.Unsupported e) {
            return null;
        }
    }

    /** Tells "not read on the driver" from "read, and not uniform" (null). */
    private static final int[] NOT_ON_DRIVER = new int[0];

    private static int[] onDriverIfFew(InputTable input, String shapeColumn) throws ParquetShapeColumn.Unsupported {
        SparkSession spark = input.rows().sparkSession();
        if (input.files().length <= driverFiles(spark)
                && !Boolean.parseBoolean(spark.conf().get("spark.sql.parquet.fieldId.read.enabled", "false"))) {
            return uniform(onDriver(input, shapeColumn));
        }
        return NOT_ON_DRIVER;
    }

    private static int driverFiles(SparkSession spark) {
        return Integer.parseInt(spark.conf().get(DRIVER_FILES_KEY, "32"));
    }

    /** The shape column's element type, when it is {@code array<int>} or {@code array<bigint>}; else null. */
    private static DataType shapeType(InputTable input, String shapeColumn) {
        int ordinal = input.ordinalOf(shapeColumn);
        if (ordinal < 0 || !(input.schema().fields()[ordinal].dataType() instanceof ArrayType array)) {
            return null;
        }
        DataType element = array.elementType();
        return element instanceof IntegerType || element instanceof LongType ? element : null;
    }

    /** The reports of every input file, read on this JVM by parquet-java. */
    static List<Report> onDriver(InputTable input, String shapeColumn) throws ParquetShapeColumn.Unsupported {
        SparkSession spark = input.rows().sparkSession();
        Configuration hadoop = spark.sessionState().newHadoopConf();
        boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
        String[] files = input.files();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(files.length, DRIVER_THREADS)),
                runnable -> {
                    Thread thread = new Thread(runnable, "tensorpool-shape-probe");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Report>> reads = new ArrayList<>();
            for (String file : files) {
                reads.add(pool.submit(() -> ParquetShapeColumn.read(hadoop, file, shapeColumn, caseSensitive)));
            }
            List<Report> reports = new ArrayList<>();
            for (Future<Report> read : reads) {
                reports.add(read.get());
            }
            return reports;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ParquetShapeColumn.Unsupported unsupported) {
                throw unsupported;
            }
            // Spark's own reader will meet the same file and report it in its own terms.
            throw new ParquetShapeColumn.Unsupported("reading on the driver failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading shape column " + shapeColumn, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reports of a Spark job over the shape column, one per task. */
    static List<Report> inSparkJob(InputTable input, String shapeColumn) {
        boolean longs = shapeType(input, shapeColumn) instanceof LongType;
        Dataset<Row> shapes = input.rows().select(input.rows().col(InputTable.quoted(shapeColumn)));
        return SparkLine.get().queryExecution(shapes).toRdd().toJavaRDD()
                .mapPartitions(new PartitionShape(longs, shapeColumn)).collect();
    }

    /** The one shape all reports agree on, or null when one is not uniform, they differ, or none has a shape. */
    static int[] uniform(List<Report> reports) {
        int[] uniform = null;
        for (Report report : reports) {
            if (!report.uniform()) {
                return null;
            }
            if (report.shape() == null) {
                continue; // a partition or file without shapes
            }
            if (uniform == null) {
                uniform = report.shape();
            } else if (!Arrays.equals(uniform, report.shape())) {
                return null;
            }
        }
        return uniform;
    }

    /** One task's or file's answer: the one shape its rows have (null if it had none), or not uniform. */
    record Report(boolean uniform, int[] shape) implements Serializable {
    }

    /** Reads one partition's shape cells and reports. */
    private static final class PartitionShape implements FlatMapFunction<Iterator<InternalRow>, Report> {
        private static final long serialVersionUID = 1L;
        private static final Report NOT_UNIFORM = new Report(false, null);
        private final boolean longs;
        private final String column;

        PartitionShape(boolean longs, String column) {
            this.longs = longs;
            this.column = column;
        }

        @Override
        public Iterator<Report> call(Iterator<InternalRow> rows) {
            int[] first = null;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (row.isNullAt(0)) {
                    continue;
                }
                int[] shape;
                try {
                    shape = ListCells.readShape(row.getArray(0), longs, column);
                } catch (BadRecordException e) {
                    return List.of(NOT_UNIFORM).iterator(); // the record's own check reports it
                }
                if (first == null) {
                    first = shape;
                } else if (!Arrays.equals(first, shape)) {
                    return List.of(NOT_UNIFORM).iterator();
                }
            }
            return List.of(new Report(true, first)).iterator();
        }
    }
}
