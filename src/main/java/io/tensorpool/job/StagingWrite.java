package io.tensorpool.job;

import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.OutputWriter;
import io.tensorpool.job.write.TensorParquetFormat;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The write step: the pooled rows written as Parquet into a staging folder, where nothing reads
 * them until {@link Publisher} moves them into place under the user's {@code output.mode}. This
 * is the action that runs the pooling tasks.
 */
final class StagingWrite {

    private StagingWrite() {
    }

    /**
     * @param tensorColumns the pooled tensors' columns (one per pooled output)
     * @param computed      the output columns the job computes (see {@link RecordPlanner.Planned#computedColumns})
     * @param location      the staging folder, which must not exist yet
     */
    static void write(Dataset<Row> pooled, OutputConfig output, List<String> tensorColumns, List<String> computed,
                      String location) {
        DataFrameWriter<Row> writer = pooled.write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", output.compression().configName());
        // Dictionaries never pay off on noisy tensors and cost time on every page. The values of a
        // list column are at <column>.list.element; a binary or npy column's are the column itself.
        for (String tensorColumn : tensorColumns) {
            String tensorValues = output.layout() == OutputLayout.LIST ? tensorColumn + ".list.element" : tensorColumn;
            writer = writer.option("parquet.enable.dictionary#" + tensorValues, "false");
        }
        Integer rowGroupSize = output.get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE);
        if (rowGroupSize != null) {
            writer = writer.option("parquet.block.size", rowGroupSize.longValue());
        }
        Integer maxRecordsPerFile = output.get(ConfigKeys.OUTPUT_MAX_RECORDS_PER_FILE);
        if (maxRecordsPerFile != null) {
            writer = writer.option("maxRecordsPerFile", maxRecordsPerFile.longValue());
        }
        writer = OutputPartitioning.apply(writer, output);
        // With output.writer: tensorpool the computed columns are written in bulk
        // (TensorParquetFormat), the passthrough columns by Spark's writer.
        if (output.writer() == OutputWriter.TENSORPOOL) {
            writer.format(TensorParquetFormat.class.getName())
                    .option(TensorParquetFormat.BULK_COLUMNS, TensorParquetFormat.bulkColumns(computed))
                    .save(location);
        } else {
            writer.parquet(location);
        }
    }
}
