package io.tensorpool.job;

import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.spark.ListCells;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;

/**
 * Finds the one shape every record of a shape column has, so that the output's tensor column can
 * carry it as metadata, in one pass over that column alone.
 *
 * <p>Why not {@code agg(min(shape), max(shape))}: an aggregate without grouping is two stages
 * with a shuffle between them, about half a second of fixed cost per run here, most of it
 * scheduling. Here each task reports the one shape its rows have (or that they differ) and the
 * driver compares the reports: one stage, no shuffle, a few bytes per task.
 *
 * <p>Records with a null shape are left out, as {@code min} and {@code max} leave them out: they
 * are bad records, and the per-record checks report them. A shape that is not a valid record
 * shape ({@link ListCells#readShape}: a null or non-positive dimension, an unsupported rank)
 * makes the answer "not uniform", so no metadata is written for it.
 */
final class UniformShapeProbe {
    private UniformShapeProbe() {
    }

    /**
     * The shape every non-null cell of {@code shapeColumn} holds, or null when they differ, when
     * there are none, or when the column is not {@code array<int>} or {@code array<bigint>}.
     */
    static int[] find(InputTable input, String shapeColumn) {
        int ordinal = input.ordinalOf(shapeColumn);
        if (ordinal < 0 || !(input.schema().fields()[ordinal].dataType() instanceof ArrayType array)) {
            return null; // the planner reports a missing or mistyped shape column
        }
        DataType element = array.elementType();
        if (!(element instanceof IntegerType || element instanceof LongType)) {
            return null;
        }
        org.apache.spark.sql.classic.Dataset<Row> shapes = (org.apache.spark.sql.classic.Dataset<Row>)
                input.rows().select(input.rows().col(InputTable.quoted(shapeColumn)));
        List<Report> reports = shapes.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(new PartitionShape(element instanceof LongType, shapeColumn)).collect();
        int[] uniform = null;
        for (Report report : reports) {
            if (!report.uniform()) {
                return null;
            }
            if (report.shape() == null) {
                continue; // a partition without shapes
            }
            if (uniform == null) {
                uniform = report.shape();
            } else if (!Arrays.equals(uniform, report.shape())) {
                return null;
            }
        }
        return uniform;
    }

    /** One task's answer: the one shape its rows have (null if it had none), or not uniform. */
    record Report(boolean uniform, int[] shape) implements Serializable {
    }

    /** Reads one partition's shape cells and reports. */
    private static final class PartitionShape implements FlatMapFunction<Iterator<InternalRow>, Report> {
        private static final long serialVersionUID = 1L;
        private static final Report NOT_UNIFORM = new Report(false, null);
        private final boolean longs;
        private final String column;

        PartitionShape(boolean longs, String column) {
            this.longs = longs;
            this.column = column;
        }

        @Override
        public Iterator<Report> call(Iterator<InternalRow> rows) {
            int[] first = null;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (row.isNullAt(0)) {
                    continue;
                }
                int[] shape;
                try {
                    shape = ListCells.readShape(row.getArray(0), longs, column);
                } catch (BadRecordException e) {
                    return List.of(NOT_UNIFORM).iterator(); // the record's own check reports it
                }
                if (first == null) {
                    first = shape;
                } else if (!Arrays.equals(first, shape)) {
                    return List.of(NOT_UNIFORM).iterator();
                }
            }
            return List.of(new Report(true, first)).iterator();
        }
    }
}
