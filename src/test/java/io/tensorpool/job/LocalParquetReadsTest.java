package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import io.tensorpool.job.sparkline.SparkLine;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalParquetReads}: vectored reads off for local input only, and never over the user's setting. */
@SparkLineTest
class LocalParquetReadsTest {
    @TempDir
    Path dir;

    private static SparkSession spark() {
        return JobTestSupport.spark();
    }

    /** A file system of another scheme, standing in for an object store. */
    public static final class RemoteLookingFileSystem extends RawLocalFileSystem {
        @Override
        public String getScheme() {
            return "remotelooking";
        }

        @Override
        public URI getUri() {
            return URI.create("remotelooking:///");
        }
    }

    @Test
    void localInputReadsWithoutVectoredIo() {
        assertEquals(Map.of(LocalParquetReads.VECTORED_IO_KEY, "false"),
                LocalParquetReads.options(spark(), dir.toString()));
        assertEquals(Map.of(LocalParquetReads.VECTORED_IO_KEY, "false"),
                LocalParquetReads.options(spark(), dir.toUri().toString()));
    }

    @Test
    void otherFileSystemsKeepParquetsDefault() {
        Configuration hadoop = spark().sparkContext().hadoopConfiguration();
        hadoop.set("fs.remotelooking.impl", RemoteLookingFileSystem.class.getName());
        try {
            assertEquals(Map.of(), LocalParquetReads.options(spark(), "remotelooking:///data/tensors"));
        } finally {
            hadoop.unset("fs.remotelooking.impl");
        }
    }

    @Test
    void theUsersSettingIsKept() {
        Configuration hadoop = spark().sparkContext().hadoopConfiguration();
        hadoop.set(LocalParquetReads.VECTORED_IO_KEY, "true");
        try {
            assertEquals(Map.of(), LocalParquetReads.options(spark(), dir.toString()));
        } finally {
            hadoop.unset(LocalParquetReads.VECTORED_IO_KEY);
        }
    }

    @Test
    void theJobsInputRelationCarriesTheOption() {
        String path = dir.resolve("in").toString();
        spark().range(0, 4, 1, 1).selectExpr("id", "array(cast(id as float)) as x").write().parquet(path);
        String yaml = """
                input: {path: %s, tensor: {column: x, shape: [1, 1, 1]}}
                ops:
                  - {op: max_pool2d, kernel_size: 1}
                output: {path: %s}
                """.formatted(path, dir.resolve("out"));
        InputTable input = InputTable.read(spark(), JobTestSupport.yaml(yaml, dir.resolve("out")).input());
        LogicalPlan plan = SparkLine.get().queryExecution(input.rows()).analyzed();
        LogicalRelation leaf = (LogicalRelation) plan.collectLeaves().head();
        HadoopFsRelation relation = (HadoopFsRelation) leaf.relation();
        assertEquals("false", relation.options().get(LocalParquetReads.VECTORED_IO_KEY).get());
    }
}
