package io.tensorpool.job;

import io.tensorpool.config.ConfigKeys;
import io.tensorpool.config.OutputConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code output.partition_by}: Hive-style folders ({@code <column>=<value>/}) through Spark's
 * {@code partitionBy}, checked on the driver before the pooling job starts. A partition column
 * must be one the output passes through from the input (the input's own partition columns
 * included, which Spark's partition discovery makes columns), never a column the job computes
 * (the tensor, its shape, the indices), and of a type whose values round-trip through a folder
 * name for every reader: strings, integers, booleans, dates and decimals. Floats (0.1 is not
 * what a folder name says), timestamps (time zones), binary and nested types are refused.
 *
 * <p>Spark writes a partition column's values into folder names and leaves the column out of the
 * files; readers with partition discovery (Spark, pyarrow with {@code partitioning="hive"},
 * DuckDB with {@code hive_partitioning}) put it back, after the files' own columns.
 */
final class OutputPartitioning {
    private OutputPartitioning() {
    }

    /** The partition columns, in order; empty when {@code output.partition_by} is not set. */
    static List<String> columns(OutputConfig output) {
        List<String> columns = output.get(ConfigKeys.OUTPUT_PARTITION_BY);
        return columns == null ? List.of() : columns;
    }

    /** {@code writer} partitioned by the configured columns, which {@link #check} accepted. */
    static DataFrameWriter<Row> apply(DataFrameWriter<Row> writer, OutputConfig output) {
        List<String> columns = columns(output);
        return columns.isEmpty() ? writer : writer.partitionBy(columns.toArray(String[]::new));
    }

    /**
     * Checks the configured columns against the output schema, before any record is read.
     *
     * @param computed the columns the job computes
     * @throws PreconditionException (exit 2) naming the column and what is wrong with it
     */
    static void check(OutputConfig output, StructType schema, List<String> computed) {
        List<String> names = Arrays.asList(schema.fieldNames());
        String path = output.path();
        for (String column : columns(output)) {
            int ordinal = names.indexOf(column);
            String cannot = "Cannot partition output " + path + " by column '" + column + "' (output.partition_by): ";
            if (ordinal < 0) {
                throw new PreconditionException(cannot + "the output has no such column; its columns are "
                        + String.join(", ", names) + ". Name one of them, or an input partition column");
            }
            if (computed.contains(column)) {
                throw new PreconditionException(cannot + "the job computes it (the pooled tensor, its shape or"
                        + " indices), one value per record. Name a passthrough column such as a date, a label or a split");
            }
            DataType type = schema.fields()[ordinal].dataType();
            if (!partitionable(type)) {
                throw new PreconditionException(cannot + "its type " + type.simpleString() + " does not round-trip"
                        + " through a folder name; use a string, integer, boolean, date or decimal column");
            }
        }
    }

    /** The schema as a reader with partition discovery sees it: the partition columns moved last. */
    static StructType asRead(StructType written, List<String> columns) {
        if (columns.isEmpty()) {
            return written;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField field : written.fields()) {
            if (!columns.contains(field.name())) {
                fields.add(field);
            }
        }
        for (String column : columns) {
            fields.add(written.fields()[written.fieldIndex(column)]);
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static boolean partitionable(DataType type) {
        return type instanceof StringType || type instanceof IntegerType || type instanceof LongType
                || type instanceof ShortType || type instanceof ByteType || type instanceof BooleanType
                || type instanceof DateType || type instanceof DecimalType;
    }
}
