package io.tensorpool.job.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;

/**
 * Checks a file's statistics against its values, read back row by row: per column chunk the
 * null count and min/max as written in the footer (raw, before any reader normalises them), and
 * per page the column index's entries. The Parquet format's rules for floats: NaN is never a min
 * or max (a chunk or page of NaN only has none), a zero min is {@code -0.0}, a zero max
 * {@code +0.0}; a chunk holding a page of NaN only has no column index.
 */
final class StatisticsCheck {
    private StatisticsCheck() {
    }

    /**
     * @param rows    the file's rows in file order, as parquet-java read them
     * @param columns the top-level list columns to check (none of the rows' lists is null or empty)
     */
    static void assertStatisticsMatch(Path file, List<Readers.JavaRow> rows, List<String> columns) {
        FileMetaData footer = Readers.rawFooter(file);
        try (ParquetFileReader reader = Readers.open(file)) {
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            int first = 0;
            for (int g = 0; g < footer.getRow_groups().size(); g++) {
                RowGroup group = footer.getRow_groups().get(g);
                List<Readers.JavaRow> groupRows = rows.subList(first, first + (int) group.getNum_rows());
                for (int c = 0; c < group.getColumns().size(); c++) {
                    ColumnChunk chunk = group.getColumns().get(c);
                    ColumnMetaData meta = chunk.getMeta_data();
                    String column = meta.getPath_in_schema().get(0);
                    if (!columns.contains(column)) {
                        continue;
                    }
                    String where = file.getFileName() + " row group " + g + " column " + column;
                    checkChunk(meta, groupRows, column, where);
                    checkPages(reader, blocks.get(g).getColumns().get(c), meta.getType(), groupRows, column, where);
                }
                first += (int) group.getNum_rows();
            }
            assertEquals(rows.size(), first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkChunk(ColumnMetaData meta, List<Readers.JavaRow> rows, String column, String where) {
        Statistics stats = meta.getStatistics();
        assertNotNull(stats, where + ": statistics");
        assertTrue(stats.isSetNull_count(), where + ": null count");
        assertEquals(0, stats.getNull_count(), where + ": null count");
        byte[][] range = range(meta.getType(), values(rows, column));
        if (range == null) {
            assertFalse(stats.isSetMin_value() || stats.isSetMax_value() || stats.isSetMin() || stats.isSetMax(),
                    where + ": a chunk without a non-NaN value has no min or max");
            return;
        }
        assertArrayEquals(range[0], stats.getMin_value(), where + ": min");
        assertArrayEquals(range[1], stats.getMax_value(), where + ": max");
        if (stats.isSetMin()) {
            assertArrayEquals(range[0], stats.getMin(), where + ": deprecated min");
            assertArrayEquals(range[1], stats.getMax(), where + ": deprecated max");
        }
    }

    private static void checkPages(ParquetFileReader reader, ColumnChunkMetaData chunk, Type type,
                                   List<Readers.JavaRow> rows, String column, String where) throws IOException {
        ColumnIndex index = reader.readColumnIndex(chunk);
        OffsetIndex offsets = reader.readOffsetIndex(chunk);
        boolean nanOnlyRecord = rows.stream().anyMatch(row -> range(type, row.lists().get(column)) == null);
        if (offsets == null) {
            assertNull(index, where + ": a column index without an offset index");
            assertTrue(nanOnlyRecord, where + ": the column index is left out only for a page of NaN only");
            return;
        }
        List<byte[][]> pages = new ArrayList<>();
        for (int p = 0; p < offsets.getPageCount(); p++) {
            int from = (int) offsets.getFirstRowIndex(p);
            int to = p + 1 < offsets.getPageCount() ? (int) offsets.getFirstRowIndex(p + 1) : rows.size();
            pages.add(range(type, values(rows.subList(from, to), column)));
        }
        if (pages.contains(null)) {
            assertNull(index, where + ": a page of NaN only has no honest column index entry");
            return;
        }
        assertNotNull(index, where + ": column index");
        for (int p = 0; p < pages.size(); p++) {
            assertFalse(index.getNullPages().get(p), where + " page " + p + ": not a page of nulls");
            assertArrayEquals(pages.get(p)[0], bytes(index.getMinValues().get(p)), where + " page " + p + ": min");
            assertArrayEquals(pages.get(p)[1], bytes(index.getMaxValues().get(p)), where + " page " + p + ": max");
        }
    }

    private static long[] values(List<Readers.JavaRow> rows, String column) {
        return rows.stream().flatMapToLong(row -> java.util.Arrays.stream(row.lists().get(column))).toArray();
    }

    /** The expected min and max as PLAIN bytes, or null when no value is a number (all NaN). */
    static byte[][] range(Type type, long[] bits) {
        switch (type) {
            case FLOAT -> {
                float min = Float.NaN;
                float max = Float.NaN;
                for (long b : bits) {
                    float v = Float.intBitsToFloat((int) b);
                    if (!Float.isNaN(v)) {
                        min = Float.isNaN(min) || v < min ? v : min;
                        max = Float.isNaN(max) || v > max ? v : max;
                    }
                }
                if (Float.isNaN(min)) {
                    return null;
                }
                return new byte[][] {le4(Float.floatToRawIntBits(min == 0 ? -0.0f : min)),
                    le4(Float.floatToRawIntBits(max == 0 ? 0.0f : max))};
            }
            case DOUBLE -> {
                double min = Double.NaN;
                double max = Double.NaN;
                for (long b : bits) {
                    double v = Double.longBitsToDouble(b);
                    if (!Double.isNaN(v)) {
                        min = Double.isNaN(min) || v < min ? v : min;
                        max = Double.isNaN(max) || v > max ? v : max;
                    }
                }
                if (Double.isNaN(min)) {
                    return null;
                }
                return new byte[][] {le8(Double.doubleToRawLongBits(min == 0 ? -0.0 : min)),
                    le8(Double.doubleToRawLongBits(max == 0 ? 0.0 : max))};
            }
            case INT32 -> {
                long min = java.util.Arrays.stream(bits).min().orElseThrow();
                long max = java.util.Arrays.stream(bits).max().orElseThrow();
                return new byte[][] {le4((int) min), le4((int) max)};
            }
            default -> {
                long min = java.util.Arrays.stream(bits).min().orElseThrow();
                long max = java.util.Arrays.stream(bits).max().orElseThrow();
                return new byte[][] {le8(min), le8(max)};
            }
        }
    }

    private static byte[] le4(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le8(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
