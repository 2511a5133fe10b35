package io.tensorpool.job.read;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The input's tensor column read by the job itself instead of Spark's Parquet reader
 * ({@code input.reader: tensorpool}): a {@code list} column of float32 left out of Spark's scan
 * and read per record, by file and row index, straight from its pages.
 *
 * <p>Why: Spark's vectorized reader turns a list's levels into offsets and lengths one element at
 * a time (two int writes and several calls per float), a quarter to a third of a whole
 * identity copy's task time (see {@code docs/performance.md}). Here a record's levels are a few
 * runs and its PLAIN values one copy. The records are the same records: a null cell, a null
 * element or a wrong length reach the job's checks exactly as Spark's reader would hand them on.
 *
 * <p>Built on the driver, serialized into the tasks; each task calls {@link #startTask} once and
 * asks it for one {@link ColumnVector} per column batch of the scan.
 */
public final class BulkListColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoop;
    private final String column;
    private final ArrayType type;
    private final boolean caseSensitive;

    /**
     * @param hadoop        the Hadoop configuration the scan reads its files with
     * @param column        the tensor column's name in the input
     * @param type          its Spark type, {@code array<float>}
     * @param caseSensitive Spark's {@code spark.sql.caseSensitive}, to find the column in each file as Spark does
     */
    public BulkListColumn(Broadcast<SerializableConfiguration> hadoop, String column, ArrayType type,
                          boolean caseSensitive) {
        this.hadoop = hadoop;
        this.column = column;
        this.type = type;
        this.caseSensitive = caseSensitive;
    }

    /** The current task's reads of the column; its file is closed when the task ends. */
    public Task startTask() {
        TaskListFiles files = new TaskListFiles(hadoop.value().value(), column, caseSensitive);
        TaskContext context = TaskContext.get();
        if (context != null) {
            context.addTaskCompletionListener((TaskCompletionListener) ended -> {
                try {
                    files.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return new Task(files);
    }

    /** One task's reads: one record buffer and one open file, shared by the task's batches. */
    public final class Task {
        private final TaskListFiles files;
        private final RecordValues record = new RecordValues();

        private Task(TaskListFiles files) {
            this.files = files;
        }

        /**
         * The tensor column of a batch of {@code numRows} rows whose file paths and row indexes are
         * in {@code filePaths} ({@code _metadata.file_path}) and {@code rowIndexes}
         * ({@code _metadata.row_index}).
         */
        public ColumnVector vector(ColumnVector filePaths, ColumnVector rowIndexes, int numRows) {
            return new TensorListVector(type, filePaths, rowIndexes, numRows, files, record);
        }
    }
}
