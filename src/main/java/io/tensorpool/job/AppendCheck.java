package io.tensorpool.job;

import io.tensorpool.job.sparkline.SparkLine;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mode: append} onto an existing folder: refuses, before any record is read, to add files
 * whose schema differs from the folder's, which would leave a dataset that readers read
 * differently depending on which file's footer they take the schema from (Spark takes one
 * file's unless asked to merge, and merging fails on conflicting types).
 *
 * <p>What must match, column by column in order: the name, and the type with nullability left
 * out (at every level: Spark reads every Parquet column as nullable, and other readers treat
 * required and optional alike). Of field metadata only the tensor shape keys
 * ({@value RecordPlanner#SHAPE_METADATA} and {@value RecordPlanner#DIM_NAMES_METADATA}) must be
 * equal, present in both or in neither: a reader takes them from one file's footer as a fact
 * about every row. Other metadata is passed-through user metadata and is not compared.
 */
final class AppendCheck {
    private AppendCheck() {
    }

    /**
     * @param existing the folder, as the config names it
     * @param what the folder, for messages: "output" or "quarantine"
     * @param key  the config key naming it, for the message's advice
     * @throws PreconditionException naming the first difference, both sides, and what to do
     */
    static void check(SparkSession spark, String existing, StructType written, String what, String key) {
        StructType schema;
        try {
            schema = spark.read().parquet(existing).schema();
        } catch (Exception e) {
            if (e instanceof AnalysisException analysis
                    && "UNABLE_TO_INFER_SCHEMA".equals(SparkLine.get().errorCondition(analysis))) {
                return; // no data file yet (an earlier run of no records): nothing to disagree with
            }
            throw new PreconditionException("Cannot append to " + what + " " + existing + ": it cannot be read as"
                    + " Parquet (" + InputTable.firstLine(e.getMessage()) + "). Choose another " + key
                    + ", or pass --mode overwrite to replace it", e);
        }
        firstDifference(schema, written).ifPresent(difference -> {
            throw new PreconditionException("Cannot append to " + what + " " + existing + ": " + difference
                    + ", and files of both schemas in one folder are not one dataset to its readers. Choose another "
                    + key + ", or pass --mode overwrite to replace it");
        });
    }

    /** The first way {@code written} differs from {@code existing}, in words, or empty when they agree. */
    static Optional<String> firstDifference(StructType existing, StructType written) {
        StructField[] have = existing.fields();
        StructField[] add = written.fields();
        for (int i = 0; i < Math.max(have.length, add.length); i++) {
            if (i >= have.length) {
                return Optional.of("it has " + have.length + " columns and this run writes one more, '" + add[i].name()
                        + "' (" + add[i].dataType().simpleString() + ")");
            }
            if (i >= add.length) {
                return Optional.of("it has a column '" + have[i].name() + "' (" + have[i].dataType().simpleString()
                        + ") after the " + add.length + " this run writes");
            }
            StructField a = have[i];
            StructField b = add[i];
            if (!a.name().equals(b.name())) {
                return Optional.of("its column " + (i + 1) + " is '" + a.name() + "' (" + a.dataType().simpleString()
                        + ") where this run writes '" + b.name() + "' (" + b.dataType().simpleString() + ")");
            }
            if (!nullable(a.dataType()).equals(nullable(b.dataType()))) {
                return Optional.of("its column '" + a.name() + "' is " + a.dataType().simpleString()
                        + " where this run writes " + b.dataType().simpleString());
            }
            for (String shapeKey : new String[] {RecordPlanner.SHAPE_METADATA, RecordPlanner.DIM_NAMES_METADATA}) {
                String old = metadata(a.metadata(), shapeKey);
                String now = metadata(b.metadata(), shapeKey);
                if (!old.equals(now)) {
                    return Optional.of("its column '" + a.name() + "' says " + shapeKey + " " + old
                            + " in its metadata where this run writes " + shapeKey + " " + now);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code key}'s value as text, or "(none)". */
    private static String metadata(Metadata metadata, String key) {
        if (!metadata.contains(key)) {
            return "(none)";
        }
        return key.equals(RecordPlanner.SHAPE_METADATA) ? Arrays.toString(metadata.getLongArray(key))
                : Arrays.toString(metadata.getStringArray(key));
    }

    /** The type with every level nullable and nested field metadata dropped: what readers compare. */
    private static DataType nullable(DataType type) {
        if (type instanceof ArrayType array) {
            return new ArrayType(nullable(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return new MapType(nullable(map.keyType()), nullable(map.valueType()), true);
        }
        if (type instanceof StructType struct) {
            StructField[] fields = struct.fields();
            StructField[] out = new StructField[fields.length];
            for (int i = 0; i < fields.length; i++) {
                out[i] = new StructField(fields[i].name(), nullable(fields[i].dataType()), true, Metadata.empty());
            }
            return new StructType(out);
        }
        return type;
    }
}
