package io.tensorpool.job.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.JobRunner;
import io.tensorpool.job.RunReport;
import io.tensorpool.job.SparkTestSession;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.RawTensorCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job with its default writer on thousands of random records (random shapes of rank 2 to 4,
 * NaN payloads, signed zeros, infinities, subnormals, the extremes of every type), read back by
 * Spark, by parquet-java and by DuckDB, and compared bit for bit with what the kernels give for
 * each record; the statistics, read raw from the footers and from the column indexes, compared
 * with the values of their row group and page. Pages and row groups are made small so that a
 * file has many of each, some pages of NaN only among them.
 */
@SparkLineTest
class BulkRoundTripTest {
    private static final List<String> LISTS = List.of("x", "shape", "indices");

    @TempDir
    Path dir;

    private final Map<String, String> savedConf = new HashMap<>();

    private static SparkSession spark() {
        return SparkTestSession.get();
    }

    @BeforeEach
    void smallPagesAndRowGroups() {
        setConf("parquet.page.size", "2048");
        setConf("parquet.block.size", String.valueOf(96 << 10));
    }

    @AfterEach
    void restoreConf() {
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        savedConf.forEach((key, value) -> {
            if (value == null) {
                conf.unset(key);
            } else {
                conf.set(key, value);
            }
        });
    }

    private void setConf(String key, String value) {
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        savedConf.putIfAbsent(key, conf.get(key));
        conf.set(key, value);
    }

