package io.tensorpool.job;

import io.tensorpool.config.InputConfig;
import io.tensorpool.config.InputFormat;
import io.tensorpool.job.sparkline.SparkLine;
import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input as Spark reads it: every column of the dataset plus, for messages about bad
 * records, the source file and the row's index inside it (Parquet's hidden {@code _metadata}
 * fields, which cost nothing to read).
 *
 * <p>The provenance comes from Spark's own metadata column, asked for with
 * {@code Dataset.metadataColumn} (Spark 3.5 and later): by name, {@code _metadata} would resolve
 * to a user column of that name, whose {@code file_path} and {@code row_index} say whatever
 * its writer put there. Such a column is passed through like any other.
 *
 * @param rows      the input rows with the two provenance columns appended
 * @param schema    the input's own schema, without the provenance columns
 * @param files     the input files Spark will read
 * @param bytes     their total size, from Spark's listing of them
 */
record InputTable(Dataset<Row> rows, StructType schema, String[] files, long bytes) {
    static final String FILE_COLUMN = "__tensorpool_file";
    static final String ROW_COLUMN = "__tensorpool_row";
    /** Spark's hidden per-file metadata column and the two fields of it the job reads. */
    static final String METADATA_COLUMN = "_metadata";
    static final String METADATA_FILE = "file_path";
    static final String METADATA_ROW = "row_index";

    /**
     * Reads {@code input.path} as Parquet.
     *
     * @throws PreconditionException when the path does not exist or holds no Parquet data
     */
    static InputTable read(SparkSession spark, InputConfig input) {
        if (input.format() == InputFormat.IMAGE_FILES) {
            return readImageFiles(spark, input);
        }
        return readParquet(spark, input, null, new String[] {input.path()});
    }

    /**
     * Reads only the Parquet files {@code files} of {@code input.path} (an incremental run's new
     * files), with partition discovery from {@code basePath} when it is not null.
     */
    static InputTable read(SparkSession spark, InputConfig input, String basePath, String[] files) {
        return readParquet(spark, input, basePath, files);
    }

    private static InputTable readParquet(SparkSession spark, InputConfig input, String basePath, String[] paths) {
        Dataset<Row> dataset;
        try {
            DataFrameReader reader = spark.read().options(LocalParquetReads.options(spark, input.path()));
            if (basePath != null) {
                reader = reader.option("basePath", basePath);
            }
            dataset = reader.parquet(paths);
        } catch (Exception e) {
            throw unreadable(input.path(), e);
        }
        Column metadata = dataset.metadataColumn(METADATA_COLUMN);
        return new InputTable(withProvenance(dataset, metadata.getField(METADATA_FILE), metadata.getField(METADATA_ROW)),
                dataset.schema(), dataset.inputFiles(), listedBytes(dataset));
    }

    /**
     * A dataset the caller already has, as the pool step reads it. A plain Parquet scan gets its
     * file and row from {@code _metadata}, as {@link #read} does (and so the columnar fast path);
     * any other plan has no file to name, so its provenance columns are null and a rejected
     * record is named by its partition and its offset in it. Nothing is read.
     */
    static InputTable of(Dataset<Row> dataset) {
        LogicalPlan plan = SparkLine.get().queryExecution(dataset).analyzed();
        if (plan instanceof LogicalRelation relation && relation.relation() instanceof HadoopFsRelation files
                && files.fileFormat() instanceof ParquetFileFormat) {
            Column metadata = dataset.metadataColumn(METADATA_COLUMN);
            return new InputTable(withProvenance(dataset, metadata.getField(METADATA_FILE),
                    metadata.getField(METADATA_ROW)), dataset.schema(), dataset.inputFiles(), listedBytes(dataset));
        }
        return new InputTable(withProvenance(dataset, functions.lit(null).cast(DataTypes.StringType),
                functions.lit(null).cast(DataTypes.LongType)), dataset.schema(), new String[0], 0);
    }

