package io.tensorpool.job.read;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One input file's tensor column, read record by record at the row indexes a task asks for.
 *
 * <p>Only the tensor column's chunks are read, one row group at a time, through parquet-java's
 * file reader (which finds, reads, checks and decompresses the pages). A record is then its run
 * of levels, from a repetition level 0 to the next: the levels are taken by runs
 * ({@link LevelRunReader}), and each run of values is copied in one go ({@link PageFloats}). A
 * record may span pages. Rows a task does not ask for (other tasks' row groups, or rows before
 * the first asked for) are passed over: whole row groups unread, rows within one by their levels.
 *
 * <p>Row indexes are Spark's {@code _metadata.row_index}: the row's position in the file,
 * counting every row group.
 */
final class ListColumnFile implements Closeable {
    private final String name;
    private final String column;
    private final ParquetFileReader file;
    /** The column's leaf, or null when the file does not hold the column (every cell is then null). */
    private final ColumnDescriptor leaf;
    private final ListLevels levels;
    /** The first row index of each row group, and the file's row count last. */
    private final long[] groupStarts;
    private final LevelRunReader repetition;
    private final LevelRunReader definition;

    private PageReader pages;
    private Dictionary dictionary;
    private PageFloats values;
    private int levelsLeft;
    private long nextRow = -1;
    private long groupEnd = -1;

    private ListColumnFile(String name, String column, ParquetFileReader file, ColumnDescriptor leaf, ListLevels levels) {
        this.name = name;
        this.column = column;
        this.file = file;
        this.leaf = leaf;
        this.levels = levels;
        List<BlockMetaData> groups = file.getRowGroups();
        this.groupStarts = new long[groups.size() + 1];
        for (int i = 0; i < groups.size(); i++) {
            groupStarts[i + 1] = groupStarts[i] + groups.get(i).getRowCount();
        }
        this.repetition = new LevelRunReader(1);
        this.definition = new LevelRunReader(levels == null ? 0 : levels.valueDefined());
    }

