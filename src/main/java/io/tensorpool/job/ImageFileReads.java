package io.tensorpool.job;

import io.tensorpool.job.ImageFileListing.ImageFile;
import io.tensorpool.kernel.Tensor;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads listed image files whole, one row per file, in Spark tasks: the rows of
 * {@code input.format: image_files} ({@code path}, the encoded bytes in the tensor column, and
 * the provenance columns {@link InputTable} appends).
 *
 * <p>Why not Spark's {@code binaryFile} source over the listed files: given an explicit list of
 * files it checks and lists each one again, which took over a minute for 10,000 files here where
 * reading them took seconds. The files are split into tasks as Spark splits its own file sources:
 * tasks of at most {@code spark.sql.files.maxPartitionBytes}, each file counting
 * {@code spark.sql.files.openCostInBytes} more, and enough tasks to keep every core busy.
 */
final class ImageFileReads {
    private ImageFileReads() {
    }

    /** The rows of {@code files}: {@code path}, {@code column} (the bytes), then the file and row provenance. */
    static Dataset<Row> read(SparkSession spark, List<ImageFile> files, String column) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long maxSplit = JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.maxPartitionBytes", "128m"));
        long openCost = JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.openCostInBytes", "4m"));
        int tasks = tasks(files, maxSplit, openCost, context.defaultParallelism());
        // Broadcast, as Spark's file sources do: each executor deserializes the configuration once, not every task.
        Broadcast<SerializableConfiguration> hadoop =
                context.broadcast(new SerializableConfiguration(spark.sessionState().newHadoopConf()));
        JavaRDD<Row> rows = context.parallelize(files, tasks).mapPartitions(new ReadFiles(hadoop));
        StructType schema = new StructType()
                .add("path", DataTypes.StringType)
                .add(column, DataTypes.BinaryType)
                .add(InputTable.FILE_COLUMN, DataTypes.StringType)
                .add(InputTable.ROW_COLUMN, DataTypes.LongType, false);
        return spark.createDataFrame(rows, schema);
    }

    /**
     * How many tasks read {@code files}: Spark's split size for file sources,
     * {@code min(maxPartitionBytes, max(openCost, total / parallelism))} with each file counting
     * {@code openCost} more, and the files shared out evenly; between 1 and one task per file.
     */
    static int tasks(List<ImageFile> files, long maxPartitionBytes, long openCost, int parallelism) {
        long total = 0;
        for (ImageFile file : files) {
            total += file.length() + openCost;
        }
        long split = Math.min(maxPartitionBytes, Math.max(openCost, total / Math.max(1, parallelism)));
        long tasks = (total + split - 1) / Math.max(1, split);
        return (int) Math.max(1, Math.min(files.size(), tasks));
    }

    /** Reads each file of a task whole. */
    private static final class ReadFiles implements FlatMapFunction<Iterator<ImageFile>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableConfiguration> hadoop;

        ReadFiles(Broadcast<SerializableConfiguration> hadoop) {
            this.hadoop = hadoop;
        }

        @Override
        public Iterator<Row> call(Iterator<ImageFile> files) {
            return new Iterator<>() {
                /** The file system of the last file: a task's files nearly always share one, and looking it up costs. */
                private FileSystem fs;

                @Override
                public boolean hasNext() {
                    return files.hasNext();
                }

                @Override
                public Row next() {
                    ImageFile file = files.next();
                    Path path = new Path(file.uri());
                    try {
                        if (fs == null || !sameFileSystem(fs.getUri(), file.uri())) {
                            fs = path.getFileSystem(hadoop.value().value());
                        }
                        return RowFactory.create(file.path(), bytes(fs, path, file.length()), file.path(), 0L);
                    } catch (IOException e) {
                        // Attached as suppressed, not as the cause: the one-line report of a failed run
                        // (Failures.describe) shows the innermost cause, and this message names the file.
                        IllegalStateException failure = new IllegalStateException("Cannot read image file "
                                + file.path() + ": " + e + ". Check that it is readable and was not changed while"
                                + " the job ran.");
                        failure.addSuppressed(e);
                        throw failure;
                    }
                }
            };
        }

        private static boolean sameFileSystem(URI fs, URI file) {
            return Objects.equals(fs.getScheme(), file.getScheme()) && Objects.equals(fs.getAuthority(), file.getAuthority());
        }

        /** The file's bytes: as many as the listing found, and then the end of the file. */
        private static byte[] bytes(FileSystem fs, Path path, long length) throws IOException {
            if (length > Tensor.MAX_ELEMENTS) {
                throw new IOException("it holds " + length + " bytes, more than one record can (" + Tensor.MAX_ELEMENTS
                        + ")");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(path)) {
                in.readFully(bytes);
                if (in.read() != -1) {
                    throw new IOException("it grew beyond the " + length + " bytes it had when listed");
                }
            }
            return bytes;
        }
    }

    /** The paths of {@code files}, as the run report lists its input. */
    static String[] paths(List<ImageFile> files) {
        List<String> paths = new ArrayList<>(files.size());
        for (ImageFile file : files) {
            paths.add(file.path());
        }
        return paths.toArray(String[]::new);
    }
}
