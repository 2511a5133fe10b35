package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.InputReader;
import io.tensorpool.job.write.TensorParquetFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job's own reader of a {@code list<float>} tensor column ({@code input.reader: tensorpool})
 * against Spark's ({@code input.reader: spark}): every input is pooled twice, once with each, and
 * the two runs must agree value for value and bit for bit (NaN payloads, signed zeros,
 * infinities, subnormals) in the pooled output, in the quarantined rows (their tensor cell
 * included) and in the run's counts. The inputs vary what a reader can get wrong: page format v1
 * and v2, dictionary or PLAIN values, codecs, tiny pages, many row groups, tasks starting in the
 * middle of a file, files by DuckDB and by the job's own writer, records spanning pages, bad
 * records, the tensor column's place among the others, partition folders and awkward paths.
 *
 * <p>Every comparison also checks from the run's log that the job's reader really read the tensor
 * column (and Spark's did not), so that no comparison is Spark's reader against itself.
 *
 * <p>The whole class runs with the default Spark line; {@link OnEverySparkLine} runs the cases
 * that depend on the line (its plan and {@code _metadata} columns, its parquet-java) on every
 * line CI builds, without the minute the whole class takes on each.
 */
class BulkListReadTest {
    private static final String BULK_LOG = "Reading the tensor column";
    private static final int[] SHAPE = {3, 8, 8};
    private static final int VALUES = 3 * 8 * 8;
    /**
     * The identity (1x1 max pooling): the output is the input, every bit of it. With max pooling
     * (which picks an input value, NaN included) the output's bits are the input's too; averaging
     * would not do here: where a NaN meets an infinity of each sign the NaN's sign bit of a sum
     * depends on the order of its operands, which the JIT may change between two runs.
     */
    private static final String IDENTITY = "{op: max_pool2d, kernel_size: 1}";
    private static final String MAX2 = "{op: max_pool2d, kernel_size: 2}";
    private static final String FIXED = "column: x, shape: [3, 8, 8]";
    private static final String BY_COLUMN = "column: x, shape_column: shape";

    /** Values a reader could mangle: NaNs of several payloads, signed zeros, infinities, subnormals, extremes. */
    private static final float[] SPECIAL = {Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc12345),
        Float.intBitsToFloat(0x7f800001), 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.intBitsToFloat(0x007fffff), Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE};

    @TempDir
    Path temp;

    private final Map<String, String> savedSql = new HashMap<>();

    @AfterEach
    void restoreSessionConf() {
        savedSql.forEach((key, value) -> {
            if (value == null) {
                spark().conf().unset(key);
            } else {
                spark().conf().set(key, value);
            }
        });
        savedSql.clear();
    }

    // ---------------------------------------------------------------- 1. files written by Spark

    /** A way of writing the input with Spark (parquet-java): writer options, files, and what the files must show. */
    record SparkVariant(String name, Map<String, String> options, int distinct, boolean v2, boolean dictionary,
                        CompressionCodecName codec, int minRowGroupsPerFile, boolean splitFiles) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SparkVariant> sparkVariants() {
        Map<String, String> tiny = Map.of("parquet.page.size", "1024", "parquet.page.row.count.limit", "3",
                "parquet.block.size", "16384", "parquet.page.size.row.check.min", "1",
                "parquet.page.size.row.check.max", "1", "parquet.page.size.check.estimate", "false");
        return Stream.of(
                variant("v1, PLAIN, uncompressed", options("v1", false, "none"), 0, false, false,
                        CompressionCodecName.UNCOMPRESSED, 1, false),
                variant("v2, PLAIN, snappy", options("v2", false, "snappy"), 0, true, false,
                        CompressionCodecName.SNAPPY, 1, false),
                variant("v1, dictionary, gzip", options("v1", true, "gzip"), 12, false, true,
                        CompressionCodecName.GZIP, 1, false),
                variant("v2, dictionary, zstd", options("v2", true, "zstd"), 12, true, true,
                        CompressionCodecName.ZSTD, 1, false),
                variant("v1, tiny pages, many row groups, tasks start mid-file",
                        with(options("v1", false, "none"), tiny), 0, false, false,
                        CompressionCodecName.UNCOMPRESSED, 4, true),
                variant("v2, dictionary, tiny pages, many row groups, tasks start mid-file, zstd",
                        with(options("v2", true, "zstd"), tiny), 12, true, true, CompressionCodecName.ZSTD, 2, true));
    }

    private static SparkVariant variant(String name, Map<String, String> options, int distinct, boolean v2,
                                        boolean dictionary, CompressionCodecName codec, int minRowGroups,
                                        boolean splitFiles) {
        return new SparkVariant(name, options, distinct, v2, dictionary, codec, minRowGroups, splitFiles);
    }

    private static Map<String, String> options(String version, boolean dictionary, String compression) {
        return Map.of("parquet.writer.version", version, "parquet.enable.dictionary", String.valueOf(dictionary),
                "compression", compression);
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new LinkedHashMap<>(a);
        both.putAll(b);
        return both;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sparkVariants")
    void filesWrittenBySparkReadTheSameWithEitherReader(SparkVariant variant) {
        Path input = temp.resolve("in");
        List<Row> rows = records(new Random(variant.name().hashCode()), 240, variant.distinct());
        DataFrameWriter<Row> writer = spark().createDataFrame(rows, idTensorShape()).repartition(2).write();
        variant.options().forEach(writer::option);
        writer.parquet(input.toString());

        List<Path> files = dataFiles(input);
        assertEquals(2, files.size(), "two files");
        for (Path file : files) {
            FileShape shape = FileShape.of(file, "x");
            assertEquals(variant.v2(), shape.v2Pages(), variant + ": data page v2 in " + file);
            assertEquals(variant.dictionary(), shape.dictionary(), variant + ": dictionary in " + file);
            assertEquals(variant.codec(), shape.codec(), variant + ": codec of " + file);
            assertTrue(shape.rowGroups() >= variant.minRowGroupsPerFile(), variant + ": row groups " + shape);
        }
        if (variant.splitFiles()) {
            splitFilesIntoSmallTasks();
            long tasks = spark().read().parquet(input.toString()).rdd().getNumPartitions();
            assertTrue(tasks > 2 * files.size(), "the files must be split into several tasks each: " + tasks);
        }
        Runs runs = compare(input, BY_COLUMN, IDENTITY);
        assertEquals(240, runs.tensorpool.report().recordsOut());
        if (variant.splitFiles()) {
            assertEquals(240, compare(input, FIXED, MAX2).tensorpool.report().recordsOut());
        }
    }

    // ---------------------------------------------------------------- 2. other writers

    /** DuckDB's writer, with its own page layout, dictionary choices and (v2) byte-stream-split floats. */
    @ParameterizedTest(name = "DuckDB options ''{0}''")
    @MethodSource("duckDbOptions")
    void aFileWrittenByDuckDbReadsTheSameWithEitherReader(String options) throws SQLException, IOException {
        Path input = temp.resolve("duck");
        Files.createDirectories(input);
        String file = input.resolve("part-0.parquet").toString();
        // Specials every 7th element; a null cell, a null element, an empty list and a short list among them.
        String values = "list_transform(range(192), lambda j: CASE"
                + " WHEN (i + j) % 7 = 0 THEN ['nan', '-0.0', 'inf', '-inf', '1.4e-45', '-1.17549435e-38', '0.0']"
                + "[((i + j) // 7) % 7 + 1]::FLOAT"
                + " ELSE (((i * 31 + j * 17) % 1000) / 37.0 - 13.5)::FLOAT END)";
        String tensor = "CASE WHEN i = 5 THEN NULL"
                + " WHEN i = 6 THEN list_transform(range(192), lambda j: CASE WHEN j = 40 THEN NULL ELSE j::FLOAT END)"
                + " WHEN i = 7 THEN []::FLOAT[]"
                + " WHEN i = 8 THEN list_transform(range(100), lambda j: j::FLOAT)"
                + " ELSE " + values + " END";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement()) {
            statement.execute("COPY (SELECT i::BIGINT AS id, 'n' || i AS note, " + tensor + " AS x,"
                    + " [3, 8, 8]::INTEGER[] AS shape FROM range(300) t(i)) TO '" + file.replace("'", "''")
                    + "' (FORMAT PARQUET" + options + ")");
        }
        Runs runs = compare(input, BY_COLUMN, IDENTITY);
        assertEquals(300, runs.tensorpool.report().recordsIn());
        assertEquals(296, runs.tensorpool.report().recordsOut());
        assertEquals(4, runs.tensorpool.quarantine().size());
        if (options.isEmpty()) {
            compare(input, FIXED, MAX2);
        }
    }

    static Stream<String> duckDbOptions() {
        // Not PARQUET_VERSION 'V2': its floats are BYTE_STREAM_SPLIT, which Spark's vectorized reader refuses.
        return Stream.of("", ", ROW_GROUP_SIZE 64, COMPRESSION 'zstd'", ", ROW_GROUP_SIZE 50, COMPRESSION 'gzip'");
    }

    /** The job's own output as input: its writer keeps NaN payloads, which Spark's writer would not. */
    @Test
    void filesWrittenByTheJobsOwnWriterKeepEveryNaNPayloadThroughEitherReader() {
        Path input = temp.resolve("own");
        List<Row> rows = records(new Random(11), 300, 0);
        spark().createDataFrame(rows, idTensorShape()).repartition(3).write()
                .format(TensorParquetFormat.class.getName()).option("parquet.page.size", "4096")
                .save(input.toString());
        Runs runs = compare(input, BY_COLUMN, IDENTITY);
        assertEquals(300, runs.tensorpool.report().recordsOut());
        assertTrue(distinctNaNs(runs.tensorpool.output()) >= 3,
                "the output must hold NaNs of several payloads, or the test proves nothing about them");
    }

    /**
     * Pages that end inside a record, so one record's values span many pages (and levels are
     * bit-packed as well as run-length encoded), in each list form Spark reads as array&lt;float&gt;.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("listForms")
    void recordsSpanningManyPagesReadTheSameWithEitherReader(String form) throws IOException {
        spanningPages(form, false);
    }

    /**
     * As above, with null and empty cells among the records: a cell of a single level in the
     * middle of a page (every list form with such cells: HandPagedColumnFileTest, without Spark).
     */
    @Test
    void nullAndEmptyCellsAmongRecordsSpanningPagesReadTheSame() throws IOException {
        spanningPages(HandPagedListFile.THREE_LEVEL, true);
    }

    private void spanningPages(String form, boolean withEmptyCells) throws IOException {
        boolean nullable = !form.equals(HandPagedListFile.BARE_REPEATED);
        boolean nullElements = form.equals(HandPagedListFile.THREE_LEVEL);
        Random random = new Random(form.hashCode());
        List<Float[]> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Float[] record = new Float[VALUES];
            for (int v = 0; v < VALUES; v++) {
                record[v] = value(random, 0);
            }
            if (withEmptyCells && i % 37 == 5 && nullable) {
                record = null;
            } else if (withEmptyCells && i % 37 == 6) {
                record = new Float[0];
            } else if (i % 37 == 7) {
                record = Arrays.copyOf(record, 50);
            } else if (i % 37 == 8 && nullElements) {
                record[3] = null;
                record[4] = null;
            }
            records.add(record);
        }
        Path input = temp.resolve("paged");
        Files.createDirectories(input);
        HandPagedListFile.write(input.resolve("part-0.parquet"), form, records.subList(0, 100), 0, 23, 70);
        HandPagedListFile.write(input.resolve("part-1.parquet"), form, records.subList(100, 150), 100, 50, 1000);
        assertTrue(FileShape.of(input.resolve("part-0.parquet"), "x").pages() > 150 * VALUES / 1000,
                "many pages, records spanning them");
        if (!withEmptyCells && form.equals(HandPagedListFile.THREE_LEVEL)) {
            compare(input, FIXED, IDENTITY); // tasks that each read whole files
        }
        // Tasks that start in the middle of a file, in the middle of a row group's pages.
        splitFilesIntoSmallTasks();
        Runs runs = compare(input, FIXED, withEmptyCells ? IDENTITY : MAX2);
        assertTrue(runs.tensorpool.report().recordsOut() > 130, "most records pool");
        assertTrue(runs.tensorpool.report().recordsBad() >= (withEmptyCells ? 8 : 4), "the bad records are there");
    }

    static Stream<String> listForms() {
        return Stream.of(HandPagedListFile.THREE_LEVEL, HandPagedListFile.TWO_LEVEL, HandPagedListFile.BARE_REPEATED);
    }

    // ---------------------------------------------------------------- 3. bad records

    @Test
    void badRecordsAreTheSameBadRecordsWithEitherReader() {
        Path input = temp.resolve("bad");
        List<Row> rows = new ArrayList<>(records(new Random(5), 120, 0));
        Float[] withNull = new Float[VALUES];
        Arrays.fill(withNull, 1.5f);
        withNull[100] = null;
        Float[] allNull = new Float[VALUES];
        rows.set(3, RowFactory.create(3L, null, SHAPE));                          // null cell
        rows.set(17, RowFactory.create(17L, withNull, SHAPE));                    // a null element
        rows.set(18, RowFactory.create(18L, allNull, SHAPE));                     // only null elements
        rows.set(40, RowFactory.create(40L, new float[0], SHAPE));                // empty list
        rows.set(41, RowFactory.create(41L, new float[VALUES - 1], SHAPE));       // one short
        rows.set(42, RowFactory.create(42L, new float[VALUES + 1], SHAPE));       // one long
        rows.set(43, RowFactory.create(43L, new float[] {1, 2, 3, 4}, new int[] {2, 2})); // right for its own shape
        rows.set(44, RowFactory.create(44L, new float[0], new int[] {3, 0, 8}));  // an empty plane
        rows.set(60, RowFactory.create(60L, new float[VALUES], null));            // no shape
        spark().createDataFrame(rows, idTensorShape()).repartition(2).write().parquet(input.toString());

        Runs byColumn = compare(input, BY_COLUMN, IDENTITY);
        assertTrue(byColumn.tensorpool.report().recordsBad() >= 7, byColumn.tensorpool.report().badRecords().toString());
        assertEquals(Map.of(), subtract(byColumn.spark.report().badRecords(), byColumn.tensorpool.report().badRecords()));
        Runs fixed = compare(input, FIXED, MAX2);
        assertTrue(fixed.tensorpool.report().badRecords().containsKey("null_element"),
                fixed.tensorpool.report().badRecords().toString());
        assertTrue(fixed.tensorpool.quarantine().stream().anyMatch(r -> r.isNullAt(r.fieldIndex("x"))),
                "the null cell is quarantined as null");
    }

    // ---------------------------------------------------------------- 4. layouts

    @ParameterizedTest(name = "tensor column at {0}")
    @MethodSource("tensorPlaces")
    void theTensorColumnFirstLastOrInTheMiddleReadsTheSame(int place) {
        List<String> others = List.of("id", "note", "meta", "weight", "shape");
        List<String> order = new ArrayList<>(others);
        order.add(Math.min(place, order.size()), "x");
        Path input = temp.resolve("order");
        Random random = new Random(place);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 150; id++) {
            Map<String, Object> cells = Map.of("id", id, "note", "note " + id,
                    "meta", RowFactory.create("tag" + id % 5, new double[] {id, -0.0}),
                    "weight", id % 4 == 0 ? Double.NaN : id * 0.25,
                    "x", tensor(random, 0), "shape", SHAPE);
            Object[] values = order.stream().map(cells::get).toArray();
            rows.add(RowFactory.create(values));
        }
        StructType all = new StructType()
                .add("id", DataTypes.LongType)
                .add("note", DataTypes.StringType)
                .add("meta", new StructType().add("tag", DataTypes.StringType)
                        .add("values", DataTypes.createArrayType(DataTypes.DoubleType)))
                .add("weight", DataTypes.DoubleType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));
        StructType schema = new StructType();
        for (String name : order) {
            schema = schema.add(all.apply(name));
        }
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());
        assertEquals(order.indexOf("x"), Arrays.asList(spark().read().parquet(input.toString()).columns()).indexOf("x"));
        if (place != 5) {
            assertEquals(150, compare(input, BY_COLUMN, IDENTITY).tensorpool.report().recordsOut());
        }
        if (place != 0) {
            assertEquals(150, compare(input, FIXED, MAX2).tensorpool.report().recordsOut());
        }
    }

    static Stream<Integer> tensorPlaces() {
        return Stream.of(0, 2, 5);
    }

    /** Only the tensor column: with it left to the job's reader, Spark's scan reads no data column at all. */
    @Test
    void anInputOfOnlyTheTensorColumnReadsTheSame() {
        Path input = temp.resolve("only");
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            float[] values = tensor(random, 0);
            values[0] = i; // tells the records apart after the run
            rows.add(RowFactory.create((Object) values));
        }
        spark().createDataFrame(rows, new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType, true)))
                .repartition(3).write().parquet(input.toString());
        Runs runs = compare(input, FIXED, IDENTITY);
        assertEquals(200, runs.tensorpool.report().recordsOut());
    }

    @Test
    void aPartitionedInputReadsTheSame() {
        Path input = temp.resolve("partitioned");
        List<Row> rows = records(new Random(9), 160, 0);
        List<Row> keyed = new ArrayList<>();
        for (Row row : rows) {
            keyed.add(RowFactory.create(row.get(0), row.get(1), row.get(2), (int) (row.getLong(0) % 2) + 1));
        }
        spark().createDataFrame(keyed, idTensorShape().add("k", DataTypes.IntegerType)).repartition(2).write()
                .partitionBy("k").parquet(input.toString());
        assertTrue(Files.isDirectory(input.resolve("k=1")) && Files.isDirectory(input.resolve("k=2")));
        // Partition columns come between the scan's data and metadata columns: the columnar scan,
        // and with it the job's reader, leave such an input to Spark's row conversion (ColumnarScan).
        Runs runs = compare(input, BY_COLUMN, IDENTITY, false);
        assertEquals(160, runs.tensorpool.report().recordsOut());
        assertTrue(runs.tensorpool.output().get(0).schema().getFieldIndex("k").isDefined(), "k passes through");
        compare(input, FIXED, MAX2, false);
    }

    /** The reader finds the column in each file by its name, which may hold a dot and a space (no path syntax). */
    @Test
    void aTensorColumnWhoseNameHoldsADotAndASpaceReadsTheSame() {
        Path input = temp.resolve("dotted");
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true)) // a decoy of the plain name
                .add("the x.values", DataTypes.createArrayType(DataTypes.FloatType, true));
        Random random = new Random(17);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 100; id++) {
            rows.add(RowFactory.create(id, new float[] {id}, tensor(random, 0)));
        }
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());
        Runs runs = compare(input, "column: 'the x.values', shape: [3, 8, 8]", IDENTITY);
        assertEquals(100, runs.tensorpool.report().recordsOut());
    }

    // ---------------------------------------------------------------- 5. paths

    /** The reader finds each file again from Spark's {@code _metadata.file_path}, a URI with its special characters encoded. */
    @Test
    void anInputFolderWithASpaceAndAPercentReachedThroughASymlinkAndARelativePath() throws IOException {
        Path real = temp.resolve("odd name %20 100% done");
        List<Row> rows = records(new Random(13), 120, 0);
        spark().createDataFrame(rows, idTensorShape()).repartition(2).write().parquet(real.toString());
        // The files themselves are named the same awkward way.
        for (Path file : dataFiles(real)) {
            Files.move(file, file.resolveSibling("a b%41 " + file.getFileName()));
        }
        assertEquals(120, compare(real, BY_COLUMN, IDENTITY).tensorpool.report().recordsIn());

        Path link = temp.resolve("link to %25 it");
        Files.createSymbolicLink(link, real);
        assertEquals(120, compare(link, BY_COLUMN, MAX2).tensorpool.report().recordsIn());

        Path relative = Path.of("").toAbsolutePath().relativize(link.toAbsolutePath());
        assertFalse(relative.isAbsolute());
        assertEquals(120, compare(relative, FIXED, IDENTITY).tensorpool.report().recordsIn());
    }

    // ---------------------------------------------------------------- 6. the job's reader is really used

    @Test
    void theJobsReaderReadsTheTensorColumnOnlyWhenAskedTo() {
        Path input = temp.resolve("which");
        spark().createDataFrame(records(new Random(1), 40, 0), idTensorShape()).write()
                .parquet(input.toString());
        Run bulk = run(input, InputReader.TENSORPOOL, BY_COLUMN, IDENTITY, temp.resolve("bulk"));
        assertTrue(bulk.log().stream().anyMatch(line -> line.startsWith(BULK_LOG + " x ")),
                "input.reader: tensorpool reads the tensor column in bulk: " + bulk.log());
        Run spark = run(input, InputReader.SPARK, BY_COLUMN, IDENTITY, temp.resolve("spark"));
        assertTrue(spark.log().stream().noneMatch(line -> line.contains(BULK_LOG)),
                "input.reader: spark leaves it to Spark: " + spark.log());
        assertTrue(spark.log().stream().anyMatch(line -> line.contains("column batches")), spark.log().toString());
        // A list of doubles is not the job's to read: Spark reads it whatever input.reader says.
        Path doubles = temp.resolve("doubles");
        spark().createDataFrame(List.of(RowFactory.create(1L, new double[] {1, 2, 3, 4})), new StructType()
                .add("id", DataTypes.LongType).add("x", DataTypes.createArrayType(DataTypes.DoubleType)))
                .write().parquet(doubles.toString());
        Run other = run(doubles, InputReader.TENSORPOOL, "column: x, shape: [1, 2, 2]", MAX2, temp.resolve("d"));
        assertEquals(1, other.report().recordsOut());
        assertTrue(other.log().stream().noneMatch(line -> line.contains(BULK_LOG)), other.log().toString());
    }

    // ---------------------------------------------------------------- running and comparing

    /** One run: its report, its output and quarantined rows in a stable order, and what it logged. */
    record Run(RunReport report, List<Row> output, List<Row> quarantine, List<String> log) {
    }

    record Runs(Run spark, Run tensorpool) {
    }

    private int runCount;

    /**
     * Pools {@code input} with each reader and checks the two runs agree in everything, and that
     * the job's reader read the tensor column in the one run and not in the other.
     */
    private Runs compare(Path input, String tensor, String op) {
        return compare(input, tensor, op, true);
    }

    /** As {@link #compare(Path, String, String)}; {@code bulk} false where the job leaves the whole input to Spark. */
    private Runs compare(Path input, String tensor, String op, boolean bulkExpected) {
        int n = runCount++;
        Run spark = run(input, InputReader.SPARK, tensor, op, temp.resolve("run" + n + "-spark"));
        Run bulk = run(input, InputReader.TENSORPOOL, tensor, op, temp.resolve("run" + n + "-tensorpool"));
        String what = input + " with " + tensor + " and " + op;
        assertTrue(spark.log().stream().noneMatch(line -> line.contains(BULK_LOG)), what + ": " + spark.log());
        assertEquals(bulkExpected, bulk.log().stream().anyMatch(line -> line.startsWith(BULK_LOG)),
                what + ": input.reader: tensorpool " + (bulkExpected ? "must" : "does not") + " read the tensor"
                        + " column itself, but logged " + bulk.log());
        assertEquals(spark.report().recordsIn(), bulk.report().recordsIn(), what + ": records in");
        assertEquals(spark.report().recordsOut(), bulk.report().recordsOut(), what + ": records out");
        assertEquals(spark.report().badRecords(), bulk.report().badRecords(), what + ": bad records");
        assertEquals(spark.report().outputShapes(), bulk.report().outputShapes(), what + ": output shapes");
        assertTrue(spark.report().recordsIn() > 0, what + ": an empty input proves nothing");
        assertSameRows(spark.output(), bulk.output(), what + ": output");
        assertSameRows(spark.quarantine(), bulk.quarantine(), what + ": quarantine");
        return new Runs(spark, bulk);
    }

    private Run run(Path input, InputReader reader, String tensor, String op, Path folder) {
        Path output = folder.resolve("out");
        Path quarantine = folder.resolve("quarantine");
        String config = """
                input: {path: '%s', reader: %s, tensor: {%s}}
                ops: [%s]
                output: {path: unused}
                errors: {on_bad_record: quarantine, quarantine_path: '%s', max_bad_fraction: 1}
                """.formatted(input, reader, tensor, op, quarantine);
        RunReport report;
        List<String> log;
        try (LogLines lines = LogLines.of(DatasetPooler.class)) {
            report = JobTestSupport.run(yaml(config, output));
            log = lines.lines();
        }
        return new Run(report, rows(output), Files.exists(quarantine) ? rows(quarantine) : List.of(), log);
    }

    /** A folder's rows ordered by id, or by their values when there is no id. */
    private static List<Row> rows(Path folder) {
        List<Row> rows = new ArrayList<>(spark().read().parquet(folder.toString()).collectAsList());
        if (!rows.isEmpty() && rows.get(0).schema().getFieldIndex("id").isDefined()) {
            rows.sort(Comparator.comparingLong(row -> row.getLong(row.fieldIndex("id"))));
        } else {
            rows.sort(Comparator.comparing(BulkListReadTest::bitsKey));
        }
        return rows;
    }

    private static String bitsKey(Row row) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            Object cell = row.get(i);
            if (cell instanceof scala.collection.Seq<?> seq) {
                for (int j = 0; j < seq.length(); j++) {
                    Object v = seq.apply(j);
                    key.append(v instanceof Float f ? String.format(Locale.ROOT, "%08x", Float.floatToRawIntBits(f)) : v)
                            .append(',');
                }
            } else {
                key.append(cell);
            }
            key.append('|');
        }
        return key.toString();
    }

    private static void assertSameRows(List<Row> expected, List<Row> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": row count");
        if (!expected.isEmpty()) {
            assertEquals(expected.get(0).schema(), actual.get(0).schema(), what + ": schema");
        }
        for (int i = 0; i < expected.size(); i++) {
            Row want = expected.get(i);
            Row got = actual.get(i);
            for (int c = 0; c < want.length(); c++) {
                if (!SameBits.same(want.get(c), got.get(c))) {
                    throw new AssertionError(what + ", row " + i + " (" + want + "), column "
                            + want.schema().fieldNames()[c] + ": " + difference(want.get(c), got.get(c)));
                }
            }
        }
    }

    /** Where two cells differ: the first element that does, with its bits under each reader. */
    private static String difference(Object spark, Object bulk) {
        if (spark instanceof scala.collection.Seq<?> a && bulk instanceof scala.collection.Seq<?> b) {
            if (a.length() != b.length()) {
                return "Spark's reader gives " + a.length() + " elements, the job's " + b.length();
            }
            for (int j = 0; j < a.length(); j++) {
                if (!SameBits.same(a.apply(j), b.apply(j))) {
                    return "element " + j + " is " + bits(a.apply(j)) + " with Spark's reader but " + bits(b.apply(j))
                            + " with the job's";
                }
            }
        }
        return "Spark's reader gives " + spark + " but the job's " + bulk;
    }

    private static String bits(Object value) {
        return value instanceof Float f ? f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")"
                : String.valueOf(value);
    }

    // ---------------------------------------------------------------- inputs

    private static StructType idTensorShape() {
        return new StructType()
                .add("id", DataTypes.LongType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));
    }

    /**
     * {@code count} records of shape 3x8x8: random values with the special ones mixed in, or, with
     * {@code distinct > 0}, drawn from that many values so that a dictionary stays on.
     */
    private static List<Row> records(Random random, int count, int distinct) {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            rows.add(RowFactory.create(id, tensor(random, distinct), SHAPE));
        }
        return rows;
    }

    private static float[] tensor(Random random, int distinct) {
        float[] values = new float[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = value(random, distinct);
        }
        return values;
    }

    private static float value(Random random, int distinct) {
        if (distinct > 0) {
            int pick = random.nextInt(distinct);
            return pick < SPECIAL.length ? SPECIAL[pick] : pick * 0.5f;
        }
        return random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian();
    }

    private static long distinctNaNs(List<Row> rows) {
        java.util.Set<Integer> payloads = new java.util.HashSet<>();
        for (Row row : rows) {
            for (float f : JobTestSupport.floats(row, "x")) {
                if (Float.isNaN(f)) {
                    payloads.add(Float.floatToRawIntBits(f));
                }
            }
        }
        return payloads.size();
    }

    private static Map<String, Long> subtract(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> left = new HashMap<>(a);
        b.forEach((key, value) -> left.remove(key, value));
        return left;
    }

    /** Small splits: tasks start inside files, between row groups. */
    private void splitFilesIntoSmallTasks() {
        setSql("spark.sql.files.maxPartitionBytes", "4096");
        setSql("spark.sql.files.openCostInBytes", "0");
    }

    private void setSql(String key, String value) {
        savedSql.putIfAbsent(key, spark().conf().getOption(key).getOrElse(() -> null));
        spark().conf().set(key, value);
    }

    private static List<Path> dataFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a file's footer says of one column: page format, dictionary, codec, row groups and pages. */
    record FileShape(boolean v2Pages, boolean dictionary, CompressionCodecName codec, int rowGroups, long pages) {
        static FileShape of(Path file, String column) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
                boolean v2 = false;
                boolean dictionary = false;
                CompressionCodecName codec = null;
                long pages = 0;
                for (BlockMetaData group : reader.getFooter().getBlocks()) {
                    for (ColumnChunkMetaData chunk : group.getColumns()) {
                        if (!chunk.getPath().toDotString().startsWith(column + ".")
                                && !chunk.getPath().toDotString().equals(column)) {
                            continue;
                        }
                        codec = chunk.getCodec();
                        if (chunk.getEncodingStats() != null) {
                            v2 |= chunk.getEncodingStats().usesV2Pages();
                            dictionary |= chunk.getEncodingStats().hasDictionaryEncodedPages();
                        } else {
                            dictionary |= chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                                    || chunk.getEncodings().contains(Encoding.RLE_DICTIONARY);
                        }
                    }
                }
                for (int g = 0; g < reader.getRowGroups().size(); g++) {
                    var store = reader.readRowGroup(g);
                    var descriptor = reader.getFileMetaData().getSchema().getColumns().stream()
                            .filter(c -> c.getPath()[0].equals(column)).findFirst().orElseThrow();
                    var pageReader = store.getPageReader(descriptor);
                    while (pageReader.readPage() != null) {
                        pages++;
                    }
                }
                return new FileShape(v2, dictionary, codec, reader.getRowGroups().size(), pages);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The messages one logger gives while open, through log4j, which Spark's test classpath carries. */
    private static final class LogLines implements AutoCloseable {
        private final org.apache.logging.log4j.core.Logger logger;
        private final AbstractAppender appender;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private LogLines(Class<?> source) {
            this.logger = (org.apache.logging.log4j.core.Logger) LogManager.getLogger(source);
            this.appender = new AbstractAppender("test-" + source.getSimpleName() + "-" + System.nanoTime(), null,
                    null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    lines.add(event.getMessage().getFormattedMessage());
                }
            };
            appender.start();
            logger.addAppender(appender);
        }

        static LogLines of(Class<?> source) {
            return new LogLines(source);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            logger.removeAppender(appender);
            appender.stop();
        }
    }

    /** The cases each Spark line must pass: see the class comment. */
    @Nested
    @SparkLineTest
    class OnEverySparkLine {
        @Test
        void filesWithDictionaryPagesV2TinyPagesAndTasksStartingMidFileReadTheSame() {
            filesWrittenBySparkReadTheSameWithEitherReader(sparkVariants().reduce((first, last) -> last).orElseThrow());
        }

        @Test
        void badRecordsAreTheSame() {
            badRecordsAreTheSameBadRecordsWithEitherReader();
        }

        @Test
        void theJobsReaderIsUsedOnlyWhenAskedFor() {
            theJobsReaderReadsTheTensorColumnOnlyWhenAskedTo();
        }
    }
}
