package io.tensorpool.job;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Parquet reader options for input on the local file system: Parquet's vectored reads off.
 *
 * <p>Why: with vectored reads (parquet-java's default), each column chunk is one ranged read,
 * which Hadoop's local file system serves through a JDK {@code AsynchronousFileChannel} into a
 * heap buffer; the JDK stages every such read in a temporary direct buffer as large as the chunk
 * (about 128 MB for a row group of tensors), allocated and zeroed per read and too large to be
 * cached. On this project's machines that took 0.2 s, and up to 1.9 s when the memory had to be
 * faulted in again, of CPU per GB read, on pool threads beside the two task threads (see
 * {@code docs/performance.md}, "Reading local files"). The classic reads copy straight into the
 * heap buffer. Object stores are left alone: there vectored reads fetch ranges in parallel, which
 * is what they are for. A value the user set ({@code spark.hadoop.parquet.hadoop.vectored.io.enabled},
 * or the Hadoop configuration) is kept.
 */
final class LocalParquetReads {
    static final String VECTORED_IO_KEY = "parquet.hadoop.vectored.io.enabled";

    private LocalParquetReads() {
    }

    /** The options to add to the Parquet reader of {@code path}: none, or vectored reads off. */
    static Map<String, String> options(SparkSession spark, String path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (hadoop.get(VECTORED_IO_KEY) != null || !isLocal(hadoop, path)) {
            return Map.of();
        }
        return Map.of(VECTORED_IO_KEY, "false");
    }

    private static boolean isLocal(Configuration hadoop, String path) {
        try {
            return "file".equals(new Path(path).getFileSystem(hadoop).getScheme());
        } catch (IOException | IllegalArgumentException e) {
            return false; // Spark's reader reports a path it cannot resolve
        }
    }
}
