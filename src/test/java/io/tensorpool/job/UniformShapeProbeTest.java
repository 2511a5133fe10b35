package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tensorpool.SparkLineTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UniformShapeProbe}: the one shape of a shape column, found on the driver for a few files
 * ({@link ParquetShapeColumn}) and by a Spark job otherwise. Every case is answered both ways, and
 * the two must agree.
 */
@SparkLineTest
class UniformShapeProbeTest {
    private static final String LIST_TENSOR = "{column: x, layout: list, shape_column: shape}";

    @TempDir
    Path dir;

    private static SparkSession spark() {
        return JobTestSupport.spark();
    }

    private InputTable input(String path) {
        String yaml = """
                input:
                  path: %s
                  tensor: %s
                ops:
                  - {op: max_pool2d, kernel_size: 1}
                output: {path: %s}
                """.formatted(path, LIST_TENSOR, dir.resolve("unused-output"));
        return InputTable.read(spark(), JobTestSupport.yaml(yaml, dir.resolve("unused-output")).input());
    }

    /** An input over every file below {@code paths}, with the schema given (as a user's schema would be). */
    private static InputTable input(StructType schema, String... paths) {
        Dataset<Row> rows = spark().read().schema(schema).parquet(paths);
        return new InputTable(rows, schema, rows.inputFiles(), 0);
    }

    /** Writes {@code rows} rows in {@code files} files: id, x = [id, id + 0.5] as floats, shape from {@code shapeSql}. */
    private String table(String name, int rows, int files, String shapeSql) {
        String path = dir.resolve(name).toString();
        spark().range(0, rows, 1, files)
                .selectExpr("id", "array(cast(id as float), cast(id + 0.5 as float)) as x", shapeSql + " as shape")
                .write().parquet(path);
        return path;
    }

    /** The probe's answer, after checking that the driver's reading and a Spark job's agree on it. */
    private static int[] probed(InputTable input) throws ParquetShapeColumn.Unsupported {
        int[] bySpark = UniformShapeProbe.uniform(UniformShapeProbe.inSparkJob(input, "shape"));
        int[] onDriver = UniformShapeProbe.uniform(UniformShapeProbe.onDriver(input, "shape"));
        assertArrayEquals(bySpark, onDriver, "the driver's reading disagrees with Spark's");
        int[] found = UniformShapeProbe.find(input, "shape", true);
        assertArrayEquals(bySpark, found);
        return found;
    }

    @Test
    void uniformShapeAcrossManyFiles() throws Exception {
        assertArrayEquals(new int[] {3, 224, 224}, probed(input(table("u", 200, 4, "array(3, 224, 224)"))));
    }

    @Test
    void bigintShapesAreReadToo() throws Exception {
        assertArrayEquals(new int[] {2, 7},
                probed(input(table("b", 50, 2, "array(cast(2 as bigint), cast(7 as bigint))"))));
    }

    @Test
    void shapesDifferingInsideOneFileOrBetweenFilesAreNotUniform() throws Exception {
        assertNull(probed(input(table("i", 100, 1, "if(id = 57, array(2, 1), array(1, 2))"))));
        assertNull(probed(input(table("w", 100, 4, "if(id < 50, array(1, 2), array(1, 2, 1))"))));
    }

    @Test
    void nullShapesAreLeftToThePlannerAndBadDimensionsGiveNoUniformShape() throws Exception {
        assertArrayEquals(new int[] {1, 2}, probed(input(table("n", 100, 3, "if(id % 10 = 3, null, array(1, 2))"))));
        assertNull(probed(input(table("z", 10, 1, "array(0, 2)"))));
        assertNull(probed(input(table("d", 10, 2, "array(1, cast(null as int))"))));
        assertNull(probed(input(table("e", 10, 2, "if(id = 4, array(), array(1, 2))"))));
        assertNull(probed(input(table("big", 10, 1, "array(cast(3000000000 as bigint), 1)"))));
    }

    @Test
    void noShapesAtAllIsNotUniform() throws Exception {
        String path = dir.resolve("empty").toString();
        spark().range(0, 0, 1, 1).selectExpr("id", "array(cast(id as float)) as x", "array(1, 1) as shape")
                .write().parquet(path);
        assertNull(probed(input(path)));
    }

    @Test
    void sparksLegacyListLayoutIsRead() throws Exception {
        spark().conf().set("spark.sql.parquet.writeLegacyFormat", "true"); // bag / array
        try {
            assertArrayEquals(new int[] {4, 5}, probed(input(table("legacy", 20, 2, "array(4, 5)"))));
            assertNull(probed(input(table("legacy-mixed", 20, 2, "if(id = 19, array(5, 4), array(4, 5))"))));
        } finally {
            spark().conf().unset("spark.sql.parquet.writeLegacyFormat");
        }
    }

