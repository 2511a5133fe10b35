package io.tensorpool.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes a Parquet file of {@code id} (required int64) and a list column of floats page by page
 * by hand, uncompressed data pages v1, so that a test decides where pages end: in the middle of
 * a record, so one record's values span many pages, which neither parquet-java's writer nor the
 * job's own (both end pages at record boundaries) ever do, though the format allows it and other
 * writers do. Levels are written with parquet-java's RLE/bit-packing hybrid encoder.
 *
 * <p>A record is a {@code float[]} whose elements may be null ({@code Float[]}), an empty list,
 * or null for a null cell. The list's Parquet shape is the caller's: the three-level list Spark
 * writes, or the older two-level forms Spark also reads as {@code array<float>}.
 */
public final class HandPagedListFile {
    /** {@code optional group x (LIST) { repeated group list { optional float element } }}: levels 1, 2, 3. */
    public static final String THREE_LEVEL = "optional group x (LIST) { repeated group list { optional float element; } }";
    /** {@code repeated float x}: a bare repeated field; never a null cell nor a null element. */
    public static final String BARE_REPEATED = "repeated float x";
    /** {@code optional group x (LIST) { repeated float array }}: the two-level list of older writers. */
    public static final String TWO_LEVEL = "optional group x (LIST) { repeated float array; }";

    private HandPagedListFile() {
    }

    /**
     * Writes {@code records} (each {@code null}, or a {@code Float[]}) to {@code file}, ids from {@code firstId},
     * in row groups of {@code rowsPerGroup} rows whose list column is cut into pages of
     * {@code levelsPerPage} levels wherever that falls.
     */
    public static void write(Path file, String listField, List<Float[]> records, long firstId, int rowsPerGroup,
                             int levelsPerPage) {
        MessageType schema = MessageTypeParser.parseMessageType(
                "message spark_schema { required int64 id; " + listField + (listField.endsWith("}") ? "" : ";")
                        + " }");
        ColumnDescriptor id = schema.getColumns().get(0);
        ColumnDescriptor list = schema.getColumns().get(1);
        try {
            ParquetFileWriter writer = new ParquetFileWriter(HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()), schema,
                    ParquetFileWriter.Mode.CREATE, 1L << 30, 0);
            writer.start();
            for (int start = 0; start < records.size(); start += rowsPerGroup) {
                List<Float[]> group = records.subList(start, Math.min(records.size(), start + rowsPerGroup));
                writer.startBlock(group.size());
                writeIds(writer, id, firstId + start, group.size());
                writeList(writer, list, group, levelsPerPage);
                writer.endBlock();
            }
            writer.end(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeIds(ParquetFileWriter writer, ColumnDescriptor column, long first, int count)
            throws IOException {
        ByteBuffer values = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
        Statistics<?> statistics = Statistics.createStats(column.getPrimitiveType());
        for (int i = 0; i < count; i++) {
            values.putLong(first + i);
            statistics.updateStats(first + i);
        }
        writer.startColumn(column, count, CompressionCodecName.UNCOMPRESSED);
        writer.writeDataPage(count, values.capacity(), BytesInput.from(values.array()), statistics, count,
                Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
        writer.endColumn();
    }

    /** The list column's levels, one entry per level, then cut into pages. */
    private static void writeList(ParquetFileWriter writer, ColumnDescriptor column, List<Float[]> records,
                                  int levelsPerPage) throws IOException {
        int maxDefinition = column.getMaxDefinitionLevel();
        int cellNull = 0;
        int empty = maxDefinition == 1 ? 0 : 1;
        int nullElement = maxDefinition == 3 ? 2 : -1;
        java.util.ArrayList<int[]> levels = new java.util.ArrayList<>(); // {repetition, definition}
        java.util.ArrayList<Float> values = new java.util.ArrayList<>();
        for (Float[] record : records) {
            if (record == null) {
                if (maxDefinition == 1) {
                    throw new IllegalArgumentException("a bare repeated field has no null cell");
                }
                levels.add(new int[] {0, cellNull});
                values.add(null);
            } else if (record.length == 0) {
                levels.add(new int[] {0, empty});
                values.add(null);
            } else {
                for (int i = 0; i < record.length; i++) {
                    if (record[i] == null && nullElement < 0) {
                        throw new IllegalArgumentException("this list has no null elements");
                    }
                    levels.add(new int[] {i == 0 ? 0 : 1, record[i] == null ? nullElement : maxDefinition});
                    values.add(record[i]);
                }
            }
        }
        writer.startColumn(column, levels.size(), CompressionCodecName.UNCOMPRESSED);
        for (int start = 0; start < levels.size(); start += levelsPerPage) {
            int end = Math.min(levels.size(), start + levelsPerPage);
            writePage(writer, column, levels.subList(start, end), values.subList(start, end));
        }
        writer.endColumn();
    }

    private static void writePage(ParquetFileWriter writer, ColumnDescriptor column, List<int[]> levels,
                                  List<Float> values) throws IOException {
        Statistics<?> statistics = Statistics.createStats(column.getPrimitiveType());
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        int rowsStarting = 0;
        for (int i = 0; i < levels.size(); i++) {
            rowsStarting += levels.get(i)[0] == 0 ? 1 : 0;
            Float value = values.get(i);
            if (levels.get(i)[1] == column.getMaxDefinitionLevel()) {
                one.clear();
                one.putInt(Float.floatToRawIntBits(value));
                plain.write(one.array(), 0, 4);
                statistics.updateStats(value.floatValue());
            } else {
                statistics.incrementNumNulls();
            }
        }
        BytesInput page = BytesInput.concat(levelBytes(levels, 0, column.getMaxRepetitionLevel()),
                levelBytes(levels, 1, column.getMaxDefinitionLevel()), BytesInput.from(plain.toByteArray()));
        writer.writeDataPage(levels.size(), (int) page.size(), page, statistics, rowsStarting,
                Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
    }

    /** One kind of level of a page as a data page v1 holds it: a 4-byte little-endian length, then the runs. */
    private static BytesInput levelBytes(List<int[]> levels, int kind, int maxLevel) throws IOException {
        int bitWidth = 32 - Integer.numberOfLeadingZeros(maxLevel);
        // Not try-with-resources: the encoder is AutoCloseable only from parquet-java 1.14 (Spark 3.5 has 1.13).
        RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth, 64, 1 << 20,
                new HeapByteBufferAllocator());
        try {
            for (int[] level : levels) {
                encoder.writeInt(level[kind]);
            }
            byte[] runs = encoder.toBytes().toByteArray();
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(runs.length);
            return BytesInput.concat(BytesInput.from(length.array()), BytesInput.from(runs));
        } finally {
            encoder.close();
        }
    }
}
