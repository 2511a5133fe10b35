package io.tensorpool.job.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.parquet.hadoop.codec.CodecConfig;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each output file of a write, on the executors: a {@link BulkOutputWriter}, or Spark's own
 * Parquet writer when the file's settings ask for something the bulk writer does not implement
 * ({@link WriteSettings#unsupported}). File names and extensions are Spark's.
 */
final class BulkWriterFactory extends OutputWriterFactory {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriterFactory.class);

    private final OutputWriterFactory spark;
    private final int[] bulk;

    /**
     * @param spark the factory of Spark's own writer, already prepared for this write
     * @param bulk  the ordinals of the columns to write in bulk
     */
    BulkWriterFactory(OutputWriterFactory spark, int[] bulk) {
        this.spark = spark;
        this.bulk = bulk.clone();
    }

    @Override
    public String getFileExtension(TaskAttemptContext context) {
        return spark.getFileExtension(context);
    }

    @Override
    public OutputWriter newInstance(String path, StructType dataSchema, TaskAttemptContext context) {
        Configuration conf = context.getConfiguration();
        String unsupported = WriteSettings.unsupported(conf);
        if (unsupported != null) {
            LOG.info("Writing {} with Spark's Parquet writer: {}", path, unsupported);
            return spark.newInstance(path, dataSchema, context);
        }
        try {
            return new BulkOutputWriter(path, dataSchema, bulk, conf,
                    new WriteSettings(conf, CodecConfig.from(context).getCodec()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path + ": " + e.getMessage(), e);
        }
    }
}
