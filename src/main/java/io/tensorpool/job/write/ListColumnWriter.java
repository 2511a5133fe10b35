package io.tensorpool.job.write;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Writes one {@code array<number>} column a record at a time into data pages (v1): the record's
 * values are one memory copy into the page's PLAIN values, its levels a few RLE runs, and its
 * min and max one pass over the copied values ({@link PageStatistics}). A page holds whole
 * records and is closed once it reaches the page size ({@code parquet.page.size}) or the page row
 * limit ({@code parquet.page.row.count.limit}), checked after each record as parquet-java does;
 * a record larger than a page is a page of its own.
 *
 * <p>Lists with null elements, and arrays that are not Spark's {@code UnsafeArrayData}, are
 * written element by element with the same result.
 */
final class ListColumnWriter {
    /** The largest page a Parquet page header can describe, less room for the two level lengths and runs. */
    static final long MAX_PAGE_BYTES = Integer.MAX_VALUE - 1024;
    /** A page buffer grown beyond this by one large record is dropped after its page, not kept. */
    private static final int KEPT_BUFFER_BYTES = 16 << 20;

    private final int ordinal;
    private final String name;
    private final ListLayout layout;
    private final ListElement element;
    private final long pageSize;
    private final int pageRowLimit;
    private final LevelRuns repetition = new LevelRuns(1);
    private final LevelRuns definition;
    private final PageStatistics statistics;
    private PageWriter pages;
    private byte[] values = new byte[0];
    private int valuesLength;
    private int levelCount;
    private int rowCount;

    ListColumnWriter(int ordinal, ListLayout layout, WriteSettings settings) {
        this.ordinal = ordinal;
        this.name = layout.column().getPath()[0];
        this.layout = layout;
        this.element = layout.element();
        this.pageSize = settings.pageSize;
        this.pageRowLimit = settings.pageRowLimit;
        this.definition = new LevelRuns(layout.value());
        this.statistics = new PageStatistics(layout.column().getPrimitiveType());
    }

    /** The Parquet leaf column this writer fills. */
    ColumnDescriptor column() {
        return layout.column();
    }

    /** Starts a row group: pages go to {@code pages} from now on. */
    void startRowGroup(PageWriter pages) {
        this.pages = pages;
    }

    /** Appends the column's value of {@code row}. */
    void write(InternalRow row) throws IOException {
        if (row.isNullAt(ordinal)) {
            if (!layout.listNullable()) {
                throw new IllegalStateException("Cannot write column " + name + ": a row holds null where the"
                        + " schema declares the column non-null");
            }
            addLevels(layout.listNull(), 0);
            statistics.addNulls(1);
        } else {
            ArrayData array = row.getArray(ordinal);
            int count = array.numElements();
            reserve((long) count * element.parquetWidth, count);
            if (count == 0) {
                addLevels(layout.listEmpty(), 0);
                statistics.addNulls(1);
            } else if (array instanceof UnsafeArrayData unsafe && !hasNull(unsafe)) {
                long data = unsafe.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(count);
                element.copy(unsafe.getBaseObject(), data, count, values, valuesLength);
                statistics.addValues(element, values, valuesLength, count);
                valuesLength += count * element.parquetWidth;
                addLevels(layout.value(), count);
            } else {
                writeElementByElement(array, count);
            }
        }
        rowCount++;
        if (valuesLength >= pageSize || rowCount >= pageRowLimit) {
            flushPage();
        }
    }

    /** A record's levels: the first entry starts the record (repetition 0), the rest continue it. */
    private void addLevels(int definitionLevel, int count) {
        int entries = Math.max(count, 1);
        repetition.add(0, 1);
        repetition.add(1, entries - 1);
        definition.add(definitionLevel, entries);
        levelCount += entries;
    }

    private boolean hasNull(UnsafeArrayData array) {
        int words = (array.numElements() + 63) / 64;
        long at = array.getBaseOffset() + 8;
        for (int i = 0; i < words; i++) {
            if (Platform.getLong(array.getBaseObject(), at + 8L * i) != 0) {
                return true;
            }
        }
        return false;
    }

    private void writeElementByElement(ArrayData array, int count) {
        repetition.add(0, 1);
        repetition.add(1, count - 1);
        for (int i = 0; i < count; i++) {
            if (array.isNullAt(i)) {
                if (!layout.elementNullable()) {
                    throw new IllegalStateException("Cannot write column " + name + ": element " + i + " of a row is"
                            + " null where the schema declares the elements non-null");
                }
                definition.add(layout.elementNull(), 1);
                statistics.addNulls(1);
            } else {
                element.put(array, i, values, valuesLength);
                statistics.addValues(element, values, valuesLength, 1);
                valuesLength += element.parquetWidth;
                definition.add(layout.value(), 1);
            }
        }
        levelCount += count;
    }

    /**
     * Makes room for {@code bytes} more values and {@code entries} more levels, closing the open
     * page first if they would overflow it (a page's value and level counts are 32-bit; lists of
     * nulls add levels without values).
     */
    private void reserve(long bytes, int entries) throws IOException {
        if (valuesLength + bytes > MAX_PAGE_BYTES || (long) levelCount + entries > MAX_PAGE_BYTES) {
            if (valuesLength > 0) {
                flushPage();
            }
            if (bytes > MAX_PAGE_BYTES) {
                throw new IOException("Cannot write column " + name + ": a row holds " + bytes / element.parquetWidth
                        + " values, " + bytes + " bytes, more than one Parquet page can hold (2 GB)."
                        + " Split such tensors before writing them");
            }
        }
        long needed = valuesLength + bytes;
        if (needed > values.length) {
            long grown = Math.max(needed, Math.min(MAX_PAGE_BYTES, Math.max(2L * values.length, pageSize + bytes)));
            values = Arrays.copyOf(values, (int) grown);
        }
    }

    /** Writes the open page, if it holds any record. */
    @SuppressWarnings("deprecation") // the one way, in every parquet-java line, to leave out a column index
    void flushPage() throws IOException {
        if (rowCount == 0) {
            return;
        }
        repetition.finish();
        definition.finish();
        BytesInput page = BytesInput.concat(
                BytesInput.fromInt(repetition.length()), BytesInput.from(repetition.bytes(), 0, repetition.length()),
                BytesInput.fromInt(definition.length()), BytesInput.from(definition.bytes(), 0, definition.length()),
                BytesInput.from(values, 0, valuesLength));
        Statistics<?> stats = statistics.toStatistics();
        if (statistics.onlyNaN()) {
            // No min or max, and not a page of nulls: the only honest column index has no entry
            // for it. This (deprecated) call writes the chunk without column and offset index.
            pages.writePage(page, levelCount, stats, Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
        } else {
            pages.writePage(page, levelCount, rowCount, stats, Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
        }
        // The page writer has compressed (copied) the bytes: the buffers serve the next page.
        repetition.reset();
        definition.reset();
        statistics.reset();
        if (values.length > KEPT_BUFFER_BYTES && values.length > 2 * pageSize) {
            values = new byte[0];
        }
        valuesLength = 0;
        levelCount = 0;
        rowCount = 0;
    }

    /** Bytes this column holds for the row group: its finished pages, compressed, and the open page. */
    long bufferedSize() {
        return pages.getMemSize() + valuesLength + repetition.length() + definition.length();
    }
}
