package io.tensorpool.job;

import io.tensorpool.job.read.BulkListColumn;
import io.tensorpool.job.sparkline.SparkLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;
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
    private static final String FIELD_ID_READ = "spark.sql.parquet.fieldId.read.enabled";

    private final FileSourceScanExec scan;
    /** Where the scan's batches hold the file path and the row index. */
    private final int scanFileOrdinal;
    private final int scanRowOrdinal;
    /** The tensor column the job reads itself, and where it goes in each batch; null when Spark reads every column. */
    private final BulkListColumn bulk;
    private final int bulkOrdinal;

    private ColumnarScan(FileSourceScanExec scan, int fileOrdinal, int rowOrdinal, BulkListColumn bulk, int bulkOrdinal) {
        this.scan = scan;
        this.scanFileOrdinal = fileOrdinal;
        this.scanRowOrdinal = rowOrdinal;
        this.bulk = bulk;
        this.bulkOrdinal = bulkOrdinal;
    }

    /** The columnar scan of {@code input}, or null when its plan is not one we can read this way. */
    static ColumnarScan of(InputTable input) {
        return of(input.rows(), input.schema().size());
    }

    /**
     * The columnar scan of {@code input} without its {@code array<float>} column {@code tensor},
     * which the job reads itself ({@link BulkListColumn}) into the batches at its ordinal: the
     * rows are the same rows at the same ordinals. Null when the plan without the column is not
     * one we can read this way, or when Spark matches Parquet columns by field id, which the
     * job's reader does not.
     */
    static ColumnarScan withBulkTensor(InputTable input, int tensor) {
        StructField field = input.schema().fields()[tensor];
        if (!(field.dataType() instanceof ArrayType type) || !type.elementType().equals(DataTypes.FloatType)) {
            return null;
        }
        Dataset<Row> rows = input.rows();
        String[] names = rows.columns();
        List<Column> kept = new ArrayList<>(names.length - 1);
        for (int i = 0; i < names.length; i++) {
            if (i != tensor) {
                kept.add(rows.col(InputTable.quoted(names[i])));
            }
        }
        ColumnarScan pruned = of(rows.select(kept.toArray(new Column[0])), input.schema().size() - 1);
        if (pruned == null) {
            return null;
        }
        var spark = pruned.scan.relation().sparkSession();
        if (Boolean.parseBoolean(spark.sessionState().conf().getConfString(FIELD_ID_READ, "false"))) {
            return null;
        }
        Configuration hadoop = spark.sessionState().newHadoopConfWithOptions(pruned.scan.relation().options());
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(hadoop));
        BulkListColumn column = new BulkListColumn(conf, field.name(), type,
                spark.sessionState().conf().caseSensitiveAnalysis());
        return new ColumnarScan(pruned.scan, pruned.scanFileOrdinal, pruned.scanRowOrdinal, column, tensor);
    }

    /**
     * The columnar scan of {@code rows}, whose first {@code count} columns must be the scan's
     * data columns in order, followed by the file path and the row index.
     */
    private static ColumnarScan of(Dataset<Row> rows, int count) {
        QueryExecution execution = SparkLine.get().queryExecution(rows);
        Seq<SparkPlan> leaves = execution.executedPlan().collectLeaves();
        if (leaves.size() != 1 || !(leaves.head() instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
            return null;
        }
        List<ExprId> columns = inputColumns(execution.analyzed(), count);
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
            return new ColumnarScan(scan, n, n + 1, null, -1);
        }
        if (second.dataType().equals(DataTypes.StringType) && first.dataType().equals(DataTypes.LongType)) {
            return new ColumnarScan(scan, n + 1, n, null, -1);
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
        JavaRDD<ColumnarBatch> batches = scan.executeColumnar().toJavaRDD();
        if (bulk != null) {
            batches = batches.mapPartitions(new WithBulkColumn(bulk, bulkOrdinal, scanFileOrdinal, scanRowOrdinal));
        }
        return batches.mapPartitions(new BatchRows()).rdd();
    }

    /** Where the row views hold the source file's path. */
    int fileOrdinal() {
        return bulk == null ? scanFileOrdinal : scanFileOrdinal + 1;
    }

    /** Where the row views hold the row's index inside its file. */
    int rowOrdinal() {
        return bulk == null ? scanRowOrdinal : scanRowOrdinal + 1;
    }

    /**
     * Puts the job's own tensor column into each of the scan's batches, at the ordinal the
     * input gives it; the scan's columns after it move one place on.
     */
    private static final class WithBulkColumn implements FlatMapFunction<Iterator<ColumnarBatch>, ColumnarBatch> {
        private static final long serialVersionUID = 1L;

        private final BulkListColumn bulk;
        private final int ordinal;
        private final int fileOrdinal;
        private final int rowOrdinal;

        WithBulkColumn(BulkListColumn bulk, int ordinal, int fileOrdinal, int rowOrdinal) {
            this.bulk = bulk;
            this.ordinal = ordinal;
            this.fileOrdinal = fileOrdinal;
            this.rowOrdinal = rowOrdinal;
        }

        @Override
        public Iterator<ColumnarBatch> call(Iterator<ColumnarBatch> batches) {
            BulkListColumn.Task task = bulk.startTask();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public ColumnarBatch next() {
                    ColumnarBatch scanned = batches.next();
                    int rows = scanned.numRows();
                    ColumnVector[] columns = new ColumnVector[scanned.numCols() + 1];
                    for (int i = 0, from = 0; i < columns.length; i++) {
                        columns[i] = i == ordinal
                                ? task.vector(scanned.column(fileOrdinal), scanned.column(rowOrdinal), rows)
                                : scanned.column(from++);
                    }
                    return new ColumnarBatch(columns, rows);
                }
            };
        }
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
