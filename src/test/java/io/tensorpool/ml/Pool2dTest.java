package io.tensorpool.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.BuildFolder;
import io.tensorpool.job.SameBits;
import io.tensorpool.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pool2dTest {
    private static final String SAMPLE_INPUT = "sample-data/images/cifar-like.parquet";

    @TempDir
    Path temp;

    private static SparkSession spark() {
        return SparkTestSession.get();
    }

    private static Pool2d maxPool2x2() {
        return new Pool2d().setInputCol("x").setShapeCol("shape").setOps("[{op: max_pool2d, kernel_size: 2}]");
    }

    @Test
    void aPipelineWithTheStageSavesAndLoadsInANewSessionGivingTheSameRows() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            maxPool2x2().setOutputCol("pooled"),
            new SQLTransformer().setStatement(
                    "SELECT id, pooled, shape, aggregate(pooled, 0D, (s, v) -> s + v) AS pooled_sum FROM __THIS__")});
        Dataset<Row> input = spark().read().parquet(SAMPLE_INPUT);
        PipelineModel model = pipeline.fit(input);
        Path here = temp.resolve("here");
        model.transform(input).write().parquet(here.toString());
        Path saved = temp.resolve("model");
        model.save(saved.toString());

        Path there = temp.resolve("there");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", BuildFolder.resolve("test-classes") + ":" + BuildFolder.jobClasspath(),
                SavedPipelineRun.class.getName(), saved.toString(), SAMPLE_INPUT, there.toString()));
        command.removeIf(String::isEmpty);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("child.txt").toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish in 5 minutes");
        assertEquals(0, process.exitValue(), Files.readString(temp.resolve("child.txt")));

        Dataset<Row> expected = spark().read().parquet(here.toString());
        Dataset<Row> loaded = spark().read().parquet(there.toString());
        assertEquals(expected.schema(), loaded.schema());
        assertEquals(List.of("id", "pooled", "shape", "pooled_sum"), List.of(expected.schema().fieldNames()));
        List<Row> a = expected.orderBy("id").collectAsList();
        List<Row> b = loaded.orderBy("id").collectAsList();
        assertEquals(64, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(SameBits.same(a.get(i), b.get(i)), "row " + i + " differs, bit for bit");
        }
        assertEquals(List.of(3, 16, 16), a.get(0).getList(2), "the shape column holds the output shape");
        Pool2d stage = (Pool2d) PipelineModel.load(saved.toString()).stages()[0];
        assertEquals("[{op: max_pool2d, kernel_size: 2}]", stage.getOps());
        assertEquals("pooled", stage.getOutputCol());
    }

    @Test
    void aColumnOfTheWrongTypeFailsInTransformSchemaWithoutAJob() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("x", DataTypes.StringType)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType));
        Dataset<Row> input = spark().createDataFrame(List.of(), schema);
        int jobs = jobsStartedBy(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> maxPool2x2().transformSchema(schema));
            assertEquals("requirement failed: Column x must be of type array of numbers (e.g. array<float>) for"
                    + " layout list but was actually string.", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> maxPool2x2().transform(input));
        });
        assertEquals(0, jobs, "no Spark job may start");
    }

    @Test
    void aMissingColumnFailsInTransformSchemaWithoutAJob() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType));
        int jobs = jobsStartedBy(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Pipeline().setStages(new PipelineStage[] {maxPool2x2()}).transformSchema(schema));
            assertEquals("requirement failed: Column x does not exist. Available: id, pixels, shape.", e.getMessage());
        });
        assertEquals(0, jobs, "no Spark job may start");
    }

    @Test
    void transformSchemaGivesTheSchemaOfThePooledRowsWithoutAJob() throws Exception {
        Dataset<Row> input = spark().read().parquet(SAMPLE_INPUT);
        StructType[] schema = new StructType[1];
        int jobs = jobsStartedBy(() -> schema[0] = maxPool2x2().setOutputCol("pooled").transformSchema(input.schema()));
        assertEquals(0, jobs, "no Spark job may start");
        assertTrue(jobsStartedBy(() -> spark().range(3).count()) > 0, "the listener sees the jobs that start");
        assertEquals(maxPool2x2().setOutputCol("pooled").transform(input).schema(), schema[0]);
        assertEquals(input.schema().add(schema[0].apply("pooled")).fieldNames().length, schema[0].size());
        assertEquals(input.schema().apply("x"), schema[0].apply("x"), "the input column is kept");
    }

    @Test
    void opsThatBreakAConfigRuleAreRefusedWhenSetWithTheConfigsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Pool2d().setOps("[{op: max_pool2d, kernel_size: 0}]"));
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pool2d().setLayout("lists"));
        assertThrows(IllegalArgumentException.class, () -> new Pool2d().setOnBadRecord("quarantine"));
    }

    /** How many Spark jobs start while {@code action} runs. */
    private static int jobsStartedBy(Runnable action) throws Exception {
        AtomicInteger started = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                started.incrementAndGet();
            }
        };
        spark().sparkContext().listenerBus().waitUntilEmpty();
        spark().sparkContext().addSparkListener(listener);
        try {
            action.run();
            spark().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark().sparkContext().removeSparkListener(listener);
        }
        return started.get();
    }
}
