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
 * The calls whose form differs between the Spark lines the job is built for (3.5, 4.0, 4.1,
 * 4.2): everything else in the job is written once against the API every line shares.
 *
 * <p>Each line's build compiles exactly one implementation, {@code LineCalls}, from its own
 * source folder ({@code src/main/spark-3.5/java} or {@code src/main/spark-4/java}, chosen by the
 * Maven profile); {@link #get()} returns it. The binding is made by the compiler, not at run
 * time, so a jar holds the calls of the line it was built for and no other; {@link BuiltLine}
 * refuses to run it on another line. See the package documentation for how to add a call.
 */
public interface SparkLine {

    /** This build's implementation. */
    static SparkLine get() {
        return LineCalls.INSTANCE;
    }

    /**
     * The query execution behind {@code dataset}: its analyzed, optimized and physical plans,
     * and {@code toRdd()}, the plan's rows as Spark's internal rows without any conversion.
     */
    QueryExecution queryExecution(Dataset<?> dataset);

    /**
     * A dataset of {@code schema} over internal rows, taken as they are: no conversion to or from
     * external {@code Row}s, so no element of an array cell is boxed.
     */
    Dataset<Row> fromInternalRows(SparkSession spark, RDD<InternalRow> rows, StructType schema);

    /** The error condition (error class) Spark gave {@code error}, such as {@code PATH_NOT_FOUND}, or null. */
    String errorCondition(SparkThrowable error);

    /**
     * The top-level column {@code name} as a parameter of a partitioning hint
     * ({@code Dataset.hint("rebalance", ...)}): Spark 4 turns a column name there into an
     * attribute, Spark 3.5 takes only an attribute (a name or a {@code Column} is refused).
     */
    Object hintColumn(String name);
}
