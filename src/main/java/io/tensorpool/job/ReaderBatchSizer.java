package io.tensorpool.job;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes Spark's vectorized Parquet reader batch from the tensor size. The reader decodes
 * {@code spark.sql.parquet.columnarReaderBatchSize} rows at once (4096 by default): for a 3x224x224 float32 tensor per
 * row that is 2.4 GB per batch, which no executor has. The job reads one input file's footer,
 * takes the tensor column's decoded bytes per row, and chooses the number of rows that fits
 * {@link #TARGET_BATCH_BYTES}, at least 1 and at most Spark's default. A batch size set at launch
 * ({@code --conf}) is kept.
 */
final class ReaderBatchSizer {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderBatchSizer.class);

    static final String BATCH_SIZE_KEY = "spark.sql.parquet.columnarReaderBatchSize";
    static final int SPARK_DEFAULT_ROWS = 4096;
    /** Tens of MB per batch keep the reader's column vectors small beside a record's own copies. */
    static final long TARGET_BATCH_BYTES = 32L << 20;

    private ReaderBatchSizer() {
    }

    /** The rows per batch for records of {@code bytesPerRow} in the tensor column. */
    static int rowsFor(double bytesPerRow) {
        if (!(bytesPerRow > 0)) {
            return SPARK_DEFAULT_ROWS;
        }
        return (int) Math.max(1, Math.min(SPARK_DEFAULT_ROWS, Math.floor(TARGET_BATCH_BYTES / bytesPerRow)));
    }

    /** Sets the session's batch size from the first input file's footer, unless the user set one. */
    static void apply(SparkSession spark, String[] inputFiles, String tensorColumn) {
        // Only a launch-time setting (spark-submit --conf, -Dspark...) is the user's; the session's
        // value may be ours from an earlier run in the same session.
        if (spark.sparkContext().getConf().contains(BATCH_SIZE_KEY)) {
            LOG.info("Parquet reader batch: {} rows, as configured in {}",
                    spark.sparkContext().getConf().get(BATCH_SIZE_KEY), BATCH_SIZE_KEY);
            return;
        }
        if (inputFiles.length == 0) {
            return;
        }
        double bytesPerRow = bytesPerRow(spark.sparkContext().hadoopConfiguration(), inputFiles[0], tensorColumn);
        int rows = rowsFor(bytesPerRow);
        spark.conf().set(BATCH_SIZE_KEY, rows);
        LOG.info("Parquet reader batch: {} rows (column {} holds about {} per row; aiming at {} per batch)", rows,
                tensorColumn, megabytes(bytesPerRow), megabytes(TARGET_BATCH_BYTES));
    }

    /**
     * The bytes a column chunk takes once decoded: values times their width for numbers (the
     * encoded size says nothing when a dictionary shrank them), the plain size for byte arrays.
     */
    private static long decodedBytes(ColumnChunkMetaData chunk) {
        return switch (chunk.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32, FLOAT -> chunk.getValueCount() * 4;
            case INT64, DOUBLE -> chunk.getValueCount() * 8;
            case BOOLEAN -> chunk.getValueCount();
            case INT96 -> chunk.getValueCount() * 12;
            default -> chunk.getTotalUncompressedSize();
        };
    }

    /** Decoded bytes per row of {@code column} in one Parquet file, or 0 when unknown. */
    static double bytesPerRow(Configuration hadoop, String file, String column) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), hadoop))) {
            ParquetMetadata footer = reader.getFooter();
            long bytes = 0;
            long rows = 0;
            for (BlockMetaData block : footer.getBlocks()) {
                rows += block.getRowCount();
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    if (chunk.getPath().toArray()[0].equals(column)) {
                        bytes += decodedBytes(chunk);
                    }
                }
            }
            return rows == 0 ? 0 : (double) bytes / rows;
        } catch (IOException | RuntimeException e) {
            // The read itself will report an unreadable file with its name; sizing just falls back.
            LOG.warn("Cannot size the Parquet reader batch from {}: {}", file, e.getMessage());
            return 0;
        }
    }

    private static String megabytes(double bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1 << 20));
    }
}