    /**
     * Opens {@code path} to read its column {@code column}, found as Spark finds it: by exact
     * name, or when {@code caseSensitive} is false by the one name that matches ignoring case.
     *
     * @param name how messages name the file
     * @throws IOException when the file cannot be read, or the column is not a list of floats
     */
    static ListColumnFile open(Configuration conf, Path path, String name, String column, boolean caseSensitive)
            throws IOException {
        ParquetFileReader file = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf),
                HadoopReadOptions.builder(conf, path).build()); // with the path, Parquet decryption as configured
        try {
            MessageType schema = file.getFooter().getFileMetaData().getSchema();
            Type field = field(schema, column, caseSensitive);
            if (field == null) {
                return new ListColumnFile(name, column, file, null, null);
            }
            MessageType requested = new MessageType(schema.getName(), field);
            List<ColumnDescriptor> leaves = requested.getColumns();
            if (leaves.size() != 1) {
                throw new IOException(cannotRead(name, column, "it holds " + leaves.size() + " columns, not one list",
                        WRONG_TYPE_FIX));
            }
            ListLevels levels;
            try {
                levels = ListLevels.of(requested, leaves.get(0));
            } catch (IllegalArgumentException e) {
                throw new IOException(cannotRead(name, column, e.getMessage(), WRONG_TYPE_FIX));
            }
            file.setRequestedSchema(requested);
            return new ListColumnFile(name, column, file, leaves.get(0), levels);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static Type field(MessageType schema, String column, boolean caseSensitive) {
        if (schema.containsField(column)) {
            return schema.getType(column);
        }
        if (caseSensitive) {
            return null;
        }
        Type found = null;
        for (Type field : schema.getFields()) {
            if (field.getName().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    return null; // Spark refuses such a file before any row reaches the job
                }
                found = field;
            }
        }
        return found;
    }

    /**
     * Reads row {@code row} of the file into {@code into}.
     *
     * @throws IOException when the file cannot be read or its pages are not what its schema says
     */
    void read(long row, RecordValues into) throws IOException {
        if (row < 0 || row >= groupStarts[groupStarts.length - 1]) {
            throw new IOException(cannotRead(name, column, "it has no row " + row, READER_FIX));
        }
        if (leaf == null) {
            into.start(true);
            into.finish();
            return;
        }
        try {
            moveTo(row);
            record(into);
        } catch (ParquetDecodingException | IllegalStateException e) {
            throw new IOException(cannotRead(name, column, "row " + row + ": " + e.getMessage(), READER_FIX), e);
        }
    }

    /** Positions the reader at the start of {@code row}'s levels. */
    private void moveTo(long row) throws IOException {
        if (row < nextRow || row >= groupEnd) {
            int group = groupOf(row);
            pages = file.readRowGroup(group).getPageReader(leaf);
            DictionaryPage dictionaryPage = pages.readDictionaryPage();
            dictionary = dictionaryPage == null ? null : dictionaryPage.getEncoding().initDictionary(leaf, dictionaryPage);
            levelsLeft = 0;
            nextRow = groupStarts[group];
            groupEnd = groupStarts[group + 1];
        }
        while (nextRow < row) {
            record(null);
        }
    }

    private int groupOf(long row) {
        int low = 0;
        int high = groupStarts.length - 2;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (groupStarts[mid] <= row) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * Reads the record at the reader's position into {@code into}, or passes over it when
     * {@code into} is null: its first level (repetition 0), then every level of repetition 1
     * after it, across pages, taken a run at a time.
     */
    private void record(RecordValues into) throws IOException {
        if (!pageHasLevels()) {
            throw new ParquetDecodingException("the row group ends before its row " + nextRow);
        }
        if (repetition.value() != 0) {
            throw new ParquetDecodingException("row " + nextRow + " does not start with repetition level 0");
        }
        int first = definition.value();
        if (first < levels.elementDefined()) {
            if (into != null) {
                into.start(first < levels.cellDefined());
                into.finish();
            }
            definition.skip(1);
            take(1);
            nextRow++;
            return;
        }
        if (into != null) {
            into.start(false);
        }
        int count = 1;
        while (true) {
            elements(count, into);
            take(count);
            if (!pageHasLevels() || repetition.value() == 0) {
                break;
            }
            count = Math.min(repetition.run(), levelsLeft);
        }
        if (into != null) {
            into.finish();
        }
        nextRow++;
    }

    /** The next {@code count} definition levels, each an element: values copied, nulls marked. */
    private void elements(int count, RecordValues into) {
        int left = count;
        while (left > 0) {
            int level = definition.value();
            int run = Math.min(definition.run(), left);
            if (level == levels.valueDefined()) {
                if (into == null) {
                    values.skip(run);
                } else {
                    int at = into.append(run);
                    values.read(into.values(), at, run);
                }
            } else if (level >= levels.elementDefined()) {
                if (into != null) {
                    into.appendNulls(run);
                }
            } else {
                throw new ParquetDecodingException("an element of row " + nextRow + " has definition level " + level
                        + ", which means no element");
            }
            definition.skip(run);
            left -= run;
        }
    }

    /** Passes over {@code count} repetition levels, whose definition levels have been taken. */
    private void take(int count) {
        repetition.skip(count);
        levelsLeft -= count;
    }

    /** True when a level is left to read in the row group, reading its next page when needed. */
    private boolean pageHasLevels() throws IOException {
        while (levelsLeft == 0) {
            DataPage page = pages.readPage();
            if (page == null) {
                return false;
            }
            startPage(page);
        }
        return true;
    }

    private void startPage(DataPage page) throws IOException {
        int count = page.getValueCount();
        if (page instanceof DataPageV1 v1) {
            ByteBuffer bytes = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            repetition.reset(lengthPrefixed(bytes, v1.getRlEncoding()));
            definition.reset(lengthPrefixed(bytes, v1.getDlEncoding()));
            values = values(v1.getValueEncoding(), count, bytes.slice());
        } else if (page instanceof DataPageV2 v2) {
            repetition.reset(v2.getRepetitionLevels().toByteBuffer());
            definition.reset(v2.getDefinitionLevels().toByteBuffer());
            values = values(v2.getDataEncoding(), count - v2.getNullCount(), v2.getData().toByteBuffer());
        } else {
            throw new ParquetDecodingException("a data page of an unknown kind, " + page.getClass().getName());
        }
        levelsLeft = count;
    }

    /** A data page v1's levels: a 4-byte little-endian length, then that many bytes of runs. */
    private static ByteBuffer lengthPrefixed(ByteBuffer page, Encoding encoding) {
        if (encoding != Encoding.RLE) {
            throw new ParquetDecodingException("levels encoded as " + encoding + ", not RLE");
        }
        if (page.remaining() < 4) {
            throw new ParquetDecodingException("the page ends before its levels");
        }
        int length = page.getInt();
        if (length < 0 || length > page.remaining()) {
            throw new ParquetDecodingException("levels of " + length + " bytes in a page of " + page.remaining());
        }
        ByteBuffer levels = page.slice();
        levels.limit(length);
        page.position(page.position() + length);
        return levels;
    }

    private PageFloats values(Encoding encoding, int count, ByteBuffer bytes) throws IOException {
        if (encoding == Encoding.PLAIN) {
            return new PageFloats.Plain(bytes);
        }
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new ParquetDecodingException("a dictionary-encoded page without a dictionary");
            }
            return new PageFloats.Decoded(encoding.getDictionaryBasedValuesReader(leaf, ValuesType.VALUES, dictionary),
                    count, bytes);
        }
        return new PageFloats.Decoded(encoding.getValuesReader(leaf, ValuesType.VALUES), count, bytes);
    }

    /** A file whose column is not what the input's schema says: Spark's reader would refuse it too. */
    static final String WRONG_TYPE_FIX = "Rewrite the file with the tensor column as a list of float32, as the "
            + "input's other files have it, or move the file out of the input";
    /** Pages this reader cannot make sense of: Spark's reader may. */
    static final String READER_FIX = "Set input.reader: spark to read it with Spark's own reader";

    private static String cannotRead(String file, String column, String why, String fix) {
        return "Cannot read the tensor column " + column + " of " + file + ": " + why + ". " + fix;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