    /** Writes one file with parquet-java in the given schema, one shape per row. */
    private String parquetJavaFile(String name, String schemaText, Consumer<Group> shape, int rows,
                                   Consumer<Group> lastShape) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(schemaText);
        Path file = dir.resolve(name).resolve("part-0.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(file.toString())).withConf(new Configuration()).withType(schema).build()) {
            for (int row = 0; row < rows; row++) {
                Group record = groups.newGroup().append("x", (float) row);
                (row == rows - 1 ? lastShape : shape).accept(record);
                writer.write(record);
            }
        }
        return dir.resolve(name).toString();
    }

    private static StructType schema(boolean longs) {
        return new StructType().add("x", DataTypes.FloatType)
                .add("shape", DataTypes.createArrayType(longs ? DataTypes.LongType : DataTypes.IntegerType, false));
    }

    @Test
    void twoLevelListsAndBareRepeatedFieldsAreRead() throws Exception {
        String twoLevel = "message m { required float x; optional group shape (LIST) { repeated int32 array; } }";
        Consumer<Group> twoByThree = g -> g.addGroup("shape").append("array", 2).append("array", 3);
        Consumer<Group> threeByTwo = g -> g.addGroup("shape").append("array", 3).append("array", 2);
        assertArrayEquals(new int[] {2, 3},
                probed(input(schema(false), parquetJavaFile("two", twoLevel, twoByThree, 5, twoByThree))));
        assertNull(probed(input(schema(false), parquetJavaFile("two-mixed", twoLevel, twoByThree, 5, threeByTwo))));

        String bare = "message m { required float x; repeated int64 shape; }";
        Consumer<Group> sixBySeven = g -> g.append("shape", 6L).append("shape", 7L);
        assertArrayEquals(new int[] {6, 7},
                probed(input(schema(true), parquetJavaFile("bare", bare, sixBySeven, 5, sixBySeven))));
        assertNull(probed(input(schema(true), parquetJavaFile("bare-empty", bare, sixBySeven, 5, g -> { }))));
    }

    @Test
    void aFileWithoutTheColumnHoldsOnlyNullShapes() throws Exception {
        String path = dir.resolve("evolved").toString();
        spark().range(0, 6, 1, 1).selectExpr("array(cast(id as float)) as x", "array(1, 2) as shape")
                .write().parquet(path + "/a");
        spark().range(0, 6, 1, 1).selectExpr("array(cast(id as float)) as x").write().parquet(path + "/b");
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType));
        assertArrayEquals(new int[] {1, 2}, probed(input(schema, path + "/a", path + "/b")));
    }

    @Test
    void columnNamesMatchWithoutCaseAsSparkMatchesThem() throws Exception {
        String path = dir.resolve("cased").toString();
        spark().range(0, 6, 1, 1).selectExpr("array(cast(id as float)) as x", "array(1, 2) as shape")
                .write().parquet(path + "/a");
        spark().range(0, 6, 1, 1).selectExpr("array(cast(id as float)) as x", "array(2, 1) as SHAPE")
                .write().parquet(path + "/b");
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType));
        assertNull(probed(input(schema, path + "/a", path + "/b")), "b's SHAPE is shape, and it differs");
    }

    /** The Spark jobs {@code probe} started. */
    private static int sparkJobsOf(Runnable probe) {
        SparkContext context = spark().sparkContext();
        String group = "probe-" + System.nanoTime();
        context.setJobGroup(group, "probe", false);
        try {
            probe.run();
        } finally {
            context.clearJobGroup();
        }
        return context.statusTracker().getJobIdsForGroup(group).length;
    }

    @Test
    void aFewFilesAreReadWithoutASparkJobAndManyWithOne() {
        InputTable input = input(table("route", 40, 4, "array(1, 2)"));
        assertEquals(0, sparkJobsOf(() -> assertArrayEquals(new int[] {1, 2},
                UniformShapeProbe.find(input, "shape", true))));
        spark().conf().set(UniformShapeProbe.DRIVER_FILES_KEY, "3");
        try {
            assertEquals(1, sparkJobsOf(() -> assertArrayEquals(new int[] {1, 2},
                    UniformShapeProbe.find(input, "shape", true))));
        } finally {
            spark().conf().unset(UniformShapeProbe.DRIVER_FILES_KEY);
        }
        assertEquals(1, sparkJobsOf(() -> UniformShapeProbe.find(input, "shape", false)), "not Parquet files");
    }

    @Test
    void reportsAgreeFilePerFile() throws Exception {
        List<UniformShapeProbe.Report> reports = UniformShapeProbe.onDriver(
                input(table("per-file", 30, 3, "if(id < 10, null, array(8, 9))")), "shape");
        assertEquals(3, reports.size());
        assertEquals(1, reports.stream().filter(r -> r.uniform() && r.shape() == null).count(), "the all-null file");
    }
}
