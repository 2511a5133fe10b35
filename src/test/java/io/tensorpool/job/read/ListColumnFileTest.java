package io.tensorpool.job.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ListColumnFile} against files parquet-java writes record by record (its own column
 * writers, so levels and pages as a general writer lays them out): every list shape Spark reads as
 * {@code array<float>}, pages v1 and v2, dictionary and PLAIN values, records spanning pages, rows
 * read in order, skipped and read again, a file without the column, and a column that is not a
 * list of floats. Values are compared bit for bit, as parquet-java stores them (every NaN
 * as {@code 0x7fc00000}).
 */
@SparkLineTest
class ListColumnFileTest {
    private static final String THREE_LEVEL = "message m { required int32 id; optional group x (LIST) {"
            + " repeated group list { optional float element; } } }";
    private static final String THREE_LEVEL_REQUIRED = "message m { required int32 id; required group x (LIST) {"
            + " repeated group list { required float element; } } }";
    private static final String TWO_LEVEL = "message m { required int32 id; repeated float x; }";
    private static final String TWO_LEVEL_GROUP = "message m { required int32 id; optional group x (LIST) {"
            + " repeated float array; } }";

    @TempDir
    Path temp;

    /** A record's cell: null, or values where a null element is {@code null}. */
    private record Cell(Float[] values) {
        boolean isNull() {
            return values == null;
        }
    }

    @Test
    void threeLevelListsWithNullsAndEmptiesReadAsWritten() throws IOException {
        List<Cell> cells = randomCells(new Random(1), 300, true, true);
        for (WriterVersion version : WriterVersion.values()) {
            for (boolean dictionary : new boolean[] {false, true}) {
                Path file = write(THREE_LEVEL, cells, version, dictionary, 256, CompressionCodecName.SNAPPY);
                checkAll(file, cells);
            }
        }
    }

    @Test
    void requiredAndTwoLevelListsReadAsWritten() throws IOException {
        List<Cell> required = randomCells(new Random(2), 200, false, false);
        checkAll(write(THREE_LEVEL_REQUIRED, required, WriterVersion.PARQUET_1_0, false, 512,
                CompressionCodecName.GZIP), required);
        checkAll(write(TWO_LEVEL, required, WriterVersion.PARQUET_2_0, true, 512,
                CompressionCodecName.UNCOMPRESSED), required);
        List<Cell> nullable = randomCells(new Random(3), 200, true, false);
        checkAll(write(TWO_LEVEL_GROUP, nullable, WriterVersion.PARQUET_1_0, false, 512,
                CompressionCodecName.ZSTD), nullable);
    }

    @Test
    void rowsAreFoundWhateverTheOrderTheyAreAskedIn() throws IOException {
        List<Cell> cells = randomCells(new Random(4), 400, true, true);
        Path file = write(THREE_LEVEL, cells, WriterVersion.PARQUET_1_0, false, 128, CompressionCodecName.SNAPPY);
        try (ListColumnFile read = open(file, "x", true)) {
            RecordValues values = new RecordValues();
            Random random = new Random(5);
            for (int i = 0; i < 300; i++) {
                int row = random.nextInt(cells.size());
                read.read(row, values);
                check(cells.get(row), values, "row " + row);
            }
            assertThrows(IOException.class, () -> read.read(cells.size(), values));
        }
    }

    @Test
    void aFileWithoutTheColumnHoldsNullCells() throws IOException {
        List<Cell> cells = randomCells(new Random(6), 20, false, false);
        Path file = write(THREE_LEVEL, cells, WriterVersion.PARQUET_1_0, false, 1024, CompressionCodecName.SNAPPY);
        try (ListColumnFile read = open(file, "y", true)) {
            RecordValues values = new RecordValues();
            read.read(7, values);
            assertTrue(values.isNullCell());
        }
    }

    @Test
    void theColumnIsFoundIgnoringCaseUnlessSparkIsCaseSensitive() throws IOException {
        List<Cell> cells = randomCells(new Random(7), 20, false, false);
        Path file = write(THREE_LEVEL, cells, WriterVersion.PARQUET_1_0, false, 1024, CompressionCodecName.SNAPPY);
        try (ListColumnFile read = open(file, "X", false)) {
            RecordValues values = new RecordValues();
            read.read(3, values);
            check(cells.get(3), values, "row 3");
        }
        try (ListColumnFile read = open(file, "X", true)) {
            RecordValues values = new RecordValues();
            read.read(3, values);
            assertTrue(values.isNullCell());
        }
    }

