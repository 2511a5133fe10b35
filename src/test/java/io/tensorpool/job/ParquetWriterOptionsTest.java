package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the job asks of Parquet's writer, read back from the footers of the files it wrote. */
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
    void tensorColumnHasNoDictionary(String layout) {
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
    }
}
