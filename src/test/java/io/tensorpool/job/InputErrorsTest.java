package io.tensorpool.job;

import static io.tensorpool.job.JobPipelineTest.write;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.TensorPoolException;
import io.tensorpool.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that does not fit the config, and records that are not tensors: each gives a clear
 * error naming the path, column, row or key, and the right exit code.
 */
@SparkLineTest
class InputErrorsTest {
    @TempDir
    Path temp;

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));

    private String job(Path input, String tensor) {
        return """
                input: {path: %s, tensor: %s}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(input, tensor);
    }

    private TensorPoolException failure(String yaml) {
        Exception e = assertThrows(Exception.class, () -> run(yaml(yaml, temp.resolve("out"))));
        TensorPoolException known = Failures.find(e);
        assertTrue(known != null, "a user-facing error, not " + e);
        assertFalse(Files.exists(temp.resolve("out")), "nothing is published");
        return known;
    }

    private Path goodInput() {
        Path input = temp.resolve("in.parquet");
        write(List.of(RowFactory.create(0, new float[] {1, 2, 3, 4}, new int[] {2, 2})), SCHEMA, input);
        return input;
    }

    @Test
    void aPathThatDoesNotExist() {
        TensorPoolException e = failure(job(temp.resolve("nope"), "{column: x, shape_column: shape}"));
        assertEquals(2, e.exitCode());
        assertEquals("Cannot read input " + temp.resolve("nope") + ": the path does not exist; check input.path"
                + " (or --input)", e.getMessage());
    }

    @Test
    void anEmptyFolder() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        TensorPoolException e = failure(job(empty, "{column: x, shape_column: shape}"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("Cannot read input " + empty + ": it holds no Parquet files"),
                e.getMessage());
    }

    @Test
    void aMissingColumnNamesTheKeyAndTheColumnsThereAre() {
        TensorPoolException e = failure(job(goodInput(), "{column: pixels, shape_column: shape}"));
        assertEquals(2, e.exitCode());
        assertEquals("Cannot read input " + temp.resolve("in.parquet") + ": it has no column 'pixels'"
                + " (input.tensor.column); its columns are id, x, shape", e.getMessage());
    }

    @Test
    void aMissingShapeColumn() {
        TensorPoolException e = failure(job(goodInput(), "{column: x, shape_column: dims}"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("it has no column 'dims' (input.tensor.shape_column)"), e.getMessage());
    }

    @Test
    void aColumnOfTheWrongType() {
        TensorPoolException e = failure(job(goodInput(), "{column: id, shape_column: shape}"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("column id is int, but the list layout needs a flat array of numbers"),
                e.getMessage());
    }

    @Test
    void aShapeColumnOfTheWrongType() {
        TensorPoolException e = failure(job(goodInput(), "{column: x, shape_column: id}"));
        assertTrue(e.getMessage().contains("shape column id is int, but a shape column must be array<int>"),
                e.getMessage());
    }

    @Test
    void aFixedShapeTooSmallForTheWindowIsAConfigError() {
        Path input = temp.resolve("fixed.parquet");
        write(List.of(RowFactory.create(0, new float[] {1, 2, 3, 4})), new StructType()
                .add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.FloatType)), input);
        TensorPoolException e = failure(job(input, "{column: x, shape: [1, 1, 4]}"));
        assertTrue(e instanceof ConfigException, e.toString());
        assertTrue(e.getMessage().startsWith("Cannot pool input.tensor.shape [1, 1, 4]: max_pool2d"), e.getMessage());
    }

    @Test
    void aTruncatedParquetFileAmongGoodOnesFailsNamingTheFile() throws IOException {
        Path input = temp.resolve("in.parquet");
        write(List.of(RowFactory.create(0, new float[] {1, 2, 3, 4}, new int[] {2, 2}),
                RowFactory.create(1, new float[] {1, 2, 3, 4}, new int[] {2, 2})), SCHEMA, input.toString(), 2);
        Path victim;
        try (Stream<Path> files = Files.list(input)) {
            victim = files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.deleteIfExists(victim.resolveSibling("." + victim.getFileName() + ".crc"));
        Exception e = assertThrows(Exception.class, () -> run(yaml(job(input, "{column: x, shape_column: shape}"),
                temp.resolve("out"))));
        String message = Failures.find(e) != null ? Failures.find(e).getMessage() : Failures.describe(e);
        assertTrue(message.contains(victim.getFileName().toString()), message);
        assertFalse(Files.exists(temp.resolve("out")));
    }

    /** Records whose shape is not a valid tensor shape, each counted under its reason. */
    @Test
    void badShapesAreBadRecordsWithTheirReasons() {
        Path input = temp.resolve("shapes.parquet");
        write(List.of(
                        RowFactory.create(0, new float[] {1, 2, 3, 4}, new int[] {2, 2}),
                        RowFactory.create(1, new float[] {1, 2, 3, 4}, null),
                        RowFactory.create(2, new float[] {1, 2, 3, 4}, new int[] {-2, -2}),
                        RowFactory.create(3, new float[] {}, new int[] {0, 4}),
                        RowFactory.create(4, new float[] {1, 2, 3, 4}, new int[] {65536, 65536, 65536}),
                        RowFactory.create(5, new float[] {1, 2, 3, 4}, new int[] {1, 1, 1, 2, 2}),
                        RowFactory.create(6, new float[] {1, 2, 3, 4}, new int[] {4}),
                        RowFactory.create(7, new float[] {1, 2, 3, 4, 5}, new int[] {2, 2}),
                        RowFactory.create(8, new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f},
                                new int[] {2, 2})),
                SCHEMA, input);
        RunReport report = run(yaml(job(input, "{column: x, shape_column: shape}")
                + "errors: {on_bad_record: skip, max_bad_fraction: 1}\n", temp.resolve("out")));
        assertEquals(9, report.recordsIn());
        assertEquals(2, report.recordsOut(), "NaN and infinities are valid data");
        assertEquals(Map.of("null_shape", 1L, "invalid_shape", 5L, "shape_mismatch", 1L), report.badRecords());
        float nanWindow = spark().read().parquet(temp.resolve("out").toString()).where("id = 8")
                .first().<scala.collection.Seq<Float>>getAs("x").apply(0);
        assertTrue(Float.isNaN(nanWindow), "NaN propagates as in PyTorch");
    }
}
