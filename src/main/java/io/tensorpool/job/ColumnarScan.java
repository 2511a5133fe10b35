package io.tensorpool.job;

import java.util.ArrayList;
import io.tensorpool.job.sparkline.SparkLine;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.FileSourceMetadataAttribute$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.Seq;

/**
 * The input rows taken straight from Parquet's vectorized reader, as views over its column
 * batches, instead of through the row conversion Spark puts after a scan.
 *
 * <p>Why: that conversion copies every record into an {@code UnsafeRow}, and an
 * {@code array<float>} cell is copied there element by element, with a null check and two
 * virtual calls per element, before the job copies it once more into a {@code float[]}. Over a
 * column batch the same cell is one {@code System.arraycopy} out of the reader's own vector
 * ({@code ColumnarArray.toFloatArray}), and a binary cell one copy instead of two.
 *
 * <p>The rows handed on are {@code ColumnarBatchRow} views that stay valid until the next row is
 * asked for; the pooler reads what it needs from each before pulling the next, and Spark's
 * projection after it copies every output row, so nothing outlives its batch.
 *
 * <p>The scan is used only when the plan is exactly one columnar Parquet scan whose output is
 * the input's columns in the input's order followed by the file path and the row index (the
 * {@code _metadata} fields the job asks for). Columns are matched by expression id and the two
 * metadata fields by the flag Spark puts on its own metadata attributes, never by name: a data
 * column called {@code _metadata} or {@code file_path} is a data column. Anything else (image folders, a reader that is not
 * vectorized, partition columns in between, a future Spark that plans it differently) falls back
 * to {@code queryExecution().toRdd()}, which gives the same rows more slowly.
 */
final class ColumnarScan {
    private final FileSourceScanExec scan;
    private final int fileOrdinal;
    private final int rowOrdinal;

    private ColumnarScan(FileSourceScanExec scan, int fileOrdinal, int rowOrdinal) {
        this.scan = scan;
        this.fileOrdinal = fileOrdinal;
        this.rowOrdinal = rowOrdinal;
    }

    /** The columnar scan of {@code input}, or null when its plan is not one we can read this way. */
    static ColumnarScan of(InputTable input) {
        QueryExecution execution = SparkLine.get().queryExecution(input.rows());
        Seq<SparkPlan> leaves = execution.executedPlan().collectLeaves();
        if (leaves.size() != 1 || !(leaves.head() instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
            return null;
        }
        List<ExprId> columns = inputColumns(execution.analyzed(), input.schema().size());
        Seq<Attribute> output = scan.output();
        if (columns == null || output.size() != columns.size() + 2) {
            return null;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!output.apply(i).exprId().equals(columns.get(i))) {
                return null;
            }
        }
        int n = columns.size();
        Attribute first = output.apply(n);
        Attribute second = output.apply(n + 1);
        if (!isFileMetadata(first) || !isFileMetadata(second)) {
            return null;
        }
        if (first.dataType().equals(DataTypes.StringType) && second.dataType().equals(DataTypes.LongType)) {
            return new ColumnarScan(scan, n, n + 1);
        }
        if (second.dataType().equals(DataTypes.StringType) && first.dataType().equals(DataTypes.LongType)) {
            return new ColumnarScan(scan, n + 1, n);
        }
        return null;
    }

    /**
     * The expression ids of the input's own columns: the first {@code count} items of the
     * projection {@link InputTable#read} makes, or null when the plan is not that projection.
     */
    private static List<ExprId> inputColumns(LogicalPlan analyzed, int count) {
        if (!(analyzed instanceof Project project) || project.projectList().size() != count + 2) {
            return null;
        }
        List<ExprId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!(project.projectList().apply(i) instanceof AttributeReference attribute)) {
                return null;
            }
            ids.add(attribute.exprId());
        }
        return ids;
    }

    /**
     * True for a column Spark's file source adds from its hidden metadata (it flags them in the
     * attribute's metadata); never for a data column, whatever its name.
     */
    private static boolean isFileMetadata(Attribute attribute) {
        String flag = FileSourceMetadataAttribute$.MODULE$.FILE_SOURCE_METADATA_COL_ATTR_KEY();
        return attribute.metadata().contains(flag) && attribute.metadata().getBoolean(flag);
    }

    /** The input rows: every column of the input in its order, then the file path and the row index. */
    RDD<InternalRow> rows() {
        return scan.executeColumnar().toJavaRDD().mapPartitions(new BatchRows()).rdd();
    }

    /** Where the row views hold the source file's path. */
    int fileOrdinal() {
        return fileOrdinal;
    }

    /** Where the row views hold the row's index inside its file. */
    int rowOrdinal() {
        return rowOrdinal;
    }

    /** Walks the rows of each batch in turn. */
    private static final class BatchRows implements FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<InternalRow> call(Iterator<ColumnarBatch> batches) {
            return new Iterator<>() {
                private Iterator<InternalRow> rows = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!rows.hasNext() && batches.hasNext()) {
                        rows = batches.next().rowIterator();
                    }
                    return rows.hasNext();
                }

                @Override
                public InternalRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return rows.next();
                }
            };
        }
    }
}
