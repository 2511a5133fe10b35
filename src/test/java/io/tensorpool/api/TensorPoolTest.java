package io.tensorpool.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;
import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputDType;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.TensorLayout;
import io.tensorpool.config.TensorSpec;
import io.tensorpool.job.JobRunner;
import io.tensorpool.job.SameBits;
import io.tensorpool.job.SparkTestSession;
import io.tensorpool.kernel.MaxPool2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorPoolTest {
    private static final Path SAMPLE_CONFIG = Path.of("conf/images-pipeline.yaml");
    private static final String SAMPLE_INPUT = "sample-data/images/cifar-like.parquet";

    @TempDir
    Path temp;

    private static SparkSession spark() {
        return SparkTestSession.get();
    }

    /** Four 1x2x2 records in memory (no file scan), the third with a shape its values do not fill. */
    private static Dataset<Row> inMemory() {
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), true);
        List<Row> rows = List.of(
                RowFactory.create(1L, List.of(1f, 2f, 3f, 4f), List.of(1, 2, 2)),
                RowFactory.create(2L, List.of(5f, 8f, 7f, 6f), List.of(1, 2, 2)),
                RowFactory.create(3L, List.of(1f, 2f, 3f), List.of(1, 2, 2)),
                RowFactory.create(4L, List.of(-1f, -2f, -3f, -4f), List.of(1, 2, 2)));
        return spark().createDataFrame(rows, schema).repartition(1);
    }

    private static PoolingSpec maxPool2x2(String onBadRecord) {
        return PoolingSpec.fromYaml("""
                input: {tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                errors: {on_bad_record: %s}
                """.formatted(onBadRecord));
    }

    @Test
    void theJobAndTheLibraryGiveTheSameRowsAndSchemaOnTheSampleData() throws Exception {
        Path jobOut = temp.resolve("job");
        JobConfig config = ConfigLoader.load(SAMPLE_CONFIG, ConfigOverrides.none().withOutput(jobOut.toString()));
        new JobRunner(spark()).run(config);

        PoolingSpec spec = PoolingSpec.fromYaml(Files.readString(SAMPLE_CONFIG));
        PooledDataset pooled = TensorPool.pool(spark().read().parquet(SAMPLE_INPUT), spec);
        Path libraryOut = temp.resolve("library");
        pooled.rows().write().parquet(libraryOut.toString());

        Dataset<Row> fromJob = spark().read().parquet(jobOut.toString());
        Dataset<Row> fromLibrary = spark().read().parquet(libraryOut.toString());
        assertEquals(fromJob.schema(), fromLibrary.schema(), "the same schema, column metadata included");
        assertEquals(fromJob.schema().apply("x").metadata(), pooled.rows().schema().apply("x").metadata());
        List<Row> jobRows = fromJob.orderBy("id").collectAsList();
        List<Row> libraryRows = fromLibrary.orderBy("id").collectAsList();
        assertEquals(64, jobRows.size());
        for (int i = 0; i < jobRows.size(); i++) {
            assertTrue(SameBits.same(jobRows.get(i), libraryRows.get(i)), "row " + i + " differs, bit for bit");
        }
        assertEquals(new PoolingCounts(64, 64, Map.of(), Map.of("[3, 8, 8]", 64L)), pooled.counts());
    }

    @Test
    void thePooledPlanNeverConvertsTensorElementsOneByOne() {
        PooledDataset pooled = TensorPool.pool(spark().read().parquet(SAMPLE_INPUT), maxPool2x2("fail"));
        String plan = pooled.rows().queryExecution().toString().toLowerCase();
        assertFalse(plan.contains("mapobjects"), plan);
    }

    @Test
    void badRecordsAreCountedOnceAndOfferedAsRejectedRowsNamedByPartitionAndOffset() {
        PooledDataset pooled = TensorPool.pool(inMemory(), maxPool2x2("quarantine"));
        assertEquals(new PoolingCounts(0, 0, Map.of(), Map.of()), pooled.counts(), "nothing has run yet");

        List<Row> rows = pooled.rows().orderBy("id").collectAsList();
        assertEquals(List.of(1L, 2L, 4L), rows.stream().map(r -> r.getLong(0)).toList());
        assertEquals(List.of(4f), rows.get(0).getList(1));
        assertEquals(List.of(8f), rows.get(1).getList(1));
        assertEquals(List.of(1, 1, 1), rows.get(1).getList(2));
        pooled.rows().count();
        PoolingCounts counts = pooled.counts();
        assertEquals(new PoolingCounts(4, 3, Map.of("shape_mismatch", 1L), Map.of("[1, 1, 1]", 3L)), counts,
                "a second action does not count the records again");

        List<Row> rejected = pooled.rejected().collectAsList();
        assertEquals(1, rejected.size());
        Row bad = rejected.get(0);
        assertEquals(3L, bad.getLong(0));
        assertEquals("shape_mismatch", bad.getAs("tensorpool_reason"));
        assertEquals("partition 0", bad.getAs("tensorpool_source_file"));
        assertEquals(2L, (long) bad.getAs("tensorpool_source_row"), "its offset in the partition");
        assertEquals(Arrays.asList("id", "x", "shape", "tensorpool_reason", "tensorpool_error",
                "tensorpool_source_file", "tensorpool_source_row"), Arrays.asList(bad.schema().fieldNames()));
    }

    @Test
    void underFailTheActionFailsWithTheJobsMessage() {
        PooledDataset pooled = TensorPool.pool(inMemory(), maxPool2x2("fail"));
        Exception failure = assertThrows(Exception.class, () -> pooled.rows().collectAsList());
        TensorPoolException known = TensorPool.failureOf(failure).orElseThrow();
        assertTrue(known.getMessage().startsWith("Cannot pool row 2 of partition 0: "), known.getMessage());
        assertEquals(ExitCode.FAILED, known.exit(), "the job's exit code for a run a bad record stopped");
        assertThrows(IllegalStateException.class, pooled::rejected);
    }

    @Test
    void aSchemaThatDoesNotFitFailsBeforeAnyRecordIsRead() {
        PoolingSpec spec = PoolingSpec.fromYaml("""
                input: {tensor: {column: pixels, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                """);
        TensorPoolException e = assertThrows(TensorPoolException.class, () -> TensorPool.pool(inMemory(), spec));
        assertEquals("Cannot read input (dataset): it has no column 'pixels' (input.tensor.column); its columns are"
                + " id, x, shape", e.getMessage());
    }

    @Test
    void aSpecBuiltInCodeEqualsTheSameSpecFromYaml() {
        PoolingSpec built = PoolingSpec.builder()
                .tensor(new TensorSpec("x", TensorLayout.LIST, "shape", null, null, null, null))
                .op(MaxPool2d.of(2))
                .output(OutputLayout.LIST, OutputDType.KEEP)
                .errors(BadRecordPolicy.QUARANTINE, 0)
                .build();
        assertEquals(maxPool2x2("quarantine"), built);
    }

    @Test
    void aJobsConfigFileIsASpecWhosePathsAreReplaced() throws Exception {
        PoolingSpec spec = PoolingSpec.fromYaml(Files.readString(SAMPLE_CONFIG));
        String canonical = spec.toString();
        assertTrue(canonical.contains("\"path\":\"(dataset)\""), canonical);
        assertTrue(canonical.contains("\"path\":\"(pooled dataset)\""), canonical);
        assertFalse(canonical.contains("cifar-like"), canonical);
        assertEquals("shape", spec.tensor().shapeColumn());
        assertEquals(2, spec.ops().ops().size());
    }
}
