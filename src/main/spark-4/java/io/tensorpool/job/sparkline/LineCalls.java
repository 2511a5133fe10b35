package io.tensorpool.job.sparkline;

import org.apache.spark.SparkThrowable;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.types.StructType;

/**
 * {@link SparkLine} for Spark 4.0, 4.1 and 4.2. Since 4.0 {@code org.apache.spark.sql.Dataset} and
 * {@code SparkSession} are the API shared with Spark Connect; the sessions and datasets that run
 * in this JVM are their subclasses in {@code org.apache.spark.sql.classic}, which hold the query
 * execution and the internal-row constructor.
 */
final class LineCalls implements SparkLine {
    static final SparkLine INSTANCE = new LineCalls();

    private LineCalls() {
    }

    @Override
    public QueryExecution queryExecution(Dataset<?> dataset) {
        return ((org.apache.spark.sql.classic.Dataset<?>) dataset).queryExecution();
    }

    @Override
    public Dataset<Row> fromInternalRows(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
    }

    @Override
    public String errorCondition(SparkThrowable error) {
        return error.getCondition();
    }

    @Override
    public Object hintColumn(String name) {
        return name;
    }
}