    /** Every column of {@code dataset}, then the file path and the row index. */
    private static Dataset<Row> withProvenance(Dataset<Row> dataset, Column file, Column row) {
        StructType schema = dataset.schema();
        Column[] columns = new Column[schema.size() + 2];
        for (int i = 0; i < schema.size(); i++) {
            columns[i] = dataset.col(quoted(schema.fields()[i].name()));
        }
        columns[schema.size()] = file.as(FILE_COLUMN);
        columns[schema.size() + 1] = row.as(ROW_COLUMN);
        return dataset.select(columns);
    }

    /**
     * {@code input.format: image_files}: every PNG and JPEG file below {@code input.path}, listed
     * by {@link ImageFileListing} (which does not follow links to folders) and read whole, one
     * record per file: {@code path} (the file's URI, passed through) and the encoded bytes in the
     * tensor column.
     */
    private static InputTable readImageFiles(SparkSession spark, InputConfig input) {
        List<ImageFileListing.ImageFile> files;
        try {
            files = ImageFileListing.list(spark.sessionState().newHadoopConf(), input.path());
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(input.path(), e);
        }
        if (files.isEmpty()) {
            throw JobErrors.inputHasNoImages(input.path(), ImageFileListing.IMAGE_GLOB);
        }
        return readImageFiles(spark, input, files);
    }

    /** Reads only the image files {@code files} of {@code input.path} (an incremental run's new files). */
    static InputTable readImageFiles(SparkSession spark, InputConfig input, List<ImageFileListing.ImageFile> files) {
        Dataset<Row> rows = ImageFileReads.read(spark, files, input.tensor().column());
        StructType schema = new StructType(new StructField[] {rows.schema().fields()[0], rows.schema().fields()[1]});
        long bytes = files.stream().mapToLong(ImageFileListing.ImageFile::length).sum();
        return new InputTable(rows, schema, ImageFileReads.paths(files), bytes);
    }

    /**
     * The size of the files a freshly read dataset covers, as its file index listed them: no
     * second round of status calls, which on an object store cost a request per file.
     */
    private static long listedBytes(Dataset<Row> read) {
        LogicalPlan plan = SparkLine.get().queryExecution(read).analyzed();
        if (plan instanceof LogicalRelation relation && relation.relation() instanceof HadoopFsRelation files) {
            return files.location().sizeInBytes();
        }
        throw new IllegalStateException("Expected a file relation to read, got " + plan.nodeName());
    }

    /** The ordinal of the named column, or -1. */
    int ordinalOf(String name) {
        return Arrays.asList(schema.fieldNames()).indexOf(name);
    }

    /** The named input column; its absence is a precondition failure naming the config key. */
    StructField field(String name, String key, String path) {
        int ordinal = ordinalOf(name);
        if (ordinal < 0) {
            throw JobErrors.inputColumnMissing(path, name, key, schema.fieldNames());
        }
        return schema.fields()[ordinal];
    }

    int fileOrdinal() {
        return schema.size();
    }

    int rowOrdinal() {
        return schema.size() + 1;
    }

    /** A column name quoted for Spark's column parser, which would read dots as nesting. */
    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static PreconditionException unreadable(String path, Exception e) {
        String condition = e instanceof AnalysisException analysis ? SparkLine.get().errorCondition(analysis) : null;
        if ("PATH_NOT_FOUND".equals(condition)) {
            return JobErrors.inputNotFound(path, e);
        }
        if ("UNABLE_TO_INFER_SCHEMA".equals(condition)) {
            return JobErrors.inputHasNoParquet(path, e);
        }
        return JobErrors.inputUnreadable(path, firstLine(explaining(e).getMessage()), e);
    }

    /**
     * The innermost of {@code e}'s causes that Spark gave an error condition, or {@code e}: the
     * one that says what is wrong. Spark 3.5 wraps a footer it cannot read (naming the file) in a
     * stage failure whose first line names no file; 4.x reports it directly.
     */
    private static Throwable explaining(Exception e) {
        Throwable explaining = e;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = e; c != null && seen.put(c, true) == null; c = c.getCause()) {
            if (c instanceof SparkThrowable spark && SparkLine.get().errorCondition(spark) != null) {
                explaining = c;
            }
        }
        return explaining;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
