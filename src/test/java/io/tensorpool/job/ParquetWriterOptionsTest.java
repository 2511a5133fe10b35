package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the job asks of Parquet's writer, read back from the footers of the files it wrote. */
@SparkLineTest
class ParquetWriterOptionsTest {
    @TempDir
    static Path temp;

    /** 200 records of one and the same 3x4x4 tensor: a dictionary would pay off, were it allowed. */
    private static Path repeated;

    @BeforeAll
    static void writeRepeatedTensors() {
        repeated = temp.resolve("repeated.parquet");
        float[] tensor = new float[48];
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] = i * 0.25f;
        }
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < 200; id++) {
            rows.add(RowFactory.create(id, id % 3 == 0 ? "test" : "train", tensor, new int[] {3, 4, 4}));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("split", DataTypes.StringType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false));
        spark().createDataFrame(rows, schema).coalesce(1).write().parquet(repeated.toString());
    }

    /**
     * The tensor column is written without a dictionary in every output layout: a list's elements
     * and a binary or npy column alike. The passthrough column {@code split} keeps Parquet's
     * default, a dictionary, which shows that the footer would say so.
     */
    @ParameterizedTest
    @ValueSource(strings = {"list", "binary", "npy"})
    void tensorColumnHasNoDictionary(String layout) throws Exception {
        Path out = temp.resolve(layout);
        run(yaml("""
                input: {path: '%s', tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused, layout: %s}
                """.formatted(repeated, layout), out));

        Set<Encoding> tensor = ParquetFooters.encodings(out, "x");
        assertFalse(tensor.isEmpty(), "found the tensor column's chunks");
        assertFalse(tensor.stream().anyMatch(Encoding::usesDictionary), layout + " tensor column encodings: " + tensor);
        Set<Encoding> split = ParquetFooters.encodings(out, "split");
        assertTrue(split.stream().anyMatch(Encoding::usesDictionary), "passthrough column encodings: " + split);
        assertEquals(200, duckDbCount(out), "records DuckDB reads");
    }

    private static long duckDbCount(Path folder) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement query = duckdb.createStatement();
             ResultSet count = query.executeQuery("SELECT count(*) FROM read_parquet('"
                     + folder.resolve("*.parquet") + "')")) {
            assertTrue(count.next());
            return count.getLong(1);
        }
    }

    /**
     * {@code output.row_group_size} reaches Parquet's writer: 4 MB of pooled tensors in one file
     * come out in row groups of about 1 MiB, against one row group at Parquet's default, and
     * DuckDB, a reader that shares no code with Spark's, reads every record back unchanged.
     */
    @Test
    void rowGroupSizeSplitsTheOutputIntoRowGroupsAnotherReaderReads() throws Exception {
        Path input = temp.resolve("noise.parquet");
        Random random = new Random(12);
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < 1000; id++) {
            float[] tensor = new float[1024];
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] = random.nextFloat();
            }
            rows.add(RowFactory.create(id, tensor));
        }
        spark().createDataFrame(rows, new StructType()
                        .add("id", DataTypes.IntegerType)
                        .add("x", DataTypes.createArrayType(DataTypes.FloatType, false)))
                .coalesce(1).write().parquet(input.toString());
        String config = """
                input: {path: '%s', tensor: {column: x, shape: [1, 32, 32]}}
                ops: [{op: max_pool2d, kernel_size: 1}]
                output: {path: unused%s}
                """;

        Path grouped = temp.resolve("grouped");
        run(yaml(config.formatted(input, ", row_group_size: 1048576"), grouped));
        Path plain = temp.resolve("plain");
        run(yaml(config.formatted(input, ""), plain));

        assertEquals(1, ParquetFooters.rowGroupSizes(plain).size(), "one row group at Parquet's default");
        List<Long> sizes = ParquetFooters.rowGroupSizes(grouped);
        assertTrue(sizes.size() >= 3, "row groups of about 1 MiB: " + sizes);
        assertTrue(sizes.stream().allMatch(size -> size < 2 << 20), "row groups of about 1 MiB: " + sizes);

        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement query = duckdb.createStatement()) {
            String files = "read_parquet('" + grouped.resolve("*.parquet") + "')";
            try (ResultSet counts = query.executeQuery(
                    "SELECT count(*), count(DISTINCT id), sum(len(x)) FROM " + files)) {
                assertTrue(counts.next());
                assertEquals(1000, counts.getLong(1));
                assertEquals(1000, counts.getLong(2));
                assertEquals(1000 * 1024, counts.getLong(3));
            }
            for (int id : new int[] {0, 517, 999}) {
                try (ResultSet row = query.executeQuery("SELECT x FROM " + files + " WHERE id = " + id)) {
                    assertTrue(row.next());
                    Object[] elements = (Object[]) row.getArray(1).getArray();
                    float[] read = new float[elements.length];
                    for (int i = 0; i < read.length; i++) {
                        read[i] = (Float) elements[i];
                    }
                    assertArrayEquals((float[]) rows.get(id).get(1), read, "record " + id + " as DuckDB reads it");
                }
            }
        }
    }
}
