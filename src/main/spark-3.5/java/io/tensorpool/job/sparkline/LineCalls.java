package io.tensorpool.job.sparkline;

import org.apache.spark.SparkThrowable;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute$;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.types.StructType;

/**
 * {@link SparkLine} for Spark 3.5 (Scala 2.12 and 2.13). Before 4.0 {@code Dataset} and
 * {@code SparkSession} are themselves the classes that run in this JVM: the query execution and
 * the internal-row constructor ({@code private[sql]} in Scala, public in the bytecode) are on
 * them, and an error's condition is still called its error class.
 */
final class LineCalls implements SparkLine {
    static final SparkLine INSTANCE = new LineCalls();

    private LineCalls() {
    }

    @Override
    public QueryExecution queryExecution(Dataset<?> dataset) {
        return dataset.queryExecution();
    }

    @Override
    public Dataset<Row> fromInternalRows(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        return spark.internalCreateDataFrame(rows, schema, false);
    }

    @Override
    public String errorCondition(SparkThrowable error) {
        return error.getErrorClass();
    }

    @Override
    public Object hintColumn(String name) {
        return UnresolvedAttribute$.MODULE$.quoted(name);
    }
}
