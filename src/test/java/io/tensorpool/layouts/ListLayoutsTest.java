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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code list} layout as writers other than Spark's DataFrame writer store it, written here
 * by parquet-java's example writer with the exact Parquet schema of each: the standard 3-level
 * {@code LIST} with a required or an optional element, pyarrow's older {@code item} naming, the
 * legacy 2-level {@code repeated <type> array}, element types float, double, int32, int64 and
 * INT32 annotated {@code INT_8}/{@code INT_16}, and pyarrow's {@code list<int64>} shape column.
 * Every record the job writes equals the kernels' result on the same tensor.
 */
@SparkLineTest
class ListLayoutsTest {
    @TempDir
    Path temp;

    /** Per-record shapes of rank 2, 3 and 4, each at least 3x3 so the windows below fit. */
    private static final int[][] SHAPES = {{5, 6}, {2, 4, 5}, {1, 2, 3, 4}};

    /** How one file stores its list columns. */
    private enum Encoding {
        /** {@code <name> (LIST) / repeated group list / <element>}, the standard. */
        THREE_LEVEL,
        /** Older pyarrow: the same with the element named {@code item}. */
        PYARROW_ITEM,
        /** Legacy Spark and parquet-avro: {@code <name> (LIST) / repeated <type> array}. */
        TWO_LEVEL
    }

    /** A list field; {@code type} is a primitive type with an optional annotation, e.g. {@code int32 (INT_8)}. */
    private static String listField(String name, Encoding encoding, String elementRepetition, String type) {
        String[] parts = type.split(" ", 2);
        String annotation = parts.length > 1 ? " " + parts[1] : "";
        String leaf = parts[0] + " " + elementName(encoding) + annotation + ";";
        return switch (encoding) {
            case THREE_LEVEL, PYARROW_ITEM -> "optional group " + name + " (LIST) { repeated group list { "
                    + elementRepetition + " " + leaf + " } }";
            case TWO_LEVEL -> "optional group " + name + " (LIST) { repeated " + leaf + " }";
        };
    }

    private static String elementName(Encoding encoding) {
        return switch (encoding) {
            case THREE_LEVEL -> "element";
            case PYARROW_ITEM -> "item";
            case TWO_LEVEL -> "array";
        };
    }

    /**
     * Writes one row per tensor: {@code id}, the flat tensor {@code x} and its {@code shape}, with
     * the given list encoding for both list columns. A {@code null} entry in {@code nulls} (by row)
     * leaves that element of {@code x} out, so an optional element reads back as null.
     */
    private Path writeFile(String name, Encoding encoding, String elementRepetition, String parquetType,
                           String shapeType, List<Tensor> tensors, Map<Integer, Integer> nullElementByRow) {
        String schema = "message pyarrow_like { required int32 id; "
                + listField("x", encoding, elementRepetition, parquetType) + " "
                + listField("shape", encoding, "optional", shapeType) + " }";
        String element = elementName(encoding);
        List<Consumer<Group>> rows = new ArrayList<>();
        for (int r = 0; r < tensors.size(); r++) {
            Tensor t = tensors.get(r);
            int id = r;
            Integer nullAt = nullElementByRow.get(r);
            rows.add(row -> {
                row.add("id", id);
                Group x = row.addGroup("x");
                for (int i = 0; i < t.size(); i++) {
                    Group target = encoding == Encoding.TWO_LEVEL ? x : x.addGroup("list");
                    if (nullAt != null && nullAt == i) {
                        continue; // an absent optional element: a null
                    }
                    addValue(target, element, t, i);
                }
                Group shape = row.addGroup("shape");
                for (int dim : t.shape()) {
                    Group target = encoding == Encoding.TWO_LEVEL ? shape : shape.addGroup("list");
                    if (shapeType.startsWith("int64")) {
                        target.add(element, (long) dim);
                    } else {
                        target.add(element, dim);
                    }
                }
            });
        }
        return ParquetJava.write(temp.resolve(name), schema, rows);
    }

    private static void addValue(Group group, String field, Tensor t, int i) {
        switch (t.type()) {
            case FLOAT32 -> group.add(field, t.floats()[i]);
            case FLOAT64 -> group.add(field, t.doubles()[i]);
            case INT8 -> group.add(field, (int) t.bytes()[i]);
            case INT16 -> group.add(field, (int) t.shorts()[i]);
            case INT32 -> group.add(field, t.ints()[i]);
            case INT64 -> group.add(field, t.longs()[i]);
            default -> throw new IllegalArgumentException(t.type().toString());
        }
    }

    private static List<Tensor> tensors(ElementType type, long seed) {
        Random random = new Random(seed);
        List<Tensor> out = new ArrayList<>();
        for (int[] shape : SHAPES) {
            out.add(Data.tensor(type, random, shape));
        }
        return out;
    }