    @Test
    void aColumnThatIsNotAListOfFloatsIsRefusedNamingTheFileTheTypeAndTheFix() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int32 id; repeated double x; }");
        Path file = temp.resolve("doubles.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(schema).build()) {
            writer.write(new SimpleGroupFactory(schema).newGroup().append("id", 1).append("x", 1.0));
        }
        IOException e = assertThrows(IOException.class, () -> open(file, "x", true));
        assertTrue(e.getMessage().contains("tensor column x of " + file), e.getMessage());
        assertTrue(e.getMessage().contains(": its elements are double, not float. "), e.getMessage());
        assertTrue(e.getMessage().endsWith(ListColumnFile.WRONG_TYPE_FIX), e.getMessage());
    }

    /** Cells of 0 to 40 values with NaN payloads, both zeros, infinities and subnormals among them. */
    private static List<Cell> randomCells(Random random, int count, boolean nullCells, boolean nullElements) {
        float[] specials = {Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffa00000), -0.0f, 0.0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_NORMAL / 3};
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (nullCells && random.nextInt(10) == 0) {
                cells.add(new Cell(null));
                continue;
            }
            Float[] values = new Float[random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(40)];
            for (int j = 0; j < values.length; j++) {
                int kind = random.nextInt(20);
                values[j] = nullElements && kind == 0 ? null
                        : kind == 1 ? specials[random.nextInt(specials.length)]
                        : kind < 5 ? (float) random.nextInt(3) : random.nextFloat() * 200 - 100;
            }
            cells.add(new Cell(values));
        }
        return cells;
    }

    private Path write(String schemaText, List<Cell> cells, WriterVersion version, boolean dictionary, int pageSize,
                       CompressionCodecName codec) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(schemaText);
        Path file = temp.resolve(schemaText.hashCode() + "-" + version + "-" + dictionary + "-" + codec + ".parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        boolean twoLevel = schema.getType("x").isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED);
        boolean twoLevelGroup = schemaText.equals(TWO_LEVEL_GROUP);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(schema).withWriterVersion(version).withDictionaryEncoding(dictionary)
                .withPageSize(pageSize).withPageRowCountLimit(7).withRowGroupSize(4096L)
                .withCompressionCodec(codec).withConf(new Configuration()).build()) {
            for (int i = 0; i < cells.size(); i++) {
                Group row = groups.newGroup().append("id", i);
                Cell cell = cells.get(i);
                if (twoLevel) {
                    for (Float v : cell.values()) {
                        row.append("x", v);
                    }
                } else if (!cell.isNull()) {
                    Group list = row.addGroup("x");
                    for (Float v : cell.values()) {
                        if (twoLevelGroup) {
                            list.append("array", v);
                        } else {
                            Group element = list.addGroup("list");
                            if (v != null) {
                                element.append("element", v);
                            }
                        }
                    }
                }
                writer.write(row);
            }
        }
        return file;
    }

    private static ListColumnFile open(Path file, String column, boolean caseSensitive) throws IOException {
        return ListColumnFile.open(new Configuration(), new org.apache.hadoop.fs.Path(file.toUri()), file.toString(),
                column, caseSensitive);
    }

    private static void checkAll(Path file, List<Cell> cells) throws IOException {
        try (ListColumnFile read = open(file, "x", true)) {
            RecordValues values = new RecordValues();
            for (int row = 0; row < cells.size(); row++) {
                read.read(row, values);
                check(cells.get(row), values, file.getFileName() + " row " + row);
            }
        }
    }

    private static void check(Cell expected, RecordValues actual, String where) {
        assertEquals(expected.isNull(), actual.isNullCell(), where + ": null cell");
        if (expected.isNull()) {
            return;
        }
        assertEquals(expected.values().length, actual.length(), where + ": length");
        int[] expectedBits = new int[expected.values().length];
        int[] actualBits = new int[actual.length()];
        boolean anyNull = false;
        for (int i = 0; i < expectedBits.length; i++) {
            Float v = expected.values()[i];
            assertEquals(v == null, actual.isNullAt(i), where + ": element " + i + " null");
            anyNull |= v == null;
            // parquet-java's PLAIN writer stores every NaN as 0x7fc00000 (Float.floatToIntBits); the
            // bulk writer's own files keep payloads, read back by BulkRoundTripTest.
            expectedBits[i] = v == null ? 0 : Float.floatToIntBits(v);
            actualBits[i] = Float.floatToRawIntBits(actual.getFloat(i));
        }
        assertEquals(anyNull, actual.hasNull(), where + ": hasNull");
        assertArrayEquals(expectedBits, actualBits, where + ": values " + Arrays.toString(expected.values()));
        assertFalse(actual.getFloats(0, actual.length()).length != actual.length(), where);
    }
}