    @Test
    void float32ListsRoundTripBitForBitThroughSparkParquetJavaAndDuckDb() {
        Random random = new Random(20261203L);
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), true)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), true);
        List<Row> rows = new ArrayList<>();
        Map<Long, Tensor> inputs = new HashMap<>();
        int bad = 0;
        for (long id = 0; id < 3000; id++) {
            int[] shape = RandomTensors.shape(random);
            if (random.nextInt(100) == 0) {
                // an empty plane: a zero dimension and no values, a bad record the job skips
                shape[shape.length - 1 - random.nextInt(2)] = 0;
                rows.add(RowFactory.create(id, new float[0], shape));
                bad++;
                continue;
            }
            Tensor tensor = RandomTensors.tensor(ElementType.FLOAT32, random, shape);
            inputs.put(id, tensor);
            rows.add(RowFactory.create(id, tensor.floats(), shape));
        }
        // Spark's own writer would store every NaN as 0x7fc00000 (parquet-java writes floats with
        // floatToIntBits); the bulk writer keeps each NaN's bits, so the input holds the payloads.
        Path input = dir.resolve("in");
        spark().createDataFrame(rows, schema).repartition(3).write().format(TensorParquetFormat.class.getName())
                .save(input.toString());

        JobConfig config = config(input, "layout: list, shape_column: shape", dir.resolve("out"), "tensorpool");
        RunReport report = new JobRunner(spark()).run(config);
        assertEquals(3000 - bad, report.recordsOut());

        Map<Long, Map<String, long[]>> expected = expected(config, inputs);
        assertTrue(distinctNaNs(expected) >= 4, "the data must hold NaNs of several payloads");
        checkEveryReader(dir.resolve("out"), expected, "float32");

        // The fallback writes the same values (NaN payloads aside) under the same schema and footer metadata.
        JobConfig fallback = config(input, "layout: list, shape_column: shape", dir.resolve("spark"), "spark");
        new JobRunner(spark()).run(fallback);
        WriterComparison.assertSameFiles(dir.resolve("spark"), dir.resolve("out"), LISTS);
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT64", "INT8", "UINT8", "INT16", "INT32", "INT64"})
    void everyElementTypeRoundTripsBitForBit(ElementType type) {
        Random random = new Random(7L * type.ordinal() + 1);
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("x", DataTypes.BinaryType, false)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
        List<Row> rows = new ArrayList<>();
        Map<Long, Tensor> inputs = new HashMap<>();
        for (long id = 0; id < 600; id++) {
            Tensor tensor = RandomTensors.tensor(type, random, RandomTensors.shape(random));
            inputs.put(id, tensor);
            rows.add(RowFactory.create(id, RawTensorCodec.encode(tensor, io.tensorpool.config.StorageDType.valueOf(
                    type.name())), tensor.shape()));
        }
        Path input = dir.resolve("in");
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());
        JobConfig config = config(input, "layout: binary, shape_column: shape, dtype: "
                + type.name().toLowerCase(Locale.ROOT), dir.resolve("out"), "tensorpool");
        RunReport report = new JobRunner(spark()).run(config);
        assertEquals(600, report.recordsOut());
        checkEveryReader(dir.resolve("out"), expected(config, inputs), type.name());
    }

    private static JobConfig config(Path input, String tensor, Path output, String writer) {
        String yaml = """
                input:
                  path: %s
                  tensor: {column: x, %s}
                ops:
                  - {op: max_pool2d, kernel_size: 1, return_indices: true}
                output: {path: %s, writer: %s}
                errors: {on_bad_record: skip, max_bad_fraction: 0.5}
                """.formatted(input, tensor, output, writer);
        return ConfigLoader.fromYaml(yaml, "round-trip.yaml", ConfigOverrides.none());
    }

    /** What the kernels give for each record: the values, the shape and the indices, as bits. */
    private static Map<Long, Map<String, long[]>> expected(JobConfig config, Map<Long, Tensor> inputs) {
        Map<Long, Map<String, long[]>> expected = new HashMap<>();
        inputs.forEach((id, tensor) -> {
            PoolResult result = config.pipeline().apply(tensor);
            Map<String, long[]> lists = new HashMap<>();
            lists.put("x", RandomTensors.bits(result.values()));
            lists.put("shape", java.util.Arrays.stream(result.values().shape()).asLongStream().toArray());
            lists.put("indices", result.indices());
            expected.put(id, lists);
        });
        return expected;
    }

    private static int distinctNaNs(Map<Long, Map<String, long[]>> expected) {
        Set<Long> nans = new HashSet<>();
        for (Map<String, long[]> row : expected.values()) {
            for (long bits : row.get("x")) {
                if (Float.isNaN(Float.intBitsToFloat((int) bits))) {
                    nans.add(bits);
                }
            }
        }
        return nans.size();
    }

    private static void checkEveryReader(Path out, Map<Long, Map<String, long[]>> expected, String what) {
        // Spark
        List<Row> sparkRows = spark().read().parquet(out.toString()).collectAsList();
        assertEquals(expected.size(), sparkRows.size());
        for (Row row : sparkRows) {
            Map<String, long[]> want = expected.get(row.getLong(row.fieldIndex("id")));
            assertNotNull(want);
            for (String column : LISTS) {
                List<Object> values = row.getList(row.fieldIndex(column));
                long[] got = values.stream().mapToLong(Readers::bitsOf).toArray();
                assertArrayEquals(want.get(column), got, what + " " + column + " read by Spark, row " + row.get(0));
            }
        }
        // parquet-java, file by file, and the statistics against the values of each row group and page
        int seen = 0;
        for (Path file : Readers.files(out)) {
            List<Readers.JavaRow> rows = Readers.parquetJavaRows(file);
            for (Readers.JavaRow row : rows) {
                Map<String, long[]> want = expected.get(row.scalars().get("id"));
                assertNotNull(want);
                for (String column : LISTS) {
                    assertArrayEquals(want.get(column), row.lists().get(column),
                            what + " " + column + " read by parquet-java, row " + row.scalars().get("id"));
                }
            }
            seen += rows.size();
            StatisticsCheck.assertStatisticsMatch(file, rows, LISTS);
        }
        assertEquals(expected.size(), seen);
        // DuckDB
        Map<Long, Map<String, long[]>> duck = Readers.duckDb(out, LISTS);
        assertEquals(expected.keySet(), duck.keySet());
        duck.forEach((id, lists) -> {
            for (String column : LISTS) {
                assertArrayEquals(expected.get(id).get(column), lists.get(column),
                        what + " " + column + " read by DuckDB, row " + id);
            }
        });
    }
}