    /** Runs {@code ops} over the file and checks every record against the kernels. */
    private void poolAndCompare(Path input, String ops, List<Tensor> tensors, DataType sparkElement,
                                DataType sparkShapeElement) {
        StructType read = spark().read().parquet(input.toString()).schema();
        assertEquals(sparkElement, ((ArrayType) read.apply("x").dataType()).elementType(),
                "Spark reads the file's x as " + read.apply("x").dataType().simpleString());
        assertEquals(sparkShapeElement, ((ArrayType) read.apply("shape").dataType()).elementType());

        Path out = temp.resolve("out-" + input.getFileName());
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: x, layout: list, shape_column: shape}}
                ops: %s
                output: {path: unused}
                """.formatted(str(input), ops), out);
        RunReport report = run(config);
        assertEquals(tensors.size(), report.recordsOut());
        assertEquals(0, report.recordsBad());
        List<Row> written = rows(out, "id");
        assertEquals(tensors.size(), written.size());
        for (int r = 0; r < tensors.size(); r++) {
            Expect.listCell(Expect.pooled(config, tensors.get(r)), written.get(r), "x", "shape");
        }
    }

    @Test
    void threeLevelRequiredFloatWithPyarrowInt64Shapes() {
        List<Tensor> tensors = tensors(ElementType.FLOAT32, 1);
        Path input = writeFile("required-float", Encoding.THREE_LEVEL, "required", "float", "int64", tensors,
                Map.of());
        poolAndCompare(input, "[{op: max_pool2d, kernel_size: 2, stride: 1}, {op: avg_pool2d, kernel_size: 2,"
                + " ceil_mode: true}]", tensors, DataTypes.FloatType, DataTypes.LongType);
    }

    @Test
    void threeLevelOptionalDouble() {
        List<Tensor> tensors = tensors(ElementType.FLOAT64, 2);
        Path input = writeFile("optional-double", Encoding.THREE_LEVEL, "optional", "double", "int32", tensors,
                Map.of());
        poolAndCompare(input, "[{op: avg_pool2d, kernel_size: 3, stride: 2, padding: 1}]", tensors,
                DataTypes.DoubleType, DataTypes.IntegerType);
    }

    @Test
    void pyarrowItemNamingWithInt32Elements() {
        List<Tensor> tensors = tensors(ElementType.INT32, 3);
        Path input = writeFile("item-int32", Encoding.PYARROW_ITEM, "optional", "int32", "int64", tensors, Map.of());
        poolAndCompare(input, "[{op: max_pool2d, kernel_size: 2, ceil_mode: true}]", tensors,
                DataTypes.IntegerType, DataTypes.LongType);
    }

    @Test
    void legacyTwoLevelInt64() {
        List<Tensor> tensors = tensors(ElementType.INT64, 4);
        Path input = writeFile("two-level-int64", Encoding.TWO_LEVEL, "", "int64", "int32", tensors, Map.of());
        poolAndCompare(input, "[{op: max_pool2d, kernel_size: [2, 3], stride: 1, padding: [1, 1]}]", tensors,
                DataTypes.LongType, DataTypes.IntegerType);
    }

    @Test
    void int32AnnotatedInt8IsTinyint() {
        List<Tensor> tensors = tensors(ElementType.INT8, 5);
        Path input = writeFile("int8", Encoding.THREE_LEVEL, "required", "int32 (INT_8)", "int64", tensors, Map.of());
        poolAndCompare(input, "[{op: max_pool2d, kernel_size: 2, stride: 1}, {op: avg_pool2d, kernel_size: 2}]",
                tensors, DataTypes.ByteType, DataTypes.LongType);
    }

    @Test
    void legacyTwoLevelInt32AnnotatedInt16IsSmallint() {
        List<Tensor> tensors = tensors(ElementType.INT16, 6);
        Path input = writeFile("two-level-int16", Encoding.TWO_LEVEL, "", "int32 (INT_16)", "int64", tensors,
                Map.of());
        poolAndCompare(input, "[{op: max_pool2d, kernel_size: 3, stride: 1, padding: 1}]", tensors,
                DataTypes.ShortType, DataTypes.LongType);
    }

    /**
     * An optional element that is actually null is a bad record ({@code null_element}), never a
     * zero: under quarantine the record is set aside with a message naming the column, the other
     * records are pooled; under the default {@code fail} the run stops naming the column.
     */
    @Test
    void aNullOptionalElementIsABadRecordNeverAZero() {
        List<Tensor> tensors = tensors(ElementType.FLOAT32, 7);
        tensors.add(Data.tensor(ElementType.FLOAT32, new Random(8), 4, 4));
        Path input = writeFile("with-null", Encoding.THREE_LEVEL, "optional", "float", "int64", tensors,
                Map.of(3, 5));
        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        String yaml = """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: %s
                """;
        JobConfig config = yaml(yaml.formatted(str(input), quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(4, report.recordsIn());
        assertEquals(3, report.recordsOut());
        assertEquals(Map.of("null_element", 1L), report.badRecords());
        List<Row> written = rows(out, "id");
        for (int r = 0; r < 3; r++) {
            Expect.listCell(Expect.pooled(config, tensors.get(r)), written.get(r), "x", "shape");
        }
        Map<Integer, String[]> held = quarantined(quarantine);
        assertEquals(1, held.size());
        assertQuarantined(held, 3, "null_element", "x", "null at element 5");

        rejected(yaml(yaml.formatted(str(input), "{on_bad_record: fail}"), temp.resolve("failed")), "null_element",
                "x", "null at element 5");
    }
}
