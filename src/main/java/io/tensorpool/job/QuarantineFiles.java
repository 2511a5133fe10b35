package io.tensorpool.job;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskFailureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine, written by the pooling tasks themselves: a task attempt that rejects a record
 * opens one Parquet file in the quarantine's staging folder and writes there each rejected input
 * row as it was read (every input column in order, values untouched) followed by
 * {@code tensorpool_reason}, {@code tensorpool_error}, {@code tensorpool_source_file} and
 * {@code tensorpool_source_row}.
 *
 * <p>Why in the tasks: the rows are at hand there, so the quarantine needs no second read of
 * the input, and the driver learns nothing per rejected record but one file name per partition
 * (through {@link RunCounters}). A run whose every record is bad costs the driver what a good run
 * costs it: the quarantine scales like the output.
 *
 * <p>The files come from the writer of Spark's own Parquet source
 * ({@code ParquetFileFormat.prepareWrite} on the driver, its {@link OutputWriterFactory} in the
 * tasks), so they are the ordinary Parquet, Spark schema in the footer, that
 * {@code DataFrameWriter.parquet} writes. Each attempt writes its own file; only the files of
 * the attempts {@link RunCounters} counted are kept ({@link #keepOnly}), so a failed attempt's
 * half-written file or a rerun's second copy never reaches the published quarantine.
 */
final class QuarantineFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineFiles.class);
    /** The columns after the input's own, in order; tests and users rely on names, order and types. */
    private static final int ADDED_COLUMNS = 4;

    private final OutputWriterFactory factory;
    private final StructType schema;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String folder;

    private QuarantineFiles(OutputWriterFactory factory, StructType schema, Broadcast<SerializableConfiguration> hadoop,
                            String folder) {
        this.factory = factory;
        this.schema = schema;
        this.hadoop = hadoop;
        this.folder = folder;
    }

    /** Prepares, on the driver, the writing of rejected rows of {@code input} into {@code folder}. */
    static QuarantineFiles prepare(SparkSession spark, StructType input, String folder, String compression) {
        StructType schema = schemaOf(input);
        Job job;
        try {
            job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the quarantine " + folder + ": " + e.getMessage(), e);
        }
        OutputWriterFactory factory = new ParquetFileFormat().prepareWrite(spark, job,
                new scala.collection.immutable.Map.Map1<>("compression", compression), schema);
        Broadcast<SerializableConfiguration> hadoop = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(job.getConfiguration()));
        return new QuarantineFiles(factory, schema, hadoop, folder);
    }

    /** Columns the quarantine adds to each rejected input row. */
    static final String REASON_COLUMN = "tensorpool_reason";
    static final String MESSAGE_COLUMN = "tensorpool_error";
    static final String FILE_COLUMN = "tensorpool_source_file";
    static final String ROW_COLUMN = "tensorpool_source_row";

    /** The quarantine's columns: the input's, then the reason, the message, the source file and row. */
    static StructType schemaOf(StructType input) {
        return input.add(QuarantineFiles.REASON_COLUMN, DataTypes.StringType, false)
                .add(QuarantineFiles.MESSAGE_COLUMN, DataTypes.StringType, false)
                .add(QuarantineFiles.FILE_COLUMN, DataTypes.StringType, false)
                .add(QuarantineFiles.ROW_COLUMN, DataTypes.LongType, false);
    }

    /** Opens the current task attempt's file; called in a task at its first rejected record. */
    TaskFile open() {
        TaskContext task = TaskContext.get();
        Configuration conf = new Configuration(hadoop.value().value());
        TaskAttemptID attempt = new TaskAttemptID(new TaskID(new JobID("tensorpool-quarantine", task.stageId()),
                TaskType.MAP, task.partitionId()), task.attemptNumber());
        TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, attempt);
        String name = String.format("part-%05d-%d-%s%s", task.partitionId(), task.taskAttemptId(), UUID.randomUUID(),
                factory.getFileExtension(context));
        Path path = new Path(folder, name);
        OutputWriter writer = factory.newInstance(path.toString(), schema, context);
        TaskFile file = new TaskFile(writer, path, conf);
        task.addTaskFailureListener((TaskFailureListener) (failed, error) -> file.abort());
        return file;
    }

    /**
     * Deletes, on the driver, every data file in the quarantine's staging folder but the
     * {@code kept} ones: the files of failed attempts and of attempts whose counts were not kept.
     */
    void keepOnly(Configuration conf, Collection<String> kept) {
        try {
            Path dir = new Path(folder);
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith("_") && !name.startsWith(".") && !kept.contains(name)) {
                    LOG.info("Removing {}: written by a task attempt whose records were counted in another attempt",
                            status.getPath());
                    fs.delete(status.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the quarantine's staged files in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The quarantine's row for a rejected input row: its input columns as they are, then why it
     * was rejected.
     *
     * @param schema the quarantine's schema ({@link #schemaOf})
     */
    static InternalRow rejectedRow(StructType schema, InternalRow row, RejectedRecord why) {
        Object[] values = new Object[schema.size()];
        int columns = values.length - ADDED_COLUMNS;
        for (int i = 0; i < columns; i++) {
            DataType type = schema.fields()[i].dataType();
            values[i] = row.isNullAt(i) ? null : row.get(i, type);
        }
        values[columns] = UTF8String.fromString(why.reason());
        values[columns + 1] = UTF8String.fromString(why.message());
        values[columns + 2] = UTF8String.fromString(why.file());
        values[columns + 3] = why.row();
        return new GenericInternalRow(values);
    }

    /** One task attempt's quarantine file. */
    final class TaskFile {
        private final OutputWriter writer;
        private final Path path;
        private final Configuration conf;
        private boolean closed;

        private TaskFile(OutputWriter writer, Path path, Configuration conf) {
            this.writer = writer;
            this.path = path;
            this.conf = conf;
        }

        /** Writes {@code row}'s input columns as they are, then why it was rejected. */
        void write(InternalRow row, RejectedRecord why) {
            writer.write(rejectedRow(schema, row, why));
        }

        /** Finishes the file and returns its name. */
        String close() {
            closed = true;
            writer.close();
            return path.getName();
        }

        /** A failed attempt's file is removed; the driver would drop it anyway, this spares the space. */
        private void abort() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOG.debug("Cannot close the failed attempt's quarantine file {}", path, e);
            }
            try {
                path.getFileSystem(conf).delete(path, false);
            } catch (IOException e) {
                LOG.warn("Cannot remove the failed attempt's quarantine file {}: {}", path, e.getMessage());
            }
        }
    }
}
