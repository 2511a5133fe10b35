package io.tensorpool.layouts;

import static io.tensorpool.layouts.Jobs.assertQuarantined;
import static io.tensorpool.layouts.Jobs.quarantineTo;
import static io.tensorpool.layouts.Jobs.quarantined;
import static io.tensorpool.layouts.Jobs.rejected;
import static io.tensorpool.layouts.Jobs.rows;
import static io.tensorpool.layouts.Jobs.run;
import static io.tensorpool.layouts.Jobs.spark;
import static io.tensorpool.layouts.Jobs.str;
import static io.tensorpool.layouts.Jobs.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code nested} layout (Hugging Face {@code Array2D/3D/4D}, pandas' nested lists):
 * {@code array<array<array<float>>>} written by Spark, rank 2 and rank 4 written by parquet-java;
 * the shape is the nesting. Ragged records, null inner arrays and null elements are bad records.
 */
@SparkLineTest
class NestedLayoutTest {
    @TempDir
    Path temp;

    /** A C-order tensor as nested Java lists, the way a DataFrame row holds a nested array. */
    static Object nest(Tensor t) {
        return nest(t, 0, 0);
    }

    private static Object nest(Tensor t, int level, int offset) {
        int[] shape = t.shape();
        int stride = 1;
        for (int d = level + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < shape[level]; i++) {
            out.add(level == shape.length - 1 ? Data.get(t, offset + i) : nest(t, level + 1, offset + i * stride));
        }
        return out;
    }

    private static DataType nestedType(DataType element, int rank) {
        DataType type = element;
        for (int i = 0; i < rank; i++) {
            type = DataTypes.createArrayType(type, true);
        }
        return type;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> at(Object nested, int... path) {
        Object node = nested;
        for (int i : path) {
            node = ((List<Object>) node).get(i);
        }
        return (List<Object>) node;
    }

    /**
     * Spark's own {@code array<array<array<float>>>}: good records of several shapes are pooled
     * as the kernels pool them; a ragged record ({@code ragged_nested}), a null inner array and
     * a null element are set aside, each with a message naming the column and the problem.
     */
    @Test
    void rank3FromSparkWithRaggedAndNullRecords() {
        Random random = new Random(11);
        List<Tensor> good = List.of(Data.tensor(ElementType.FLOAT32, random, 2, 4, 5),
                Data.tensor(ElementType.FLOAT32, random, 1, 3, 3), Data.tensor(ElementType.FLOAT32, random, 3, 6, 4));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            rows.add(RowFactory.create(i, "good", nest(good.get(i))));
        }
        Object ragged = nest(Data.tensor(ElementType.FLOAT32, random, 2, 3, 4));
        at(ragged, 1, 2).remove(3); // row [1][2] has 3 elements where the others have 4
        rows.add(RowFactory.create(10, "ragged innermost", ragged));
        Object raggedMiddle = nest(Data.tensor(ElementType.FLOAT32, random, 2, 3, 4));
        at(raggedMiddle, 1).remove(2); // plane [1] has 2 rows where plane [0] has 3
        rows.add(RowFactory.create(11, "ragged middle", raggedMiddle));
        Object nullInner = nest(Data.tensor(ElementType.FLOAT32, random, 2, 3, 4));
        at(nullInner, 1).set(1, null);
        rows.add(RowFactory.create(12, "null inner array", nullInner));
        Object nullElement = nest(Data.tensor(ElementType.FLOAT32, random, 2, 3, 4));
        at(nullElement, 0, 2).set(1, null);
        rows.add(RowFactory.create(13, "null element", nullElement));

        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("note", DataTypes.StringType)
                .add("x", nestedType(DataTypes.FloatType, 3));
        Path input = temp.resolve("nested3.parquet");
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());

        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        String yaml = """
                input: {path: %s, tensor: {column: x, layout: nested}}
                ops: [{op: max_pool2d, kernel_size: 2, stride: 1}, {op: avg_pool2d, kernel_size: 2, ceil_mode: true}]
                output: {path: unused}
                errors: %s
                """;
        JobConfig config = yaml(yaml.formatted(str(input), quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(7, report.recordsIn());
        assertEquals(3, report.recordsOut());
        assertEquals(Map.of("ragged_nested", 2L, "null_tensor", 1L, "null_element", 1L), report.badRecords());
        List<Row> written = rows(out, "id");
        assertEquals(List.of("id", "note", "x", "shape"), Arrays.asList(written.get(0).schema().fieldNames()));
        for (int i = 0; i < good.size(); i++) {
            assertEquals("good", written.get(i).getAs("note"));
            Expect.listCell(Expect.pooled(config, good.get(i)), written.get(i), "x", "shape");
        }
        Map<Integer, String[]> held = quarantined(quarantine);
        assertEquals(4, held.size());
        assertQuarantined(held, 10, "ragged_nested", "x", "ragged");
        assertQuarantined(held, 11, "ragged_nested", "x", "ragged");
        assertQuarantined(held, 12, "null_tensor", "x", "null array at [1, 1]");
        assertQuarantined(held, 13, "null_element", "x", "null element at [0, 2, 1]");

        Path raggedOnly = temp.resolve("ragged.parquet");
        spark().createDataFrame(List.of(rows.get(0), rows.get(3)), schema).coalesce(1).write()
                .parquet(raggedOnly.toString());
        rejected(yaml(yaml.formatted(str(raggedOnly), "{on_bad_record: fail}"), temp.resolve("failed")),
                "ragged_nested", "x", "is ragged");
    }

    /** {@code <name> (LIST) / list / element} nested {@code rank} deep around {@code leaf}. */
    private static String nestedField(String name, int rank, String leaf) {
        String inner = leaf + " element;";
        for (int level = 0; level < rank; level++) {
            String group = level == rank - 1 ? "optional group " + name : "optional group element";
            inner = group + " (LIST) { repeated group list { " + inner + " } }";
        }
        return inner;
    }

    private static void addNested(Group group, String field, Object nested) {
        Group list = group.addGroup(field);
        for (Object item : (List<?>) nested) {
            Group entry = list.addGroup("list");
            if (item instanceof List<?>) {
                addNested(entry, "element", item);
            } else if (item instanceof Double d) {
                entry.add("element", d);
            } else if (item instanceof Float f) {
                entry.add("element", f);
            } else {
                entry.add("element", ((Number) item).intValue());
            }
        }
    }

    private void parquetJavaRank(int rank, ElementType type, String leaf, String ops, long seed, int[]... shapes) {
        Random random = new Random(seed);
        List<Tensor> tensors = new ArrayList<>();
        List<Consumer<Group>> rows = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Data.tensor(type, random, shapes[i]);
            tensors.add(t);
            int id = i;
            rows.add(row -> {
                row.add("id", id);
                addNested(row, "x", nest(t));
            });
        }
        Path input = ParquetJava.write(temp.resolve("rank" + rank),
                "message hf { required int32 id; " + nestedField("x", rank, leaf) + " }", rows);
        Path out = temp.resolve("out" + rank);
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: x, layout: nested}}
                ops: %s
                output: {path: unused}
                """.formatted(str(input), ops), out);
        RunReport report = run(config);
        assertEquals(shapes.length, report.recordsOut());
        List<Row> written = rows(out, "id");
        for (int i = 0; i < shapes.length; i++) {
            Expect.listCell(Expect.pooled(config, tensors.get(i)), written.get(i), "x", "shape");
        }
    }

    @Test
    void rank2DoublesFromParquetJava() {
        parquetJavaRank(2, ElementType.FLOAT64, "optional double", "[{op: avg_pool2d, kernel_size: 2}]", 12,
                new int[] {4, 6}, new int[] {5, 3});
    }

    @Test
    void rank4RequiredInt32FromParquetJava() {
        parquetJavaRank(4, ElementType.INT32, "required int32", "[{op: max_pool2d, kernel_size: 2, stride: 1,"
                + " ceil_mode: true}]", 13, new int[] {2, 3, 4, 5}, new int[] {1, 1, 2, 2});
    }
}
