package io.tensorpool.job;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
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
 * are bad records, and the planner's per-record checks report them. A shape with a null or
 * non-positive dimension makes the answer "not uniform", so no metadata is written for it.
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
                .mapPartitions(new PartitionShape(element instanceof LongType)).collect();
        long[] uniform = null;
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
        return uniform == null ? null : toDimensions(uniform);
    }

    private static int[] toDimensions(long[] dims) {
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > Integer.MAX_VALUE) {
                return null;
            }
            shape[i] = (int) dims[i];
        }
        return shape;
    }

    /** One task's answer: the one shape its rows have (null if it had none), or not uniform. */
    record Report(boolean uniform, long[] shape) implements Serializable {
    }

    /** Reads one partition's shape cells and reports. */
    private static final class PartitionShape implements FlatMapFunction<Iterator<InternalRow>, Report> {
        private static final long serialVersionUID = 1L;
        private final boolean longs;

        PartitionShape(boolean longs) {
            this.longs = longs;
        }

        @Override
        public Iterator<Report> call(Iterator<InternalRow> rows) {
            long[] first = null;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (row.isNullAt(0)) {
                    continue;
                }
                ArrayData cell = row.getArray(0);
                if (first == null) {
                    first = read(cell);
                    if (first == null) {
                        return List.of(new Report(false, null)).iterator();
                    }
                } else if (!same(first, cell)) {
                    return List.of(new Report(false, null)).iterator();
                }
            }
            return List.of(new Report(true, first)).iterator();
        }

        private long[] read(ArrayData cell) {
            long[] dims = new long[cell.numElements()];
            for (int i = 0; i < dims.length; i++) {
                if (cell.isNullAt(i)) {
                    return null;
                }
                dims[i] = longs ? cell.getLong(i) : cell.getInt(i);
            }
            return dims;
        }

        private boolean same(long[] first, ArrayData cell) {
            if (cell.numElements() != first.length) {
                return false;
            }
            for (int i = 0; i < first.length; i++) {
                if (cell.isNullAt(i) || (longs ? cell.getLong(i) : cell.getInt(i)) != first[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
