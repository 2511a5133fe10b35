package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet reader batch follows the tensor size instead of Spark's fixed 4096 rows. */
@SparkLineTest
class ReaderBatchSizerTest {
    @TempDir
    Path temp;

    @Test
    void rowsAimAtThirtyTwoMegabytesPerBatchWithinSparksBounds() {
        assertEquals(10, ReaderBatchSizer.rowsFor(3 * 512 * 512 * 4), "3 MB records: 10 per batch");
        assertEquals(55, ReaderBatchSizer.rowsFor(3 * 224 * 224 * 4), "600 KB records: 55 per batch");
        assertEquals(1, ReaderBatchSizer.rowsFor(64L << 20), "a record above the target: one at a time");
        assertEquals(4096, ReaderBatchSizer.rowsFor(64), "small records keep Spark's default");
        assertEquals(4096, ReaderBatchSizer.rowsFor(0), "unknown size keeps Spark's default");
    }

    @Test
    void aRunOnThreeMegabyteRecordsReadsTenRowsAtATime() {
        Path input = temp.resolve("big.parquet");
        float[] big = new float[3 * 512 * 512];
        spark().createDataFrame(List.of(RowFactory.create(0, big, new int[] {3, 512, 512}),
                        RowFactory.create(1, big, new int[] {3, 512, 512})),
                new StructType().add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                        .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true)))
                .coalesce(1).write().option("compression", "none").parquet(input.toString());
        RunReport report = run(yaml("""
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(input), temp.resolve("out")));
        assertEquals(2, report.recordsOut());
        assertEquals("10", spark().conf().get(ReaderBatchSizer.BATCH_SIZE_KEY));
    }
}
